import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { answerFromRequest, startModelStandIn, type ModelStandIn } from './model-stand-in/server';

/**
 * Honest states: the panel says what it can and cannot do. Off Airflow it shows no page context,
 * no suggestions and nothing to ask; on first run (no model key) a setup card comes before any
 * suggestion is offered.
 */

let model: ModelStandIn;
test.beforeAll(async () => {
  model = await startModelStandIn({ script: answerFromRequest((req) => `You asked: ${req.lastUserText}`) });
});
test.afterAll(async () => model.close());
test.beforeEach(() => model.reset());

const failedTask = (rig: { baseUrl: string; runs: Record<string, string> }) =>
  `${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`;

test('off Airflow (about:blank, another site) the panel says so: no stale Dag context, no suggestions, nothing to ask; back on Airflow it follows again', async ({ context, extensionId, rig, openSidePanel }) => {
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
    await expect(panel.getByTestId('chat-disabled-reason')).toHaveText('Open a page of your Airflow 3 instance to ask about it.');
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

test('first run (no model key): a setup card with where to get a key comes before any suggestion; once set up, suggestions appear', async ({ context, extensionId, rig, openSidePanel }) => {
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
