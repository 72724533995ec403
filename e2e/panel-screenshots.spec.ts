import type { Locator, Page } from '@playwright/test';
import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { SidePanel } from './pages/side-panel';
import { answerFromRequest, failWith, replySequence } from './model-stand-in/server';

/**
 * What a person sees, at the side panel's real widths: screenshots of the panel empty (an Airflow
 * page, no conversation) and on a failed task (triage card, an answer with its usage line, a
 * model fault with its sentence and Retry) at 360×720 and 420×900, empty and triage card in light
 * and dark, of the Airflow tab beside it (light and dark) and of the options page, attached to the
 * test report (and kept under test-results/) to be looked at. What can fail: nothing in the panel
 * may be wider than the panel (no sideways scrolling at 360 px), and the fault's sentence is shown
 * without any raw provider text.
 */

test.beforeEach(({ model }) => model.reset());

const ANSWER = [
  "The task failed with `ValueError: column 'amount' has 3 nulls` (log line 5).",
  '',
  '| Check | Result |',
  '| --- | --- |',
  '| nulls in `amount` | 3 |',
  '',
  '```python',
  "df = df.dropna(subset=['amount'])",
  '```',
].join('\n');

/**
 * Airflow follows the OS color scheme (Chakra's next-themes puts "dark" on its <html>); the panel
 * wears the mode of the Airflow page it follows, switching live.
 */
async function switchColorMode(airflow: Page, panel: Page, mode: 'light' | 'dark') {
  await airflow.emulateMedia({ colorScheme: mode });
  if (mode === 'dark') await expect(airflow.locator('html')).toHaveClass(/\bdark\b/);
  else await expect(airflow.locator('html')).not.toHaveClass(/\bdark\b/);
  await expect(panel.locator('html')).toHaveClass(new RegExp(`\\b${mode}\\b`));
  expect(await panel.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(mode);
}

/** Two screenshots side by side on one image, as they sit on screen: the Airflow tab, then the panel. */
async function besideEachOther(page: Page, left: Buffer, right: Buffer, background: string, file: string) {
  const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
  await page.setContent(
    `<body style="margin:0;display:flex;align-items:flex-start;background:${background}"><img src="${dataUrl(left)}"><img src="${dataUrl(right)}"></body>`,
  );
  await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
  const size = await page.evaluate(() => ({ width: document.body.scrollWidth, height: Math.max(...[...document.images].map((img) => img.naturalHeight)) }));
  await page.setViewportSize(size);
  await page.screenshot({ path: file });
}

/** Widest element of the panel's document, in CSS pixels, against the viewport's width. */
const overflow = (page: Page) =>
  page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));

