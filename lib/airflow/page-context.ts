// zod/mini, not zod: this schema is part of the content script, which runs on every Airflow page
// and must stay small (the classic API does not tree-shake). The worker's classic schemas embed it.
import * as z from 'zod/mini';

/**
 * What the user is looking at in the Airflow UI: Airflow 3's routes (below) or Airflow 2.10/2.11's
 * (`page-context-airflow2.ts`), in one shape. Every field but `instanceUrl`, `pageUrl` and
 * `pageKind` is optional because most pages carry only part of it (a Dag page has no run, and so on).
 */
export const PageContextSchema = z.object({
  /** The instance base URL, always ending in `/`, e.g. `https://host/airflow/`. */
  instanceUrl: z.url(),
  /** The full URL of the page the context was read from. */
  pageUrl: z.url(),
  pageKind: z.enum([
    'home',
    'dag_list',
    'dag',
    'dag_run',
    'task_instance',
    'mapped_task_list',
    'task_group',
    'task',
    'asset_list',
    'asset',
    /** The Dag import errors dialog (opened from the dashboard or the Dag list; it has no route). */
    'import_errors',
    /** The Dag warnings/errors dialog of a Dag page (no route either; `dagId` says which Dag). */
    'dag_warnings',
    'other',
  ]),
  airflowVersion: z.optional(z.string()),
  dagId: z.optional(z.string()),
  runId: z.optional(z.string()),
  taskId: z.optional(z.string()),
  taskGroupId: z.optional(z.string()),
  /** -1 when the task is not mapped, as in Airflow's own API. */
  mapIndex: z.optional(z.int()),
  /** The try shown: `?try_number=` when present, else the task instance's current try. */
  tryNumber: z.optional(z.int().check(z.positive())),
  /**
   * The tab within the page, e.g. `code`, `details`, `plugin/my_view`; absent for the default tab
   * (on a task instance: the log). On pages outside a Dag, the page's path, e.g. `connections`.
   */
  tab: z.optional(z.string()),
  /** The log line of the `#N` hash on the log view: a UI line number, which starts at 0. */
  logLine: z.optional(z.int().check(z.nonnegative())),
  assetId: z.optional(z.string()),
});
export type PageContext = z.infer<typeof PageContextSchema>;
export type PageKind = PageContext['pageKind'];

export type RouteContext = Omit<PageContext, 'instanceUrl' | 'pageUrl' | 'airflowVersion'>;

/**
 * Paths under the base that the API server answers itself, not the single-page UI: the REST and
 * private APIs, the auth manager's own app (its login page is a separate bundle) and static files.
 */
const NOT_THE_UI = new Set(['api', 'ui', 'auth', 'execution', 'static']);

/**
 * One path segment as the UI means it. The UI builds links by concatenating raw ids, so a run id
 * arrives raw (`manual__2026-01-01T00:00:00+00:00`), percent-encoded, or mixed: a raw `%` followed
 * by an encoded space (`50%%20off`, seen on the rig) is not valid percent-encoding at all. Decode
 * every valid `%XX` sequence and keep the rest as written.
 */
export function decodeRouteSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run; // an invalid UTF-8 sequence: leave it as written
      }
    });
  }
}

