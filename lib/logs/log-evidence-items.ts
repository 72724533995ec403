// Evidence items from log triages: the failure, its root cause, the lines around it, the task's
// own output, earlier errors, repeated warnings, the tail, and the try-to-try diff. Each cites
// its line in the Airflow UI (`?try_number=N#L`, L the UI's own numbering).
import { logLineUiUrl, type TaskInstanceIds } from '../airflow/log-line-links';
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

export function logLineUrl(input: Pick<LogItemsInput, 'instanceUrl' | 'ids' | 'tryNumber'>, line: TriageLine | null): string {
  return logLineUiUrl(input.instanceUrl, input.ids, input.tryNumber, line?.uiLine ?? null);
}

/** `log line 5 of try 1`, `near log line 4 of try 1` (folded into a group), `log of try 1`. */
export function lineLabel(line: TriageLine | null, tryNumber: number): string {
  if (!line || line.uiLine === null) return `log of try ${tryNumber}`;
  return `${line.uiLineExact ? '' : 'near '}log line ${line.uiLine} of try ${tryNumber}`;
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
  const item = (name: string, heading: string, line: TriageLine | null, lines: string[], priority: number, compactLines?: string[]): EvidenceItem => ({
    id: id(name),
    title: title(`${heading} — ${lineLabel(line, tryNumber)}`),
    lines,
    ...(compactLines ? { compactLines } : {}),
    url: logLineUrl(input, line),
    priority: priority + offset,
    ...(line ? { logLine: { tryNumber, index: line.index, uiLine: line.uiLine } } : {}),
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
  if (root) items.push(findingItem('root-cause', 'First sign of the cause', root, 20));
  show([failure?.line, root?.line].filter((l): l is TriageLine => !!l));
  const context = unseen(failure?.context ?? []);
  if (context.length > 0) items.push(item('context', 'Lines before the failure', context[0]!, context.map(renderLine), 50));
  show(context);
  const output = unseen(triage.taskOutput);
  if (output.length > 0) items.push(item('output', 'Last lines the task printed (stdout is not ordered against other lines)', output[0]!, output.map(renderLine), 45));
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
    items.push(item('tail', `End of the log (${triage.eventCount} lines, no failure recorded)`, last, triage.tail.map(renderLine), 20));
  } else {
    const tail = unseen(triage.tail);
    if (tail.length > 0) items.push(item('tail', 'End of the log', tail.at(-1)!, tail.map(renderLine), 80));
  }
  return items;
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
