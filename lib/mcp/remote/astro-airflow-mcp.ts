import { isAstroReadTool } from '../gate';
import { matchTemplate, notOffered, readable, type RemoteAdapter } from './adapter';
import { astroFailure, notFound, ok, readAstroResult, type RestAnswer } from './results';

/**
 * astro-airflow-mcp 0.9.1: 27 curated read tools (and 7 writes the gate drops) that return the
 * REST answers as JSON text, some wrapped (`{total_dags, returned_count, dags}`), some combined
 * (`diagnose_dag_run` holds the run's task instances). The table below says which tool serves
 * which GET and how its answer becomes the REST one. Its tools take few filters, so filters and
 * paging the built-in tools ask for are applied here, on at most 100 items (the tools' page);
 * a filter that cannot be applied is refused rather than dropped. It has no tool for task tries,
 * XCom, the audit log or component health: those built-in tools are not offered with it.
 */
type Params = Record<string, string>;

interface AstroRoute {
  template: string;
  tool: string;
  /** Query parameters the route honours; any other makes the request fail (400). */
  query?: readonly string[];
  /** Whether the matched path parameters fit (else the next route is tried). */
  when?: (p: Params) => boolean;
  args?: (p: Params, q: URLSearchParams) => Record<string, unknown> | RestAnswer;
  answer?: (json: unknown, p: Params, q: URLSearchParams) => RestAnswer;
}

const PAGING = ['limit', 'offset'] as const;

const ROUTES: AstroRoute[] = [
  { template: 'dags', tool: 'list_dags', query: ['dag_id_pattern', 'tags', 'paused', 'order_by', 'only_active', ...PAGING], answer: (json, _p, q) => dagList(json, q) },
  { template: 'dags/{dag_id}', tool: 'get_dag_details' },
  { template: 'dags/{dag_id}/details', tool: 'get_dag_details' },
  { template: 'dags/{dag_id}/tasks', tool: 'list_tasks', answer: (json) => unwrap(json, 'tasks') },
  {
    template: 'dags/{dag_id}/dagRuns',
    tool: 'list_dag_runs',
    query: ['state', 'run_after_gte', 'run_after_lte', 'order_by', ...PAGING],
    args: (p, q) => {
      const filtered = q.has('state') || q.has('run_after_gte') || q.has('run_after_lte');
      const order_by = q.get('order_by') ?? '-start_date';
      const dag_id = p.dag_id === '~' ? null : p.dag_id;
      if (filtered) return { dag_id, order_by, limit: 100, offset: 0 };
      return { dag_id, order_by, limit: Number(q.get('limit') ?? 100), offset: Number(q.get('offset') ?? 0) };
    },
    answer: (json, _p, q) => {
      const list = unwrap(json, 'dag_runs');
      if (list.status !== 200 || !(q.has('state') || q.has('run_after_gte') || q.has('run_after_lte'))) return list;
      const states = q.getAll('state');
      const from = q.get('run_after_gte');
      const to = q.get('run_after_lte');
      return page(itemsOf(list, 'dag_runs'), q, 'dag_runs', (run) => {
        const after = Date.parse(String(run.run_after ?? run.logical_date ?? ''));
        return (
          (states.length === 0 || states.includes(String(run.state))) &&
          (!from || after >= Date.parse(from)) &&
          (!to || after <= Date.parse(to))
        );
      });
    },
  },
  { template: 'dags/{dag_id}/dagRuns/{dag_run_id}', tool: 'get_dag_run' },
  {
    template: 'dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances',
    tool: 'diagnose_dag_run',
    query: ['state', 'task_id', ...PAGING],
    answer: (json, _p, q) => {
      const list = taskInstancesOf(json);
      if (list.status !== 200) return list;
      const states = q.getAll('state');
      const taskIds = q.getAll('task_id');
      return page(itemsOf(list, 'task_instances'), q, 'task_instances', (ti) => (states.length === 0 || states.includes(String(ti.state))) && (taskIds.length === 0 || taskIds.includes(String(ti.task_id))));
    },
  },
  { template: 'dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}', tool: 'get_task_instance' },
  {
    // A mapped task instance: found among the run's task instances.
    template: 'dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}',
    tool: 'diagnose_dag_run',
    when: (p) => /^\d+$/.test(p.map_index ?? ''),
    args: (p) => ({ dag_id: p.dag_id, dag_run_id: p.dag_run_id }),
    answer: (json, p) => {
      const list = taskInstancesOf(json);
      if (list.status !== 200) return list;
      const ti = itemsOf(list, 'task_instances').find((t) => t.task_id === p.task_id && String(t.map_index) === p.map_index);
      return ti ? ok(ti) : notFound(`Task instance ${p.task_id} [${p.map_index}] not found`);
    },
  },
  {
    template: 'dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{try_number}',
    tool: 'get_task_logs',
    query: ['map_index', 'full_content', 'token'],
    // The tool always returns the whole log (one page): a continuation token can't come back.
    args: (p, q) => (q.get('token') ? ok({ content: [], continuation_token: null }) : { ...p, try_number: Number(p.try_number), map_index: Number(q.get('map_index') ?? -1) }),
    answer: (json) => {
      const log = json as { content?: unknown };
      return ok({ content: Array.isArray(log.content) || typeof log.content === 'string' ? log.content : [], continuation_token: null });
    },
  },
  { template: 'dagSources/{dag_id}', tool: 'get_dag_source' },
  { template: 'importErrors', tool: 'list_import_errors', query: ['filename_pattern', 'filename', 'order_by', ...PAGING], answer: (json, _p, q) => importErrors(json, q) },
  {
    template: 'dagWarnings',
    tool: 'list_dag_warnings',
    query: ['dag_id', ...PAGING],
    answer: (json, _p, q) => page(itemsOf(unwrap(json, 'dag_warnings'), 'dag_warnings'), q, 'dag_warnings', (w) => !q.get('dag_id') || w.dag_id === q.get('dag_id')),
  },
  { template: 'version', tool: 'get_airflow_version' },
  {
    template: 'connections',
    tool: 'list_connections',
    query: ['connection_id_pattern', ...PAGING],
    answer: (json, _p, q) => keyedList(json, q, 'connections', 'connection_id', q.get('connection_id_pattern')),
  },
  {
    template: 'variables',
    tool: 'list_variables',
    query: ['variable_key_pattern', ...PAGING],
    answer: (json, _p, q) => keyedList(json, q, 'variables', 'key', q.get('variable_key_pattern')),
  },
];

