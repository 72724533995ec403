import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { answerFromRequest } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

test.use({ modelStandInOptions: { script: answerFromRequest((req) => `Explained: ${req.lastUserText.split('\n')[0]}`) } });

/**
 * "Explain this log" on a real line of the 60,000-line log. The log view is virtualized, so only
 * rows near the selection exist in the DOM; the model must still get the lines around it, read
 * through the log tool from the selection's UI line numbers.
 */
test('explaining a selected line of the 60,000-line log sends the model the lines around it', async ({ context, extensionId, rig, openSidePanel, model }) => {
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  // #30004 is the UI line of the buried error (content[30008], checked in ui-log-lines tests).
  await airflow.goto(`${rig.baseUrl}dags/fail_long_log/runs/${encodeURIComponent(rig.runs.fail_long_log!)}/tasks/reconcile_partitions?try_number=1#30004`);
  const errorRow = airflow.locator('[data-testid^="virtualized-item-"]', { hasText: 'reconcile failed for partition 2024-06-01' }).first();
  await expect(errorRow).toBeVisible({ timeout: 30_000 });
  // Only a window of the log is in the DOM.
  expect(await airflow.locator('[data-testid^="virtualized-item-"]').count()).toBeLessThan(500);

  // Select the error row's message, as a user dragging over it would.
  await errorRow.evaluate((row) => {
    const message = row.querySelector('.event') ?? row;
    const range = document.createRange();
    range.selectNodeContents(message);
    const selection = getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  });

  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-task')).toContainText('reconcile_partitions');
  // The panel no longer waits for the triage card (it reads this whole log); as a user would,
  // the test lets the card come first, so the explanation's own read is what the answer waits on.
  await expect(panel.page.getByTestId('triage-card')).toBeVisible({ timeout: 60_000 });
  await panel.page.getByTestId('explain-log').click();

  await expect(panel.page.getByTestId('message-user')).toContainText('Explain this log (log line 30004)');
  await expect(panel.lastAnswer()).toContainText('Explained: Explain this log (log line 30004)');
  const request = model.requests.at(-1)!;
  const evidence = request.currentFunctionResponses.map((r) => (typeof r.content === 'string' ? r.content : JSON.stringify(r.content))).join('\n');
  expect(request.currentFunctionResponses[0]!.name).toBe('read_task_log');
  expect(evidence).toContain('UI line 30004 is line 30009');
  expect(evidence).toContain('checksum mismatch in partition 2024-06-01');
  // The lines around the selection, far outside what a selection of one row could carry.
  for (const row of ['row 29990', 'row 30010']) expect(evidence).toContain(row);
});
