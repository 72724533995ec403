/**
 * The Airflow UI's log line numbers: which `#N` the log viewer gives each event of a task log,
 * which row shows it, and the links to it. One streaming pass (`createUiLineTracker`) serves the
 * triage, which reads a log as it arrives, and the whole-log questions (`uiLogLocation`,
 * `nearestUiLogLine`, `apiIndexesForUiLines`) that the citations and the MCP task-log tool ask.
 *
 * The assistant reads task logs from the REST API
 * (`GET {base}api/v2/dags/{d}/dagRuns/{r}/taskInstances/{t}/logs/{try}` → `content: [events]`)
 * and cites events by their 0-based index in `content`. The log viewer's line numbers are not
 * those indexes. The rules below are read from the UI bundle shipped with Airflow 3.3.2
 * (`airflow/ui/dist/assets/index-1ifPC3Lo.js`, minified, no source maps: minified names in
 * brackets; source files per the research notes: `queries/useLogs.tsx`,
 * `components/renderStructuredLog.tsx`, `pages/TaskInstance/Logs/TaskLogContent.tsx`), and were
 * checked in headless Chromium against a running 3.3.2 (fixtures and numbers in
 * `ui-log-lines.test.ts`).
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
 *    the hash never expands groups (only search matches do). So a citation of a folded event
 *    links the first numbered line outside groups after it (its group's header is then on screen
 *    right above the highlighted row), or, if the log ends first, the last one before its
 *    outermost group began.
 *
 * Other Airflow 3 minor versions number and fold differently, and Airflow 2 has a log view of its
 * own (`UiLogDialect`, `AIRFLOW2_UI_LOG_DIALECT` below).
 *
 * Example (Airflow 3.3.2, `fail_python_exception.transform`): events 0–2 are the
 * "Log message source details" group, 3–7 "Pre Execute", 8 a print, 9 "Task failed with
 * exception", 10–13 "Post Execute" (holding two late stdout lines). Event 9 → `#5`, row 3.
 */

// ---------------------------------------------------------------------------------------------
// Dialects: how each Airflow 3 minor version numbers and folds

/**
 * How each Airflow 3 minor version numbers and folds the task log view, read from the UI bundle
 * each version ships (`airflow/ui/dist/assets/index-*.js`, the log parser of `useLogs` and the
 * row renderer):
 * - 3.0.x numbers EVERY event of the API's `content` by its index (group markers included: the
 *   link of event i is `#i`) and renders groups `open` when the URL has a hash
 *   (`open: !!location.hash`), so a citation `…?try_number=T#N` finds every numbered line.
 * - 3.1.x numbers as 3.0 but keeps groups folded (`expanded ?? !!location.hash`, with
 *   `expanded` a `useState(false)`: the hash never opens them).
 * - 3.2.x and 3.3.x number only the events that are not group markers and keep groups folded
 *   (the rules above).
 */
export interface UiLogDialect {
  /** `every_event`: line = API index; `skip_group_markers`: line = non-marker events before it. */
  numbering: 'every_event' | 'skip_group_markers';
  /** True when the log view opens every group when the page's URL has a `#N`. */
  groupsOpenWithHash: boolean;
  /** Set on Airflow 2, whose log view is the grid's log tab (`AIRFLOW2_UI_LOG_DIALECT`); the
   * links then point there. Absent on Airflow 3 (the task instance page). */
  logView?: 'airflow2_grid';
}

/** Airflow 3.2 and 3.3 (3.3.2 is the version the line rules were first read from), and the default. */
export const CURRENT_UI_LOG_DIALECT: UiLogDialect = { numbering: 'skip_group_markers', groupsOpenWithHash: false };

/**
 * Airflow 2 (read from the 2.10.5 UI sources shipped in the wheel, `airflow/www/static/js/dag/
 * details/taskInstance/Logs/{index,LogBlock,utils}.tsx`, and checked in headless Chromium on the
 * rig's runs: `ui-log-lines.airflow2.test.ts`). The grid's log tab fetches the plain-text log
 * (`GET api/v1/…/logs/{try}`, `Accept: text/plain`; the same text with or without `full_content`
 * for a finished try), splits it on `\n` and renders EVERY line, in order, joined by `\n`, into
 * one `<code>` block (no rows, no numbers, no anchors): the first line is the worker's host name,
 * `*** Found local files` headers are ordinary lines. A ` INFO - ::group::NAME` line becomes a
 * "▶ NAME" header and the lines up to ` INFO - ::endgroup::` go into a `display:none` span (folded
 * by default; the URL never opens them). So the line a user sees for line N of the text (0-based)
 * is the N-th line of the block, markers included: `every_event` numbering, folded groups. The
 * level and file-source filters (off by default, kept in React state only) drop lines; a citation
 * assumes the default view. The UI has no `#N` of its own: the links carry one that the grid keeps
 * and the extension's content script reveals (lib/airflow/airflow2-log-view.ts).
 */
