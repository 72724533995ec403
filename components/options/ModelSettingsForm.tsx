import { useEffect, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { BUILT_IN_ORIGIN_PATTERNS, originPatternFor } from '@/lib/browser/origin-patterns';
import { type CheckOutcome, type ModelSettingsView as ModelSettings, sendOptionsRequest } from '@/lib/messaging/options-protocol';
import { isLocalEndpoint, MODEL_PROVIDERS, PROVIDERS, recipientOf, type ModelProvider } from '@/lib/model-providers/providers';
import { useWorkerValue } from './useWorkerValue';

/**
 * The model settings: which provider, which model, which endpoint. Each provider's API key goes
 * to the worker, which keeps it in the extension's own key store (lib/storage/api-key-store.ts,
 * out of content scripts' reach); it is never shown back, the page only learns whether one is
 * saved. The worker reads the settings on every question, so a switch takes effect at the next
 * question without reloading the extension.
 */
export function ModelSettingsForm() {
  const [saved, setSaved] = useState<ModelSettings | null>(null);
  const [provider, setProvider] = useState<ModelProvider>('google');
  const [model, setModel] = useState(PROVIDERS.google.defaultModel);
  const [baseURL, setBaseURL] = useState('');
  const [apiKey, setApiKey] = useState('');
  /** Whether the provider chosen in the form has a key saved (it may differ from the saved provider). */
  const [keySaved, setKeySaved] = useState(false);
  const [noToolCalling, setNoToolCalling] = useState(false);
  const [status, setStatus] = useState('');
  const [connection, setConnection] = useState<CheckOutcome | 'testing' | null>(null);
  const [models, setModels] = useState<string[] | null>(null);

  // The fields stay disabled until the saved settings are shown, so nothing typed is overwritten by them.
  useWorkerValue('readModelSettings', {}, ({ settings }) => {
    setSaved(settings);
    setProvider(settings.provider);
    setModel(settings.model);
    setBaseURL(settings.baseURL);
    setNoToolCalling(settings.noToolCalling === true);
  });
  const loaded = saved !== null;

  useEffect(() => {
    let current = true;
    void sendOptionsRequest('readApiKeyStatus', { provider }).then(({ keySaved }) => current && setKeySaved(keySaved));
    return () => {
      current = false;
    };
  }, [provider, saved]);

  /** The settings as typed in the form; the worker uses the saved key when none is typed. */
  const typed = () => ({ provider, model, baseURL, apiKey });

  async function testConnection() {
    setConnection('testing');
    setConnection((await sendOptionsRequest('testModelConnection', typed())).outcome);
  }

  async function loadModels() {
    const { models: listed } = await sendOptionsRequest('listModels', typed());
    setModels(listed);
    setStatus(listed === null ? 'This endpoint does not list its models here; type the model name.' : `${listed.length} models listed; pick one or type another.`);
  }

  function chooseProvider(next: ModelProvider) {
    setProvider(next);
    setStatus('');
    setConnection(null);
    setModels(null);
    if (next === saved?.provider) {
      setModel(saved.model);
      setBaseURL(saved.baseURL);
    } else {
      setModel(PROVIDERS[next].defaultModel);
      setBaseURL('');
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const info = PROVIDERS[provider];
    const endpoint = baseURL.trim();
    if (info.needsBaseURL && !endpoint) {
      setStatus(`${info.label} needs a base URL.`);
      return;
    }
    if (endpoint) {
      try {
        // A typed endpoint (a gateway, Ollama elsewhere) may not allow the worker's cross-origin
        // requests: a host permission lets it read the answers. Asked first, with no await before
        // it, while the click still counts as the user's gesture (Firefox insists).
        const pattern = originPatternFor(endpoint);
        const granted = BUILT_IN_ORIGIN_PATTERNS.includes(pattern) || (await browser.permissions.request({ origins: [pattern] }));
        if (!granted) {
          setStatus(`Not saved: the browser did not grant access to ${pattern}. The assistant needs it to read the model's answers.`);
          return;
        }
      } catch {
        setStatus('Enter the base URL as a full http(s) address.');
        return;
      }
    }
    const { settings } = await sendOptionsRequest('saveModelSettings', { ...typed(), noToolCalling });
    setSaved(settings);
    setApiKey('');
    setStatus('Saved.');
  }

  async function forgetKey() {
    const { settings } = await sendOptionsRequest('removeApiKey', { provider });
    setKeySaved(false);
    setSaved(settings);
    setStatus('API key removed.');
  }

  const info = PROVIDERS[provider];
  const where = { provider, baseURL };
  return (
    <form className="settings" onSubmit={save} aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      <p className="help">
        The model that answers. Its API key stays in this browser's extension storage and goes only to the provider.
        {KEY_PAGES[provider] && (
          <>
            {' '}
            <a href={KEY_PAGES[provider]!.url} target="_blank" rel="noreferrer" data-testid="key-page">
              {KEY_PAGES[provider]!.label}
            </a>
            .
          </>
        )}{' '}
        "Test connection" sends one tiny request with the settings as typed.
      </p>
      <label>
        Provider
        <select data-testid="model-provider" disabled={!loaded} value={provider} onChange={(e) => chooseProvider(e.target.value as ModelProvider)}>
          {MODEL_PROVIDERS.map((id) => (
            <option key={id} value={id}>
              {PROVIDERS[id].label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {info.keyLabel}
        <input
          type="password"
          autoComplete="off"
          data-testid="api-key"
          disabled={!loaded}
          placeholder={keySaved ? 'A key is saved (enter a new one to replace it)' : `Paste your ${info.keyLabel}`}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <label>
        {provider === 'azure' ? 'Deployment name' : 'Model'}
        <input data-testid="model-name" disabled={!loaded} list="model-options" value={model} onChange={(e) => setModel(e.target.value)} />
        <datalist id="model-options" data-testid="model-options">
          {(models ?? []).map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      </label>
      <label>
        {info.needsBaseURL ? 'API base URL' : `API base URL (leave empty for ${info.label}'s endpoint)`}
        <input data-testid="base-url" disabled={!loaded} placeholder={info.baseURLPlaceholder} value={baseURL} onChange={(e) => setBaseURL(e.target.value)} />
      </label>
      <label className="checkbox">
        <span>
          <input type="checkbox" data-testid="no-tool-calling" disabled={!loaded} checked={noToolCalling} onChange={(e) => setNoToolCalling(e.target.checked)} /> This model
          cannot call tools (it then answers from the evidence gathered before it is asked)
        </span>
      </label>
      <p className="hint" data-testid="model-recipient">
        {isLocalEndpoint(where)
          ? 'Local endpoint: questions and the redacted Airflow evidence stay on this machine.'
          : `Questions and the redacted Airflow evidence go to ${recipientOf(where)}; the key goes only there.`}
      </p>
      <div className="row">
        <button type="submit" data-testid="save-settings" disabled={!loaded}>Save</button>
        <button type="button" onClick={() => void testConnection()} disabled={connection === 'testing'} data-testid="test-connection">
          Test connection
        </button>
        <button type="button" onClick={() => void loadModels()} data-testid="load-models">List models</button>
        {keySaved ? (
          <button type="button" onClick={forgetKey} data-testid="forget-key">Remove API key</button>
        ) : null}
      </div>
      {connection !== null && (
        <p role="status" className="outcome" data-testid="connection-result" data-kind={connection === 'testing' ? 'testing' : connection.kind}>
          {connection === 'testing' ? 'Testing…' : connection.message}
        </p>
      )}
      <p role="status" data-testid="settings-status">
        {status ||
          (saved
            ? keySaved
              ? 'An API key is configured.'
              : info.needsKey
                ? 'No API key configured yet.'
                : 'No API key saved (this endpoint may not need one).'
            : '')}
      </p>
    </form>
  );
}

/** Where a person gets a key for each hosted provider. */
const KEY_PAGES: Partial<Record<ModelProvider, { label: string; url: string }>> = {
  google: { label: 'Get a Gemini API key in Google AI Studio', url: 'https://aistudio.google.com/apikey' },
  openai: { label: 'Get an OpenAI API key', url: 'https://platform.openai.com/api-keys' },
  anthropic: { label: 'Get an Anthropic API key', url: 'https://console.anthropic.com/settings/keys' },
  azure: { label: 'Find the key of your Azure OpenAI resource', url: 'https://portal.azure.com/' },
};
