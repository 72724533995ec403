// The Airflow UI's line numbers, computed in one streaming pass (no content array needed).
//
// Same rule as `nearestUiLogLine` in lib/airflow/log-line-links.ts (read from the 3.3.2 UI there,
// and checked against it on every event of the rig's logs in ui-line-tracker.test.ts):
// - an event's number is how many non-marker events (`::group::` / `::endgroup::`) precede it;
// - groups are folded, so `#N` only lands on events outside any group; for an event inside a group
//   (or a marker) the link goes to the first numbered line outside groups after it, or, if the log
//   ends first, the last one before its outermost group began.
// Rows are grouped on the `event` text here; the UI also looks at extra fields, which only
// matters for a log that carries a marker in some other field.

import { CURRENT_UI_LOG_DIALECT, type UiLogDialect } from '../airflow/ui-log-dialect';

const GROUP_START = '::group::';
const GROUP_END = '::endgroup::';
const MAX_GROUP_NAMES = 16;

/** Resolved when the next numbered line outside every group arrives; shared by all groups before it. */
interface NextTopLevelLine {
  line: number | null;
  /** True once some folded event refers to it. */
  waiting: boolean;
}

/** Where an event's UI link points, known now or once the log goes on. */
export interface UiLineRef {
  /** True for `::group::` / `::endgroup::` events, which make no line of their own. */
  readonly marker: boolean;
  /** The name of the innermost group the event is in (`Pre Execute`), or null. */
  readonly group: string | null;
  /** The event's own number, or null for a marker. */
  readonly ownLine: number | null;
  readonly linkable: boolean;
  readonly next: NextTopLevelLine | null;
  readonly fallback: number | null;
}

export interface UiLineTracker {
  /** Registers the next event (in order) and returns where its link points. */
  add(eventText: string | undefined): UiLineRef;
  /** Same as `add` for an event known not to be a group marker (its text has no `::`). */
  addLine(): UiLineRef;
  /** The `#N` for an event, once the log is complete (or as far as it has been read). */
  resolve(ref: UiLineRef): number | null;
  /** False when some event has no text: the UI then shows "Unable to show logs" and no link works. */
  readonly renderable: boolean;
}

/**
 * `dialect`: how the instance's Airflow version numbers and folds its log (ui-log-dialect.ts); on
 * 3.0-3.1 every event is numbered by its index, and on 3.0 a `#N` link opens every group, so
 * nothing is folded away from a citation.
 */
export function createUiLineTracker(dialect: UiLogDialect = CURRENT_UI_LOG_DIALECT): UiLineTracker {
  const everyEvent = dialect.numbering === 'every_event';
  const open = dialect.groupsOpenWithHash;
  let counter = 0;
  // Open group names, outermost first; bounded so a log that never closes its groups stays small.
  const groups: string[] = [];
  let depth = 0;
  let renderable = true;
  let lastTopLevelLine: number | null = null;
  let next: NextTopLevelLine = { line: null, waiting: false };
  // For the current outermost group: the last numbered line outside groups before its header.
  let groupFallback: number | null = null;

  const innermost = () => (depth > 0 ? (groups[Math.min(depth, MAX_GROUP_NAMES) - 1] ?? null) : null);
  function folded(ownLine: number | null): UiLineRef {
    next.waiting = true;
    return { marker: ownLine === null, group: innermost(), ownLine, linkable: false, next, fallback: depth > 0 ? groupFallback : lastTopLevelLine };
  }

  function addLine(): UiLineRef {
    const line = counter++;
    if (depth > 0 && !open) return folded(line);
    if (depth === 0) lastTopLevelLine = line;
    // Only allocate a new cell when a folded event is waiting for this line.
    if (next.waiting) {
      next.line = line;
      next = { line: null, waiting: false };
    }
    return { marker: false, group: innermost(), ownLine: line, linkable: true, next: null, fallback: null };
  }

  return {
    add(text) {
      if (text === undefined) {
        renderable = false;
        return { marker: false, group: innermost(), ownLine: null, linkable: false, next: null, fallback: null };
      }
      if (everyEvent && (text.includes(GROUP_START) || text.includes(GROUP_END))) counter += 1;
      if (text.includes(GROUP_START)) {
        if (depth === 0) groupFallback = lastTopLevelLine;
        if (depth < MAX_GROUP_NAMES) groups[depth] = text.slice(text.indexOf(GROUP_START) + GROUP_START.length).trim();
        depth += 1;
        return folded(null);
      }
      if (text.includes(GROUP_END)) {
        const ref = folded(null);
        if (depth > 0) depth -= 1;
        return ref;
      }
      return addLine();
    },
    addLine,
    resolve(ref) {
      if (!renderable) return null;
      if (ref.linkable) return ref.ownLine;
      return ref.next?.line ?? ref.fallback;
    },
    get renderable() {
      return renderable;
    },
  };
}
