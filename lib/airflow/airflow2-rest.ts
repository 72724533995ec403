// Airflow 2 behind the Airflow 3 shapes: every reader of Airflow (the MCP tools, the log triage,
// the page facts) builds `api/v2/…` paths and reads the v2 shapes of rest-types.ts. For an
// Airflow 2 instance, this client takes those same requests, asks Airflow 2's `api/v1/` (through
// the guarded GET-only client) and answers in the v2 shapes, so no caller needs a version branch.
// Where v1 has no equivalent it fails with a sentence for the user, never with a guessed answer.
// Checked against a running Airflow 2.10.5 (its /api/v1/openapi.yaml and real answers, kept in
// __fixtures__/airflow2-rest/).
import { AirflowApiError, ReadOnlyViolation, apiV1Path, type AirflowClient, type AirflowGetOptions, type AirflowQuery, type AirflowStream, type AirflowStreamOptions } from './api-client';
import type { Dag, DagDetails, DagRun, TaskInstance, XComEntry } from './rest-types';

// ---- The v1 shapes (Airflow 2.10 `api/v1`), the parts read here ----

export interface V1TimeDelta {
  __type?: string;
  days?: number;
  seconds?: number;
  microseconds?: number;
}

export interface V1Dag {
  dag_id: string;
  dag_display_name?: string;
  is_paused: boolean | null;
  is_active?: boolean | null;
  description?: string | null;
  owners?: string[];
  tags?: { name: string }[] | null;
  /** `{__type: 'CronExpression', value}`, a `TimeDelta`, a `RelativeDelta`, or null (timetables, datasets). */
  schedule_interval?: ({ __type?: string; value?: string } & V1TimeDelta) | null;
  timetable_summary?: string | null;
  timetable_description?: string | null;
  fileloc?: string;
  file_token?: string;
  has_import_errors?: boolean | null;
  next_dagrun_create_after?: string | null;
  last_parsed_time?: string | null;
}

export interface V1DagDetails
  extends V1Dag,
    Pick<DagDetails, 'doc_md' | 'start_date' | 'end_date' | 'catchup' | 'max_active_runs' | 'max_active_tasks' | 'timezone' | 'params' | 'default_args' | 'last_parsed'> {
  dag_run_timeout?: V1TimeDelta | null;
}

export interface V1DagRun {
  dag_run_id: string;
  dag_id: string;
  state: string;
  run_type: string;
  execution_date?: string | null;
  logical_date?: string | null;
  data_interval_end?: string | null;
  queued_at?: string | null;
  start_date?: string | null;
  end_date?: string | null;
  external_trigger?: boolean;
  conf?: Record<string, unknown> | null;
  note?: string | null;
}

export interface V1TaskInstance {
  task_id: string;
  dag_id: string;
  dag_run_id: string;
  map_index: number;
  rendered_map_index?: string | null;
  execution_date?: string | null;
  state: string | null;
  try_number: number;
  max_tries?: number;
  start_date?: string | null;
  end_date?: string | null;
  duration?: number | null;
  operator?: string | null;
  hostname?: string | null;
  pool?: string;
  queue?: string | null;
  executor?: string | null;
  note?: string | null;
}

export interface V1XComEntry {
  key: string;
  timestamp: string;
  execution_date?: string | null;
  map_index: number;
  task_id: string;
  dag_id: string;
  value?: unknown;
}

// ---- Mappings of v1 answers to the v2 shapes ----

/** What a v2 `timetable_summary` says, from v1's `schedule_interval` (2.10 sends no summary). */
export function scheduleSummary(schedule: V1Dag['schedule_interval']): string | null {
  if (!schedule) return null;
  if (typeof schedule.value === 'string') return schedule.value;
  if (schedule.__type === 'TimeDelta') return isoDuration(schedule);
  return schedule.__type ?? null;
}

/** A v1 `TimeDelta` object as the ISO 8601 duration v2 sends (`P1DT3600S`). */
export function isoDuration(delta: V1TimeDelta | null | undefined): string | null {
  if (!delta) return null;
  const seconds = (delta.seconds ?? 0) + (delta.microseconds ?? 0) / 1e6;
  return `P${delta.days ?? 0}DT${seconds}S`;
}

