import type { Page } from '@playwright/test';
import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { answerFromRequest } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

/**
 * Keyboard first. Airflow 3 has single-letter hotkeys (typing "Can" on a task instance page opened
 * its Clear Task Instance dialog), so what the user types after opening the assistant must land
 * in the question and nowhere else. Chrome's side panel can't be opened by automation (neither its
 * Alt+Shift+Y command nor the toolbar button): the panel's page is opened as a tab, which loads the
 * same document the command loads, and the keyboard is driven with real key presses, no clicks.
 */

// Slow enough to press Stop while it streams.
test.use({ modelStandInOptions: { script: answerFromRequest(() => 'A long answer, word by word. '.repeat(40), { delayMs: 250 }) } });

/** Every key event the Airflow page receives, caught before Airflow's own handlers. */
async function recordKeys(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenKeys: string[] }).seenKeys = seen;
    for (const type of ['keydown', 'keypress', 'keyup']) window.addEventListener(type, (event) => seen.push(`${type}:${(event as KeyboardEvent).key}`), true);
  });
}
const keysSeen = (page: Page) => page.evaluate(() => (window as unknown as { seenKeys: string[] }).seenKeys);
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

test('the panel takes the keyboard: typing lands in the question, never in Airflow; Enter on a suggestion and on Stop keeps focus in the panel', async ({ context, extensionId, rig, openSidePanel, model }) => {
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  await expect(airflow.getByRole('button', { name: /clear/i }).first()).toBeVisible();
  await recordKeys(airflow);

  const panel = new SidePanel(await openSidePanel());
  const page = panel.page;
  await expect(page.getByTestId('suggestion').first()).toBeVisible();

  // No click: the composer already has the keyboard.
  await expect.poll(() => focused(page)).toBe('chat-input');
  await page.keyboard.type('Can a retry help?');
  await expect(page.getByTestId('chat-input')).toHaveValue('Can a retry help?');
  expect(await keysSeen(airflow)).toEqual([]);
  await expect(airflow.getByRole('dialog')).toHaveCount(0);

  // The suggestions sit before the composer: Shift+Tab reaches them, Enter asks one.
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  const suggestion = page.getByTestId('suggestion').filter({ hasText: 'Why did this fail?' });
  for (let i = 0; i < 6 && !(await suggestion.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
  await expect(suggestion).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message-user').last()).toHaveText('Why did this fail?');
  await expect.poll(() => focused(page)).toBe('chat-input');

  // While it answers, Tab from the question reaches Stop; Enter stops and the keyboard stays.
  await expect(page.getByTestId('chat-stop')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('chat-stop')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chat-stop')).toHaveCount(0);
  await expect.poll(() => focused(page)).toBe('chat-input');

  // The suggestion asked has folded away; the others are still offered.
  await expect(page.getByTestId('suggestion').first()).toBeVisible();
  await expect(page.getByTestId('suggestion').filter({ hasText: 'Why did this fail?' })).toHaveCount(0);

  // Typing again goes to the question, and Airflow never saw a key.
  await page.keyboard.type('Can I see the log?');
  await expect(page.getByTestId('chat-input')).toHaveValue('Can I see the log?');
  expect(await keysSeen(airflow)).toEqual([]);
  await expect(airflow.getByRole('dialog')).toHaveCount(0);
});
