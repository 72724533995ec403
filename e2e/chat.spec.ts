import type { BrowserContext, Page } from '@playwright/test';
import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test, type RigState } from './fixtures';
import { configureModel } from './model';
import { SidePanel } from './pages/side-panel';
import { callToolsThenAnswer, failWith, replySequence, type FunctionResponseRecord, type ModelScript, type ModelStandIn, type RecordedModelRequest } from './model-stand-in/server';

test.beforeEach(({ model }) => model.reset());

const EXCEPTION = "ValueError: column 'amount' has 3 nulls";

/**
 * The stand-in reads the page context from the request it got (as a model would), asks for the
 * log of that task and try, then answers with the exception line it found in the real tool
 * result, citing its line number.
 */
const diagnoseFromLog = (opts: { delayMs?: number } = {}) =>
  callToolsThenAnswer({
    calls: (req: RecordedModelRequest) => [
      {
        name: 'read_task_log',
        args: {
          dag_id: fact(req, 'dag_id'),
          run_id: fact(req, 'dag_run_id'),
          task_id: fact(req, 'task_id'),
          try_number: Number(fact(req, 'try_number')),
          mode: 'search',
          pattern: 'Error',
        },
      },
    ],
    answer: (results: FunctionResponseRecord[]) => {
      const log = resultText(results[0]);
      const hit = /^(\d+) \+ (\w+Error: .*)$/m.exec(log);
      if (!hit) return `No exception found in: ${log.slice(0, 300)}`;
      const link = new RegExp(`^line ${hit[1]}: (\\S+)$`, 'm').exec(log)?.[1];
      return `The task failed with \`${hit[2]}\` (log line ${hit[1]}${link ? `, [open in Airflow](${link})` : ''}).`;
    },
    ...opts,
  });

function fact(req: RecordedModelRequest, key: string): string {
  const value = new RegExp(`^- ${key}: (.+)$`, 'm').exec(req.systemText)?.[1];
  if (!value) throw new Error(`The request has no ${key} in its page context`);
  return value.trim();
}

function resultText(result: FunctionResponseRecord | undefined): string {
  const content = result?.content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? result?.response ?? '');
}

type ChatFixtures = { context: BrowserContext; extensionId: string; rig: RigState; openSidePanel: () => Promise<Page>; model: ModelStandIn };

/**
 * The start of most chat tests: the model (when scripted) configured through the options page,
 * the user logged in through Airflow's login page, the failed task open, and a side panel that
 * knows the task and its try.
 */
async function panelOnFailedTask(fixtures: ChatFixtures, options: { script?: ModelScript; user?: { username: string; password: string } } = {}) {
  if (options.script) {
    fixtures.model.setScript(options.script);
    await configureModel(fixtures.context, fixtures.extensionId, { apiKey: 'test-key', baseURL: fixtures.model.baseURL });
  }
  const airflow = await fixtures.context.newPage();
  await loginThroughUi(airflow, fixtures.rig.baseUrl, options.user ?? USERS.admin);
  await openFailedTask(airflow, fixtures.rig);
  const panel = new SidePanel(await fixtures.openSidePanel());
  await expect(panel.page.getByTestId('context-try')).toContainText('1');
  return { airflow, panel };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function openFailedTask(page: Page, rig: RigState) {
  const runId = rig.runs.fail_python_exception!;
  await page.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(runId)}/tasks/transform`);
  return runId;
}

for (const user of [USERS.admin, USERS.viewer]) {
  test(`as ${user.username}: "Why did this task fail?" is answered from the real log through MCP`, async ({ context, extensionId, rig, openSidePanel, model }) => {
    const { panel } = await panelOnFailedTask({ context, extensionId, rig, openSidePanel, model }, { script: diagnoseFromLog(), user });
    const runId = rig.runs.fail_python_exception!;
    await expect(panel.page.getByTestId('context-task')).toContainText('transform');
    await panel.ask('Why did this task fail?');

    // The evidence pack is read first (a failure question), then the log tool the model called.
    await expect(panel.toolSteps().first()).toContainText('Gathering the evidence for transform, try 1');
    await expect(panel.toolSteps().filter({ hasText: 'Reading the log of transform, try 1' })).toHaveCount(1);
    await expect(panel.lastAnswer()).toContainText(EXCEPTION);
    await expect(panel.lastAnswer()).toContainText(/log line \d+/);
    // The citation is an evidence chip linking to the log line of that try in the Airflow UI.
    const citation = panel.lastAnswer().getByTestId('evidence-chip');
    await expect(citation).toHaveText(/line \d+ · try 1/);
    await expect(citation).toHaveAttribute('href', new RegExp(`^${escapeRegExp(rig.baseUrl)}dags/fail_python_exception/runs/[^/]+/tasks/transform\\?try_number=1#\\d+$`));

    // The model saw the page context and the real tool result, and the key stayed in the worker.
    const [first, second] = model.requests;
    expect(first!.apiKey).toBe('test-key');
    // The Airflow session never goes to the model, even when both are on the same host.
    expect(model.requests.every((request) => request.headers.cookie === undefined && !request.headers.authorization)).toBe(true);
    expect(first!.systemText).toContain('dag_id: fail_python_exception');
    expect(first!.systemText).toContain(`dag_run_id: ${runId}`);
    expect(first!.lastUserText).toContain('Why did this task fail?');
    expect(first!.toolNames).toContain('read_task_log');
    expect(resultText(second!.currentFunctionResponses[0])).toContain(EXCEPTION);
  });
}

