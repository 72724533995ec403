import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { SidePanel } from './pages/side-panel';
import { answerFromRequest, failWith, replySequence, startModelStandIn, type ModelStandIn } from './model-stand-in/server';

/**
 * Accessibility of the panel with axe-core, in each state a person meets it (first run with no
 * model, an answer streaming, answered with a table and a code block, a model fault), in light
 * and in dark: no serious or critical violation.
 */

let model: ModelStandIn;
test.beforeAll(async () => {
  model = await startModelStandIn();
});
test.afterAll(async () => model.close());

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

test('the panel has no serious or critical axe violations: first run, streaming, answered, model fault; light and dark', async ({ context, extensionId, rig, openSidePanel }) => {
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
