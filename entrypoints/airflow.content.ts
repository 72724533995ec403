import { defineContentScript } from 'wxt/utils/define-content-script';
import { watchAirflowPageContext } from '@/lib/airflow/watch-page-context';
import { sendRequest } from '@/lib/messaging/protocol';

// Runs on the local Airflow origins the manifest grants; other origins are registered at runtime.
export default defineContentScript({
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  runAt: 'document_idle',
  main(ctx) {
    watchAirflowPageContext(ctx, (context) => void sendRequest('reportPageContext', { context }).catch(() => {}));
  },
});
