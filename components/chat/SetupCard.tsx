import type { PanelState } from '@/lib/messaging/panel-port';

type ModelSetup = NonNullable<PanelState['modelSetup']>;

/**
 * First run: no model can be asked yet, so the panel says so before offering anything to ask
 * (the triage card still works without a model). Where to get a key, and the way to the options,
 * where it is pasted and the connection tested.
 */
export function SetupCard({ setup, onOpenOptions }: { setup: ModelSetup; onOpenOptions: () => void }) {
  return (
    <section className="setup-card" data-testid="setup-card" aria-labelledby="setup-card-title">
      <h2 id="setup-card-title">Set up a model to ask questions</h2>
      {setup.missing === 'api_key' ? (
        <p>
          Answers come from {setup.providerLabel}, which needs your API key. It stays in this browser and is only sent to{' '}
          {setup.providerLabel}.
        </p>
      ) : (
        <p>Answers come from {setup.providerLabel}: enter its address (base URL) in the options.</p>
      )}
      {setup.keyPageUrl ? (
        <p>
          Get a key at{' '}
          <a href={setup.keyPageUrl} target="_blank" rel="noreferrer noopener" data-testid="setup-key-page">
            {setup.keyPageUrl}
          </a>
        </p>
      ) : null}
      <button type="button" className="primary" onClick={onOpenOptions} data-testid="setup-open-options">
        Open options to paste it and test the connection
      </button>
      <p className="muted">Until then the triage card still reads failures, without a model.</p>
    </section>
  );
}
