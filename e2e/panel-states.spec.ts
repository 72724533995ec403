import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { answerFromRequest } from './model-stand-in/server';

/**
 * Honest states: the panel says what it can and cannot do. Off Airflow it shows no page context,
 * no suggestions and nothing to ask; on first run (no model key) a setup card comes before any
 * suggestion is offered. While an answer streams the conversation follows it, unless the user
 * scrolled up to read: then it stays put and offers "Jump to latest".
 */

const youAsked = answerFromRequest((req) => `You asked: ${req.lastUserText}`);
test.use({ modelStandInOptions: { script: youAsked } });
test.beforeEach(({ model }) => {
  model.reset();
  model.setScript(youAsked);
});

const failedTask = (rig: { baseUrl: string; runs: Record<string, string> }) =>
  `${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`;

test('off Airflow (about:blank, another site) the panel says so: no stale Dag context, no suggestions, nothing to ask; back on Airflow it follows again', async ({ context, extensionId, rig, openSidePanel, model }) => {
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(failedTask(rig));
  const panel = await openSidePanel();
  await expect(panel.getByTestId('context-dag')).toContainText('fail_python_exception');
  await expect(panel.getByTestId('suggestion').first()).toBeVisible();

  const expectOffAirflow = async () => {
    await expect(panel.getByTestId('no-airflow-page')).toContainText('This tab is not showing Airflow');
    await expect(panel.getByTestId('context-chip')).toHaveCount(0);
    await expect(panel.getByTestId('suggestion')).toHaveCount(0);
    await expect(panel.getByTestId('triage-card')).toHaveCount(0);
    // Asking is not offered; the reason is a sentence, never a protocol error.
    await expect(panel.getByTestId('chat-input')).toBeDisabled();
    await expect(panel.getByTestId('chat-disabled-reason')).toHaveText('Open a page of your Airflow instance to ask about it.');
    await expect(panel.locator('body')).not.toContainText(/MCP error|-32602|Input validation/);
  };

  await airflow.goto('about:blank');
  await expectOffAirflow();

  // Back on Airflow: the panel follows the page again.
  await airflow.goto(failedTask(rig));
  await expect(panel.getByTestId('context-dag')).toContainText('fail_python_exception');
  await expect(panel.getByTestId('chat-input')).toBeEnabled();

  // Another site (here the model stand-in's own address: a web page that is not Airflow).
  await airflow.goto(model.baseURL);
  await expectOffAirflow();
  expect(model.requests).toHaveLength(0);
});

test('first run (no model key): a setup card with where to get a key comes before any suggestion; once set up, suggestions appear', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.viewer);
  await airflow.goto(failedTask(rig));
  const panel = await openSidePanel();

  const card = panel.getByTestId('setup-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText('Google Gemini');
  await expect(card.getByTestId('setup-key-page')).toHaveAttribute('href', 'https://aistudio.google.com/apikey');
  await expect(card.getByTestId('setup-key-page')).toHaveText('https://aistudio.google.com/apikey');
  // The triage card needs no model and is there; no suggestion is offered yet.
  await expect(panel.getByTestId('triage-card')).toBeVisible();
  await expect(panel.getByTestId('suggestion')).toHaveCount(0);

  // The card's button opens the options page, where the key goes.
  const opened = context.waitForEvent('page');
  await card.getByTestId('setup-open-options').click();
  const options = await opened;
  await expect(options).toHaveURL(/\/options\.html/);
  await options.close();

  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  await expect(card).toHaveCount(0);
  await expect(panel.getByTestId('suggestion').first()).toBeVisible();
});

test('scrolled up while an answer streams, the conversation stays put and offers "Jump to latest"; clicked, it is at the bottom and follows again', async ({ context, extensionId, rig, openSidePanel, model }) => {
  // A long answer, streamed slowly: 80 short paragraphs, one word every 60 ms (about 20 s).
  const paragraphs = Array.from({ length: 80 }, (_, i) => `Paragraph ${i + 1} of the answer.`);
  model.setScript(answerFromRequest(() => paragraphs.join('\n\n'), { delayMs: 60 }));
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(failedTask(rig));
  const panel = await openSidePanel();
  await panel.setViewportSize({ width: 360, height: 720 });
  await expect(panel.getByTestId('chat-input')).toBeEnabled();
  await panel.getByTestId('chat-input').fill('Tell me everything.');
  await panel.getByTestId('chat-send').click();

  const messages = panel.getByTestId('chat-messages');
  const distanceFromBottom = () => messages.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  const answer = panel.getByTestId('message-assistant').last();
  // The answer has grown past the height of the conversation area, and the view followed it.
  await expect.poll(() => messages.evaluate((el) => el.scrollHeight - el.clientHeight), { timeout: 20_000 }).toBeGreaterThan(300);
  expect(await distanceFromBottom()).toBeLessThan(40);
  await expect(panel.getByTestId('jump-to-latest')).toHaveCount(0);

  // The user scrolls up (the mouse wheel) while the answer still streams.
  await messages.hover();
  await expect(async () => {
    await panel.mouse.wheel(0, -5000);
    expect(await messages.evaluate((el) => el.scrollTop)).toBe(0);
  }).toPass({ timeout: 5_000 });
  const jump = panel.getByTestId('jump-to-latest');
  await expect(jump).toBeVisible();
  await expect(answer).not.toContainText('Paragraph 80 of the answer.');
  // New text keeps arriving below; the view stays where the user put it.
  const heightBefore = await messages.evaluate((el) => el.scrollHeight);
  await expect.poll(() => messages.evaluate((el) => el.scrollHeight)).toBeGreaterThan(heightBefore + 50);
  expect(await messages.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(panel.getByTestId('chat-stop')).toBeVisible();

  await jump.click();
  await expect(jump).toHaveCount(0);
  expect(await distanceFromBottom()).toBeLessThan(40);
  // And it follows the stream again to its end.
  await expect(answer).toContainText('Paragraph 80 of the answer.', { timeout: 30_000 });
  await expect(panel.getByTestId('copy-answer')).toBeVisible();
  await expect.poll(distanceFromBottom).toBeLessThan(40);
  await expect(jump).toHaveCount(0);
});