/** The instance base URL from the page's `<base href>`; Airflow fills it from `[api] base_url`. */
export function instanceUrlFromBaseHref(baseHref: string, pageUrl: string): string {
  const url = new URL(baseHref || '/', pageUrl);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * Parses an Airflow 3 UI URL into page context. `instanceUrl` is the base the SPA is mounted on.
 * Routes are those of the router in the Airflow 3.3.2 UI bundle (`airflow/ui/dist`), which match
 * `airflow-core/src/airflow/ui/src/router.tsx`; the shape has been stable since 3.0 (3.0 lacks
 * some tabs, later versions add some: any extra path segment is reported as the tab).
 * Returns null when the URL is not a UI page of this instance.
 */
export function parseAirflowRoute(pageUrl: string, instanceUrl: string): RouteContext | null {
  const url = new URL(pageUrl);
  const base = new URL(instanceUrl);
  if (url.origin !== base.origin) return null;
  if (!url.pathname.startsWith(base.pathname)) {
    // `/airflow` (no slash) is still the instance home of base `/airflow/`.
    return `${url.pathname}/` === base.pathname ? { pageKind: 'home' } : null;
  }
  // Split on the raw path so that an encoded `/` inside an id can't create a segment.
  const segments = url.pathname.slice(base.pathname.length).split('/').filter(Boolean).map(decodeRouteSegment);
  const [first, ...rest] = segments;
  if (first !== undefined && NOT_THE_UI.has(first)) return null;
  // `home` is the dashboard's path in builds newer than 3.3; 3.3 shows it at the base itself.
  if (first === undefined || first === 'home') return { pageKind: 'home' };
  if (first === 'dags') return rest.length === 0 ? { pageKind: 'dag_list' } : dagRoute(rest, url);
  if (first === 'assets') {
    const [assetId, ...tab] = rest;
    return assetId === undefined ? { pageKind: 'asset_list' } : { pageKind: 'asset', assetId, ...tabOf(tab) };
  }
  return { pageKind: 'other', ...tabOf(segments) };
}

/** `dags/:dagId` and everything under it. */
function dagRoute([dagId, ...rest]: string[], url: URL): RouteContext {
  const dag = { dagId: dagId! };
  const [section, id, ...after] = rest;
  if (section === 'runs' && id !== undefined) return runRoute(dag.dagId, id, after, url);
  if (section === 'tasks' && id !== undefined) {
    // `tasks/group/:groupId`; a task that is itself named "group" has no third segment.
    if (id === 'group' && after[0] !== undefined) {
      const [taskGroupId, ...tab] = after;
      return { pageKind: 'task_group', ...dag, taskGroupId: taskGroupId!, ...tabOf(tab) };
    }
    return { pageKind: 'task', ...dag, taskId: id, ...tabOf(after) };
  }
  // The Dag overview and its tabs: runs, tasks, calendar, backfills, events, code, details, …
  return { pageKind: 'dag', ...dag, ...tabOf(rest) };
}

/** `dags/:dagId/runs/:runId` and everything under it. */
function runRoute(dagId: string, runId: string, rest: string[], url: URL): RouteContext {
  const run = { dagId, runId };
  const [section, id, ...after] = rest;
  if (section !== 'tasks' || id === undefined) return { pageKind: 'dag_run', ...run, ...tabOf(rest) };
  if (id === 'group' && after[0] !== undefined) {
    const [taskGroupId, ...tab] = after;
    return { pageKind: 'task_group', ...run, taskGroupId: taskGroupId!, ...tabOf(tab) };
  }
  const task = { ...run, taskId: id };
  if (after[0] === 'mapped') {
    const mapIndex = after[1] !== undefined && /^\d+$/.test(after[1]) ? Number(after[1]) : undefined;
    if (mapIndex === undefined) return { pageKind: 'mapped_task_list', ...task, ...tabOf(after.slice(1)) };
    return taskInstance({ ...task, mapIndex }, after.slice(2), url);
  }
  return taskInstance({ ...task, mapIndex: -1 }, after, url);
}

/** A task instance page: `?try_number=` picks the try, `#N` a log line (on the log view only). */
function taskInstance(ids: Pick<RouteContext, 'dagId' | 'runId' | 'taskId' | 'mapIndex'>, tab: string[], url: URL): RouteContext {
  const context: RouteContext = { pageKind: 'task_instance', ...ids, ...tabOf(tab) };
  const tryNumber = Number(url.searchParams.get('try_number') ?? NaN);
  if (Number.isInteger(tryNumber) && tryNumber > 0) context.tryNumber = tryNumber;
  // 3.3 shows the log as the default tab; newer builds also have an explicit `logs` path.
  const onLog = context.tab === undefined || context.tab === 'logs';
  const line = /^#(\d+)$/.exec(url.hash)?.[1];
  if (onLog && line !== undefined) context.logLine = Number(line);
  return context;
}

const tabOf = (segments: string[]) => (segments.length > 0 ? { tab: segments.join('/') } : {});
