import type { ReactNode } from 'react';
import type { AnswerProblem } from '@/lib/messaging/conversation';

type Props = {
  problem: AnswerProblem;
  /** Absent when retrying makes no sense here, e.g. on an older message. */
  onRetry?: () => void;
  onOpenOptions?: () => void;
};

/** Why an answer could not be given, and the one thing the user can do about it. */
export function ProblemNotice({ problem, onRetry, onOpenOptions }: Props) {
  const retry = onRetry && (
    <button type="button" className="problem-action" onClick={onRetry} data-testid="problem-retry">
      Retry
    </button>
  );
  switch (problem.kind) {
    case 'no_api_key':
      return (
        <Notice kind={problem.kind} title="No model API key configured">
          <p>Add the API key of your model provider in the extension options; it stays in this browser.</p>
          {onOpenOptions && (
            <button type="button" className="problem-action" onClick={onOpenOptions} data-testid="problem-open-options">
              Open options
            </button>
          )}
        </Notice>
      );
    case 'airflow_session_expired':
      return (
        <Notice kind={problem.kind} title="Your Airflow session has expired">
          <p>
            Log in to Airflow again in your Airflow tab (<span className="problem-url">{problem.instanceUrl}</span>),
            then retry.
          </p>
          {retry}
        </Notice>
      );
    case 'airflow_unreachable':
      return (
        <Notice kind={problem.kind} title="Airflow could not be read" fault={problem.fault}>
          <p data-testid="problem-message">
            {problem.message} <span className="problem-url">({problem.instanceUrl})</span>
          </p>
          {problem.action && <p data-testid="problem-action">{problem.action}</p>}
          {retry}
        </Notice>
      );
    case 'interrupted':
      return (
        <Notice kind={problem.kind} title="This answer was interrupted">
          <p>The extension's background worker stopped while writing it (the browser stops idle extensions). Retry asks the question again.</p>
          {retry}
        </Notice>
      );
    case 'model_error':
      return (
        <Notice kind={problem.kind} title="The model could not answer" fault={problem.fault}>
          <p data-testid="problem-message">{problem.message}</p>
          {problem.action && <p data-testid="problem-action">{problem.action}</p>}
          {problem.retryable && retry}
          {!problem.retryable && onOpenOptions && /Options/.test(problem.action ?? '') && (
            <button type="button" className="problem-action" onClick={onOpenOptions} data-testid="problem-open-options">
              Open options
            </button>
          )}
        </Notice>
      );
  }
}

function Notice({ kind, title, fault, children }: { kind: AnswerProblem['kind']; title: string; fault?: string | undefined; children: ReactNode }) {
  return (
    <div className={`problem problem-${kind}`} role="alert" data-testid={`problem-${kind}`} {...(fault ? { 'data-fault': fault } : {})}>
      <strong>{title}</strong>
      {children}
    </div>
  );
}