export const AIRFLOW2_UI_LOG_DIALECT: UiLogDialect = { numbering: 'every_event', groupsOpenWithHash: false, logView: 'airflow2_grid' };

export function uiLogDialectOf(version: string | null): UiLogDialect {
  if (/^2\./.test(version ?? '')) return AIRFLOW2_UI_LOG_DIALECT;
  const parts = /^3\.(\d+)\./.exec(version ?? '');
  if (!parts) return CURRENT_UI_LOG_DIALECT;
  const minor = Number(parts[1]);
  if (minor === 0) return { numbering: 'every_event', groupsOpenWithHash: true };
  if (minor === 1) return { numbering: 'every_event', groupsOpenWithHash: false };
  return CURRENT_UI_LOG_DIALECT;
}

// The worker learns each instance's version once (instance-version.ts) and notes it here, so the
// log readers, which know only the instance URL, number lines as that instance's UI does.
const dialects = new Map<string, UiLogDialect>();

export function noteInstanceVersion(instanceUrl: string, version: string | null): void {
  if (version !== null) dialects.set(withSlash(instanceUrl), uiLogDialectOf(version));
}

export function uiLogDialectFor(instanceUrl: string): UiLogDialect {
  return dialects.get(withSlash(instanceUrl)) ?? CURRENT_UI_LOG_DIALECT;
}

// ---------------------------------------------------------------------------------------------
// The streaming numbering

/** The group markers the UI looks for (plain substring match, as in the UI). */
const GROUP_START = '::group::';
const GROUP_END = '::endgroup::';
/** Keys the UI never shows as `key=value` (`renderStructuredLog`, task identity keys). */
const IDENTITY_KEYS = ['ti_id', 'dag_id', 'task_id', 'run_id', 'try_number', 'map_index'];
/** Keys hidden while "show source" is off (the default: localStorage `log_show_source`). */
const SOURCE_KEYS = ['logger', 'chan', 'lineno', 'filename', 'loc'];
/** Open group names kept, so a log that never closes its groups stays small. */
const MAX_GROUP_NAMES = 16;

export interface UiLogOptions {
  /** How the instance's Airflow version numbers and folds its log (default: 3.3's, described above). */
  dialect?: UiLogDialect;
  /** The viewer's "show source" toggle (default off, as in the UI). Only affects which extra
   * fields can turn a row into a group header; line numbers never depend on it. */
  showSource?: boolean;
}

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
  /** The groups around the event, outermost first (for a `::group::` header: the groups it opens
   * and is nested in; for `::endgroup::`: the groups it closes and is in). Shared between events. */
  readonly groups: readonly string[];
  /** The event's own number, or null for a marker. */
  readonly ownLine: number | null;
  readonly linkable: boolean;
  readonly next: NextTopLevelLine | null;
  readonly fallback: number | null;
  /** Its row among all rows (before the "Task Identity" row is placed), or -1 for no row. */
  readonly row: number;
  /** Its row among the visible rows (before the "Task Identity" row is placed), or -1. */
  readonly visibleRow: number;
}

