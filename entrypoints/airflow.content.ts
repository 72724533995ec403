import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { readLogSelection } from '@/lib/airflow/log-selection';
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
  },
});
