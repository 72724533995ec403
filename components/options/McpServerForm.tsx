import { useState, type FormEvent } from 'react';
import { type McpPreferenceView as StoredMcpPreference, sendOptionsRequest } from '@/lib/messaging/options-protocol';
import { useWorkerValue } from './useWorkerValue';

/**
 * Which MCP server the assistant uses per Airflow instance: found automatically (an MCP plugin on
 * the Airflow itself, else the built-in read-only server), forced to the built-in one, or a URL
 * the user gives. Whatever the server, only known read tools reach the model.
 */
export function McpServerForm() {
  const [preferences, setPreferences] = useState<Record<string, StoredMcpPreference>>({});
  const [instance, setInstance] = useState('');
  const [mode, setMode] = useState<StoredMcpPreference['mode']>('auto');
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState('');

  useWorkerValue('readMcpPreferences', {}, (result) => setPreferences(result.preferences));

  async function save(event: FormEvent) {
    event.preventDefault();
    const preference: StoredMcpPreference = mode === 'url' ? { mode, url } : { mode };
    const { instanceUrl } = await sendOptionsRequest('saveMcpPreference', { airflowUrl: instance, preference });
    setStatus(instanceUrl ? `Saved for ${instanceUrl}.` : 'Enter the Airflow URL (and the MCP URL) as full http(s) addresses.');
  }

  async function remove(instanceUrl: string) {
    await sendOptionsRequest('removeMcpPreference', { instanceUrl });
  }

  const describe = (p: StoredMcpPreference) => (p.mode === 'url' ? `MCP server at ${p.url}` : p.mode === 'builtin' ? 'built-in read-only tools' : 'automatic');

  return (
    <section className="settings" aria-labelledby="mcp-heading">
      <h2 id="mcp-heading">MCP server</h2>
      <p className="help">
        By default the assistant uses the MCP plugin on your Airflow when it has one (airflow-mcp-plugin or
        astro-airflow-mcp, with your session), and its own read-only tools otherwise.
      </p>
      <ul className="instances" data-testid="mcp-preferences">
        {Object.entries(preferences).map(([instanceUrl, preference]) => (
          <li key={instanceUrl}>
            <code>{instanceUrl}</code>: {describe(preference)}{' '}
            <button type="button" onClick={() => void remove(instanceUrl)}>Reset</button>
          </li>
        ))}
      </ul>
      <form className="settings" onSubmit={save}>
        <input aria-label="Airflow URL" placeholder="https://airflow.example.com/" value={instance} onChange={(e) => setInstance(e.target.value)} />
        <select aria-label="MCP server" value={mode} onChange={(e) => setMode(e.target.value as StoredMcpPreference['mode'])}>
          <option value="auto">Automatic</option>
          <option value="builtin">Built-in read-only tools</option>
          <option value="url">This MCP URL</option>
        </select>
        {mode === 'url' ? <input aria-label="MCP URL" placeholder="https://airflow.example.com/mcp/" value={url} onChange={(e) => setUrl(e.target.value)} /> : null}
        <div className="row">
          <button type="submit">Save</button>
        </div>
      </form>
      <p role="status">{status}</p>
    </section>
  );
}
