import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectAirflowUi } from './detect-airflow-page';
import { readPageContext } from './read-page-context';
import type { PageContext } from './page-context';

/** What the watcher needs of WXT's content script context (a subset, so tests can fake it). */
export type WatchContext = Pick<ContentScriptContext, 'addEventListener' | 'setTimeout' | 'onInvalidated'>;

/**
 * Reports the page context of an Airflow page (3's SPA or 2's Flask pages) now, on every
 * client-side navigation (Airflow 2's grid pushes its selection into the query string), and when
 * the DOM changes what the context says (the log view names the try on screen after the route
 * changes, and Airflow 2's try buttons change it without any navigation; import-error and
 * Dag-warning dialogs open without a route); reports `null` when the content script is
 * invalidated. Identical consecutive contexts are reported once. Other pages are left alone.
 */
export function watchAirflowPageContext(
  ctx: WatchContext,
  report: (context: PageContext | null) => void,
  doc: Document = document,
  currentUrl: () => string = () => location.href,
) {
  if (!detectAirflowUi(doc, currentUrl())) return;
  let lastSent = '';

  const send = () => {
    const context = readPageContext(doc, currentUrl());
    const serialized = JSON.stringify(context);
    if (serialized === lastSent) return;
    lastSent = serialized;
    report(context);
  };

  send();

  const view = doc.defaultView ?? window;
  ctx.addEventListener(view, 'wxt:locationchange', send);
  // WXT notices URL changes by polling; a `#N` click or Back is reported at once.
  ctx.addEventListener(view, 'hashchange', send);
  ctx.addEventListener(view, 'popstate', send);
  // Coalesce DOM bursts (the virtualized log re-renders rows while scrolling).
  let pending: number | undefined;
  const observer = new MutationObserver(() => {
    if (pending !== undefined) return;
    pending = ctx.setTimeout(() => {
      pending = undefined;
      send();
    }, 250);
  });
  // `data-state`: a Chakra dialog may close by state rather than by unmounting.
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
  // Airflow 2's grid renders in the open shadow root of `#root`, which the body's observer does not
  // see into; a try button there only changes the log's Download link (`href`).
  const airflow2Grid = doc.getElementById('root')?.shadowRoot;
  if (airflow2Grid) observer.observe(airflow2Grid, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  ctx.onInvalidated(() => {
    observer.disconnect();
    report(null);
  });
}
