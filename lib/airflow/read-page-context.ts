import { airflowSelectors, importErrorsDialogTitle } from './selectors';
import { instanceUrlFromBaseHref, parseAirflowRoute, type PageContext, type RouteContext } from './page-context';
import { detectAirflow2Ui } from './detect-airflow-page';
import { readAirflow2PageContext } from './page-context-airflow2';

/**
 * Reads the page context from a live Airflow page. Airflow 2's Flask pages are read by
 * `readAirflow2PageContext`. On Airflow 3: the route from the URL, the base path from
 * `<base href>`, what an open dialog shows (import errors and Dag warnings have no route), and the
 * try on screen from the log view's line links when the URL has no `?try_number=` (Airflow then
 * shows the task instance's latest try).
 */
export function readPageContext(doc: Document, pageUrl: string, airflowVersion?: string): PageContext | null {
  const airflow2 = detectAirflow2Ui(doc, pageUrl);
  if (airflow2) {
    const context = readAirflow2PageContext(doc, pageUrl, airflow2.instanceUrl);
    return context && airflowVersion ? { ...context, airflowVersion } : context;
  }
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href') ?? '/';
  const instanceUrl = instanceUrlFromBaseHref(baseHref, pageUrl);
  const route = parseAirflowRoute(pageUrl, instanceUrl);
  if (!route) return null;
  const context: PageContext = { instanceUrl, pageUrl, ...route, ...(airflowVersion ? { airflowVersion } : {}) };
  const dialog = openDialogKind(doc, route);
  if (dialog) context.pageKind = dialog;
  if (context.pageKind === 'task_instance' && context.tryNumber === undefined) {
    const shownTry = tryNumberShownInLog(doc);
    if (shownTry !== undefined) context.tryNumber = shownTry;
  }
  return context;
}

/**
 * The context kind of an open dialog, if it is one the assistant knows: the Dag import errors
 * list (dashboard, Dag list) or a Dag's warnings. Recognised by structure first (titles are
 * translated), by English title second. Other dialogs (fullscreen log, trigger form, search, …)
 * leave the page kind alone.
 */
export function openDialogKind(doc: Document, route: Pick<RouteContext, 'pageKind' | 'tab'>): 'import_errors' | 'dag_warnings' | null {
  // The plugins page has a look-alike dialog for plugin import errors.
  if (route.pageKind === 'other' && route.tab === 'plugins') return null;
  for (const dialog of Array.from(doc.querySelectorAll(airflowSelectors.openDialog))) {
    if (dialog.querySelector(airflowSelectors.dagWarning)) return 'dag_warnings';
    if (dialog.querySelector(airflowSelectors.importErrorEntry)) return 'import_errors';
    const title = dialog.querySelector(airflowSelectors.dialogTitle)?.textContent ?? '';
    if (importErrorsDialogTitle.test(title)) return 'import_errors';
  }
  return null;
}

function tryNumberShownInLog(doc: Document): number | undefined {
  const link = doc.querySelector(`${airflowSelectors.logList} ${airflowSelectors.logLineLink}`);
  return tryNumberOfLink(link);
}

/** The `?try_number=` of a log line link. */
export function tryNumberOfLink(link: Element | null | undefined): number | undefined {
  const href = link?.getAttribute('href');
  if (!href) return undefined;
  const tryNumber = Number(new URL(href, 'http://x/').searchParams.get('try_number') ?? NaN);
  return Number.isInteger(tryNumber) && tryNumber > 0 ? tryNumber : undefined;
}
