import { ContextChip } from './ContextChip';
import { usePanelState } from './usePanelState';

export function SidePanelApp() {
  const state = usePanelState();
  return (
    <main className="panel">
      <h1>Airflow AI Assistant</h1>
      {state === null ? (
        <p data-testid="panel-loading">Connecting…</p>
      ) : state.tab ? (
        <ContextChip context={state.tab.context} session={state.session} />
      ) : (
        <p data-testid="no-airflow-page">Open a page of your Airflow 3 instance to ask about it.</p>
      )}
    </main>
  );
}
