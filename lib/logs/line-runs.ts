// The last few lines of a log, with repeated lines folded into runs, kept in a fixed-size window:
// the context before a finding and the tail of the log. A run is one line repeated
// ("row 00017 ok" ×30000) or a pair of lines repeated in turn (a sensor's "Poking callable …" and
// the task's "not there yet", ×4).
import type { LogContentItem } from './render-log-event';
import { sameShape } from './line-shape';
import type { UiLineRef } from './ui-log-lines';

/** One event as the triage saw it: parsed (`item`), or an NDJSON line not parsed yet (`raw`). */
export interface SeenLine {
  index: number;
  item: LogContentItem | null;
  raw: string | null;
  ui: UiLineRef;
  level: string | null;
  logger: string | null;
  text: string;
}

/** The event of a seen line, parsing it now if it was kept unparsed. */
export function itemOf(seen: SeenLine): LogContentItem {
  return seen.item ?? (JSON.parse(seen.raw ?? '""') as LogContentItem);
}

/** A run: `first` seen `count` times (and, for a pair, `partner` seen `partnerCount` times in turn). */
export interface LineRun {
  first: SeenLine;
  partner: SeenLine | null;
  count: number;
  partnerCount: number;
  lastIndex: number;
  /** For a pair: true when `first` came again and its partner is due. */
  partnerDue: boolean;
}

export interface RunWindow {
  /** Adds a line; a line that continues the last run only extends it (no allocation). */
  add(index: number, ui: UiLineRef, level: string | null, logger: string | null, text: string, item: LogContentItem | null, raw: string | null): void;
  /** A copy of the last `n` runs, oldest first. */
  last(n: number): LineRun[];
}

export function createRunWindow(size: number): RunWindow {
  const runs: LineRun[] = [];
  return {
    add(index, ui, level, logger, text, item, raw) {
      const n = runs.length;
      const last = runs[n - 1];
      if (last && continues(last, level, logger, text)) {
        if (last.partner && last.partnerDue) last.partnerCount += 1;
        else last.count += 1;
        if (last.partner) last.partnerDue = !last.partnerDue;
        last.lastIndex = index;
        return;
      }
      const before = runs[n - 2];
      // A B A → the pair (A, B): A twice, B once and due next.
      if (last && before && !before.partner && !last.partner && before.count === 1 && last.count === 1 && same(before.first, level, logger, text)) {
        before.partner = last.first;
        before.count = 2;
        before.partnerCount = 1;
        before.partnerDue = true;
        before.lastIndex = index;
        runs.pop();
        return;
      }
      runs.push({ first: { index, item, raw, ui, level, logger, text }, partner: null, count: 1, partnerCount: 0, lastIndex: index, partnerDue: false });
      if (runs.length > size) runs.shift();
    },
    last(n) {
      return runs.slice(-n).map((run) => ({ ...run }));
    },
  };
}

/** Whether the line continues the run: the same line again, or the next line of its pair. */
function continues(run: LineRun, level: string | null, logger: string | null, text: string): boolean {
  if (!run.partner) return same(run.first, level, logger, text);
  return same(run.partnerDue ? run.partner : run.first, level, logger, text);
}

function same(seen: SeenLine, level: string | null, logger: string | null, text: string): boolean {
  return seen.level === level && seen.logger === logger && sameShape(seen.text, text);
}
