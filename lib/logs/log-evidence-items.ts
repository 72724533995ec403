// Evidence items from log triages: the failure, its root cause, the lines around it, the task's
// own output, earlier errors, repeated warnings, the tail, and the try-to-try diff. Each cites
// its line in the Airflow UI (`?try_number=N#L`, L the UI's own numbering).
import { logLineUiUrl, type TaskInstanceIds } from './ui-log-lines';
import type { EvidenceItem } from './evidence-item';
import { exceptionHeadline } from './exception-facts';
import { formatException } from './format-exception';
import type { LogTriage, TriageFinding, TriageLine } from './log-triage';
import type { TryDiff } from './try-diff';

export interface LogItemsInput {
  instanceUrl: string;
  ids: TaskInstanceIds;
  tryNumber: number;
  triage: LogTriage;
  /** Prefix for ids and titles when the log is not the diagnosed task's (an upstream task). */
  owner?: { id: string; title: string };
  /** Added to every priority (upstream logs matter as much as the task's own, or less). */
  priorityOffset?: number;
}

/** The UI number a citation of the line uses: its own, also inside a collapsed group (the
 * extension's content script opens the group, lib/airflow/reveal-log-line.ts). */
export function citedUiLine(line: TriageLine | null): number | null {
  return line ? (line.ownLine ?? line.uiLine) : null;
}

export function logLineUrl(input: Pick<LogItemsInput, 'instanceUrl' | 'ids' | 'tryNumber'>, line: TriageLine | null): string {
  return logLineUiUrl(input.instanceUrl, input.ids, input.tryNumber, citedUiLine(line));
}

/** `log line 5 of try 1`, `log line 3 of try 1, in the "Pre Execute" group`, `log of try 1`. */
export function lineLabel(line: TriageLine | null, tryNumber: number): string {
  const n = citedUiLine(line);
  if (!line || n === null) return `log of try ${tryNumber}`;
  return `log line ${n} of try ${tryNumber}${line.group && !line.uiLineExact ? `, in the "${line.group}" group` : ''}`;
}

/** `log lines 5–6 of try 1` for the lines an item shows (one line: as `lineLabel`). */
export function linesLabel(lines: TriageLine[], tryNumber: number): string {
  const numbers = lines.map(citedUiLine).filter((n): n is number => n !== null);
  if (numbers.length < 2) return lineLabel(lines.find((l) => citedUiLine(l) !== null) ?? null, tryNumber);
  const first = Math.min(...numbers);
  const last = Math.max(...numbers);
  const groups = new Set(lines.map((l) => (l.uiLineExact ? null : l.group)));
  const group = groups.size === 1 ? [...groups][0] : null;
  return `${first === last ? `log line ${first}` : `log lines ${first}–${last}`} of try ${tryNumber}${group ? `, in the "${group}" group` : ''}`;
}

export function renderLine(line: TriageLine): string {
  if (!line.repeat) return line.text;
  return `${line.text}  [×${line.repeat.count} lines of this shape, to API index ${line.repeat.lastIndex}]`;
}

