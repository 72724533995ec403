import { AxeBuilder } from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { SidePanel } from './pages/side-panel';
import { answerFromRequest, failWith, replySequence } from './model-stand-in/server';

/**
 * Accessibility of the panel with axe-core, in each state a person meets it (first run with no
 * model, an answer streaming, answered with a table and a code block, a model fault, the earlier
 * conversations and the hand-off note), in light and in dark: no serious or critical violation.
 */

const ANSWER = ['The task failed with `ValueError` (log line 5).', '', '| Check | Result |', '| --- | --- |', '| nulls in `amount` | 3 |', '', '```python', "df = df.dropna(subset=['amount'])", '```'].join('\n');

/** The panel wears the color mode of the Airflow page it follows: Airflow is switched, the panel follows. */
async function expectNoSeriousViolations(page: Page, airflow: Page, state: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await airflow.emulateMedia({ colorScheme });
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveCSS('color-scheme', colorScheme);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, `${state}, ${colorScheme}`).toEqual([]);
  }
}

test('the panel has no serious or critical axe violations: first run, streaming, answered, model fault; light and dark', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const page = await openSidePanel();
  await page.setViewportSize({ width: 360, height: 720 });
  const panel = new SidePanel(page);

  await expect(page.getByTestId('setup-card')).toBeVisible();
  await expect(page.getByTestId('triage-card')).toBeVisible();
  await expectNoSeriousViolations(page, airflow, 'first run');

  model.setScript(replySequence(answerFromRequest(() => ANSWER, { delayMs: 400 }), failWith(429, 'Resource has been exhausted (e.g. check quota).')));
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  await expect(page.getByTestId('setup-card')).toHaveCount(0);

  await panel.ask('Why did this task fail?');
  await expect(page.getByTestId('chat-stop')).toBeVisible();
  await expectNoSeriousViolations(page, airflow, 'streaming');

  await expect(page.getByTestId('copy-answer')).toBeVisible({ timeout: 30_000 });
  await expect(panel.lastAnswer().locator('table')).toBeVisible();
  await expectNoSeriousViolations(page, airflow, 'answered');

  await panel.ask('Will a retry help?');
  await expect(page.getByTestId('problem-model_error')).toBeVisible();
  await expectNoSeriousViolations(page, airflow, 'model fault');
});

test('the history in the panel: "N earlier conversations" and the hand-off note, light and dark at 360 px, no serious or critical axe violations', async ({ context, extensionId, rig, openSidePanel, model }, testInfo) => {
  const shot = async (page: Page, name: string, info: TestInfo) => {
    const file = info.outputPath(`${name}-360x720.png`);
    await page.screenshot({ path: file });
    await info.attach(name, { path: file, contentType: 'image/png' });
  };
  const inBothModes = async (page: Page, airflow: Page, name: string) => {
    await expectNoSeriousViolations(page, airflow, name);
    for (const colorScheme of ['light', 'dark'] as const) {
      await airflow.emulateMedia({ colorScheme });
      await page.emulateMedia({ colorScheme });
      await expect(page.locator('html')).toHaveCSS('color-scheme', colorScheme);
      await shot(page, `${name}-${colorScheme}`, testInfo);
      // Nothing wider than the panel.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
  };
  model.setScript(answerFromRequest(() => ANSWER));
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const page = await openSidePanel();
  await page.setViewportSize({ width: 360, height: 720 });
  const panel = new SidePanel(page);

  // Two conversations about the task, each put aside with "New conversation".
  for (const question of ['Why did this task fail?', 'Will a retry help? Please look at the earlier tries of this task as well.']) {
    await panel.ask(question);
    await expect(page.getByTestId('copy-answer')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('chat-clear').click();
    await expect(page.getByTestId('message-user')).toHaveCount(0);
  }
  const summary = page.getByTestId('earlier-conversations-summary');
  await expect(summary).toHaveText('2 earlier conversations about this task');
  await summary.click();
  await expect(page.getByTestId('earlier-conversation')).toHaveCount(2);
  await inBothModes(page, airflow, 'panel-earlier-conversations');

  await page.getByTestId('earlier-conversation-open').first().click();
  await expect(page.getByTestId('message-user')).toHaveCount(1);
  await page.getByTestId('handoff-request').click();
  await expect(page.getByTestId('handoff-markdown')).toContainText('# Hand-off: fail_python_exception.transform');
  // The note sits above the conversation without pushing the composer off the panel, without
  // covering it, and the conversation keeps room to be read.
  await expect(page.getByTestId('chat-input')).toBeInViewport();
  const box = async (testId: string) => (await page.getByTestId(testId).boundingBox())!;
  expect((await box('chat-messages')).height, 'the conversation keeps room beside the note').toBeGreaterThan(80);
  const input = await box('chat-input');
  expect((await box('model-destination')).y, 'nothing covers the composer').toBeGreaterThanOrEqual(input.y + input.height);
  await inBothModes(page, airflow, 'panel-handoff-note');

  // The same conversations in the options' history view.
  const options = await context.newPage();
  await options.setViewportSize({ width: 900, height: 700 });
  await options.goto(`chrome-extension://${extensionId}/options.html#history-heading`);
  await expect(options.getByTestId('history-item')).toHaveCount(2);
  await options.getByTestId('history-view').scrollIntoViewIfNeeded();
  for (const colorScheme of ['light', 'dark'] as const) {
    await options.emulateMedia({ colorScheme });
    await expect(options.locator('html')).toHaveCSS('color-scheme', colorScheme);
    const file = testInfo.outputPath(`options-history-${colorScheme}.png`);
    await options.getByTestId('history-view').screenshot({ path: file });
    await testInfo.attach(`options-history-${colorScheme}`, { path: file, contentType: 'image/png' });
  }
});
