import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { answerFromRequest } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

test.use({ modelStandInOptions: { script: answerFromRequest((req) => `You asked: ${req.lastUserText}`) } });

test('suggestions follow the page and its live state, and a click asks them', async ({ context, extensionId, rig, openSidePanel, model }) => {
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.viewer);
  const taskPage = (dagId: string, taskId: string) =>
    `${rig.baseUrl}dags/${dagId}/runs/${encodeURIComponent(rig.runs[dagId]!)}/tasks/${taskId}`;

  await airflow.goto(taskPage('fail_python_exception', 'transform'));
  const panel = new SidePanel(await openSidePanel());
  const suggestions = panel.page.getByTestId('suggestion');
  await expect(suggestions).toHaveText(['Why did this fail?', 'What changed since the last successful run?', 'Will a retry help?']);

  // A successful task of another Dag.
  await airflow.bringToFront();
  await airflow.goto(taskPage('ok_simple', 'hello'));
  await panel.page.bringToFront();
  await expect(suggestions.first()).toHaveText('What does this task do?');

  // An upstream_failed task.
  await airflow.bringToFront();
  await airflow.goto(taskPage('fail_upstream_chain', 'publish'));
  await panel.page.bringToFront();
  await expect(suggestions.first()).toHaveText('Which upstream task failed, and why?');

  // A Dag page whose recent runs failed, reached by SPA navigation.
  await airflow.bringToFront();
  await airflow.getByRole('link', { name: 'fail_upstream_chain' }).first().click();
  await panel.page.bringToFront();
  await expect(panel.page.getByTestId('context-kind')).toHaveText('Dag');
  await expect(suggestions.first()).toHaveText('Summarize the recent failures');

  await suggestions.first().click();
  await expect(panel.page.getByTestId('message-user')).toHaveText('Summarize the recent failures');
  await expect(panel.lastAnswer()).toContainText('You asked: Summarize the recent failures');
  expect(model.requests.at(-1)!.systemText).toContain('dag_id: fail_upstream_chain');
});