for (const size of [
  { width: 360, height: 720 },
  { width: 420, height: 900 },
]) {
  test(`the panel at ${size.width}×${size.height}: triage card, answer, model fault; nothing wider than the panel`, async ({ context, extensionId, rig, openSidePanel, model }, testInfo) => {
    const shot = async (page: Page | Locator, name: string) => {
      const file = testInfo.outputPath(`${name}-${size.width}x${size.height}.png`);
      await page.screenshot({ path: file });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    };
    model.setScript(replySequence(answerFromRequest(() => ANSWER), failWith(429, 'Resource has been exhausted (e.g. check quota).')));
    await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });

    const airflow = await context.newPage();
    await airflow.setViewportSize({ width: 1280, height: 800 });
    await loginThroughUi(airflow, rig.baseUrl, USERS.admin);

    // Empty: an Airflow page with nothing failed on it, no conversation yet.
    await airflow.goto(`${rig.baseUrl}dags`);
    const page = await openSidePanel();
    await page.setViewportSize(size);
    const panel = new SidePanel(page);
    await expect(page.getByTestId('chat-input')).toBeEnabled();
    await expect(page.getByTestId('triage-card')).toHaveCount(0);
    await expect(page.getByTestId('message-user')).toHaveCount(0);
    await shot(page, 'panel-empty');
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(size.width);
    await switchColorMode(airflow, page, 'dark');
    await shot(page, 'panel-empty-dark');
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(size.width);
    await switchColorMode(airflow, page, 'light');

    await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
    await expect(page.getByTestId('context-try')).toContainText('1');
    await expect(page.getByTestId('triage-card')).toBeVisible();
    await shot(page, 'panel-triage-card');
    await shot(airflow, 'airflow-tab');
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(size.width);
    await switchColorMode(airflow, page, 'dark');
    await shot(page, 'panel-triage-card-dark');
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(size.width);
    await switchColorMode(airflow, page, 'light');

    await panel.ask('Why did this task fail?');
    await expect(panel.lastAnswer()).toContainText('has 3 nulls');
    await expect(page.getByTestId('chat-send')).toBeVisible();
    await shot(page, 'panel-answered');
    await shot(panel.lastAnswer(), 'answer');
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(size.width);

    // The conversation is the main area: with the triage card folded to its header (a click),
    // it takes at least 55 % of the panel's height.
    await page.getByTestId('triage-card-header').click();
    await expect(page.getByTestId('triage-headline')).toBeHidden();
    const share = await page.getByTestId('chat-messages').evaluate((el) => el.getBoundingClientRect().height / window.innerHeight);
    expect(share, 'the conversation area takes at least 55 % of the panel height').toBeGreaterThanOrEqual(0.55);
    await shot(page, 'panel-answered-card-folded');

    await panel.ask('Will a retry help?');
    const problem = page.getByTestId('problem-model_error');
    await expect(problem).toContainText('limiting requests (HTTP 429)');
    await expect(problem).not.toContainText('Resource has been exhausted');
    await shot(page, 'panel-model-fault');
    await shot(problem, 'model-fault');
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(size.width);

    // A tool step whose result had secrets masked: its badge stays on one line.
    model.setScript(answerFromRequest(() => 'The upload was rejected with 401.'));
    await airflow.goto(`${rig.baseUrl}dags/fail_planted_secrets/runs/${encodeURIComponent(rig.runs.fail_planted_secrets!)}/tasks/export_to_partners`);
    await expect(page.getByTestId('context-task')).toContainText('export_to_partners');
    await panel.ask('Why did this task fail?');
    await expect(panel.lastAnswer()).toContainText('rejected with 401');
    const badge = page.getByTestId('tool-step-masked').first();
    await expect(badge).toContainText(/\d+ secrets? masked/);
    const { height, fontSize } = await badge.evaluate((el) => ({ height: el.getBoundingClientRect().height, fontSize: parseFloat(getComputedStyle(el).fontSize) }));
    expect(height, 'the masked-secrets badge is one line').toBeLessThan(fontSize * 2);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(size.width);
    await shot(page, 'panel-masked-badge');

    await switchColorMode(airflow, page, 'dark');
    await shot(page, 'panel-dark');
    await shot(page.getByTestId('message-assistant').first(), 'answer-dark');
    // For the README: the panel beside Airflow in Airflow's own dark mode (put together at the end).
    const besideDark = { airflow: await airflow.screenshot(), panel: await page.screenshot(), background: await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor) };
    await switchColorMode(airflow, page, 'light');

    if (size.width === 360) {
      // The narrowest and shortest panel: nothing wider than it, the composer still on screen.
      await page.setViewportSize({ width: 320, height: 600 });
      expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(320);
      await expect(page.getByTestId('chat-input')).toBeInViewport();
      await shot(page, 'panel-320x600');
    }

    if (size.width === 420) {
      const options = await context.newPage();
      await options.setViewportSize({ width: 900, height: 1400 });
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(options.getByTestId('save-settings')).toBeVisible();
      await shot(options, 'options-page');

      const file = testInfo.outputPath('panel-beside-airflow-dark.png');
      await besideEachOther(options, besideDark.airflow, besideDark.panel, besideDark.background, file);
      await testInfo.attach('panel-beside-airflow-dark', { path: file, contentType: 'image/png' });
    }
  });
}
