import { useState, type FormEvent } from 'react';
import { DEFAULT_TIMEOUTS, sendOptionsRequest } from '@/lib/messaging/options-protocol';
import { useWorkerValue } from './useWorkerValue';

const toSeconds = (ms: number) => String(Math.round(ms / 100) / 10);
/** Seconds typed by the user, within bounds; the default for anything that is not a number. */
function toMs(text: string, fallback: number, min: number, max: number): number {
  const seconds = Number(text.replace(',', '.'));
  if (!Number.isFinite(seconds) || seconds <= 0) return fallback;
  return Math.min(max, Math.max(min, Math.round(seconds * 1000)));
}

/**
 * How long the assistant waits before it says that Airflow or the model does not answer (the
 * fault messages of lib/faults). Task log reads keep their own, longer limit.
 */
export function TimeoutsForm() {
  const [airflow, setAirflow] = useState(toSeconds(DEFAULT_TIMEOUTS.airflowReadMs));
  const [model, setModel] = useState(toSeconds(DEFAULT_TIMEOUTS.modelSilenceMs));
  const [status, setStatus] = useState('');
  // The fields stay disabled until the saved limits are shown, so nothing typed is overwritten by them.
  const [loaded, setLoaded] = useState(false);

  useWorkerValue('readTimeouts', {}, ({ timeouts }) => {
    setAirflow(toSeconds(timeouts.airflowReadMs));
    setModel(toSeconds(timeouts.modelSilenceMs));
    setLoaded(true);
  });

  async function save(event: FormEvent) {
    event.preventDefault();
    await sendOptionsRequest('saveTimeouts', {
      airflowReadMs: toMs(airflow, DEFAULT_TIMEOUTS.airflowReadMs, 1000, 120_000),
      modelSilenceMs: toMs(model, DEFAULT_TIMEOUTS.modelSilenceMs, 1000, 600_000),
    });
    setStatus('Saved.');
  }

  return (
    <form className="settings" onSubmit={save} aria-labelledby="timeouts-heading">
      <h2 id="timeouts-heading">Timeouts</h2>
      <p className="help">How long the assistant waits before it says what is slow, instead of waiting forever.</p>
      <label>
        Airflow reads (seconds; task logs have their own, longer limit)
        <input type="number" min="1" max="120" step="0.5" data-testid="timeout-airflow" disabled={!loaded} value={airflow} onChange={(e) => setAirflow(e.target.value)} />
      </label>
      <label>
        Model silence (seconds without any answer)
        <input type="number" min="1" max="600" step="1" data-testid="timeout-model" disabled={!loaded} value={model} onChange={(e) => setModel(e.target.value)} />
      </label>
      <button type="submit" data-testid="save-timeouts" disabled={!loaded}>
        Save
      </button>
      {status && <p data-testid="timeouts-status">{status}</p>}
    </form>
  );
}
