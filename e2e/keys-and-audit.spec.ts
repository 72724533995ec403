import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { callToolsThenAnswer } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

const API_KEY = 'AIzaSy-e2e-planted-model-key-0123456789';

/** Reads the key store of the extension origin from one of its pages. */
const readKeyStore = () =>
  new Promise<unknown>((resolve, reject) => {
    const open = indexedDB.open('airflow-assistant-secrets', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('secrets');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('secrets').objectStore('secrets').get('model-api-key');
      get.onsuccess = () => resolve(get.result ?? null);
    };
  });

test('the API key stays out of storage areas content scripts can read; the audit trail records the answer; forgetting wipes it all', async ({ context, extensionId, serviceWorker, rig, openSidePanel, model }) => {
  model.setScript(
    callToolsThenAnswer({
      calls: [{ name: 'list_task_instances', args: { dag_id: 'fail_python_exception', run_id: rig.runs.fail_python_exception } }],
      answer: (results) => `The run has these tasks: ${JSON.stringify(results[0]?.content).slice(0, 80)}`,
    }),
  );
  await configureModel(context, extensionId, { apiKey: API_KEY, baseURL: model.baseURL });

  // Content scripts share browser.storage with the extension; the key must not be in any area.
  const storageDump = await serviceWorker.evaluate(async () =>
    JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null), await chrome.storage.sync.get(null)]),
  );
  expect(storageDump).not.toContain(API_KEY);
  expect(storageDump).toContain('"apiKeySet":true');

  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-run')).toBeAttached();
  await panel.ask('Which tasks ran?');
  await expect(panel.lastAnswer()).toContainText('The run has these tasks');
  // The worker used the stored key, and only the model provider received it.
  expect(model.requests.every((request) => request.apiKey === API_KEY)).toBe(true);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId('audit-tool_call').first()).toContainText('list_task_instances');
  await expect(options.getByTestId('audit-model_request').first()).toContainText('gemini-2.5-flash');
  expect(await options.evaluate(readKeyStore)).toBe(API_KEY);

  options.on('dialog', (dialog) => void dialog.accept());
  await options.getByTestId('forget-everything').click();
  await expect(options.getByTestId('forget-done')).toBeVisible();
  expect(await options.evaluate(readKeyStore)).toBeNull();
  await expect(options.getByTestId('audit-tool_call')).toHaveCount(0);
  const afterForget = await serviceWorker.evaluate(async () =>
    JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]),
  );
  expect(afterForget).not.toContain('Which tasks ran?');
  expect(afterForget).not.toContain('The run has these tasks');

  // The panel forgot the conversation and now asks for a key.
  await panel.page.bringToFront();
  await expect(panel.page.getByTestId('message-user')).toHaveCount(0);
  const before = model.requests.length;
  await panel.ask('Which tasks ran?');
  await expect(panel.problem('no_api_key')).toBeVisible();
  expect(model.requests.length).toBe(before);
});
