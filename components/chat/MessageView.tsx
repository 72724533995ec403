import type { ChatMessage } from '@/lib/messaging/conversation';
import { ProblemNotice } from './ProblemNotice';
import { SafeMarkdown } from './SafeMarkdown';
import { ToolStepRow } from './ToolStepRow';

type Props = {
  message: ChatMessage;
  /** Resolves relative links in answers, so they can point at pages of this Airflow. */
  instanceUrl?: string;
  /** Only the latest answer can be retried; older ones show their problem without the button. */
  onRetry?: () => void;
  onOpenOptions?: () => void;
  /** Opens a cited Airflow page in the Airflow tab (evidence chips). */
  onNavigate?: (url: string) => void;
};

/** A question as typed, or an answer: its tool steps and text in the order they happened. */
export function MessageView({ message, instanceUrl, onRetry, onOpenOptions, onNavigate }: Props) {
  const evidence = onNavigate && message.role === 'assistant' ? { citations: message.citations ?? [], onNavigate } : undefined;
  if (message.role === 'user')
    return (
      <div className="message message-user" data-testid="message-user">
        {message.budgetNote && (
        <p className="message-note" data-testid="budget-note">
          {message.budgetNote}
        </p>
      )}
      {message.parts.map((part, index) => (part.type === 'text' ? <p key={index}>{part.text}</p> : null))}
      </div>
    );

  const streaming = message.status === 'streaming';
  return (
    <div
      className={`message message-assistant message-${message.status ?? 'done'}`}
      data-testid="message-assistant"
      aria-busy={streaming}
    >
      {message.toolsUnavailable && (
        <p className="message-note" data-testid="tools-unavailable">
          Tools were unavailable: this model cannot call them, so it answered from the evidence gathered beforehand.
        </p>
      )}
      {message.parts.map((part, index) =>
        part.type === 'tool-step' ? (
          <ToolStepRow key={part.step.id} step={part.step} />
        ) : (
          <SafeMarkdown key={index} markdown={part.text} {...(instanceUrl ? { instanceUrl } : {})} {...(evidence ? { evidence } : {})} />
        ),
      )}
      {streaming && <TypingIndicator />}
      {message.status === 'stopped' && <p className="message-note">Stopped.</p>}

      {message.problem && (
        <ProblemNotice problem={message.problem} onRetry={onRetry} onOpenOptions={onOpenOptions} />
      )}
      {message.status === 'failed' && !message.problem && (
        <p className="message-note">
          The answer failed.{' '}
          {onRetry && (
            <button type="button" className="problem-action" onClick={onRetry} data-testid="problem-retry">
              Retry
            </button>
          )}
        </p>
      )}
    </div>
  );
}

function TypingIndicator() {
  return (
    <span className="typing" data-testid="typing" role="status" aria-label="Answering">
      <span />
      <span />
      <span />
    </span>
  );
}