export interface UiLineTracker {
  /**
   * Registers the next event (in order) and returns where its link points. `event` is a log
   * event as the API returns it (a structured record or a plain string), or just its text; a
   * record's extra fields are then also searched for group markers, as the UI does (rule 2).
   * `undefined` (or a record without a string `event`) is an event the UI cannot show.
   */
  add(event: unknown): UiLineRef;
  /** Same as `add` for an event known not to be a group marker (no `::` in any of its text). */
  addLine(): UiLineRef;
  /** The `#N` for an event, once the log is complete (or as far as it has been read). */
  resolve(ref: UiLineRef): number | null;
  /** The event's `data-index` among the visible rows (as far as the log has been read), or null. */
  rowIndex(ref: UiLineRef): number | null;
  /** False when some event has no text: the UI then shows "Unable to show logs" and no link works. */
  readonly renderable: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The part of the rendered row text that could contain a marker. The UI turns the rendered row
 * to text (react-element-to-text) and tests `includes("::group::")`, so a marker in a displayed
 * extra field also makes a header. Timestamp and level cannot contain one and are left out.
 */
function renderedText(e: Record<string, unknown>, event: string, showSource: boolean): string {
  const { event: _event, level: _level, timestamp: _ts, error_detail: errorDetail, ...rest } = e;
  let text = event;
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

/**
 * `dialect`: how the instance's Airflow version numbers and folds its log; on 3.0-3.1 every
 * event is numbered by its index, and on 3.0 a `#N` link opens every group, so nothing is folded
 * away from a citation.
 */
export function createUiLineTracker(dialect: UiLogDialect = CURRENT_UI_LOG_DIALECT, options: { showSource?: boolean } = {}): UiLineTracker {
  const everyEvent = dialect.numbering === 'every_event';
  const open = dialect.groupsOpenWithHash;
  const showSource = options.showSource ?? false;
  let counter = 0;
  // Open group names, outermost first (copied on change: refs share it).
  let path: readonly string[] = [];
  let depth = 0;
  let renderable = true;
  let lastTopLevelLine: number | null = null;
  let next: NextTopLevelLine = { line: null, waiting: false };
  // For the current outermost group: the last numbered line outside groups before its header.
  let groupFallback: number | null = null;
  let rows = 0;
  let visibleRows = 0;
  // The "Task Identity" row (rule 2): whether some event carries an identity key, and the row of
  // the first "Pre Execute" header (-1: none yet) and whether that header is in view.
  let identityFound = false;
  let preExecuteRow = -1;

  const innermost = () => (depth > 0 ? (path[Math.min(depth, MAX_GROUP_NAMES) - 1] ?? null) : null);
  const newRow = (visible: boolean): [number, number] => [rows++, visible ? visibleRows++ : -1];

  function folded(ownLine: number | null, marker: boolean, row = -1, visibleRow = -1): UiLineRef {
    next.waiting = true;
    const fallback = depth > 0 ? groupFallback : lastTopLevelLine;
    return { marker, group: innermost(), groups: path, ownLine, linkable: false, next, fallback, row, visibleRow };
  }

  function addLine(): UiLineRef {
    const line = counter++;
    const [row, visibleRow] = newRow(depth === 0 || open);
    if (depth > 0 && !open) return folded(line, false, row, visibleRow);
    if (depth === 0) lastTopLevelLine = line;
    // Only allocate a new cell when a folded event is waiting for this line.
    if (next.waiting) {
      next.line = line;
      next = { line: null, waiting: false };
    }
    return { marker: false, group: innermost(), groups: path, ownLine: line, linkable: true, next: null, fallback: null, row, visibleRow };
  }

  function add(event: unknown): UiLineRef {
    // The number goes by the event's own text (rule 1), the rows by its rendered text (rule 2).
    const record = isRecord(event) ? event : null;
    const text = record ? record.event : event;
    if (typeof text !== 'string') {
      renderable = false;
      return { marker: false, group: innermost(), groups: path, ownLine: null, linkable: false, next: null, fallback: null, row: -1, visibleRow: -1 };
    }
    if (record && !identityFound) identityFound = IDENTITY_KEYS.some((k) => Object.hasOwn(record, k) && record[k] !== undefined);
    const marker = text.includes(GROUP_START) || text.includes(GROUP_END);
    const grouping = record ? renderedText(record, text, showSource) : text;
    if (!grouping.includes(GROUP_START) && !grouping.includes(GROUP_END)) return addLine();
    const ownLine = marker ? null : counter;
    if (everyEvent || !marker) counter += 1;
    if (grouping.includes(GROUP_START)) {
      if (depth === 0) groupFallback = lastTopLevelLine;
      const [row, visibleRow] = newRow(depth === 0 || open);
      const name = grouping.slice(grouping.indexOf(GROUP_START) + GROUP_START.length).trim();
      if (preExecuteRow < 0 && name.startsWith('Pre Execute')) preExecuteRow = row;
      if (depth < MAX_GROUP_NAMES) path = [...path.slice(0, depth), name];
      depth += 1;
      return folded(ownLine, marker, row, visibleRow);
    }
    const ref = folded(ownLine, marker);
    if (depth > 0) {
      depth -= 1;
      if (depth < path.length) path = path.slice(0, depth);
    }
    return ref;
  }

  return {
    add,
    addLine,
    resolve(ref) {
      if (!renderable) return null;
      if (ref.linkable) return ref.ownLine;
      return ref.next?.line ?? ref.fallback;
    },
    rowIndex(ref) {
      if (!renderable || ref.visibleRow < 0) return null;
      // The identity row is in view when it goes to row 0 (no "Pre Execute" header) or groups are open.
      const identityVisible = identityFound && (preExecuteRow < 0 || open);
      return identityVisible && ref.row > preExecuteRow ? ref.visibleRow + 1 : ref.visibleRow;
    },
    get renderable() {
      return renderable;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Whole-log questions

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

interface TrackedLog {
  tracker: UiLineTracker;
  refs: UiLineRef[];
}

const trackedLogs = new WeakMap<readonly unknown[], Map<string, TrackedLog>>();

/** The whole log through the tracker, once per content array and options. */
function tracked(content: readonly unknown[], opts: UiLogOptions): TrackedLog {
  const dialect = opts.dialect ?? CURRENT_UI_LOG_DIALECT;
  const showSource = opts.showSource ?? false;
  const key = `${showSource}:${dialect.numbering}:${dialect.groupsOpenWithHash}`;
  let byOptions = trackedLogs.get(content);
  const hit = byOptions?.get(key);
  if (hit) return hit;
  const tracker = createUiLineTracker(dialect, { showSource });
  const log = { tracker, refs: content.map((e) => tracker.add(e)) };
  if (!byOptions) trackedLogs.set(content, (byOptions = new Map()));
  byOptions.set(key, log);
  return log;
}

function refAt(content: readonly unknown[], apiIndex: number, opts: UiLogOptions): { log: TrackedLog; ref: UiLineRef } | null {
  if (!Array.isArray(content) || !Number.isInteger(apiIndex) || apiIndex < 0 || apiIndex >= content.length) return null;
  const log = tracked(content, opts);
  // The UI cannot show the log: it throws on an event without a string `event` ("Unable to show logs").
  if (!log.tracker.renderable) return null;
  return { log, ref: log.refs[apiIndex]! };
}

/** Where the event at 0-based `apiIndex` of `content` appears in the log viewer (default view). */
export function uiLogLocation(content: readonly unknown[], apiIndex: number, opts: UiLogOptions = {}): UiLogLocation | null {
  const found = refAt(content, apiIndex, opts);
  if (!found) return null;
  const { log, ref } = found;
  return { lineNumber: ref.ownLine, rowIndex: log.tracker.rowIndex(ref), linkable: ref.linkable, groups: [...ref.groups] };
}

/**
 * The number the UI shows and links (`<a id="N">`, `…#N`) for the event at 0-based `apiIndex`,
 * when `#N` actually lands on it: null if the event is a group marker, is folded inside a
 * (collapsed by default) group, or the UI cannot render the log. Use `nearestUiLogLine` then.
 */
export function uiLogLineNumber(content: readonly unknown[], apiIndex: number, opts: UiLogOptions = {}): number | null {
  const ref = refAt(content, apiIndex, opts)?.ref;
  return ref?.linkable ? ref.ownLine : null;
}

/**
 * A `#N` that lands next to the event even when it is folded away (rule 4). For a linkable
 * event it equals `uiLogLineNumber`. Null if the log has no visible numbered line at all.
 */
export function nearestUiLogLine(content: readonly unknown[], apiIndex: number, opts: UiLogOptions = {}): number | null {
  const found = refAt(content, apiIndex, opts);
  return found ? found.log.tracker.resolve(found.ref) : null;
}

/**
 * The 0-based index in the log API's `content` of each UI line number, or null where the log has
 * no such line: the inverse of the numbering. UI line N is the N-th event (from 0) that is not a
 * `::group::`/`::endgroup::` marker, whether or not its group is folded (on Airflow 3.0-3.1: the
 * N-th event, markers included).
 */
export function apiIndexesForUiLines(content: readonly unknown[], uiLines: readonly number[], dialect?: UiLogDialect): Array<number | null> {
  const wanted = new Set(uiLines);
  const found = new Map<number, number>();
  for (let i = 0; i < content.length && found.size < wanted.size; i += 1) {
    const line = uiLogLocation(content, i, { dialect })?.lineNumber;
    if (line !== null && line !== undefined && wanted.has(line)) found.set(line, i);
  }
  return uiLines.map((line) => found.get(line) ?? null);
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

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/**
 * Airflow 2: `{base}dags/{dag}/grid?dag_run_id={run}&task_id={task}[&map_index={i}]&tab=logs`, the
 * grid with the task instance selected and its log tab open (the keys of the grid's own selection,
 * `dag/useSelection.ts`, and tab, `TAB_PARAM` of `dag/details/index.tsx`; checked on 2.10.5: it
 * opens that instance's log, the latest try). The grid keeps other query keys and the hash.
 */
function airflow2GridLogTabUrl(base: string, ids: TaskInstanceIds, mapIndex: number | null, tab: 'logs' | 'code' | 'event_log' = 'logs'): string {
  return (
    `${base}dags/${encodeURIComponent(ids.dagId)}/grid?dag_run_id=${encodeURIComponent(ids.runId)}` +
    `&task_id=${encodeURIComponent(ids.taskId)}${mapIndex !== null ? `&map_index=${mapIndex}` : ''}&tab=${tab}`
  );
}

/** The map index of a mapped task instance; null for an unmapped one (-1, or none given). */
function mappedIndexOf(ids: TaskInstanceIds): number | null {
  const { mapIndex } = ids;
  return mapIndex !== undefined && mapIndex !== null && Number.isInteger(mapIndex) && mapIndex >= 0 ? mapIndex : null;
}

/**
 * `{base}dags/{dag}/runs/{run}/tasks/{task}[/mapped/{i}]`, the task instance page (its default
 * tab is Logs), as the UI's own link helper [zG] builds it (the UI does not encode; the router decodes
 * params, checked with an encoded run id on the rig). Each id is percent-encoded
 * (run ids hold `:` and `+`); `instanceUrl` is the UI base, e.g. `http://host/` or
 * `https://host/airflow/` (a missing trailing slash is added).
 */
export function taskInstanceUiUrl(instanceUrl: string, ids: TaskInstanceIds): string {
  const base = withSlash(instanceUrl);
  const mapIndex = mappedIndexOf(ids);
  if (uiLogDialectFor(instanceUrl).logView === 'airflow2_grid') return airflow2GridLogTabUrl(base, ids, mapIndex);
  const mapped = mapIndex !== null ? `/mapped/${mapIndex}` : '';
  return (
    `${base}dags/${encodeURIComponent(ids.dagId)}/runs/${encodeURIComponent(ids.runId)}` +
    `/tasks/${encodeURIComponent(ids.taskId)}${mapped}`
  );
}

/**
 * Another tab of the task instance page: its Dag's code or its audit log. Airflow 3 puts the tab
 * in the path (`…/tasks/{task}/code`, `…/events`); Airflow 2's grid in its `tab` key (`code`,
 * `event_log`), with the same selection.
 */
export function taskInstanceTabUiUrl(instanceUrl: string, ids: TaskInstanceIds, tab: 'code' | 'events'): string {
  const mapIndex = mappedIndexOf(ids);
  if (uiLogDialectFor(instanceUrl).logView === 'airflow2_grid') return airflow2GridLogTabUrl(withSlash(instanceUrl), ids, mapIndex, tab === 'events' ? 'event_log' : 'code');
  return `${taskInstanceUiUrl(instanceUrl, ids)}/${tab}`;
}

/**
 * `{task instance page}?try_number=N#L`, the same shape as the UI's line links. `uiLine` must
 * be a UI line number (`uiLogLineNumber` / `nearestUiLogLine`), not an API index; with null the
 * link has no `#` (the UI then opens scrolled to the end of the log).
 *
 * Airflow 2 (`AIRFLOW2_UI_LOG_DIALECT`): `{grid log tab}&try_number=N#L`. The grid reads neither
 * (it shows the latest try, at the end of the log) but keeps both in the URL on load (checked on
 * 2.10.5); the extension's content script then selects try N with the grid's own try button and
 * reveals line L (lib/airflow/airflow2-log-view.ts).
 */
export function logLineUiUrl(
  instanceUrl: string,
  ids: TaskInstanceIds,
  tryNumber: number,
  uiLine: number | null,
): string {
  const separator = uiLogDialectFor(instanceUrl).logView === 'airflow2_grid' ? '&' : '?';
  const url = `${taskInstanceUiUrl(instanceUrl, ids)}${separator}try_number=${encodeURIComponent(String(tryNumber))}`;
  return uiLine === null || !Number.isInteger(uiLine) || uiLine < 0 ? url : `${url}#${uiLine}`;
}