export function dagFromV1(dag: V1Dag): Dag {
  return {
    dag_id: dag.dag_id,
    ...(dag.dag_display_name !== undefined ? { dag_display_name: dag.dag_display_name } : {}),
    is_paused: dag.is_paused ?? false,
    // v1 `is_active: false` is what v2 calls stale: the file is gone from the Dags folder.
    is_stale: dag.is_active === false,
    description: dag.description ?? null,
    owners: dag.owners ?? [],
    tags: dag.tags ?? [],
    timetable_summary: dag.timetable_summary ?? scheduleSummary(dag.schedule_interval),
    timetable_description: dag.timetable_description ?? null,
    ...(dag.fileloc !== undefined ? { fileloc: dag.fileloc } : {}),
    // Airflow 2 has no bundles: its import errors name the file by the absolute path, so that is
    // the path the import error filter (below) matches.
    relative_fileloc: dag.fileloc ?? null,
    bundle_name: null,
    has_import_errors: dag.has_import_errors ?? false,
    next_dagrun_run_after: dag.next_dagrun_create_after ?? null,
    last_parsed_time: dag.last_parsed_time ?? null,
  };
}

export function dagDetailsFromV1(dag: V1DagDetails): DagDetails {
  return {
    ...dagFromV1(dag),
    doc_md: dag.doc_md ?? null,
    start_date: dag.start_date ?? null,
    end_date: dag.end_date ?? null,
    ...(dag.catchup !== undefined ? { catchup: dag.catchup } : {}),
    max_active_runs: dag.max_active_runs ?? null,
    ...(dag.max_active_tasks !== undefined ? { max_active_tasks: dag.max_active_tasks } : {}),
    dag_run_timeout: isoDuration(dag.dag_run_timeout),
    timezone: dag.timezone ?? null,
    params: dag.params ?? null,
    default_args: dag.default_args ?? null,
    last_parsed: dag.last_parsed ?? dag.last_parsed_time ?? null,
  };
}

/**
 * v1 has no `run_after` (when a run became due). In Airflow 2 the scheduler creates a run when
 * its data interval ends, so `data_interval_end` is that moment; a manual run's interval ends at
 * its logical date. v1 has no `duration` either: it is the time from start to end, as in v2.
 */
export function dagRunFromV1(run: V1DagRun): DagRun & { conf?: Record<string, unknown> | null } {
  const logicalDate = run.logical_date ?? run.execution_date ?? null;
  return {
    dag_run_id: run.dag_run_id,
    dag_id: run.dag_id,
    state: run.state,
    run_type: run.run_type,
    logical_date: logicalDate,
    run_after: run.data_interval_end ?? logicalDate,
    queued_at: run.queued_at ?? null,
    start_date: run.start_date ?? null,
    end_date: run.end_date ?? null,
    duration: secondsBetween(run.start_date, run.end_date),
    // v1 says only whether a run was triggered from outside (`external_trigger`), not by what.
    triggered_by: null,
    note: run.note ?? null,
    conf: run.conf ?? null,
  };
}