test('no API key: the panel says how to add one and no model is called', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const { panel } = await panelOnFailedTask({ context, extensionId, rig, openSidePanel, model });
  await panel.ask('Why did this task fail?');
  await expect(panel.problem('no_api_key')).toBeVisible();
  await expect(panel.problem('no_api_key')).toContainText(/API key/i);
  expect(model.requests).toHaveLength(0);
  // The conversation is kept: the question is still there.
  await expect(panel.page.getByTestId('message-user')).toContainText('Why did this task fail?');
});

test('signed out: the panel asks to log in again before anything is asked, and asking works after login', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const { panel } = await panelOnFailedTask({ context, extensionId, rig, openSidePanel, model }, { script: diagnoseFromLog() });

  // The session ends (cookie gone, as after logout elsewhere). With no Airflow user there is no
  // conversation to show or ask in (conversations belong to one user): the panel says so first.
  await context.clearCookies({ name: '_token' });
  await expect(panel.page.getByTestId('chat-disabled-reason')).toContainText('Log in to Airflow in your Airflow tab');
  await expect(panel.page.getByTestId('chat-input')).toBeDisabled();
  expect(model.requests).toHaveLength(0);

  // The old tab's UI notices the lost session and goes to its login page by itself; log in
  // again in a new tab, as a user would.
  const again = await context.newPage();
  await loginThroughUi(again, rig.baseUrl, USERS.admin);
  await openFailedTask(again, rig);
  await panel.page.bringToFront();
  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText(EXCEPTION);
});

test('a failing model shows its error with retry, and nothing is lost', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const script = replySequence(failWith(500, 'backend exploded'), failWith(500, 'backend exploded'), diagnoseFromLog());
  const { panel } = await panelOnFailedTask({ context, extensionId, rig, openSidePanel, model }, { script });
  await panel.ask('Why did this task fail?');
  // The one fault mapping's sentence, never the provider's raw message.
  await expect(panel.problem('model_error')).toContainText('The model provider failed (HTTP 500).');
  await expect(panel.problem('model_error')).not.toContainText('backend exploded');
  await panel.problem('model_error').getByRole('button', { name: /retry/i }).click();
  await expect(panel.lastAnswer()).toContainText(EXCEPTION);
  await expect(panel.page.getByTestId('message-user')).toHaveCount(1);
});

test('closing the panel mid-answer loses nothing: the answer finishes in the worker', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const { panel: first } = await panelOnFailedTask({ context, extensionId, rig, openSidePanel, model }, { script: diagnoseFromLog({ delayMs: 150 }) });
  await first.ask('Why did this task fail?');
  await expect(first.lastAnswer()).toContainText('The task failed');
  await expect(first.lastAnswer()).not.toContainText('(log line');
  await first.page.close();

  const reopened = new SidePanel(await openSidePanel());
  await expect(reopened.lastAnswer()).toContainText(EXCEPTION);
  await expect(reopened.lastAnswer().getByTestId('evidence-chip')).toHaveText(/line \d+ · try 1/);
  await expect(reopened.page.getByTestId('message-user')).toHaveCount(1);
});

test('Stop ends a streaming answer where it is, and the panel can ask again', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const { panel } = await panelOnFailedTask({ context, extensionId, rig, openSidePanel, model }, { script: diagnoseFromLog({ delayMs: 400 }) });
  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText('The task failed');
  await panel.page.getByTestId('chat-stop').click();
  await expect(panel.lastAnswer()).toContainText('Stopped');
  await expect(panel.page.getByTestId('chat-stop')).toHaveCount(0);
  const partial = await panel.lastAnswer().innerText();
  await expect(panel.lastAnswer().getByTestId('evidence-chip')).toHaveCount(0);
  // Nothing more arrives after Stop.
  await panel.page.waitForTimeout(1500);
  expect(await panel.lastAnswer().innerText()).toBe(partial);

  // The stopped answer stays; the next question is answered in full.
  model.setScript(diagnoseFromLog());
  await panel.ask('And now, why did it fail?');
  await expect(panel.lastAnswer()).toContainText(EXCEPTION);
  await expect(panel.page.getByTestId('message-assistant').first()).toContainText('Stopped');
});
