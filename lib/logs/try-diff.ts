// What differs between the tries of one task instance: did each try fail the same way, and which
// of the task's own output lines appear in one try only ("using fallback endpoint" in try 3).
import { exceptionHeadline, exceptionKey } from './exception-facts';
import type { FailureClass } from './failure-class';
import { lineShape } from './line-shape';
import type { LogTriage, TriageLine } from './log-triage';

export interface TrySummary {
  tryNumber: number;
  failureClass: FailureClass;
  /** The exception (or failure line) of the try. */
  headline: string;
  eventCount: number;
  /** The failure line, to cite. */
  failureLine: TriageLine | null;
}

export interface TryDiff {
  tries: TrySummary[];
  /** True when every try failed with the same class and exception, numbers aside. */
  sameFailure: boolean;
  /** Output lines (numbers masked) found in one try and in no other, per try. */
  onlyIn: { tryNumber: number; lines: TriageLine[] }[];
}

const MAX_LINES_PER_TRY = 3;

export function diffTries(tries: readonly { tryNumber: number; triage: LogTriage }[]): TryDiff {
  const ordered = [...tries].sort((a, b) => a.tryNumber - b.tryNumber);
  const summaries = ordered.map(({ tryNumber, triage }) => summarize(tryNumber, triage));
  const keys = new Set(ordered.map(({ triage }) => failureKey(triage)));
  const shapesOf = ordered.map(({ triage }) => new Map(comparable(triage).map((line) => [lineShape(line.text.replace(TIME_PREFIX, '')), line])));
  const onlyIn = ordered
    .map(({ tryNumber }, i) => {
      const others = shapesOf.filter((_, j) => j !== i);
      const lines = [...shapesOf[i]!].filter(([shape]) => others.every((other) => !other.has(shape))).map(([, line]) => line);
      return { tryNumber, lines: lines.slice(0, MAX_LINES_PER_TRY) };
    })
    .filter((entry) => entry.lines.length > 0);
  return { tries: summaries, sameFailure: keys.size === 1, onlyIn: ordered.length > 1 ? onlyIn : [] };
}

// Lines start with a time of day, which always differs.
const TIME_PREFIX = /^\d\d:\d\d:\d\d\.\d+ /;

/** The lines a try is compared by: what the task printed, and the lines around its failure. */
function comparable(triage: LogTriage): TriageLine[] {
  return [...triage.taskOutput, ...(triage.failure?.context ?? [])].filter((line) => line.level !== 'error');
}

function summarize(tryNumber: number, triage: LogTriage): TrySummary {
  const failure = triage.failure;
  const headline = failure?.exception ? exceptionHeadline(failure.exception) : failure ? failure.line.text : 'no failure recorded in the log';
  return { tryNumber, failureClass: triage.failureClass, headline, eventCount: triage.eventCount, failureLine: failure?.line ?? null };
}

function failureKey(triage: LogTriage): string {
  const failure = triage.failure;
  if (!failure) return `${triage.failureClass}|`;
  return `${triage.failureClass}|${failure.exception ? exceptionKey(failure.exception) : lineShape(failure.line.text.replace(TIME_PREFIX, ''))}`;
}
