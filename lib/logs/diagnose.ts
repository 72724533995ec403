// The failure class and a one-line headline for a task instance, from its log triage and what
// Airflow knows besides the log: its state (upstream_failed has no log), its tries (retries
// exhausted), the audit log (a heartbeat timeout leaves the task log silent), import errors.
import { exceptionHeadline } from './exception-facts';
import { FAILURE_CLASS_LABELS, type FailureClass } from './failure-class';
import type { GatheredEvidence } from './evidence-types';
import type { LogTriage } from './log-triage';

export interface Diagnosis {
  failureClass: FailureClass;
  /** Further classes that apply (e.g. retries exhausted on top of the exception). */
  signals: FailureClass[];
  /** What failed, in one line: the exception, the signal, or what is missing. */
  headline: string;
  /** `transform` failed on try 1 of 1: Python exception — ValueError: … */
  summary: string;
  /**
   * Set when the diagnosed try's log was read only in part (a timeout, a broken connection) or
   * not at all: what the user should know before trusting the headline. Reading again may help.
   */
  logNotice: string | null;
}

const HEARTBEAT_EVENT = 'heartbeat timeout';

export function diagnose(evidence: GatheredEvidence): Diagnosis {
  const ti = evidence.taskInstance;
  const triage = evidence.triaged?.triage ?? null;
  const heartbeat = evidence.auditEvents?.find((e) => e.event === HEARTBEAT_EVENT && (e.try_number ?? evidence.target.tryNumber) === evidence.target.tryNumber);
  const signals = new Set<FailureClass>();
  let failureClass: FailureClass = 'unknown';
  const read = evidence.triaged?.read;
  const partial = read && read.state !== 'complete' ? read.note : null;
  const logNotice = partial ?? (evidence.logProblem ? evidence.logProblem.replace(/^Log of \S+ try \d+: /, 'The log could not be read: ') : null);
  // "Never ran" only when Airflow says so (try 0); a log that could not be read, or was read only in
  // part, proves nothing about what it would have said.
  let headline = triage
    ? partial && !triage.failure
      ? partial
      : describeLogFailure(triage)
    : evidence.target.tryNumber < 1
      ? 'The task has no log: it never ran.'
      : (logNotice ?? `The log of try ${evidence.target.tryNumber} could not be read.`);

  const upstream = evidence.upstreamFailures[0];
  if (ti.state === 'upstream_failed') {
    failureClass = 'upstream_failed';
    const cause = upstream?.triaged?.triage;
    headline = upstream
      ? `Upstream task ${label(upstream.taskInstance)} failed${cause?.failure ? `: ${describeLogFailure(cause)}` : '.'}`
      : 'An upstream task failed.';
    if (cause && cause.failureClass !== 'unknown') signals.add(cause.failureClass);
  } else if (triage?.failure) {
    failureClass = triage.failureClass;
  } else if (heartbeat) {
    failureClass = 'heartbeat_timeout';
    headline = `No heartbeat from the task: ${heartbeat.extra ?? HEARTBEAT_EVENT}`;
  } else if (evidence.importErrors.length > 0) {
    failureClass = 'import_error';
    headline = describeLogFailure(evidence.importErrors[0]!.triage);
  }

  if (heartbeat && failureClass !== 'heartbeat_timeout') signals.add('heartbeat_timeout');
  if (evidence.importErrors.length > 0 && failureClass !== 'import_error') signals.add('import_error');
  const maxTries = ti.max_tries ?? 0;
  if (ti.state === 'failed' && maxTries > 0 && ti.try_number > maxTries) signals.add('retries_exhausted');
  signals.delete(failureClass);

  const tries = ti.try_number >= 1 ? ` on try ${evidence.target.tryNumber} of ${Math.max(ti.try_number, maxTries + 1)}` : '';
  const extra = [...signals].map((s) => FAILURE_CLASS_LABELS[s].toLowerCase());
  const summary = `${label(ti)} ${ti.state === 'failed' || ti.state === 'upstream_failed' ? 'failed' : `is ${ti.state ?? 'without state'}`}${tries}: ${FAILURE_CLASS_LABELS[failureClass]}${extra.length ? ` (${extra.join(', ')})` : ''} — ${headline}`;
  return { failureClass, signals: [...signals], headline, summary, logNotice };
}

export function describeLogFailure(triage: LogTriage): string {
  const failure = triage.failure;
  if (!failure) return 'The log records no failure: it stops without an error.';
  const root = triage.rootCause;
  // Airflow's wrapper says only that the command failed; the command's own line says why.
  if (triage.failureClass === 'nonzero_exit' && root && root.kind === 'error') {
    const code = /exit (?:code|status) (-?\d+)/.exec(failure.exception?.message ?? failure.line.text)?.[1];
    return `The command exited with ${code !== undefined ? `code ${code}` : 'an error'}: ${messageOf(root.line.text)}`;
  }
  const headline = failure.exception ? exceptionHeadline(failure.exception) : failure.line.text.replace(/^\d\d:\d\d:\d\d\.\d+ /, '');
  if (triage.failureClass === 'template_error') {
    const field = /field '([^']+)'/.exec(root?.line.text ?? failure.line.text)?.[1];
    if (field) return `Template of field '${field}' failed to render: ${headline}`;
  }
  return headline;
}

/** A compact line's message alone: `12:15:32.467 INFO …hooks.SubprocessHook: cat: x: No such file` → `cat: x: No such file`. */
function messageOf(compact: string): string {
  return compact.replace(/^\d\d:\d\d:\d\d\.\d+ (?:[A-Z]+ )?(?:\S+: )?/, '');
}

function label(ti: { task_id: string; map_index: number }): string {
  return `\`${ti.task_id}\`${ti.map_index >= 0 ? `[${ti.map_index}]` : ''}`;
}