export function logEvidenceItems(input: LogItemsInput): EvidenceItem[] {
  const { triage, tryNumber } = input;
  const offset = input.priorityOffset ?? 0;
  const id = (name: string) => (input.owner ? `${input.owner.id}:${name}` : name);
  const title = (text: string) => (input.owner ? `${input.owner.title}: ${text}` : text);
  const item = (name: string, heading: string, line: TriageLine | null, lines: string[], priority: number, compactLines?: string[], shownLines?: TriageLine[]): EvidenceItem => ({
    id: id(name),
    title: title(`${heading} — ${shownLines ? linesLabel(shownLines, tryNumber) : lineLabel(line, tryNumber)}`),
    lines,
    ...(compactLines ? { compactLines } : {}),
    url: logLineUrl(input, line),
    priority: priority + offset,
    ...(line ? { logLine: { tryNumber, index: line.index, uiLine: citedUiLine(line), ...(line.group ? { group: line.group } : {}) } } : {}),
  });
  const findingLines = (f: TriageFinding, withFrames = true) => [renderLine(f.line), ...(f.exception ? formatException(f.exception, { withFrames }) : [])];

  const items: EvidenceItem[] = [];
  const shown = new Set<number>();
  const unseen = (lines: TriageLine[]) => lines.filter((l) => !shown.has(l.index) && telling(l));
  const show = (lines: TriageLine[]) => lines.forEach((l) => shown.add(l.index));

  const failure = triage.failure;
  const findingItem = (name: string, heading: string, f: TriageFinding, priority: number): EvidenceItem => ({
    ...item(name, heading, f.line, findingLines(f), priority, findingLines(f, false)),
    ...(f.exception ? { exception: exceptionHeadline(f.exception) } : {}),
  });
  if (failure) items.push(findingItem('failure', 'Failure', failure, 10));
  const root = triage.rootCause;
  if (root) items.push(findingItem('root-cause', rootCauseHeading(triage), root, 20));
  show([failure?.line, root?.line].filter((l): l is TriageLine => !!l));
  const context = unseen(failure?.context ?? []);
  if (context.length > 0) items.push(item('context', 'Lines before the failure', context[0]!, context.map(renderLine), 50, undefined, context));
  show(context);
  const output = unseen(triage.taskOutput);
  if (output.length > 0) items.push(item('output', 'Last lines the task printed (stdout is not ordered against other lines)', output[0]!, output.map(renderLine), 45, undefined, output));
  show(output);
  triage.findings.forEach((f, i) => items.push(item(`finding-${f.line.index}`, `Other ${f.kind === 'exception' ? 'exception' : 'error'}`, f.line, findingLines(f, false), 60 + i)));
  show(triage.findings.map((f) => f.line));
  if (triage.repeated.length > 0) {
    const lines = triage.repeated.slice(0, 5).map((r) => `${r.count}× ${r.first.text}  [first at API index ${r.first.index}, last ${r.lastIndex}]`);
    items.push(item('repeated', 'Repeated warnings and errors', triage.repeated[0]!.first, lines, 70));
  }
  if (!failure && triage.tail.length > 0) {
    // With no failure record, how the log ends is the evidence (a killed supervisor writes nothing).
    const last = triage.tail.at(-1)!;
    items.push(item('tail', `End of the log (${triage.numberedLines} lines, no failure recorded)`, last, triage.tail.map(renderLine), 20, undefined, triage.tail));
  } else {
    const tail = unseen(triage.tail);
    // "End of the log" only when its last line is shown; else these are the last lines not quoted above.
    const endShown = tail.length > 0 && citedUiLine(tail.at(-1)!) === triage.numberedLines - 1;
    if (tail.length > 0) items.push(item('tail', endShown ? 'End of the log' : 'Last lines of the log not quoted above', tail.at(-1)!, tail.map(renderLine), 80, undefined, tail));
  }
  return items;
}

/** What the root-cause item holds, in words. */
function rootCauseHeading(triage: LogTriage): string {
  if (triage.failureClass === 'nonzero_exit') return 'Cause: what the command printed before it exited';
  if (triage.failureClass === 'template_error') return 'Cause: the template that failed to render';
  return 'First sign of the cause';
}

// Airflow's own setup groups: bundle loading and parsing, the same in every log.
const SETUP_GROUPS = new Set(['Log message source details', 'Pre Execute']);

/** Whether a context or tail line tells something: not Airflow's routine setup, unless it warns. */
function telling(line: TriageLine): boolean {
  return line.group === null || !SETUP_GROUPS.has(line.group) || (line.level !== null && line.level !== 'info' && line.level !== 'debug');
}

export function tryDiffItem(diff: TryDiff, urlOf: (tryNumber: number, line: TriageLine | null) => string, latestTry: number): EvidenceItem | null {
  if (diff.tries.length < 2) return null;
  const lines = [
    diff.sameFailure ? `All ${diff.tries.length} tries compared failed the same way (numbers aside).` : 'The tries failed differently:',
    ...diff.tries.map((t) => `try ${t.tryNumber}: ${t.headline} — ${urlOf(t.tryNumber, t.failureLine)}`),
    ...diff.onlyIn.map((entry) => `only in try ${entry.tryNumber}: ${entry.lines.map((l) => l.text.replace(/^\d\d:\d\d:\d\d\.\d+ /, '')).join(' | ')}`),
  ];
  const latest = diff.tries.find((t) => t.tryNumber === latestTry) ?? diff.tries.at(-1)!;
  return { id: 'try-diff', title: `Tries compared (${diff.tries.map((t) => t.tryNumber).join(', ')})`, lines, url: urlOf(latest.tryNumber, latest.failureLine), priority: 35 };
}
