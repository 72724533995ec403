import { ChatView } from './chat/ChatView';
import { TriageCard, TriageLoading, TriageProblem } from './evidence/TriageCard';
import { ContextChip, SessionProblem } from './ContextChip';
import { usePanelState } from './usePanelState';
import { EarlierConversations } from './history/EarlierConversations';
import { HandoffNoteView } from './history/HandoffNoteView';
import { SetupCard } from './chat/SetupCard';
import { useColorMode } from './theme/useColorMode';

/**
 * The panel is a conversation: what the panel knows (page context, tools, triage card) sits on
 * top as compact headers that expand on click, and the conversation takes the rest of the height.
 */
export function SidePanelApp() {
  const { state, refusal, send, handoff, closeHandoff } = usePanelState();
  useColorMode(state?.colorMode ?? null);
  if (state === null) {
    return (
      <main className="panel">
        <p data-testid="panel-loading">Connecting…</p>
      </main>
    );
  }
  const context = state.tab?.context;
  // First run: the setup card comes before anything is offered to ask.
  const setup = state.modelSetup ?? null;
  const destination = state.modelDestination
    ? state.modelDestination.local
      ? `Model: ${state.modelDestination.model} on this machine. Answers stay on this machine.`
      : `Model: ${state.modelDestination.model}. Your questions and the Airflow evidence, secrets masked, go to ${state.modelDestination.recipient}.`
    : null;
  const answered = state.conversation.messages.some((m) => m.role === 'assistant' && m.status === 'done');
  const actions = (
    <>
      {context?.pageKind === 'task_instance' && !state.busy ? (
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
      {answered && !state.busy ? (
        <button type="button" className="handoff" data-testid="handoff-request" onClick={() => send({ type: 'handoff/request' })}>
          Hand-off note
        </button>
      ) : null}
    </>
  );
  return (
    <main className="panel">
      <div className="panel-top">
        {context ? (
          <>
            <ContextChip context={context} session={state.session} mcpServer={state.mcpServer} />
            <SessionProblem session={state.session} />
            {state.triage ? (
              <TriageCard card={state.triage} onNavigate={(url) => send({ type: 'panel/navigate', url })} onRetry={() => send({ type: 'triage/retry' })} />
            ) : state.triageLoading ? (
              <TriageLoading />
            ) : null}
            {state.triageProblem ? <TriageProblem problem={state.triageProblem} onRetry={() => send({ type: 'triage/retry' })} /> : null}
            <EarlierConversations
              earlier={state.earlier ?? []}
              objectName={context.taskId && context.runId ? 'task' : context.runId ? 'run' : 'Dag'}
              onOpen={(id) => send({ type: 'history/open', id })}
              onDelete={(id) => send({ type: 'history/delete', id })}
            />
          </>
        ) : (
          <p className="off-airflow" role="status" data-testid="no-airflow-page">
            This tab is not showing Airflow, so there is nothing here to ask about. Open a page of your Airflow instance and the
            assistant follows it.
          </p>
        )}
        {setup ? <SetupCard setup={setup} onOpenOptions={() => send({ type: 'panel/open-options' })} /> : null}
      </div>
      {handoff ? <HandoffNoteView note={handoff} onClose={closeHandoff} /> : null}
      {refusal ? (
        <p className="problem" role="alert" data-testid="chat-refused">
          {refusal}
        </p>
      ) : null}
      <ChatView
        conversation={state.conversation}
        busy={state.busy}
        {...(state.askDisabledReason ? { disabledReason: state.askDisabledReason } : {})}
        suggestions={setup ? [] : state.suggestions}
        actions={actions}
        onAsk={(text) => send({ type: 'chat/ask', text })}
        onStop={() => send({ type: 'chat/stop' })}
        onRetry={() => send({ type: 'chat/retry' })}
        onClear={() => send({ type: 'chat/clear' })}
        onOpenOptions={() => send({ type: 'panel/open-options' })}
        onNavigate={(url) => send({ type: 'panel/navigate', url })}
        {...(context ? { instanceUrl: context.instanceUrl } : {})}
        {...(state.modelDestination ? { modelRecipient: state.modelDestination.local ? 'the model on this machine' : state.modelDestination.recipient } : {})}
      />
      {state.modelDestination ? (
        <p
          className="muted model-destination"
          data-testid="model-destination"
          data-local={state.modelDestination.local}
          // One line at the foot of the panel; the whole sentence on hover and for screen readers.
          title={destination ?? undefined}
        >
          {destination}
        </p>
      ) : null}
    </main>
  );
}
