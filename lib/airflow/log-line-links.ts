/**
 * Links to task log lines in the Airflow 3 UI.
 *
 * The assistant reads task logs from the REST API
 * (`GET {base}api/v2/dags/{d}/dagRuns/{r}/taskInstances/{t}/logs/{try}` → `content: [events]`)
 * and cites events by their 0-based index in `content`. The log viewer's line numbers are not
 * those indexes. The rules below are read from the UI bundle shipped with Airflow 3.3.2
 * (`airflow/ui/dist/assets/index-1ifPC3Lo.js`, minified, no source maps: minified names in
 * brackets; source files per the research notes: `queries/useLogs.tsx`,
 * `components/renderStructuredLog.tsx`, `pages/TaskInstance/Logs/TaskLogContent.tsx`), and were
 * checked in headless Chromium against a running 3.3.2 (fixtures and numbers in
 * `log-line-links.test.ts`).
 *
 * 0. Input: the UI fetches the same endpoint as NDJSON (`accept: application/x-ndjson`, no
 *    `full_content`), splits lines, drops blank ones and `JSON.parse`s each [K4t]. Checked on
 *    the rig: same events in the same order as the JSON `content` (NDJSON only adds
 *    `"timestamp": null` to the first three), so API indexes carry over.
 * 1. Line numbers (the log parser in useLogs [t3t]): a counter runs over `content` and SKIPS
 *    every event whose text (`event`, or the string itself) contains `::group::` or
 *    `::endgroup::`. An event's number = how many non-marker events come before it (0-based).
 *    `renderStructuredLog` [$4t] renders it as the row's link
 *    `<a id="N" href="{ti path}?try_number=T#N">N</a>` (plain-string events get no `<a>`, but
 *    still a number). No event is dropped in the default view: `renderStructuredLog` returns ""
 *    only under the level/source filters (`?log_level=`/`?source=`), and filtered rows keep
 *    their numbers. The "Log message source details" lines are ordinary numbered events.
 * 2. Rows (same parser): an event whose *rendered text* contains `::group::` becomes a group
 *    header row (no link, no number); `::endgroup::` closes the innermost group and makes no row;
 *    every other event is a line row in the innermost open group. If any event carries a
 *    task-identity key (ti_id, dag_id, task_id, run_id, try_number, map_index) a "Task Identity"
 *    row without a number is spliced in after the first "Pre Execute" header (inside that group),
 *    else at row 0 [Q4t, X4t].
 * 3. Folding (the group hook used by TaskLogContent [T3t]): groups start collapsed (the log page
 *    holds `expanded` in `useState(false)`, not persisted [U3t]). Visible rows: rows outside any
 *    group, and headers whose ancestors are all expanded. `data-index` = index among visible rows.
 * 4. `#N` (TaskLogContent [D3t]): `lineNumberToVisibleIndex.get(Number(location.hash))`, a map
 *    built from VISIBLE rows only. If found, the row is highlighted (`brand.emphasized`) and
 *    `scrollToIndex(min(row + 5, last))` runs instead of the usual scroll to the end. A number
 *    inside a collapsed group resolves to nothing (page stays at the top, nothing highlighted);
 *    the hash never expands groups (only search matches do).
 *
 * Example (Airflow 3.3.2, `fail_python_exception.transform`): events 0–2 are the
 * "Log message source details" group, 3–7 "Pre Execute", 8 a print, 9 "Task failed with
 * exception", 10–13 "Post Execute" (holding two late stdout lines). Event 9 → `#5`, row 3.
 */

/** The group markers the UI looks for (plain substring match, as in the UI). */
import { CURRENT_UI_LOG_DIALECT, type UiLogDialect } from './ui-log-dialect';

const GROUP_START = '::group::';
const GROUP_END = '::endgroup::';
/** Keys the UI never shows as `key=value` (`renderStructuredLog`, task identity keys). */
const IDENTITY_KEYS = ['ti_id', 'dag_id', 'task_id', 'run_id', 'try_number', 'map_index'];
/** Keys hidden while "show source" is off (the default: localStorage `log_show_source`). */
const SOURCE_KEYS = ['logger', 'chan', 'lineno', 'filename', 'loc'];

export interface UiLogOptions {
  /** How the instance's Airflow version numbers and folds its log (default: 3.3's, described above). */
  dialect?: UiLogDialect;
  /** The viewer's "show source" toggle (default off, as in the UI). Only affects which extra
   * fields can turn a row into a group header; line numbers never depend on it. */
  showSource?: boolean;
}