export const astroAirflowMcpAdapter: RemoteAdapter = {
  flavor: 'astro-airflow-mcp',
  isKnownReadTool: isAstroReadTool,
  unsupportedTools: ['get_task_instance_tries', 'list_xcom_entries', 'list_event_logs', 'get_airflow_health_and_version'],
  plan(segments, query, tools) {
    for (const route of ROUTES) {
      const params = matchTemplate(route.template, segments);
      if (!params || (route.when && !route.when(params))) continue;
      if (!tools.has(route.tool)) return notOffered('astro-airflow-mcp', `GET api/v2/${readable(segments)} (its ${route.tool} tool is not offered)`);
      const unknown = [...query.keys()].find((key) => !(route.query ?? []).includes(key));
      if (unknown) return { status: 400, body: { detail: `astro-airflow-mcp's ${route.tool} cannot filter by "${unknown}"` } };
      const args = route.args ? route.args(params, query) : params;
      if (isAnswer(args)) return args;
      return {
        tool: route.tool,
        args,
        read: (result) => {
          const answer = readAstroResult(result);
          return answer.status === 200 && route.answer ? route.answer(answer.body, params, query) : answer;
        },
      };
    }
    return notOffered('astro-airflow-mcp', `GET api/v2/${readable(segments)}`);
  },
};

// ---------------------------------------------------------------------------------------------

type Item = Record<string, unknown>;

function isAnswer(value: unknown): value is RestAnswer {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/** `{total_x, returned_count, x: [...]}` → the REST list `{x: [...], total_entries}`. */
function unwrap(json: unknown, key: string): RestAnswer {
  const wrapped = json as Record<string, unknown>;
  const items = wrapped[key];
  if (!Array.isArray(items)) return { status: 502, body: { detail: `astro-airflow-mcp answered without "${key}"` } };
  const total = typeof wrapped[`total_${key}`] === 'number' ? wrapped[`total_${key}`] : items.length;
  return ok({ [key]: items, total_entries: total });
}

function itemsOf(answer: RestAnswer, key: string): Item[] {
  return ((answer.body as Record<string, unknown>)[key] as Item[] | undefined) ?? [];
}

/** Filters, then pages with the request's `limit`/`offset`. */
function page(items: Item[], q: URLSearchParams, key: string, keep: (item: Item) => boolean): RestAnswer {
  const kept = items.filter(keep);
  const offset = Number(q.get('offset') ?? 0);
  const limit = Number(q.get('limit') ?? 100);
  return ok({ [key]: kept.slice(offset, offset + limit), total_entries: kept.length });
}

function taskInstancesOf(json: unknown): RestAnswer {
  const diagnosis = json as { run_info?: unknown; task_instances?: unknown };
  const failed = astroFailure(diagnosis.run_info) ?? astroFailure(diagnosis.task_instances);
  if (failed) return failed;
  return Array.isArray(diagnosis.task_instances) ? ok({ task_instances: diagnosis.task_instances }) : { status: 502, body: { detail: 'no task instances in the answer' } };
}

/** Airflow's `*_pattern` filters: SQL LIKE, case-insensitive, anywhere in the value. */
function likePattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(escaped, 'i');
}

/** A list filtered by an Airflow `*_pattern` on one field, then paged. */
function keyedList(json: unknown, q: URLSearchParams, key: string, field: string, pattern: string | null): RestAnswer {
  const list = unwrap(json, key);
  if (list.status !== 200) return list;
  return page(itemsOf(list, key), q, key, (item) => !pattern || likePattern(pattern).test(String(item[field])));
}

function dagList(json: unknown, q: URLSearchParams): RestAnswer {
  const list = unwrap(json, 'dags');
  if (list.status !== 200) return list;
  const pattern = q.get('dag_id_pattern');
  const tags = q.getAll('tags');
  const paused = q.get('paused');
  const dags = itemsOf(list, 'dags');
  const order = q.get('order_by');
  if (order === 'dag_id' || order === '-dag_id') dags.sort((a, b) => String(a.dag_id).localeCompare(String(b.dag_id)) * (order === 'dag_id' ? 1 : -1));
  return page(dags, q, 'dags', (dag) => {
    const dagTags = ((dag.tags as { name?: string }[] | undefined) ?? []).map((t) => t.name);
    return (
      (!pattern || likePattern(pattern).test(String(dag.dag_id))) &&
      (tags.length === 0 || tags.some((t) => dagTags.includes(t))) &&
      (paused === null || String(dag.is_paused) === paused)
    );
  });
}

function importErrors(json: unknown, q: URLSearchParams): RestAnswer {
  const list = unwrap(json, 'import_errors');
  if (list.status !== 200) return list;
  const pattern = q.get('filename_pattern');
  const filename = q.get('filename');
  return page(itemsOf(list, 'import_errors'), q, 'import_errors', (e) => (!pattern || likePattern(pattern).test(String(e.filename))) && (!filename || e.filename === filename));
}
