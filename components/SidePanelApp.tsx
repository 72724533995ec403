import { ChatView } from './chat/ChatView';
import { TriageCard, TriageProblem } from './evidence/TriageCard';
import { ContextChip } from './ContextChip';
import { usePanelState } from './usePanelState';
import { EarlierConversations } from './history/EarlierConversations';
import { HandoffNoteView } from './history/HandoffNoteView';

export function SidePanelApp() {
  const { state, refusal, send, handoff, closeHandoff } = usePanelState();
  if (state === null) {
    return (
      <main className="panel">
        <p data-testid="panel-loading">Connecting…</p>
      </main>
    );
  }
  const context = state.tab?.context;
  return (
    <main className="panel">
      {context ? (
        <>
          <ContextChip context={context} session={state.session} />
          {state.mcpServer ? (
            <p className="muted" data-testid="mcp-server-in-use">
              Tools: {state.mcpServer}
            </p>
          ) : null}
          {state.triage ? (
            <TriageCard card={state.triage} onNavigate={(url) => send({ type: 'panel/navigate', url })} onRetry={() => send({ type: 'triage/retry' })} />
          ) : null}
          {state.triageProblem ? <TriageProblem problem={state.triageProblem} onRetry={() => send({ type: 'panel/refresh' })} /> : null}
          {context.pageKind === 'task_instance' && !state.busy ? (
            <button
              type="button"
              className="explain-log"
              data-testid="explain-log"
              title="Select lines in the log first to explain them; with nothing selected, explains the failure of the try on screen."
              onClick={() => send({ type: 'chat/explain-log' })}
            >
              Explain this log
            </button>
          ) : null}
        </>
      ) : (
        <p data-testid="no-airflow-page">Open a page of your Airflow 3 instance to ask about it.</p>
      )}
      {context ? (
        <EarlierConversations
          earlier={state.earlier ?? []}
          objectName={context.taskId && context.runId ? 'task' : context.runId ? 'run' : 'Dag'}
          onOpen={(id) => send({ type: 'history/open', id })}
          onDelete={(id) => send({ type: 'history/delete', id })}
        />
      ) : null}
      {state.conversation.messages.some((m) => m.role === 'assistant' && m.status === 'done') && !state.busy ? (
        <button type="button" className="handoff" data-testid="handoff-request" onClick={() => send({ type: 'handoff/request' })}>
          Hand-off note
        </button>
      ) : null}
      {handoff ? <HandoffNoteView note={handoff} onClose={closeHandoff} /> : null}
      {state.modelDestination ? (
        <p className="muted" data-testid="model-destination" data-local={state.modelDestination.local}>
          {state.modelDestination.local
            ? `Model: ${state.modelDestination.model} on this machine. Answers stay on this machine.`
            : `Model: ${state.modelDestination.model}. Your questions and the Airflow evidence, secrets masked, go to ${state.modelDestination.recipient}.`}
        </p>
      ) : null}
      {refusal ? (
        <p className="problem" role="alert" data-testid="chat-refused">
          {refusal}
        </p>
      ) : null}
      <ChatView
        conversation={state.conversation}
        busy={state.busy}
        {...(state.askDisabledReason ? { disabledReason: state.askDisabledReason } : {})}
        suggestions={state.suggestions}
        onAsk={(text) => send({ type: 'chat/ask', text })}
        onStop={() => send({ type: 'chat/stop' })}
        onRetry={() => send({ type: 'chat/retry' })}
        onClear={() => send({ type: 'chat/clear' })}
        onOpenOptions={() => send({ type: 'panel/open-options' })}
        onNavigate={(url) => send({ type: 'panel/navigate', url })}
        {...(context ? { instanceUrl: context.instanceUrl } : {})}
        {...(state.modelDestination ? { modelRecipient: state.modelDestination.local ? 'the model on this machine' : state.modelDestination.recipient } : {})}
      />
    </main>
  );
}
