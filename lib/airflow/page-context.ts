import { z } from 'zod';

/**
 * What the user is looking at in the Airflow 3 UI. Every field but `instanceUrl` and `pageKind`
 * is optional because most pages carry only part of it (a Dag page has no run, and so on).
 */
export const PageContextSchema = z.object({
  /** The instance base URL, always ending in `/`, e.g. `https://host/airflow/`. */
  instanceUrl: z.string().url(),
  /** The full URL of the page the context was read from. */
  pageUrl: z.string().url(),
  pageKind: z.enum([
    'home',
    'dag_list',
    'dag',
    'dag_run',
    'task_instance',
    'mapped_task_list',
    'task_group',
    'task',
    'asset',
    'other',
  ]),
  airflowVersion: z.string().optional(),
  dagId: z.string().optional(),
  runId: z.string().optional(),
  taskId: z.string().optional(),
  taskGroupId: z.string().optional(),
  /** -1 when the task is not mapped, as in Airflow's own API. */
  mapIndex: z.number().int().optional(),
  /** The try shown: `?try_number=` when present, else the task instance's current try. */
  tryNumber: z.number().int().positive().optional(),
  /** The tab within the page, e.g. `logs`, `code`, `details`; absent for the default tab. */
  tab: z.string().optional(),
  /** A log line selected through the `#N` hash of the log view. */
  logLine: z.number().int().positive().optional(),
  assetId: z.string().optional(),
});
export type PageContext = z.infer<typeof PageContextSchema>;

export type RouteContext = Omit<PageContext, 'instanceUrl' | 'pageUrl' | 'airflowVersion'>;

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A lone `%` in a run id is legal in Airflow; keep the raw text rather than fail.
    return segment;
  }
};

/** The instance base URL from the page's `<base href>`; Airflow fills it from `[api] base_url`. */
export function instanceUrlFromBaseHref(baseHref: string, pageUrl: string): string {
  const url = new URL(baseHref || '/', pageUrl);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * Parses an Airflow 3 UI URL into page context. `instanceUrl` is the base the SPA is mounted on;
 * routes are those of `airflow-core/src/airflow/ui/src/router.tsx` (3.0–3.3).
 * Returns null when the URL is not under the instance base.
 */
export function parseAirflowRoute(pageUrl: string, instanceUrl: string): RouteContext | null {
  const url = new URL(pageUrl);
  const base = new URL(instanceUrl);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    // `/airflow` (no slash) is still the instance home of base `/airflow/`.
    if (url.origin === base.origin && `${url.pathname}/` === base.pathname) return { pageKind: 'home' };
    return null;
  }
  // Split on the raw path so an encoded `/` inside an id can't create a segment.
  const segments = url.pathname.slice(base.pathname.length).split('/').filter(Boolean).map(decode);
  const query = url.searchParams;
  const tryParam = Number(query.get('try_number'));
  const hashLine = Number(url.hash.replace(/^#/, ''));
  const extras = {
    ...(Number.isInteger(tryParam) && tryParam > 0 ? { tryNumber: tryParam } : {}),
    ...(Number.isInteger(hashLine) && hashLine > 0 ? { logLine: hashLine } : {}),
  };

  const [first, dagId, ...rest] = segments;
  if (first === undefined || first === 'home') return { pageKind: 'home' };
  if (first === 'dags' && dagId === undefined) return { pageKind: 'dag_list' };
  if (first === 'assets' && dagId !== undefined) return { pageKind: 'asset', assetId: dagId };
  if (first !== 'dags' || dagId === undefined) return { pageKind: 'other', ...(first ? { tab: first } : {}) };

  // dags/:dagId/tasks/:taskId[/tab] and dags/:dagId/tasks/group/:groupId
  if (rest[0] === 'tasks' && rest[1] !== undefined) {
    if (rest[1] === 'group' && rest[2] !== undefined)
      return { pageKind: 'task_group', dagId, taskGroupId: rest[2] };
    return { pageKind: 'task', dagId, taskId: rest[1], ...tabOf(rest[2]) };
  }
  if (rest[0] !== 'runs' || rest[1] === undefined) return { pageKind: 'dag', dagId, ...tabOf(rest[0]) };

  const runId = rest[1];
  const afterRun = rest.slice(2);
  if (afterRun[0] !== 'tasks' || afterRun[1] === undefined)
    return { pageKind: 'dag_run', dagId, runId, ...tabOf(afterRun[0]) };
  if (afterRun[1] === 'group' && afterRun[2] !== undefined)
    return { pageKind: 'task_group', dagId, runId, taskGroupId: afterRun[2] };

  const taskId = afterRun[1];
  const afterTask = afterRun.slice(2);
  if (afterTask[0] === 'mapped') {
    const mapIndex = Number(afterTask[1]);
    if (afterTask[1] === undefined || !Number.isInteger(mapIndex))
      return { pageKind: 'mapped_task_list', dagId, runId, taskId, ...tabOf(afterTask[1]) };
    return { pageKind: 'task_instance', dagId, runId, taskId, mapIndex, ...tabOf(afterTask[2]), ...extras };
  }
  return { pageKind: 'task_instance', dagId, runId, taskId, mapIndex: -1, ...tabOf(afterTask[0]), ...extras };
}

const tabOf = (segment: string | undefined) => (segment ? { tab: segment } : {});