/** Where one API event ends up in the log viewer (default view: no filters, groups collapsed). */
export interface UiLogLocation {
  /** The line number the UI gives the event (its `<a id>` / `#N`), or null for group markers. */
  lineNumber: number | null;
  /** Its `data-index` among the visible rows, or null if it makes no visible row. */
  rowIndex: number | null;
  /** True if `#lineNumber` scrolls to and highlights the event on page load. */
  linkable: boolean;
  /** Names of the groups around the event, outermost first (for an `::group::` marker: the
   * groups it opens and is nested in; for `::endgroup::`: the groups it closes and is in). */
  groups: string[];
}

interface Row {
  kind: 'header' | 'line' | 'identity';
  /** Group that contains the row (for a header: the group it opens). */
  groupId?: number;
  lineNumber?: number;
  apiIndex?: number;
}

interface Group {
  name: string;
  parentId?: number;
  /** Index in `rows` of the header. */
  headerRow: number;
}

interface UiLogModel {
  rows: Row[];
  groups: Group[];
  /** Per API index: the row it made, or -1 (endgroup / unrenderable). */
  rowOfEvent: Int32Array;
  /** Per API index: the group whose header is the event, or that it closes, or that holds it; -1 none. */
  groupOfEvent: Int32Array;
  lineOfEvent: Int32Array;
  /** Per row: visible index or -1. */
  visibleIndex: Int32Array;
  /** Visible rows with a line number, in order: [visibleIndex, lineNumber]. */
  visibleLines: Array<[number, number]>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text the UI tests for the markers when numbering lines (`typeof e == "string" ? e : e.event`). */
function eventText(e: unknown): string | undefined {
  if (typeof e === 'string') return e;
  if (isRecord(e) && typeof e.event === 'string') return e.event;
  return undefined;
}

/**
 * The part of the rendered row text that could contain a marker. The UI turns the rendered row
 * to text (react-element-to-text) and tests `includes("::group::")`, so a marker in a displayed
 * extra field also makes a header. Timestamp and level cannot contain one and are left out.
 */
function renderedText(e: unknown, showSource: boolean): string {
  if (typeof e === 'string') return e;
  if (!isRecord(e)) return '';
  const { event, level: _level, timestamp: _ts, error_detail: errorDetail, ...rest } = e;
  let text = typeof event === 'string' ? event : '';
  const extra: Record<string, unknown> = { ...rest };
  if (Object.hasOwn(extra, 'filename') && Object.hasOwn(extra, 'lineno')) {
    extra.loc = `${String(extra.filename)}:${String(extra.lineno)}`;
    delete extra.filename;
    delete extra.lineno;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (IDENTITY_KEYS.includes(k) || (!showSource && SOURCE_KEYS.includes(k))) continue;
    text += ` ${k === 'logger' ? 'source' : k}=${v instanceof Object ? JSON.stringify(v) : String(v)}`;
  }
  if (Array.isArray(errorDetail)) text += JSON.stringify(errorDetail);
  return text;
}

const modelCache = new WeakMap<unknown[], Map<string, UiLogModel | null>>();

/**
 * Rebuilds the UI's rows for `content` (default view). Returns null when the UI itself cannot
 * show the log: it throws on an event without a string `event` and shows "Unable to show logs".
 */
function buildModel(content: unknown[], showSource: boolean, dialect: UiLogDialect = CURRENT_UI_LOG_DIALECT): UiLogModel | null {
  let byOpt = modelCache.get(content);
  const key = `${showSource}:${dialect.numbering}:${dialect.groupsOpenWithHash}`;
  const hit = byOpt?.get(key);
  if (hit !== undefined) return hit;
  const model = computeModel(content, showSource, dialect);
  if (!byOpt) modelCache.set(content, (byOpt = new Map()));
  byOpt.set(key, model);
  return model;
}

function computeModel(content: unknown[], showSource: boolean, dialect: UiLogDialect): UiLogModel | null {
  const n = content.length;
  const rows: Row[] = [];
  const groups: Group[] = [];
  const rowOfEvent = new Int32Array(n).fill(-1);
  const groupOfEvent = new Int32Array(n).fill(-1);
  const lineOfEvent = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let identityFound = false;

  for (let i = 0; i < n; i += 1) {
    const e = content[i];
    const text = eventText(e);
    if (text === undefined) return null;
    // The UI's line counter [t3t] skips marker events (3.0-3.1: every event is numbered by its index).
    if (!text.includes(GROUP_START) && !text.includes(GROUP_END)) lineOfEvent[i] = dialect.numbering === 'every_event' ? i : counter++;
    if (!identityFound && isRecord(e)) {
      identityFound = IDENTITY_KEYS.some((k) => Object.hasOwn(e, k) && e[k] !== undefined);
    }
    // Grouping works on the rendered text.
    const rendered = renderedText(e, showSource);
    if (rendered.includes(GROUP_START)) {
      const id = groups.length;
      groups.push({ name: rendered.split(GROUP_START)[1] ?? '', parentId: stack.at(-1), headerRow: rows.length });
      stack.push(id);
      rowOfEvent[i] = rows.length;
      groupOfEvent[i] = id;
      rows.push({ kind: 'header', groupId: id, apiIndex: i });
      continue;
    }
    if (rendered.includes(GROUP_END)) {
      groupOfEvent[i] = stack.pop() ?? -1;
      continue;
    }
    const top = stack.at(-1);
    rowOfEvent[i] = rows.length;
    if (top !== undefined) groupOfEvent[i] = top;
    rows.push({ kind: 'line', groupId: top, lineNumber: lineOfEvent[i]! >= 0 ? lineOfEvent[i] : undefined, apiIndex: i });
  }

  // The "Task Identity" row: after the first "Pre Execute" header, inside its group; else row 0.
  if (identityFound) {
    const pre = rows.findIndex((r) => r.kind === 'header' && groups[r.groupId!]!.name.startsWith('Pre Execute'));
    const at = pre === -1 ? 0 : pre + 1;
    rows.splice(at, 0, { kind: 'identity', groupId: pre === -1 ? undefined : rows[pre]!.groupId });
    for (let i = 0; i < n; i += 1) if (rowOfEvent[i]! >= at) rowOfEvent[i] = rowOfEvent[i]! + 1;
    for (const g of groups) if (g.headerRow >= at) g.headerRow += 1;
  }

  // The group hook [T3t] with nothing expanded: a row is visible if it is in no group, or it is a
  // header whose ancestors are all expanded, i.e. a top-level header.
  const visibleIndex = new Int32Array(rows.length).fill(-1);
  const visibleLines: Array<[number, number]> = [];
  let v = 0;
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    const visible =
      dialect.groupsOpenWithHash || row.groupId === undefined || (row.kind === 'header' && groups[row.groupId]!.parentId === undefined);
    if (!visible) continue;
    visibleIndex[r] = v;
    if (row.lineNumber !== undefined) visibleLines.push([v, row.lineNumber]);
    v += 1;
  }
  return { rows, groups, rowOfEvent, groupOfEvent, lineOfEvent, visibleIndex, visibleLines };
}

