import { useEffect, useState, type FormEvent } from 'react';
import { removeApiKey, writeApiKey } from '@/lib/storage/api-key-store';
import { DEFAULT_MODEL_SETTINGS, modelSettingsItem, type ModelSettings } from '@/lib/storage/items';

/**
 * The model settings. The API key goes to the extension's own key store (see api-key-store.ts),
 * read only by the worker; it is never shown back.
 */
export function ModelSettingsForm() {
  const [saved, setSaved] = useState<ModelSettings | null>(null);
  const [model, setModel] = useState(DEFAULT_MODEL_SETTINGS.model);
  const [baseURL, setBaseURL] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    const show = (settings: ModelSettings) => {
      setSaved(settings);
      setModel(settings.model);
      setBaseURL(settings.baseURL);
    };
    void modelSettingsItem.getValue().then(show);
    return modelSettingsItem.watch((settings) => show(settings ?? DEFAULT_MODEL_SETTINGS));
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    // An empty key field keeps the saved key: the key is never put back into the form.
    if (apiKey.trim()) await writeApiKey(apiKey.trim());
    const next: ModelSettings = {
      provider: 'google',
      model: model.trim() || DEFAULT_MODEL_SETTINGS.model,
      baseURL: baseURL.trim(),
      apiKeySet: Boolean(apiKey.trim()) || Boolean(saved?.apiKeySet),
    };
    await modelSettingsItem.setValue(next);
    setSaved(next);
    setApiKey('');
    setStatus('Saved.');
  }

  async function forgetKey() {
    await removeApiKey();
    const next = { ...(saved ?? DEFAULT_MODEL_SETTINGS), apiKeySet: false };
    await modelSettingsItem.setValue(next);
    setSaved(next);
    setStatus('API key removed.');
  }

  return (
    <form className="settings" onSubmit={save} aria-label="Model settings">
      <h2>Model</h2>
      <label>
        Gemini API key
        <input
          type="password"
          autoComplete="off"
          data-testid="api-key"
          placeholder={saved?.apiKeySet ? 'A key is saved (enter a new one to replace it)' : 'Paste your Gemini API key'}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <label>
        Model
        <input data-testid="model-name" value={model} onChange={(e) => setModel(e.target.value)} />
      </label>
      <label>
        API base URL (leave empty for Google's endpoint)
        <input
          data-testid="base-url"
          placeholder="https://generativelanguage.googleapis.com/v1beta"
          value={baseURL}
          onChange={(e) => setBaseURL(e.target.value)}
        />
      </label>
      <div className="row">
        <button type="submit" data-testid="save-settings">Save</button>
        {saved?.apiKeySet ? (
          <button type="button" onClick={forgetKey} data-testid="forget-key">Remove API key</button>
        ) : null}
      </div>
      <p role="status" data-testid="settings-status">
        {status || (saved ? (saved.apiKeySet ? 'An API key is configured.' : 'No API key configured yet.') : '')}
      </p>
    </form>
  );
}