function secondsBetween(start: string | null | undefined, end: string | null | undefined): number | null {
  if (!start || !end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** v1's task instance, without what v2 readers do not read (its `rendered_fields` may hold secrets). */
export function taskInstanceFromV1(ti: V1TaskInstance): TaskInstance & { logical_date: string | null; note: string | null } {
  return {
    task_id: ti.task_id,
    dag_id: ti.dag_id,
    dag_run_id: ti.dag_run_id,
    map_index: ti.map_index,
    rendered_map_index: ti.rendered_map_index ?? null,
    logical_date: ti.execution_date ?? null,
    state: ti.state,
    try_number: ti.try_number,
    ...(ti.max_tries !== undefined ? { max_tries: ti.max_tries } : {}),
    start_date: ti.start_date ?? null,
    end_date: ti.end_date ?? null,
    duration: ti.duration ?? null,
    // v1 names the operator's class only (`_PythonDecoratedOperator`); v2's `operator_name` ("@task") is unknown.
    operator: ti.operator ?? null,
    hostname: ti.hostname ?? null,
    ...(ti.pool !== undefined ? { pool: ti.pool } : {}),
    queue: ti.queue ?? null,
    executor: ti.executor ?? null,
    note: ti.note ?? null,
  };
}

export interface V1Task {
  task_id: string;
  class_ref?: { class_name?: string; module_path?: string } | null;
  [field: string]: unknown;
}

/**
 * v1's task has the fields the triage reads (downstream_task_ids, trigger_rule, retries,
 * execution_timeout as a TimeDelta object with v2's days/seconds/microseconds, is_mapped) but
 * names its operator only by class: that is the `operator_name` it gets.
 */
export function taskFromV1(task: V1Task): V1Task & { operator_name: string | null } {
  return { ...task, operator_name: task.class_ref?.class_name ?? null };
}

/** v1 XCom entries carry no run id, only the run's logical date: the run id comes from the request. */
export function xcomEntryFromV1(entry: V1XComEntry, runId: string): XComEntry {
  return {
    key: entry.key,
    timestamp: entry.timestamp,
    logical_date: entry.execution_date ?? null,
    map_index: entry.map_index,
    task_id: entry.task_id,
    dag_id: entry.dag_id,
    run_id: runId,
    ...('value' in entry ? { value: entry.value } : {}),
  };
}

// ---- The translating client ----

const V2_ROOT = 'api/v2/';
/** The most entries read to filter on this side where v1 cannot filter (import errors, connections, variables). */
export const CLIENT_SIDE_FILTER_MAX = 1000;
const V1_PAGE = 100;

type Page = Record<string, unknown> & { total_entries: number };

/** An AirflowClient that speaks v2 to its callers and v1 (through `v1`, a client made with `api: 'v1'`) to Airflow 2. */
export function createAirflow2Client(v1: AirflowClient): AirflowClient {
  async function get<T>(path: string, query?: AirflowQuery, options: AirflowGetOptions = {}): Promise<T> {
    return (await translateGet(v1, path, query ?? {}, options)) as T;
  }
  async function getStream(path: string, query: AirflowQuery | undefined, options: AirflowStreamOptions): Promise<AirflowStream> {
    const segments = v2Segments(path);
    const ids = logIds(segments);
    if (!ids) throw noEquivalent(path);
    refuseUnknown(path, query ?? {}, ['map_index', 'full_content']);
    // v1 streams no NDJSON, and its JSON page is a Python repr of (host, text) pairs: the plain
    // text is the log as written, which the readers' text path reads line by line.
    return v1.getStream(logPathV1(ids), { map_index: query?.map_index, full_content: query?.full_content }, { ...options, accept: 'text/plain' });
  }
  return Object.freeze({ baseUrl: v1.baseUrl, get, getStream, ...(v1.readOnce ? { readOnce: v1.readOnce } : {}) });
}

interface LogIds {
  dagId: string;
  runId: string;
  taskId: string;
  tryNumber: string;
}

function logIds(s: string[]): LogIds | null {
  if (s.length === 8 && s[0] === 'dags' && s[2] === 'dagRuns' && s[4] === 'taskInstances' && s[6] === 'logs') {
    return { dagId: s[1]!, runId: s[3]!, taskId: s[5]!, tryNumber: s[7]! };
  }
  return null;
}

function logPathV1(ids: LogIds): string {
  return apiV1Path`dags/${ids.dagId}/dagRuns/${ids.runId}/taskInstances/${ids.taskId}/logs/${ids.tryNumber}`;
}

/** The decoded segments of a v2 path; anything else is refused as the v2 client would. */
function v2Segments(path: string): string[] {
  if (!path.startsWith(V2_ROOT) || /[?#\\]/.test(path)) throw new ReadOnlyViolation(path, `only ${V2_ROOT}* may be requested`);
  const segments = path.slice(V2_ROOT.length).split('/').map((segment) => decodeURIComponent(segment));
  if (segments[0]?.toLowerCase() === 'auth') throw new ReadOnlyViolation(path, `${V2_ROOT}auth/* handles login and logout`);
  return segments;
}

function noEquivalent(path: string, what = 'this'): AirflowApiError {
  return new AirflowApiError('bad_request', `Airflow 2 cannot answer ${what}: its REST API (api/v1) has no equivalent of ${path.split('/').slice(2).join('/')}.`, path);
}

/** What to say when v1 lacks a filter a tool may send; words for the user and the model. */
const MISSING_FILTERS: Record<string, string> = {
  last_dag_run_state: 'Airflow 2 cannot list Dags by the state of their last run; list the failed Dag runs of all Dags instead (dag_id "~", state failed).',
  run_after_gte: 'Airflow 2 cannot filter Dag runs by when they became due (run_after); ask without the date range and read the dates of the newest runs.',
  run_after_lte: 'Airflow 2 cannot filter Dag runs by when they became due (run_after); ask without the date range and read the dates of the newest runs.',
};

/** Fails on a query parameter this translation does not carry over, rather than silently dropping a filter. */
function refuseUnknown(path: string, query: AirflowQuery, known: readonly string[]): void {
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || known.includes(key)) continue;
    throw new AirflowApiError('bad_request', MISSING_FILTERS[key] ?? `Airflow 2 cannot filter by ${key} (its REST API api/v1 has no such filter); ask without it.`, path);
  }
}

function pick(query: AirflowQuery, keys: readonly string[]): AirflowQuery {
  return Object.fromEntries(keys.filter((key) => query[key] !== undefined).map((key) => [key, query[key]]));
}

/** v2's sort keys that v1 names differently: runs sort by `execution_date` (same order as run_after for one Dag's runs). */
function orderByV1(orderBy: AirflowQuery[string]): AirflowQuery[string] {
  if (typeof orderBy !== 'string') return orderBy;
  return orderBy.replace(/^(-?)(run_after|logical_date)$/, '$1execution_date');
}

const PAGING = ['limit', 'offset'] as const;

async function translateGet(v1: AirflowClient, path: string, query: AirflowQuery, options: AirflowGetOptions): Promise<unknown> {
  const s = v2Segments(path);
  const read = <T>(v1Path: string, v1Query?: AirflowQuery) => v1.get<T>(v1Path, v1Query, options);
  const known = (keys: readonly string[]) => refuseUnknown(path, query, keys);
  const [head, dagId, runs, runId, tis, taskId, ...rest] = s;

  if (s.length === 1 && head === 'version') return read(apiV1Path`version`);
  if (s.length === 2 && head === 'monitor' && s[1] === 'health') return read(apiV1Path`health`);

  if (head === 'dags' && s.length === 1) {
    known(['dag_id_pattern', 'tags', 'paused', 'order_by', ...PAGING]);
    const page = await read<Page & { dags: V1Dag[] }>(apiV1Path`dags`, pick(query, ['dag_id_pattern', 'tags', 'paused', 'order_by', ...PAGING]));
    return { total_entries: page.total_entries, dags: page.dags.map(dagFromV1) };
  }
  if (head === 'dags' && dagId !== undefined && s.length === 2) {
    known([]);
    return dagFromV1(await read<V1Dag>(apiV1Path`dags/${dagId}`));
  }
  if (head === 'dags' && dagId !== undefined && s.length === 3 && runs === 'details') {
    known([]);
    return dagDetailsFromV1(await read<V1DagDetails>(apiV1Path`dags/${dagId}/details`));
  }
  if (head === 'dags' && dagId !== undefined && s.length === 3 && runs === 'tasks') {
    known(['order_by']);
    const page = await read<{ tasks: V1Task[]; total_entries?: number }>(apiV1Path`dags/${dagId}/tasks`, pick(query, ['order_by']));
    return { ...page, tasks: page.tasks.map(taskFromV1) };
  }
  if (head === 'dags' && dagId !== undefined && runs === 'dagRuns' && s.length === 3) {
    known(['state', 'order_by', ...PAGING]);
    const page = await read<Page & { dag_runs: V1DagRun[] }>(apiV1Path`dags/${dagId}/dagRuns`, {
      ...pick(query, ['state', ...PAGING]),
      order_by: orderByV1(query.order_by),
    });
    return { total_entries: page.total_entries, dag_runs: page.dag_runs.map(dagRunFromV1) };
  }
  if (head === 'dags' && dagId !== undefined && runs === 'dagRuns' && runId !== undefined && s.length === 4) {
    known([]);
    return dagRunFromV1(await read<V1DagRun>(apiV1Path`dags/${dagId}/dagRuns/${runId}`));
  }
  if (head === 'dags' && dagId !== undefined && runs === 'dagRuns' && runId !== undefined && tis === 'taskInstances') {
    const base = apiV1Path`dags/${dagId}/dagRuns/${runId}/taskInstances`;
    if (s.length === 5) {
      known(['state', ...PAGING]);
      const page = await read<Page & { task_instances: V1TaskInstance[] }>(base, pick(query, ['state', ...PAGING]));
      return { total_entries: page.total_entries, task_instances: page.task_instances.map(taskInstanceFromV1) };
    }
    if (taskId === undefined) throw noEquivalent(path);
    const task = apiV1Path`dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}`;
    // `…/{task_id}`, `…/{task_id}/{map_index}`, each with `/tries`: the same paths in 2.10.
    const mapped = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? rest[0] : null;
    const after = mapped === null ? rest : rest.slice(1);
    const tiPath = mapped === null ? task : apiV1Path`dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/${mapped}`;
    if (after.length === 0) {
      known([]);
      return taskInstanceFromV1(await read<V1TaskInstance>(tiPath));
    }
    if (after.length === 1 && after[0] === 'tries') {
      known(PAGING);
      const page = await read<Page & { task_instances: V1TaskInstance[] }>(`${tiPath}/tries`, pick(query, PAGING));
      return { total_entries: page.total_entries, task_instances: page.task_instances.map(taskInstanceFromV1) };
    }
    if (mapped === null && after.length === 2 && after[0] === 'logs') return readLogPage(v1, path, s, query, options);
    if (mapped === null && after[0] === 'xcomEntries' && after.length <= 2) {
      if (runId === '~') throw new AirflowApiError('bad_request', 'Airflow 2 names XCom entries by the logical date of their run, not its id: give the run id.', path);
      if (after.length === 1) {
        known(['map_index', 'xcom_key', ...PAGING]);
        const page = await read<Page & { xcom_entries: V1XComEntry[] }>(`${task}/xcomEntries`, pick(query, ['map_index', 'xcom_key', ...PAGING]));
        return { total_entries: page.total_entries, xcom_entries: page.xcom_entries.map((entry) => xcomEntryFromV1(entry, runId)) };
      }
      known(['map_index']);
      const entry = await read<V1XComEntry>(apiV1Path`dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/xcomEntries/${after[1]!}`, pick(query, ['map_index']));
      return xcomEntryFromV1(entry, runId);
    }
    throw noEquivalent(path);
  }
  if (head === 'dagSources' && dagId !== undefined && s.length === 2) {
    if (query.version_number !== undefined && query.version_number !== null) {
      throw new AirflowApiError('bad_request', 'Airflow 2 keeps no Dag versions: ask for the source without a version number (the current file).', path);
    }
    // v1 serves a Dag's file by the Dag's `file_token`, not by its id: two reads.
    const dag = await read<V1Dag>(apiV1Path`dags/${dagId}`);
    if (!dag.file_token) throw new AirflowApiError('not_found', `Airflow 2 gave no source file for Dag ${dagId}.`, path);
    const source = await read<{ content: string | null }>(apiV1Path`dagSources/${dag.file_token}`);
    return { dag_id: dagId, content: source.content ?? null, version_number: null };
  }
  if (head === 'importErrors' && s.length === 1) {
    known(['filename', 'filename_pattern', 'order_by', ...PAGING]);
    const filename = typeof query.filename === 'string' ? query.filename : null;
    const pattern = typeof query.filename_pattern === 'string' ? likeMatcher(query.filename_pattern) : null;
    if (!filename && !pattern) return read(apiV1Path`importErrors`, pick(query, ['order_by', ...PAGING]));
    return filteredPage(v1, path, apiV1Path`importErrors`, 'import_errors', query, options, (error: { filename: string }) =>
      filename ? error.filename === filename : pattern!(error.filename),
    );
  }
  if (head === 'dagWarnings' && s.length === 1) {
    known(['dag_id', 'warning_type', 'order_by', ...PAGING]);
    return read(apiV1Path`dagWarnings`, pick(query, ['dag_id', 'warning_type', 'order_by', ...PAGING]));
  }
  if (head === 'eventLogs' && s.length === 1) {
    const filters = ['dag_id', 'task_id', 'run_id', 'map_index', 'try_number', 'event', 'owner', 'before', 'after', 'order_by', ...PAGING];
    known(filters);
    // The same filters and fields in v1 (2.10).
    return read(apiV1Path`eventLogs`, pick(query, filters));
  }
  if (head === 'connections' && s.length === 1) {
    known(['connection_id_pattern', 'order_by', ...PAGING]);
    const pattern = typeof query.connection_id_pattern === 'string' ? likeMatcher(query.connection_id_pattern) : () => true;
    // Only what the tool passes on: never login, password or extra.
    const page = await filteredPage(v1, path, apiV1Path`connections`, 'connections', query, options, (c: { connection_id: string }) => pattern(c.connection_id));
    return { ...page, connections: (page.connections as Record<string, unknown>[]).map(({ connection_id, conn_type, description, host, port, schema }) => ({ connection_id, conn_type, description, host, port, schema })) };
  }
  if (head === 'variables' && s.length === 1) {
    known(['variable_key_pattern', 'order_by', ...PAGING]);
    const pattern = typeof query.variable_key_pattern === 'string' ? likeMatcher(query.variable_key_pattern) : () => true;
    // Keys and descriptions only: v1 sends values, which often hold secrets.
    const page = await filteredPage(v1, path, apiV1Path`variables`, 'variables', query, options, (v: { key: string }) => pattern(v.key));
    return { ...page, variables: (page.variables as Record<string, unknown>[]).map(({ key, description }) => ({ key, description })) };
  }
  throw noEquivalent(path);
}

/**
 * One page of a task log as v2's JSON page reader expects it (`content` may be one string). v1's
 * JSON page holds a Python repr of (host, text) pairs and always hands out a continuation token,
 * so the plain text is read instead: the whole log as it is now, in one page.
 */
async function readLogPage(v1: AirflowClient, path: string, s: string[], query: AirflowQuery, options: AirflowGetOptions): Promise<unknown> {
  refuseUnknown(path, query, ['map_index', 'full_content', 'token']);
  if (query.token) throw new AirflowApiError('bad_request', 'Airflow 2 logs are read in one page here; there is no next page to read.', path);
  const stream = await v1.getStream(logPathV1(logIds(s)!), pick(query, ['map_index', 'full_content']), { ...options, accept: 'text/plain' });
  const decoder = new TextDecoder();
  let content = '';
  for await (const chunk of stream.chunks) content += decoder.decode(chunk, { stream: true });
  content += decoder.decode();
  return { content, continuation_token: null };
}

/** v2's `*_pattern` filters: SQL LIKE `%pattern%`, case-insensitive (`%` and `_` are wildcards). */
export function likeMatcher(pattern: string): (value: string) => boolean {
  const source = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  const regex = new RegExp(source, 'i');
  return (value) => regex.test(value);
}

/**
 * A page of a collection v1 cannot filter: every entry is read (up to CLIENT_SIDE_FILTER_MAX),
 * filtered here, then paged with the caller's limit and offset.
 */
async function filteredPage<E>(
  v1: AirflowClient,
  path: string,
  v1Path: string,
  key: string,
  query: AirflowQuery,
  options: AirflowGetOptions,
  keep: (entry: E) => boolean,
): Promise<Page> {
  const all: E[] = [];
  for (let offset = 0; ; offset += V1_PAGE) {
    const page = await v1.get<Page>(v1Path, { limit: V1_PAGE, offset, order_by: query.order_by }, options);
    const entries = (page[key] ?? []) as E[];
    all.push(...entries);
    if (entries.length < V1_PAGE || all.length >= page.total_entries) break;
    if (all.length >= CLIENT_SIDE_FILTER_MAX) {
      throw new AirflowApiError('bad_request', `Airflow 2 cannot filter these itself and there are more than ${CLIENT_SIDE_FILTER_MAX}: ask without the filter, page by page.`, path);
    }
  }
  const kept = all.filter(keep);
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 100);
  return { total_entries: kept.length, [key]: kept.slice(offset, offset + limit) };
}
