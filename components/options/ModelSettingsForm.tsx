import { useEffect, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { connectionSentence, listModels, testModelConnection, type ConnectionResult } from '@/lib/agent/model-connection';
import { requestModelEndpointAccess } from '@/lib/agent/model-endpoint-access';
import { BUILT_IN_ORIGIN_PATTERNS, originPatternFor } from '@/lib/airflow/airflow-origins';
import { isLocalEndpoint, PROVIDERS, recipientOf } from '@/lib/agent/providers';
import { readApiKey, removeApiKey, writeApiKey } from '@/lib/storage/api-key-store';
import { DEFAULT_MODEL_SETTINGS, MODEL_PROVIDERS, modelSettingsItem, type ModelProvider, type ModelSettings } from '@/lib/storage/items';

/**
 * The model settings: which provider, which model, which endpoint. Each provider's API key goes
 * to the extension's own key store (see api-key-store.ts), read only by the worker and this page;
 * it is never shown back. The worker reads the settings on every question, so a switch takes
 * effect at the next question without reloading the extension.
 */
export function ModelSettingsForm() {
  const [saved, setSaved] = useState<ModelSettings | null>(null);
  const [provider, setProvider] = useState<ModelProvider>(DEFAULT_MODEL_SETTINGS.provider);
  const [model, setModel] = useState(DEFAULT_MODEL_SETTINGS.model);
  const [baseURL, setBaseURL] = useState('');
  const [apiKey, setApiKey] = useState('');
  /** Whether the provider chosen in the form has a key saved (it may differ from the saved provider). */
  const [keySaved, setKeySaved] = useState(false);
  const [noToolCalling, setNoToolCalling] = useState(false);
  const [status, setStatus] = useState('');
  const [connection, setConnection] = useState<ConnectionResult | 'testing' | null>(null);
  const [models, setModels] = useState<string[] | null>(null);

  useEffect(() => {
    const show = (settings: ModelSettings) => {
      setSaved(settings);
      setProvider(settings.provider);
      setModel(settings.model);
      setBaseURL(settings.baseURL);
      setNoToolCalling(settings.noToolCalling === true);
    };
    void modelSettingsItem.getValue().then(show);
    return modelSettingsItem.watch((settings) => show(settings ?? DEFAULT_MODEL_SETTINGS));
  }, []);

  useEffect(() => {
    let current = true;
    void readApiKey(provider).then((key) => current && setKeySaved(key.trim().length > 0));
    return () => {
      current = false;
    };
  }, [provider, saved]);

  /** The settings as typed in the form, and the key to use: the typed one, else the saved one. */
  async function formSettings(): Promise<{ settings: ModelSettings; key: string }> {
    const key = apiKey.trim() || (await readApiKey(provider));
    const settings = { provider, model: model.trim() || PROVIDERS[provider].defaultModel, baseURL: baseURL.trim(), apiKeySet: key.trim().length > 0 };
    return { settings, key };
  }

  async function testConnection() {
    setConnection('testing');
    const { settings, key } = await formSettings();
    setConnection(await testModelConnection(settings, key, { hasHostPermission }));
  }

  async function loadModels() {
    const { settings, key } = await formSettings();
    const listed = await listModels(settings, key).catch(() => null);
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
        // Asked first, while the click still counts as the user's gesture.
        const access = await requestModelEndpointAccess(endpoint);
        if (!access.granted) {
          setStatus(`Not saved: the browser did not grant access to ${access.pattern}. The assistant needs it to read the model's answers.`);
          return;
        }
      } catch {
        setStatus('Enter the base URL as a full http(s) address.');
        return;
      }
    }
    // An empty key field keeps the saved key: the key is never put back into the form.
    if (apiKey.trim()) await writeApiKey(apiKey.trim(), provider);
    const next: ModelSettings = {
      provider,
      model: model.trim() || info.defaultModel,
      baseURL: endpoint,
      apiKeySet: Boolean(apiKey.trim()) || (await readApiKey(provider)).trim().length > 0,
      ...(noToolCalling ? { noToolCalling: true } : {}),
    };
    await modelSettingsItem.setValue(next);
    setSaved(next);
    setApiKey('');
    setStatus('Saved.');
  }

  async function forgetKey() {
    await removeApiKey(provider);
    setKeySaved(false);
    if (saved?.provider === provider) {
      const next = { ...saved, apiKeySet: false };
      await modelSettingsItem.setValue(next);
      setSaved(next);
    }
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
        <select data-testid="model-provider" value={provider} onChange={(e) => chooseProvider(e.target.value as ModelProvider)}>
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
          placeholder={keySaved ? 'A key is saved (enter a new one to replace it)' : `Paste your ${info.keyLabel}`}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <label>
        {provider === 'azure' ? 'Deployment name' : 'Model'}
        <input data-testid="model-name" list="model-options" value={model} onChange={(e) => setModel(e.target.value)} />
        <datalist id="model-options" data-testid="model-options">
          {(models ?? []).map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      </label>
      <label>
        {info.needsBaseURL ? 'API base URL' : `API base URL (leave empty for ${info.label}'s endpoint)`}
        <input data-testid="base-url" placeholder={info.baseURLPlaceholder} value={baseURL} onChange={(e) => setBaseURL(e.target.value)} />
      </label>
      <label className="checkbox">
        <span>
          <input type="checkbox" data-testid="no-tool-calling" checked={noToolCalling} onChange={(e) => setNoToolCalling(e.target.checked)} /> This model
          cannot call tools (it then answers from the evidence gathered before it is asked)
        </span>
      </label>
      <p className="hint" data-testid="model-recipient">
        {isLocalEndpoint(where)
          ? 'Local endpoint: questions and the redacted Airflow evidence stay on this machine.'
          : `Questions and the redacted Airflow evidence go to ${recipientOf(where)}; the key goes only there.`}
      </p>
      <div className="row">
        <button type="submit" data-testid="save-settings">Save</button>
        <button type="button" onClick={() => void testConnection()} disabled={connection === 'testing'} data-testid="test-connection">
          Test connection
        </button>
        <button type="button" onClick={() => void loadModels()} data-testid="load-models">List models</button>
        {keySaved ? (
          <button type="button" onClick={forgetKey} data-testid="forget-key">Remove API key</button>
        ) : null}
      </div>
      {connection !== null && (
        <p role="status" className="outcome" data-testid="connection-result" data-kind={connection === 'testing' ? 'testing' : connection.ok ? 'ok' : connection.kind}>
          {connection === 'testing'
            ? 'Testing…'
            : connectionSentence(connection)}
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

/** Whether the worker may read answers from the endpoint's origin without the server allowing it. */
async function hasHostPermission(endpoint: string): Promise<boolean> {
  try {
    const pattern = originPatternFor(endpoint);
    return BUILT_IN_ORIGIN_PATTERNS.includes(pattern) || (await browser.permissions.contains({ origins: [pattern] }));
  } catch {
    return false;
  }
}
