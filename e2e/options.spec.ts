import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { callToolsThenAnswer, echoScript, failWith } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

/**
 * The options page (issue 14, item 6): "Test connection" for the model and for an Airflow
 * instance, a readable audit trail, Airflow's look in light and dark with no serious
 * accessibility faults, and screenshots at a narrow and a wide width.
 */

test.beforeEach(({ model }) => model.reset());

const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'options-screenshots');

async function openOptions(page: Page, extensionId: string) {
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.getByRole('heading', { name: 'Airflow AI Assistant · Options' })).toBeVisible();
}

test('"Test connection" for the model: the stand-in answers; a wrong key and a wrong URL each get a sentence saying why', async ({ context, extensionId, model }) => {
  const options = await context.newPage();
  await openOptions(options, extensionId);
  await options.getByTestId('api-key').fill('test-key');
  await options.getByTestId('base-url').fill(model.baseURL);
  const result = options.getByTestId('connection-result');

  model.setScript(echoScript);
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveAttribute('data-kind', 'ok');
  await expect(result).toHaveText(/^Connected: the model answered ".+"\.$/);
  expect(model.requests).toHaveLength(1);
  expect(model.requests[0]!.apiKey).toBe('test-key');

  model.setScript(failWith(400, 'API key not valid. Please pass a valid API key.'));
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveAttribute('data-kind', 'other');
  await expect(result).toContainText('The endpoint answered HTTP 400');
  model.setScript(failWith(403, 'Permission denied.'));
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveAttribute('data-kind', 'bad_key');
  await expect(result).toHaveText('The provider refused the API key (HTTP 403). Check the key for this provider.');

  // Nothing listens on port 9 of this machine.
  await options.getByTestId('base-url').fill('http://127.0.0.1:9/v1beta');
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveAttribute('data-kind', 'unreachable');
  await expect(result).toHaveText('Nothing answered at http://127.0.0.1:9/v1beta. Is the server running, and is the base URL right?');
});

test('"Test connection" for an Airflow instance: without a login it says so; logged in it says reachable, the version and the user; a wrong address says nothing answered', async ({ context, extensionId, rig }) => {
  const options = await context.newPage();
  await openOptions(options, extensionId);
  const result = options.getByTestId('airflow-check-result');
  await options.getByTestId('airflow-test-url').fill(rig.baseUrl);
  await options.getByTestId('test-airflow').click();
  await expect(result).toHaveAttribute('data-kind', 'signed_out');
  await expect(result).toHaveText(new RegExp(`^Airflow 3\\.\\d+\\.\\d+\\S* answers at ${rig.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, but this browser has no Airflow session there`));

  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.viewer);
  await options.bringToFront();
  await options.getByTestId('test-airflow').click();
  await expect(result).toHaveAttribute('data-kind', 'ok');
  await expect(result).toHaveText(/^Reachable: Airflow 3\.\d+\.\d+\S* at http:\/\/127\.0\.0\.1:\d+\/; your session works as viewer\.$/);

  await options.getByTestId('airflow-test-url').fill('http://127.0.0.1:9/');
  await options.getByTestId('test-airflow').click();
  await expect(result).toHaveAttribute('data-kind', 'unreachable');
  await expect(result).toHaveText('Nothing answered at http://127.0.0.1:9/. Is Airflow running, and is the address right?');
});

