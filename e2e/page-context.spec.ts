import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';

test('the content script reports a failed task instance and the side panel shows it', async ({ context, serviceWorker, rig, openSidePanel }) => {
  const runId = rig.runs.fail_python_exception!;
  const airflowTab = await context.newPage();
  await loginThroughUi(airflowTab, rig.baseUrl, USERS.admin);
  const taskUrl = `${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(runId)}/tasks/transform`;
  await airflowTab.goto(taskUrl);

  // What the worker received from the content script, read from the worker's own storage.
  await expect
    .poll(async () =>
      serviceWorker.evaluate(async () => {
        const { tabContexts } = await chrome.storage.session.get('tabContexts');
        return Object.values((tabContexts ?? {}) as Record<string, { taskId?: string; tryNumber?: number }>).find(
          (context) => context.taskId === 'transform' && context.tryNumber !== undefined,
        );
      }),
    )
    .toMatchObject({
      instanceUrl: rig.baseUrl,
      pageKind: 'task_instance',
      dagId: 'fail_python_exception',
      runId,
      taskId: 'transform',
      mapIndex: -1,
      tryNumber: 1,
      airflowVersion: '3.3.2',
    });

  const panel = await openSidePanel();
  await expect(panel.getByTestId('context-kind')).toHaveText('Task instance');
  await expect(panel.getByTestId('context-instance')).toContainText(rig.baseUrl);
  await expect(panel.getByTestId('context-dag')).toContainText('fail_python_exception');
  await expect(panel.getByTestId('context-run')).toContainText(runId);
  await expect(panel.getByTestId('context-task')).toContainText('transform');
  await expect(panel.getByTestId('context-try')).toContainText('1');
  await expect(panel.getByTestId('session-status')).toContainText('Reading Airflow as admin');

  // SPA navigation to the Dag page updates the panel without a reload.
  await airflowTab.bringToFront();
  await airflowTab.getByRole('link', { name: 'fail_python_exception' }).first().click();
  await panel.bringToFront();
  await expect(panel.getByTestId('context-kind')).toHaveText('Dag');
  await expect(panel.getByTestId('context-run')).toHaveCount(0);
});
