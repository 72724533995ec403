import type { TriageCardModel } from '@/lib/messaging/panel-port';
import { EvidenceChip } from './EvidenceChip';

type Props = {
  card: TriageCardModel;
  /** Opens a cited page in the Airflow tab. */
  onNavigate: (url: string) => void;
  /** Reads the failure again (offered when the card rests on a partial log read). */
  onRetry?: () => void;
};

/**
 * What failed and why, found without a model (lib/logs triage): the failure class, the headline,
 * the key log lines with chips that open them in Airflow, and links to the task and its code.
 */
export function TriageCard({ card, onNavigate, onRetry }: Props) {
  return (
    // Open at first; a click on its header folds it to that one line, to give the conversation room.
    <details open className="triage-card" data-testid="triage-card" data-failure-class={card.failureClass} aria-label="Triage of the failure">
      <summary className="triage-card-header compact-header" data-testid="triage-card-header">
        <strong className="triage-card-title">
          <Ticks text={card.title} />
        </strong>
        <span className="triage-card-class" data-testid="triage-class">
          {card.classLabel}
        </span>
      </summary>
      {card.signals.length > 0 && (
        <p className="triage-card-signals">
          {card.signals.map((signal) => (
            <span key={signal} className="triage-card-signal" data-testid="triage-signal">
              {signal}
            </span>
          ))}
        </p>
      )}
      {card.notice && (
        <p className="triage-card-notice" role="status" data-testid="triage-notice">
          {card.notice.text}
          {card.notice.retry && onRetry && (
            <button type="button" className="triage-card-retry" data-testid="triage-retry" onClick={onRetry}>
              Retry
            </button>
          )}
        </p>
      )}
      <p className="triage-card-headline" data-testid="triage-headline">
        <Ticks text={card.headline} />
      </p>
      {card.keyLines.length > 0 && (
        <ul className="triage-card-lines">
          {card.keyLines.map((line) => (
            <li key={line.url + line.text} data-testid="triage-line">
              <EvidenceChip label={line.label} url={line.url} onNavigate={onNavigate} />
              <code className="triage-card-line-text">{line.text}</code>
              {line.exception && <code className="triage-card-exception">{line.exception}</code>}
            </li>
          ))}
        </ul>
      )}
      {card.links.length > 0 && (
        <footer className="triage-card-links">
          {card.links.map((link) => (
            <EvidenceChip key={link.url} label={link.label} url={link.url} onNavigate={onNavigate} />
          ))}
        </footer>
      )}
    </details>
  );
}

/** Ids are quoted in backticks; shown as code without parsing the text as markdown. */
function Ticks({ text }: { text: string }) {
  return text.split('`').map((piece, index) => (index % 2 === 1 ? <code key={index}>{piece}</code> : piece));
}

/** In place of the card while a long log is still read for it: the rest of the panel works meanwhile. */
export function TriageLoading() {
  return (
    <p className="triage-card triage-card-loading" role="status" data-testid="triage-loading">
      Reading the log of this try for the triage card…
    </p>
  );
}

/** In place of the card when Airflow could not be read for it: what happened, what to do, Retry. */
export function TriageProblem({ problem, onRetry }: { problem: { id: string; title: string; action: string; retryable: boolean }; onRetry: () => void }) {
  return (
    <section className="triage-card triage-card-problem problem" role="alert" data-testid="triage-problem" data-fault={problem.id}>
      <strong>The triage of this failure could not be read</strong>
      <p data-testid="problem-message">{problem.title}</p>
      <p data-testid="problem-action">{problem.action}</p>
      {problem.retryable && (
        <button type="button" className="problem-action" onClick={onRetry} data-testid="triage-retry">
          Retry
        </button>
      )}
    </section>
  );
}