function groupChain(model: UiLogModel, groupId: number): string[] {
  const names: string[] = [];
  for (let g: number | undefined = groupId; g !== undefined && g >= 0; g = model.groups[g]!.parentId) {
    names.unshift(model.groups[g]!.name);
  }
  return names;
}

/** Where the event at 0-based `apiIndex` of `content` appears in the log viewer (default view). */
export function uiLogLocation(content: unknown[], apiIndex: number, opts: UiLogOptions = {}): UiLogLocation | null {
  if (!Array.isArray(content) || !Number.isInteger(apiIndex) || apiIndex < 0 || apiIndex >= content.length) {
    return null;
  }
  const model = buildModel(content, opts.showSource ?? false, opts.dialect);
  if (!model) return null;
  const line = model.lineOfEvent[apiIndex]!;
  const row = model.rowOfEvent[apiIndex]!;
  const visible = row >= 0 ? model.visibleIndex[row]! : -1;
  const group = model.groupOfEvent[apiIndex]!;
  return {
    lineNumber: line >= 0 ? line : null,
    rowIndex: visible >= 0 ? visible : null,
    linkable: line >= 0 && visible >= 0 && model.rows[row]!.kind === 'line',
    groups: group >= 0 ? groupChain(model, group) : [],
  };
}

/**
 * The number the UI shows and links (`<a id="N">`, `…#N`) for the event at 0-based `apiIndex`,
 * when `#N` actually lands on it: null if the event is a group marker, is folded inside a
 * (collapsed by default) group, or the UI cannot render the log. Use `nearestUiLogLine` then.
 */
