import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { looksLikeAirflow3Ui } from './detect-airflow-page';
import { readPageContext } from './read-page-context';
import type { PageContext } from './page-context';

/**
 * Reports the page context of an Airflow 3 page now, on every SPA navigation, and when the log
 * view renders a different try; reports `null` when the page is left. Pages that are not the
 * Airflow 3 UI are left alone.
 */
export function watchAirflowPageContext(ctx: ContentScriptContext, report: (context: PageContext | null) => void) {
  if (!looksLikeAirflow3Ui(document)) return;
  let lastSent = '';

  const send = () => {
    const context = readPageContext(document, location.href);
    const serialized = JSON.stringify(context);
    if (serialized === lastSent) return;
    lastSent = serialized;
    report(context);
  };

  send();

  ctx.addEventListener(window, 'wxt:locationchange', send);
  // The log view renders after the route changes, and its links tell which try is on screen.
  let pending: number | undefined;
  const observer = new MutationObserver(() => {
    if (pending !== undefined) return;
    pending = ctx.setTimeout(() => {
      pending = undefined;
      send();
    }, 250);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    observer.disconnect();
    report(null);
  });
}
