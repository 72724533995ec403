import { useEffect, useState, type FormEvent } from 'react';
import { BUILT_IN_ORIGIN_PATTERNS, disableAirflowOrigin, enableAirflowOrigin } from '@/lib/airflow/airflow-origins';
import { enabledAirflowOriginsItem } from '@/lib/storage/items';

/** Where the assistant works: the local instances always, other Airflow origins on request. */
export function AirflowInstancesForm() {
  const [enabled, setEnabled] = useState<string[]>([]);
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    void enabledAirflowOriginsItem.getValue().then(setEnabled);
    return enabledAirflowOriginsItem.watch((value) => setEnabled(value ?? []));
  }, []);

  async function enable(event: FormEvent) {
    event.preventDefault();
    try {
      const result = await enableAirflowOrigin(url);
      setStatus(result.enabled ? `Enabled on ${result.pattern}. Reload your Airflow tab.` : 'Permission was not granted.');
      if (result.enabled) setUrl('');
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <section className="settings" aria-label="Airflow instances">
      <h2>Airflow instances</h2>
      <ul className="instances" data-testid="enabled-instances">
        {BUILT_IN_ORIGIN_PATTERNS.map((pattern) => (
          <li key={pattern}>
            <code>{pattern}</code> <span className="muted">(always on)</span>
          </li>
        ))}
        {enabled.map((pattern) => (
          <li key={pattern}>
            <code>{pattern}</code>{' '}
            <button type="button" onClick={() => void disableAirflowOrigin(pattern).then(() => setStatus(`Disabled on ${pattern}.`))}>
              Disable
            </button>
          </li>
        ))}
      </ul>
      <form className="row" onSubmit={enable}>
        <input
          aria-label="Airflow URL"
          data-testid="airflow-url"
          placeholder="https://airflow.example.com/"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" data-testid="enable-airflow">Enable</button>
      </form>
      <p role="status">{status}</p>
    </section>
  );
}
