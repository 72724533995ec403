import { airflowSelectors } from './selectors';
import { instanceUrlFromBaseHref, parseAirflowRoute, type PageContext } from './page-context';

/**
 * Reads the page context from a live Airflow 3 page: the route from the URL, the base path from
 * `<base href>`, and the try on screen from the log view's line links when the URL has no
 * `?try_number=` (Airflow then shows the task instance's latest try).
 */
export function readPageContext(doc: Document, pageUrl: string, airflowVersion?: string): PageContext | null {
  const baseHref = doc.querySelector('base')?.getAttribute('href') ?? '/';
  const instanceUrl = instanceUrlFromBaseHref(baseHref, pageUrl);
  const route = parseAirflowRoute(pageUrl, instanceUrl);
  if (!route) return null;
  const context: PageContext = { instanceUrl, pageUrl, ...route, ...(airflowVersion ? { airflowVersion } : {}) };
  if (context.pageKind === 'task_instance' && context.tryNumber === undefined) {
    const shownTry = tryNumberShownInLog(doc);
    if (shownTry !== undefined) context.tryNumber = shownTry;
  }
  return context;
}

function tryNumberShownInLog(doc: Document): number | undefined {
  const link = doc.querySelector<HTMLAnchorElement>(`${airflowSelectors.logList} ${airflowSelectors.logLineLink}`);
  const href = link?.getAttribute('href');
  if (!href) return undefined;
  const tryNumber = Number(new URL(href, 'http://x/').searchParams.get('try_number'));
  return Number.isInteger(tryNumber) && tryNumber > 0 ? tryNumber : undefined;
}
