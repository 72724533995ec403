import { decodeRouteSegment, type PageContext, type RouteContext } from './page-context';

/**
 * The Airflow 2 (2.10/2.11) web UI: Flask-AppBuilder pages, the Dag page a React "grid" app that
 * keeps its selection in query parameters (`airflow/www/static/js/dag/useSelection.ts`:
 * `dag_run_id`, `task_id`, `map_index`) and its tab in `tab` (`dag/details/index.tsx`). Verified
 * on a real 2.10.5 by clicking through it (captures in `__fixtures__/pages/versions/2.10`).
 */

/**
 * The grid's tabs by position, as `tabToIndex` in `dag/details/index.tsx` maps `tab` values: several
 * values share a position, and what a position shows depends on the selection (positions 5-7 are
 * run/task durations and the calendar on the Dag, the log, XCom and the rendered k8s spec on a task
 * instance, the mapped instances on a mapped task's summary). Unknown values show position 0.
 */
const TAB_POSITIONS: Record<string, number> = {
  graph: 1,
  gantt: 2,
  code: 3,
  event_log: 4,
  audit_log: 4,
  logs: 5,
  mapped_tasks: 5,
  run_duration: 5,
  xcom: 6,
  task_duration: 6,
  calendar: 7,
  rendered_k8s: 7,
};
const SHARED_TABS = ['details', 'graph', 'gantt', 'code', 'event_log'];
/** Positions 5-7 per selection; `null` is the task instance's log, its default view in PageContext. */
const LATER_TABS: Partial<Record<PageContext['pageKind'], (string | null)[]>> = {
  dag: ['run_duration', 'task_duration', 'calendar'],
  task_instance: [null, 'xcom', 'rendered_k8s'],
  mapped_task_list: ['mapped_tasks'],
};

/** The tab the grid shows for this selection, named as the grid names it in its own links. */
function gridTab(pageKind: PageContext['pageKind'], tabParam: string | null): { tab?: string } {
  const position = TAB_POSITIONS[tabParam ?? ''] ?? 0;
  // Position 0 is the selection's details: the default view, except on a task instance (its log).
  const tab = position === 0 ? (pageKind === 'task_instance' ? 'details' : null) : position < 5 ? SHARED_TABS[position] : LATER_TABS[pageKind]?.[position - 5];
  // `undefined`: a tab this selection lacks; the grid switches away from it (to graph or details).
  return tab ? { tab } : {};
}

/**
 * Parses an Airflow 2 UI URL into the same RouteContext as Airflow 3's. `instanceUrl` is the base
 * (`[webserver] base_url`). Returns null when the URL is not under the instance.
 */
export function parseAirflow2Route(pageUrl: string, instanceUrl: string): RouteContext | null {
  const url = new URL(pageUrl);
  const base = new URL(instanceUrl);
  if (url.origin !== base.origin) return null;
  if (!url.pathname.startsWith(base.pathname)) return `${url.pathname}/` === base.pathname ? { pageKind: 'dag_list' } : null;
  const segments = url.pathname.slice(base.pathname.length).split('/').filter(Boolean).map(decodeRouteSegment);
  const query = url.searchParams;
  const [first, dagId, view] = segments;
  // `/` redirects to `/home`, the Dag list.
  if (first === undefined || first === 'home') return { pageKind: 'dag_list' };
  if (first === 'dags' && dagId !== undefined) {
    // The legacy views (`graph`, `code`, `gantt`, `calendar`, `audit_log`, …) redirect into the grid
    // with that `tab`; `details` and the old `tree` show the grid's default.
    return gridRoute(dagId, query, view === undefined || view === 'grid' ? query.get('tab') : view);
  }
  // The legacy log and task-instance pages name the run by its logical date (`execution_date`),
  // not by run id, and the run id cannot be known from the URL without a request: it is left out.
  if ((first === 'log' || first === 'task') && query.get('dag_id') && query.get('task_id')) {
    const context: RouteContext = { pageKind: 'task_instance', dagId: query.get('dag_id')!, taskId: query.get('task_id')!, mapIndex: mapIndexOf(query) ?? -1 };
    if (first === 'task') context.tab = 'details';
    return context;
  }
  // The login page, the FAB lists (`connection/list`, `variable/list`, …) and other pages.
  return { pageKind: 'other', tab: segments.join('/') };
}

function gridRoute(dagId: string, query: URLSearchParams, tabParam: string | null): RouteContext {
  const runId = query.get('dag_run_id') || undefined;
  const taskId = query.get('task_id') || undefined;
  const mapIndex = mapIndexOf(query);
  let context: RouteContext;
  if (runId && taskId) {
    // Without `map_index`, a mapped task shows its summary, an unmapped one its only instance: the
    // URL tells them apart only on the mapped instances tab (`readAirflow2PageContext` asks the DOM).
    context =
      mapIndex === undefined && tabParam === 'mapped_tasks'
        ? { pageKind: 'mapped_task_list', dagId, runId, taskId }
        : { pageKind: 'task_instance', dagId, runId, taskId, mapIndex: mapIndex ?? -1 };
  } else if (taskId) context = { pageKind: 'task', dagId, taskId };
  else if (runId) context = { pageKind: 'dag_run', dagId, runId };
  else context = { pageKind: 'dag', dagId };
  return { ...context, ...gridTab(context.pageKind, tabParam) };
}

function mapIndexOf(query: URLSearchParams): number | undefined {
  const value = query.get('map_index');
  return value !== null && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * Reads the page context from a live Airflow 2 page: the route from the URL, then from the DOM what
 * the URL does not say. The grid renders into the open shadow root of `#root`.
 * - A mapped task's summary (no `map_index`) has a "Mapped Tasks" tab and no "Logs" tab.
 * - The try on the log view: no URL parameter holds it (the try buttons are React state); the log's
 *   "Download" link (`get_logs_with_metadata?…&try_number=N&format=file`) names the try shown. The
 *   legacy log page marks the shown try's pill `active`.
 */
export function readAirflow2PageContext(doc: Document, pageUrl: string, instanceUrl: string): PageContext | null {
  const route = parseAirflow2Route(pageUrl, instanceUrl);
  if (!route) return null;
  const context: PageContext = { instanceUrl, pageUrl, ...route };
  const grid = doc.getElementById('root')?.shadowRoot;
  if (grid && context.pageKind === 'task_instance' && !new URL(pageUrl).searchParams.has('map_index')) {
    const tabs = Array.from(grid.querySelectorAll('[role="tab"]'), (tab) => tab.textContent?.trim());
    if (tabs.includes('Mapped Tasks')) {
      const { mapIndex: _notAnInstance, tab: _instanceTab, ...task } = context;
      return { ...task, pageKind: 'mapped_task_list', ...gridTab('mapped_task_list', new URL(pageUrl).searchParams.get('tab')) };
    }
  }
  if (context.pageKind === 'task_instance' && context.tab === undefined) {
    const href = grid
      ? grid.querySelector('a[href*="get_logs_with_metadata"][href*="format=file"]')?.getAttribute('href')
      : doc.querySelector('#ti_log_try_number_list li.active a[data-try-number]')?.getAttribute('data-try-number');
    const tryNumber = Number(grid ? new URL(href ?? '', pageUrl).searchParams.get('try_number') : href);
    if (href && Number.isInteger(tryNumber) && tryNumber > 0) context.tryNumber = tryNumber;
  }
  return context;
}