export function uiLogLineNumber(content: unknown[], apiIndex: number, opts: UiLogOptions = {}): number | null {
  const loc = uiLogLocation(content, apiIndex, opts);
  return loc?.linkable ? loc.lineNumber : null;
}

/**
 * A `#N` that lands next to the event even when it is folded away. Group headers have no
 * number and `#N` does not expand groups, so for an event inside a collapsed group (or a marker)
 * this is the first visible numbered line after the group's top-level header row (the header is
 * then on screen right above the highlighted row); if the group is at the end of the log, the
 * last visible numbered line before it. For a linkable event it equals `uiLogLineNumber`.
 * Null if the log has no visible numbered line at all.
 */
export function nearestUiLogLine(content: unknown[], apiIndex: number, opts: UiLogOptions = {}): number | null {
  if (!Array.isArray(content) || !Number.isInteger(apiIndex) || apiIndex < 0 || apiIndex >= content.length) {
    return null;
  }
  const model = buildModel(content, opts.showSource ?? false, opts.dialect);
  if (!model) return null;
  const row = model.rowOfEvent[apiIndex]!;
  if (row >= 0 && model.visibleIndex[row]! >= 0 && model.rows[row]!.kind === 'line') {
    return model.lineOfEvent[apiIndex]! >= 0 ? model.lineOfEvent[apiIndex]! : null;
  }
  // The visible row standing for the event: its outermost group's header.
  let anchorRow: number;
  let group = model.groupOfEvent[apiIndex]!;
  if (group >= 0) {
    while (model.groups[group]!.parentId !== undefined) group = model.groups[group]!.parentId!;
    anchorRow = model.groups[group]!.headerRow;
  } else if (row >= 0) {
    anchorRow = row;
  } else {
    // A stray `::endgroup::`: no row; use the next row in order.
    anchorRow = model.rowOfEvent.slice(apiIndex).find((r) => r >= 0) ?? model.rows.length;
  }
  let anchorVisible = -1;
  for (let r = anchorRow; r >= 0 && anchorVisible < 0; r -= 1) anchorVisible = r < model.rows.length ? model.visibleIndex[r]! : -1;
  const lines = model.visibleLines;
  // First visible numbered line after the anchor, else the last one before it.
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]![0] > anchorVisible) hi = mid;
    else lo = mid + 1;
  }
  if (lo < lines.length) return lines[lo]![1];
  return lo > 0 ? lines[lo - 1]![1] : null;
}

// ---------------------------------------------------------------------------------------------
// URLs

export interface TaskInstanceIds {
  dagId: string;
  runId: string;
  taskId: string;
  /** -1 or undefined for an unmapped task. */
  mapIndex?: number | null;
}

/**
 * `{base}dags/{dag}/runs/{run}/tasks/{task}[/mapped/{i}]`, the task instance page (its default
 * tab is Logs), as the UI's own link helper [zG] builds it (the UI does not encode; the router decodes
 * params, checked with an encoded run id on the rig). Each id is percent-encoded
 * (run ids hold `:` and `+`); `instanceUrl` is the UI base, e.g. `http://host/` or
 * `https://host/airflow/` (a missing trailing slash is added).
 */
export function taskInstanceUiUrl(instanceUrl: string, ids: TaskInstanceIds): string {
  const base = instanceUrl.endsWith('/') ? instanceUrl : `${instanceUrl}/`;
  const mapped =
    ids.mapIndex !== undefined && ids.mapIndex !== null && Number.isInteger(ids.mapIndex) && ids.mapIndex >= 0
      ? `/mapped/${ids.mapIndex}`
      : '';
  return (
    `${base}dags/${encodeURIComponent(ids.dagId)}/runs/${encodeURIComponent(ids.runId)}` +
    `/tasks/${encodeURIComponent(ids.taskId)}${mapped}`
  );
}

/**
 * `{task instance page}?try_number=N#L`, the same shape as the UI's line links. `uiLine` must
 * be a UI line number (`uiLogLineNumber` / `nearestUiLogLine`), not an API index; with null the
 * link has no `#` (the UI then opens scrolled to the end of the log).
 */
export function logLineUiUrl(
  instanceUrl: string,
  ids: TaskInstanceIds,
  tryNumber: number,
  uiLine: number | null,
): string {
  const url = `${taskInstanceUiUrl(instanceUrl, ids)}?try_number=${encodeURIComponent(String(tryNumber))}`;
  return uiLine === null || !Number.isInteger(uiLine) || uiLine < 0 ? url : `${url}#${uiLine}`;
}
