/**
 * The read-only proof over a whole e2e run (issue 6, item 2), as plain functions over what the
 * recording proxies wrote (recording-proxy.ts) and what Airflow's own event log and Dag runs say.
 * e2e/read-only.spec.ts asserts that every list returned here is empty.
 */
import { api, USERS } from './harness.ts';
import type { RecordedRequest } from './recording-proxy.ts';

export interface ReadOnlyRules {
  /** Whether the extension may call this MCP tool by name (a read tool the gate lets through). */
  isReadToolName: (name: string) => boolean;
}

const MCP_ENDPOINT = /\/mcp(\/v1)?\/$/;
const MCP_METHODS = new Set(['initialize', 'notifications/initialized', 'notifications/cancelled', 'tools/list', 'tools/call', 'ping']);

const describe = (r: RecordedRequest) => `${r.instance} ${r.client} ${r.method} ${r.path}${r.query ? `?${r.query}` : ''} at ${r.at}`;

/** Values of `mode` (any spelling of the key, every repetition) other than `safe`. */
function unsafeModes(query: string): string[] {
  return [...new URLSearchParams(query)].filter(([key, value]) => key.trim().toLowerCase() === 'mode' && value.toLowerCase() !== 'safe').map(([, value]) => value);
}

/**
 * What the extension (and anything but the harness) sent that is not a read: any method but GET,
 * except MCP POSTs of read-tool calls; `auth/*` (`auth/logout` ends the user's session); and any
 * `mode` but `safe` from anyone (`mode=unsafe` turns on airflow-mcp-plugin's write tools; a
 * repeated `mode` counts with every value). A GET to the MCP endpoint (the client resuming an
 * answer stream with `Last-Event-ID`) is a read like any other GET. The Airflow UI itself may only
 * POST `auth/token` (the login form); an MCP plugin's own REST calls (for whoever called it) must
 * be GETs.
 */
export function readOnlyViolations(records: RecordedRequest[], rules: ReadOnlyRules): string[] {
  const out: string[] = [];
  for (const r of records) {
    for (const mode of unsafeModes(r.query)) out.push(`mode=${mode}: ${describe(r)}`);
    if (r.client === 'harness') continue;
    if (r.client === 'extension') {
      if (/\/auth\//.test(r.path)) out.push(`the extension called auth/*: ${describe(r)}`);
      // Airflow 2 (Flask UI): `logout/` ends the session; `login/` is the user's own business.
      if (/\/log(out|in)\/?$/.test(r.path)) out.push(`the extension called ${r.path}: ${describe(r)}`);
      if (r.method === 'GET') continue;
      if (r.method !== 'POST' || !MCP_ENDPOINT.test(r.path)) {
        out.push(`the extension sent a write: ${describe(r)}`);
        continue;
      }
      for (const m of r.mcp ?? [{ method: '(no body recorded)' }]) {
        if (!MCP_METHODS.has(m.method)) out.push(`the extension sent MCP ${m.method}: ${describe(r)}`);
        if (m.method === 'tools/call' && !(m.tool && rules.isReadToolName(m.tool))) out.push(`the extension called MCP tool ${m.tool}: ${describe(r)}`);
      }
      continue;
    }
    if (r.method === 'GET') {
      if (/\/auth\/logout/.test(r.path)) out.push(`logout: ${describe(r)}`);
      continue;
    }
    if (r.client === 'page' && r.method === 'POST' && /\/auth\/token$/.test(r.path)) continue;
    // Airflow 2's login form (FAB), which the tests fill in as a user does, and the reads its
    // Dag list page sends as POSTs (the Dag ids go in a form body): the page's own, not the extension's.
    if (r.client === 'page' && r.method === 'POST' && /\/(login\/|blocked|last_dagruns|dag_stats|task_stats)$/.test(r.path)) continue;
    out.push(`a ${r.client} write: ${describe(r)}`);
  }
  return out;
}

export interface EventLog {
  event_log_id: number;
  when: string;
  dag_id: string | null;
  run_id: string | null;
  event: string;
  owner: string | null;
  extra: string | null;
}

export interface DagRun {
  dag_id: string;
  dag_run_id: string;
  run_after?: string | null;
  queued_at?: string | null;
}

async function allPages<T>(baseUrl: string, path: string, key: string): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await api<Record<string, unknown> & { total_entries: number }>(baseUrl, `${path}${path.includes('?') ? '&' : '?'}limit=100&offset=${offset}`);
    const batch = page[key] as T[];
    for (const item of batch) items.push(item);
    if (batch.length < 100 || items.length >= page.total_entries) return items;
  }
}

/**
 * Changes Airflow recorded since `since` that the harness did not make: API actions (events
 * with a user as owner, or an HTTP method in `extra`) with no harness write to the same Dag at
 * that moment, and Dag runs - or events of runs - that no harness trigger created.
 */
export async function unexplainedChanges(baseUrl: string, since: string, records: RecordedRequest[]): Promise<{ changes: string[]; events: number; runs: number }> {
  const events = await allPages<EventLog>(baseUrl, `eventLogs?after=${encodeURIComponent(since)}&order_by=when`, 'event_logs');
  const runs = await allPages<DagRun>(baseUrl, `dags/~/dagRuns?run_after_gte=${encodeURIComponent(since)}`, 'dag_runs');
  return { changes: findUnexplainedChanges(events, runs, records), events: events.length, runs: runs.length };
}

/** The checks of `unexplainedChanges` on what was read. */
export function findUnexplainedChanges(events: EventLog[], runs: DagRun[], records: RecordedRequest[]): string[] {
  const writes = records.filter((r) => r.client === 'harness' && r.method !== 'GET');
  const users = new Set<string>(Object.values(USERS).map((u) => u.username));
  const changes: string[] = [];
  const triggered = new Set<string>();

  for (const e of events) {
    if (e.event.startsWith('cli_')) continue; // a process starting (owner: the OS user)
    const extra = parseExtra(e.extra);
    const isApiAction = users.has(e.owner ?? '') || typeof extra.method === 'string';
    if (!isApiAction) continue;
    const when = Date.parse(e.when);
    const byHarness = writes.some(
      (w) => Date.parse(w.at) - 2000 <= when && when <= Date.parse(w.end) + 2000 && (!e.dag_id || `${decodeURIComponent(w.path)}/`.includes(`/dags/${e.dag_id}/`)),
    );
    if (!byHarness) changes.push(`event ${e.event_log_id} "${e.event}" by ${e.owner} on ${e.dag_id ?? '-'} at ${e.when}`);
    else if (e.event === 'trigger_dag_run' && typeof extra.dag_run_id === 'string') triggered.add(extra.dag_run_id);
  }
  for (const e of events) {
    if (e.run_id && !triggered.has(e.run_id) && !e.event.startsWith('cli_')) changes.push(`event ${e.event_log_id} "${e.event}" of a run the harness did not trigger: ${e.dag_id}/${e.run_id}`);
  }
  for (const run of runs) {
    if (!triggered.has(run.dag_run_id)) changes.push(`Dag run ${run.dag_id}/${run.dag_run_id} that the harness did not trigger`);
  }
  return changes;
}

function parseExtra(extra: string | null): Record<string, unknown> {
  try {
    const parsed = JSON.parse(extra ?? '{}') as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
