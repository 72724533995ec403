import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { isAirflow2GridPage, revealAirflow2CitedLine } from '@/lib/airflow/airflow2-log-view';
import { readLogSelection } from '@/lib/airflow/log-selection';
import { revealCitedLine } from '@/lib/airflow/reveal-log-line';
import { readPageToken } from '@/lib/airflow/page-session';
import { watchAirflowPageContext } from '@/lib/airflow/watch-page-context';
import { watchColorMode } from '@/lib/airflow/color-mode';
import { handleRequest } from '@/lib/messaging/handle-requests';
import { sendRequest } from '@/lib/messaging/protocol';

// Runs on the local Airflow origins the manifest grants; other origins are registered at runtime.
export default defineContentScript({
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  runAt: 'document_idle',
  main(ctx) {
    watchAirflowPageContext(ctx, (context) => void sendRequest('reportPageContext', { context }).catch(() => {}));
    ctx.onInvalidated(watchColorMode((mode) => void sendRequest('reportColorMode', { mode }).catch(() => {})));
    // Only the extension itself may ask what is selected (no other content script is trusted here).
    const onlyTheExtension = {
      extension: { id: browser.runtime.id, origin: new URL(browser.runtime.getURL('/')).origin },
      isEnabledAirflowOrigin: () => false,
    };
    handleRequest('readLogSelection', onlyTheExtension, () => ({ selection: readLogSelection(document) }));
    // A cited line (`#N`) folded into a collapsed group: the UI's own `#N` finds nothing there.
    // One reveal per URL at a time (hashchange and WXT's location watch both report a new `#N`).
    let revealing: string | null = null;
    const revealCited = () => {
      const href = location.href;
      if (revealing === href) return;
      revealing = href;
      // Airflow 2: the grid's log tab has no `#N` of its own; the try is in the URL's `try_number`.
      const revealed = isAirflow2GridPage(document) ? revealAirflow2CitedLine(document, href) : revealCitedLine(document, location.hash);
      void revealed
        .catch(() => null)
        .finally(() => {
          if (revealing === href) revealing = null;
        });
    };
    revealCited();
    ctx.addEventListener(window, 'hashchange', revealCited);
    ctx.addEventListener(window, 'wxt:locationchange', revealCited);
    // Airflow 3.0.x-3.1.0 keep the session in this origin's localStorage; the worker asks for it.
    handleRequest('readPageSession', onlyTheExtension, () => ({ token: readPageToken(localStorage) }));
  },
});
