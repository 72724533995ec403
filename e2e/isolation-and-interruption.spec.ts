import type { BrowserContext, Page } from '@playwright/test';
import { api, USERS } from './airflow/harness';
import { loginThroughUi, type LoginUser } from './airflow/login';
import { expect, readRigState, test, type RigState } from './fixtures';
import { configureModel } from './model';
import { answerFromRequest, callToolsThenAnswer, type ModelScript } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

/**
 * Trust under real conditions (issue 13, parts 1 and 3): one Airflow user's conversation is never
 * shown or sent on behalf of another in the same browser window; an answer cut off by a worker
 * stop says so and can be retried; a question over the limit is refused with a sentence.
 */

/** An object only admin may see (viewer lacks the Connections permission; see rbac.spec.ts). */
const ADMIN_ONLY = { id: 'rbac_probe_conn', host: 'rbac-probe-host.internal' };
const ADMIN_QUESTION = 'Which connections exist?';

test.beforeAll(async () => {
  // The harness (not the extension) writes: idempotent, a 409 on a rerun is fine.
  await api(readRigState().baseUrl, 'connections', {
    method: 'POST',
    body: { connection_id: ADMIN_ONLY.id, conn_type: 'postgres', host: ADMIN_ONLY.host, password: 'never-shown' },
  }).catch((error) => (String(error).includes('409') ? undefined : Promise.reject(error)));
});
test.beforeEach(({ model }) => model.reset());

const resultText = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content ?? ''));

/** The connections question calls the real tool and repeats what it found; anything else gets a plain answer. */
const connectionsThenPlain: ModelScript = (req, turn) =>
  req.lastUserText.includes(ADMIN_QUESTION)
    ? callToolsThenAnswer({
        calls: [{ name: 'list_connections', args: {} }],
        answer: (results) => `Found: ${resultText(results[0]?.content ?? results[0]?.response).split('\n').filter((l) => l.includes(ADMIN_ONLY.id)).join(' ')}`,
      })(req, turn)
    : { text: 'This Dag reads a connection that is not configured.' };

async function openDag(page: Page, rig: RigState) {
  await page.goto(`${rig.baseUrl}dags/fail_missing_connection`);
}

const logOut = (context: BrowserContext) => context.clearCookies({ name: '_token' });

async function logInAs(page: Page, rig: RigState, user: LoginUser) {
  await loginThroughUi(page, rig.baseUrl, user);
  await openDag(page, rig);
}

test('user switch in the same window: the viewer sees none of the admin conversation and sends none of it to the model', async ({ context, extensionId, rig, openSidePanel, model }) => {
  model.setScript(connectionsThenPlain);
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await logInAs(airflow, rig, USERS.admin);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-dag')).toContainText('fail_missing_connection');
  await expect(panel.page.getByTestId('session-status')).toContainText('admin');

  await panel.ask(ADMIN_QUESTION);
  // Positive control: the admin's answer holds the admin-only connection.
  await expect(panel.lastAnswer()).toContainText(ADMIN_ONLY.id);

  // Log out: the session cookie goes, as Airflow's logout does in the browser. (Not through
  // `auth/logout` itself: it revokes the token in Airflow's database, and the read-only proof of
  // the e2e run allows no write but the harness's.)
  await logOut(context);
  await expect(panel.page.getByTestId('chat-disabled-reason')).toContainText('Log in to Airflow');
  await expect(panel.page.getByTestId('message-user')).toHaveCount(0);
  await expect(panel.page.getByTestId('message-assistant')).toHaveCount(0);

  // The viewer logs in in the same tab of the same window.
  await logInAs(airflow, rig, USERS.viewer);
  await expect(panel.page.getByTestId('session-status')).toContainText('viewer');
  await expect(panel.page.getByTestId('chat-input')).toBeEnabled();
  await expect(panel.page.getByTestId('message-user')).toHaveCount(0);
  await expect(panel.page.getByTestId('message-assistant')).toHaveCount(0);
  await expect(panel.page.locator('main')).not.toContainText(ADMIN_ONLY.id);
  await expect(panel.page.locator('main')).not.toContainText(ADMIN_QUESTION);

  // The viewer's next model request carries nothing of the admin's conversation.
  model.reset();
  await panel.ask('What does this Dag do?');
  await expect(panel.lastAnswer()).toContainText('not configured');
  expect(model.requests.length).toBeGreaterThan(0);
  const sent = JSON.stringify(model.requests.map((r) => [r.url, r.headers, r.body]));
  expect(sent).toContain('What does this Dag do?');
  for (const adminText of [ADMIN_ONLY.id, ADMIN_ONLY.host, ADMIN_QUESTION, 'Found:']) expect(sent).not.toContain(adminText);
  await expect(panel.page.getByTestId('message-user')).toHaveCount(1);

  // Back to admin: the admin's own conversation is there again, and the viewer's is not.
  await logOut(context);
  await logInAs(airflow, rig, USERS.admin);
  await expect(panel.page.getByTestId('session-status')).toContainText('admin');
  await expect(panel.page.getByTestId('message-user')).toHaveText([ADMIN_QUESTION]);
  await expect(panel.lastAnswer()).toContainText(ADMIN_ONLY.id);
});