test('the audit trail reads in one line per time, with arguments, sizes and tokens, filtered by kind; the page passes axe in light and dark and follows the OS live', async ({ context, extensionId, rig, openSidePanel, model }, testInfo) => {
  model.setScript(
    callToolsThenAnswer({
      calls: [{ name: 'list_task_instances', args: { dag_id: 'fail_python_exception', run_id: rig.runs.fail_python_exception } }],
      answer: () => 'The run has a failed task, transform.',
    }),
  );
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}`);
  const panel = new SidePanel(await openSidePanel());
  // The panel knows the run (its context header may be folded: the facts are hidden, not gone).
  await expect(panel.page.getByTestId('context-run')).toContainText(rig.runs.fail_python_exception!);
  await panel.ask('Which tasks ran?');
  await expect(panel.lastAnswer()).toContainText('The run has a failed task');

  const options = await context.newPage();
  await options.setViewportSize({ width: 1000, height: 900 });
  await openOptions(options, extensionId);
  const tool = options.getByTestId('audit-tool_call').filter({ hasText: 'list_task_instances' }).first();
  await expect(tool.getByTestId('audit-args')).toContainText('dag_id fail_python_exception');
  await expect(tool.getByTestId('audit-args')).toContainText(`run_id ${rig.runs.fail_python_exception}`);
  await expect(tool).not.toContainText('{"');
  await expect(tool.getByTestId('audit-summary')).toHaveText(/^ok, [\d.]+ (B|kB) read$/);
  const modelRow = options.getByTestId('audit-model_request').first();
  await expect(modelRow).toContainText('gemini-2.5-flash');
  await expect(modelRow.getByTestId('audit-summary')).toHaveText(/^[\d,]+ in \/ [\d,]+ out tokens, [\d.]+ (B|kB) sent/);
  await expect(modelRow).not.toContainText('?');
  // Each time stays on one line, at both widths.
  for (const width of [1000, 420]) {
    await options.setViewportSize({ width, height: 900 });
    // Lines of text in each time cell: the distinct tops of its text's line boxes (the cell itself
    // is as tall as its row).
    const lineCounts = await options.getByTestId('audit-time').evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      }),
    );
    expect(lineCounts.length).toBeGreaterThan(1);
    expect(lineCounts.every((lines) => lines === 1), `lines per time cell at ${width} px: ${lineCounts.join(', ')}`).toBe(true);
    expect(await options.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
  await options.setViewportSize({ width: 1000, height: 900 });

  // The filter shows one kind at a time.
  await options.getByTestId('audit-filter').selectOption('model_request');
  await expect(options.getByTestId('audit-tool_call')).toHaveCount(0);
  await expect(options.getByTestId('audit-model_request').first()).toBeVisible();
  await options.getByTestId('audit-filter').selectOption('tool_call');
  await expect(options.getByTestId('audit-model_request')).toHaveCount(0);
  await expect(options.getByTestId('audit-tool_call').first()).toBeVisible();
  await options.getByTestId('audit-filter').selectOption('all');

  // A model test result and an Airflow test result on screen for the checks and the pictures.
  await options.getByTestId('test-connection').click();
  await expect(options.getByTestId('connection-result')).toHaveAttribute('data-kind', /ok|other|bad_key/);
  await options.getByTestId('airflow-test-url').fill(rig.baseUrl);
  await options.getByTestId('test-airflow').click();
  await expect(options.getByTestId('airflow-check-result')).toHaveAttribute('data-kind', 'ok');

  mkdirSync(SCREENSHOTS, { recursive: true });
  const background = () => options.evaluate(() => getComputedStyle(document.body).backgroundColor);
  for (const scheme of ['light', 'dark'] as const) {
    // The OS setting switches the page live, without a reload.
    await options.emulateMedia({ colorScheme: scheme });
    await expect(options.locator('html')).toHaveAttribute('data-color-mode', scheme);
    const lightness = await background();
    expect(lightness, `${scheme} background`).toMatch(scheme === 'dark' ? /oklch\(0\.2/ : /oklch\(1 |rgb\(255, 255, 255\)/);

    const axe = await new AxeBuilder({ page: options }).analyze();
    const serious = axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), `${scheme}: serious or critical axe violations`).toEqual([]);

    for (const width of [420, 1000]) {
      await options.setViewportSize({ width, height: 900 });
      const file = path.join(SCREENSHOTS, `options-${width}-${scheme}.png`);
      await options.screenshot({ path: file, fullPage: true });
      await testInfo.attach(`options ${width}px ${scheme}`, { path: file, contentType: 'image/png' });
    }
    await options.setViewportSize({ width: 1000, height: 900 });
  }
});
