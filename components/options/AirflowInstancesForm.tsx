import { useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { BUILT_IN_ORIGIN_PATTERNS, originPatternFor } from '@/lib/browser/origin-patterns';
import { type CheckOutcome, sendOptionsRequest } from '@/lib/messaging/options-protocol';
import { useWorkerValue } from './useWorkerValue';

/** `https://airflow.example.com/*` → `https://airflow.example.com/`. */
const urlOfPattern = (pattern: string) => pattern.replace(/\*$/, '');

/**
 * Where the assistant works: the local instances always, other Airflow origins on request; and
 * "Test connection" for any of them (Airflow's version, and whether the user's session works).
 */
export function AirflowInstancesForm() {
  const [enabled, setEnabled] = useState<string[]>([]);
  const [url, setUrl] = useState('');
  const [testUrl, setTestUrl] = useState('');
  const [status, setStatus] = useState('');
  const [check, setCheck] = useState<{ url: string; result: CheckOutcome | 'testing' } | null>(null);

  useWorkerValue('readAirflowInstances', {}, (result) => setEnabled(result.enabled));

  async function enable(event: FormEvent) {
    event.preventDefault();
    try {
      // The browser asks the user here, inside the click (no await before it); the worker then
      // registers the content script on the granted origin.
      const pattern = originPatternFor(url);
      const granted = BUILT_IN_ORIGIN_PATTERNS.includes(pattern) || (await browser.permissions.request({ origins: [pattern] }));
      const enabled = granted && (await sendOptionsRequest('enableAirflowInstance', { pattern })).enabled;
      setStatus(enabled ? `Enabled on ${pattern}. Reload your Airflow tab.` : 'Permission was not granted.');
      if (enabled) setUrl('');
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    }
  }

  async function test(target: string) {
    setCheck({ url: target, result: 'testing' });
    setCheck({ url: target, result: (await sendOptionsRequest('checkAirflowInstance', { url: target })).outcome });
  }

  return (
    <section className="settings" aria-labelledby="instances-heading">
      <h2 id="instances-heading">Airflow instances</h2>
      <p className="help">
        The assistant reads an Airflow instance with your own login there, so it sees what you may see. Local instances work out of the box;
        enable others by their address. Test one to see its version and whether your session works.
      </p>
      <ul className="instances" data-testid="enabled-instances">
        {BUILT_IN_ORIGIN_PATTERNS.map((pattern) => (
          <li key={pattern}>
            <code>{pattern}</code> <span className="muted">(always on)</span>
          </li>
        ))}
        {enabled.map((pattern) => (
          <li key={pattern}>
            <code>{pattern}</code>
            <button type="button" onClick={() => void test(urlOfPattern(pattern))} data-testid="test-instance">
              Test connection
            </button>
            <button type="button" onClick={() => void sendOptionsRequest('disableAirflowInstance', { pattern }).then(() => setStatus(`Disabled on ${pattern}.`))}>
              Disable
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        aria-label="Test an Airflow address"
        onSubmit={(event) => {
          event.preventDefault();
          void test(testUrl);
        }}
      >
        <input
          aria-label="Airflow address to test"
          data-testid="airflow-test-url"
          placeholder="http://localhost:8080/"
          value={testUrl}
          onChange={(e) => setTestUrl(e.target.value)}
        />
        <button type="submit" data-testid="test-airflow" disabled={check?.result === 'testing'}>
          Test connection
        </button>
      </form>
      {check && (
        <p
          role="status"
          className="outcome"
          data-testid="airflow-check-result"
          data-kind={check.result === 'testing' ? 'testing' : check.result.kind}
        >
          {check.result === 'testing' ? `Testing ${check.url}…` : check.result.message}
        </p>
      )}
      <form className="row" aria-label="Enable another Airflow" onSubmit={enable}>
        <input aria-label="Airflow URL" data-testid="airflow-url" placeholder="https://airflow.example.com/" value={url} onChange={(e) => setUrl(e.target.value)} />
        <button type="submit" data-testid="enable-airflow">Enable</button>
      </form>
      <p role="status">{status}</p>
    </section>
  );
}