test('worker stopped mid-answer: the reopened panel says "interrupted" and Retry answers', async ({ context, extensionId, rig, openSidePanel, model }) => {
  // A slow stream: about 60 words, 250 ms apart.
  const slow = answerFromRequest(() => `Slowly: ${Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')}.`, { delayMs: 250 });
  model.setScript(slow);
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await logInAs(airflow, rig, USERS.admin);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-dag')).toContainText('fail_missing_connection');
  await panel.ask('What does this Dag do?');
  await expect(panel.lastAnswer()).toContainText('word3');
  await expect(panel.page.getByTestId('typing')).toBeVisible();

  // The browser stops the extension's worker, as it does to idle MV3 workers.
  const cdp = await context.newCDPSession(panel.page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await panel.page.close();

  model.setScript(answerFromRequest(() => 'A complete answer after the retry.'));
  const reopened = new SidePanel(await openSidePanel());
  await expect(reopened.problem('interrupted')).toBeVisible();
  await expect(reopened.problem('interrupted')).toContainText('interrupted');
  await expect(reopened.page.getByTestId('typing')).toHaveCount(0);
  // What it had written is kept, as last saved (storage is written at most every 250 ms, so the
  // last word shown before the stop may be missing); the rest never came.
  await expect(reopened.lastAnswer()).toContainText('Slowly: word0 word1');
  await expect(reopened.lastAnswer()).not.toContainText('word59');

  await reopened.problem('interrupted').getByRole('button', { name: 'Retry' }).click();
  await expect(reopened.lastAnswer()).toContainText('A complete answer after the retry.');
  await expect(reopened.problem('interrupted')).toHaveCount(0);
  await expect(reopened.page.getByTestId('message-user')).toHaveText(['What does this Dag do?']);
  expect(model.requests.at(-1)!.lastUserText).toContain('What does this Dag do?');
});

test('a question over the limit: a clear sentence, the text stays in the composer, and the worker refuses it too', async ({ context, extensionId, rig, openSidePanel, model }) => {
  model.setScript(answerFromRequest(() => 'never'));
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await logInAs(airflow, rig, USERS.admin);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-dag')).toContainText('fail_missing_connection');

  const input = panel.page.getByTestId('chat-input');
  await input.fill('a'.repeat(12_000));
  // The limit is shown before it is reached.
  await expect(panel.page.getByTestId('chat-length')).toHaveText('12,000 of 20,000 characters');

  const long = `Why is this slow? ${'log line '.repeat(2_300)}`.trim();
  await input.fill(long);
  await expect(panel.page.getByTestId('chat-length')).toContainText(`Your question is ${long.length.toLocaleString('en-US')} characters; the limit is 20,000.`);
  await expect(panel.page.getByTestId('chat-send')).toBeDisabled();
  await input.press('Enter');
  await expect(input).toHaveValue(long);
  await expect(panel.page.getByTestId('message-user')).toHaveCount(0);

  // A panel that skipped the check (an older one, say) gets the worker's refusal, not silence.
  const refusal = await panel.page.evaluate(async (text) => {
    const port = chrome.runtime.connect({ name: 'airflow-assistant/panel' });
    const answer = new Promise<string>((resolve) =>
      port.onMessage.addListener((message: { type: string; message?: string }) => {
        if (message.type === 'panel/refused') resolve(message.message ?? '');
      }),
    );
    port.postMessage({ type: 'panel/subscribe' });
    port.postMessage({ type: 'chat/ask', text });
    return answer;
  }, long);
  expect(refusal).toBe(`The question was not sent: it is ${long.length.toLocaleString('en-US')} characters, and the limit is 20,000.`);
  await panel.page.waitForTimeout(500);
  await expect(panel.page.getByTestId('message-user')).toHaveCount(0);
  expect(model.requests).toHaveLength(0);
});
