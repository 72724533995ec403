import type { RenderedLogEvent } from '../../logs/render-log-event';
import { trimText } from '../../text/format';

export const LOG_LIMITS = { maxLines: 400, maxChars: 40_000, maxLineChars: 2_000, maxAttachedChars: 8_000 };

export type LogSelection =
  | { mode: 'tail'; lines: number }
  | { mode: 'window'; fromLine: number; lines: number }
  | { mode: 'search'; pattern: string; context: number }
  /** Given lines (1-based API numbers), marked as matches, with context around them. */
  | { mode: 'lines'; matchLines: number[]; context: number };

/** `number` is the 1-based position of the event in the log API's `content` list. */
export interface NumberedLogLine extends RenderedLogEvent {
  number: number;
  match: boolean;
}

export interface SelectedLog {
  lines: NumberedLogLine[];
  notes: string[];
  matchCount?: number;
}

/** Picks a bounded set of lines: never more than LOG_LIMITS allow, whatever the log's size. */
export function selectLogLines(events: RenderedLogEvent[], selection: LogSelection): SelectedLog {
  const numbered = events.map((event, i) => ({ ...event, number: i + 1, match: false }));
  if (selection.mode === 'search') return searchLines(numbered, selection.pattern, selection.context);
  if (selection.mode === 'lines') return linesWithContext(numbered, selection.matchLines.map((n) => n - 1), selection.context);
  const count = Math.min(selection.lines, LOG_LIMITS.maxLines);
  if (selection.mode === 'tail') {
    const picked = fitChars(numbered.slice(Math.max(0, numbered.length - count)), 'keep-end');
    return { lines: picked.lines, notes: picked.notes };
  }
  const start = selection.fromLine - 1;
  const picked = fitChars(numbered.slice(start, start + count), 'keep-start');
  return { lines: picked.lines, notes: picked.notes };
}

function searchLines(lines: NumberedLogLine[], pattern: string, context: number): SelectedLog {
  const matcher = toMatcher(pattern);
  const matchIndexes = lines.flatMap((line, i) => (matcher([line.line, ...line.attached].join('\n')) ? [i] : []));
  return linesWithContext(lines, matchIndexes, context);
}

/** The lines at `matchIndexes` (0-based), marked as matches, each with `context` lines around it. */
function linesWithContext(lines: NumberedLogLine[], matchIndexes: number[], context: number): SelectedLog {
  const picked = new Map<number, NumberedLogLine>();
  const notes: string[] = [];
  for (const [k, i] of matchIndexes.entries()) {
    const from = Math.max(0, i - context);
    const to = Math.min(lines.length - 1, i + context);
    const added = [...Array(to - from + 1).keys()].filter((d) => !picked.has(from + d)).length;
    if (picked.size + added > LOG_LIMITS.maxLines) {
      notes.push(`Only the first ${k} of ${matchIndexes.length} matches are shown; the next match is line ${i + 1} (use mode "window" with from_line, or a narrower pattern).`);
      break;
    }
    for (let j = from; j <= to; j++) picked.set(j, { ...(lines[j] as NumberedLogLine), match: j === i || picked.get(j)?.match === true });
  }
  const fitted = fitChars([...picked.entries()].sort(([a], [b]) => a - b).map(([, line]) => line), 'keep-start');
  return { lines: fitted.lines, notes: [...notes, ...fitted.notes], matchCount: matchIndexes.length };
}

// A regular expression if it parses, else a plain substring; both ignore case.
function toMatcher(pattern: string): (text: string) => boolean {
  try {
    const regex = new RegExp(pattern, 'i');
    return (text) => regex.test(text);
  } catch {
    const needle = pattern.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
}

function fitChars(lines: NumberedLogLine[], keep: 'keep-start' | 'keep-end'): { lines: NumberedLogLine[]; notes: string[] } {
  const bounded = lines.map(boundLine);
  const ordered = keep === 'keep-end' ? [...bounded].reverse() : bounded;
  const kept: NumberedLogLine[] = [];
  let chars = 0;
  for (const line of ordered) {
    chars += formatLogLine(line).length + 1;
    if (chars > LOG_LIMITS.maxChars && kept.length > 0) break;
    kept.push(line);
  }
  const result = keep === 'keep-end' ? kept.reverse() : kept;
  if (result.length === lines.length) return { lines: result, notes: [] };
  const cut = keep === 'keep-end' ? `lines before ${result[0]?.number}` : `lines after ${result[result.length - 1]?.number}`;
  return { lines: result, notes: [`Cut to ${LOG_LIMITS.maxChars} characters: ${cut} are not shown.`] };
}

function boundLine(line: NumberedLogLine): NumberedLogLine {
  let budget = LOG_LIMITS.maxAttachedChars;
  const attached: string[] = [];
  for (const text of line.attached) {
    if (budget <= 0) {
      attached.push(`… ${line.attached.length - attached.length} more lines`);
      break;
    }
    attached.push(trimText(text, Math.min(budget, LOG_LIMITS.maxLineChars)));
    budget -= text.length;
  }
  return { ...line, line: trimText(line.line, LOG_LIMITS.maxLineChars), attached };
}

/** `42 | event`, `42 > event` for a search match, `42 + …` for lines attached to event 42. */
export function formatLogLine(line: NumberedLogLine): string {
  const head = `${line.number} ${line.match ? '>' : '|'} ${line.line}`;
  return [head, ...line.attached.map((text) => `${line.number} + ${text}`)].join('\n');
}
