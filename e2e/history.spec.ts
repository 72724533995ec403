import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { loginThroughUi, type LoginUser } from './airflow/login';
import { USERS, triggerDagRun, waitForDagRun, waitForDags } from './airflow/harness';
import { expect, launchWithExtension, test, type RigState } from './fixtures';
import { configureModel } from './model';
import { SidePanel } from './pages/side-panel';
import { callToolsThenAnswer, type FunctionResponseRecord, type RecordedModelRequest } from './model-stand-in/server';

/**
 * Conversations that last and travel (issue 20): a conversation about a failed task is kept on
 * this machine under the Airflow user and the task, survives a browser restart, is offered only
 * to that user, and turns into a redacted hand-off note whose line link works.
 */

const DAG_ID = 'fail_planted_secrets';
const TASK_ID = 'export_to_partners';
/** Planted in the Dag (see redaction.spec.ts); here the user pastes it into the question. */
const PLANTED_KEY = 'AKIAFAKE4NSLYQ7VT7G2';
const QUESTION = `Why did this task fail? We rotated ${PLANTED_KEY} yesterday.`;

test.beforeEach(({ model }) => model.reset());

function fact(req: RecordedModelRequest, key: string): string {
  const value = new RegExp(`^- ${key}: (.+)$`, 'm').exec(req.systemText)?.[1];
  if (!value) throw new Error(`The request has no ${key} in its page context`);
  return value.trim();
}
const resultText = (result: FunctionResponseRecord | undefined) =>
  typeof result?.content === 'string' ? result.content : JSON.stringify(result?.content ?? result?.response ?? '');

/** Searches the real log for the exception and answers with it and its line link, as a model would. */
const diagnoseFromLog = callToolsThenAnswer({
  calls: (req: RecordedModelRequest) => [
    {
      name: 'read_task_log',
      args: { dag_id: fact(req, 'dag_id'), run_id: fact(req, 'dag_run_id'), task_id: fact(req, 'task_id'), try_number: Number(fact(req, 'try_number')), mode: 'search', pattern: 'PermissionError' },
    },
  ],
  answer: (results: FunctionResponseRecord[]) => {
    const log = resultText(results[0]);
    const hit = /^(\d+) \+ .*?(PermissionError: .*)$/m.exec(log);
    if (!hit) return `No exception found in: ${log.slice(0, 300)}`;
    const link = new RegExp(`^line ${hit[1]}: (\\S+)$`, 'm').exec(log)?.[1];
    return `The task failed with \`${hit[2]}\` (log line ${hit[1]}${link ? `, [open in Airflow](${link})` : ''}).`;
  },
});

async function finishedRun(rig: RigState): Promise<string> {
  const known = rig.runs[DAG_ID];
  if (known) return known;
  const api = (rig as RigState & { apiServerUrl?: string }).apiServerUrl ?? rig.baseUrl;
  await waitForDags(api, [DAG_ID]);
  const runId = await triggerDagRun(api, DAG_ID);
  expect(await waitForDagRun(api, DAG_ID, runId)).toBe('failed');
  return runId;
}

async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

async function openTaskAs(context: BrowserContext, rig: RigState, runId: string, user: LoginUser): Promise<{ airflow: Page; panel: SidePanel }> {
  // Whoever was logged in before (a session cookie may outlive the restart) is logged out first.
  await context.clearCookies({ name: '_token' });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, user);
  await airflow.goto(`${rig.baseUrl}dags/${DAG_ID}/runs/${encodeURIComponent(runId)}/tasks/${TASK_ID}`);
  const panelPage = await context.newPage();
  await panelPage.goto(`chrome-extension://${await extensionIdOf(context)}/sidepanel.html`);
  const panel = new SidePanel(panelPage);
  await expect(panel.page.getByTestId('context-task')).toContainText(TASK_ID);
  await expect(panel.page.getByTestId('session-status')).toContainText(user.username);
  return { airflow, panel };
}

test('a conversation survives a browser restart for its user only, opens with working chips, and becomes a redacted hand-off note', async ({ rig, model }) => {
  const runId = await finishedRun(rig);
  const profile = mkdtempSync(path.join(tmpdir(), 'airflow-assistant-history-'));
  try {
    // 1. Admin asks on the failed task.
    let context = await launchWithExtension([], profile);
    model.setScript(diagnoseFromLog);
    await configureModel(context, await extensionIdOf(context), { apiKey: 'test-key', baseURL: model.baseURL });
    let { panel } = await openTaskAs(context, rig, runId, USERS.admin);
    await expect(panel.page.getByTestId('earlier-conversations')).toHaveCount(0);
    await panel.ask(QUESTION);
    await expect(panel.lastAnswer()).toContainText('PermissionError: upload rejected');
    await expect(panel.lastAnswer().getByTestId('evidence-chip')).toHaveText(/line \d+ · try 1/);
    // The model never saw the pasted key (positive control for the note's masking below).
    expect(JSON.stringify(model.requests)).not.toContain(PLANTED_KEY);
    // Kept once the answer ended; give the write a moment before the browser goes.
    await panel.page.waitForTimeout(500);
    await context.close();

    // 2. The browser restarts on the same profile; the admin logs in and opens the task again.
    context = await launchWithExtension([], profile);
    const admin = await openTaskAs(context, rig, runId, USERS.admin);
    panel = admin.panel;
    // The window's conversation is gone with the session; the kept one is offered.
    await expect(panel.page.getByTestId('message-user')).toHaveCount(0);
    await expect(panel.page.getByTestId('earlier-conversations-summary')).toHaveText('1 earlier conversation about this task');
    await panel.page.getByTestId('earlier-conversations-summary').click();
    await expect(panel.page.getByTestId('earlier-conversation-open')).toHaveText([QUESTION]);
    await panel.page.getByTestId('earlier-conversation-open').click();
    await expect(panel.page.getByTestId('message-user')).toHaveText([QUESTION]);
    await expect(panel.lastAnswer()).toContainText('PermissionError: upload rejected');
    const chip = panel.lastAnswer().getByTestId('evidence-chip');
    await expect(chip).toHaveText(/line \d+ · try 1/);
    const chipUrl = (await chip.getAttribute('href'))!;
    await chip.click();
    expect(chipUrl).toMatch(new RegExp(`/tasks/${TASK_ID}\\?try_number=1#\\d+$`));
    await expect(admin.airflow).toHaveURL(new RegExp(`/tasks/${TASK_ID}\\?try_number=1#${chipUrl.split('#')[1]}$`));

    // 3. The hand-off note: task, exception, the line link, the pasted key masked.
    await panel.page.getByTestId('handoff-request').click();
    const note = panel.page.getByTestId('handoff-markdown');
    await expect(note).toContainText(`# Hand-off: ${DAG_ID}.${TASK_ID}`);
    const markdown = (await note.textContent())!;
    expect(markdown).toContain(`- **Task:** \`${TASK_ID}\``);
    expect(markdown).toContain(`- **Run:** \`${runId}\``);
    expect(markdown).toContain('- **Try:** `1`');
    expect(markdown).toContain('PermissionError: upload rejected: 401 Unauthorized');
    expect(markdown).toContain(`](${chipUrl})`);
    expect(markdown).not.toContain(PLANTED_KEY);
    expect(markdown).toMatch(/We rotated \[secret:aws-key#\d+\] yesterday\./);
    // The download is the same note, as a .md file.
    const [download] = await Promise.all([panel.page.waitForEvent('download'), panel.page.getByTestId('handoff-download').click()]);
    expect(download.suggestedFilename()).toBe(`handoff-${DAG_ID}.${TASK_ID}-try-1.md`);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(markdown);
    // The line link works: the log opens at that line of that try.
    const lineLink = new RegExp(`\\]\\((${rig.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^)\\s]+#(\\d+))\\)`).exec(markdown)!;
    const reader = await context.newPage();
    await reader.goto(lineLink[1]!);
    await expect(reader.locator(`a[id="${lineLink[2]}"]`)).toBeVisible();

    // The history view in the options lists it for the admin.
    const extensionId = await extensionIdOf(context);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.getByTestId('history-item')).toHaveCount(1);
    await expect(options.getByTestId('history-item')).toContainText(`${DAG_ID}.${TASK_ID}`);
    await options.getByTestId('history-search').fill('nothing-like-this');
    await expect(options.getByTestId('history-item')).toHaveCount(0);
    await options.getByTestId('history-search').fill('rotated');
    await expect(options.getByTestId('history-item')).toHaveCount(1);

    // 4. The viewer logs in in the same browser: none of the admin's conversations.
    const viewer = await openTaskAs(context, rig, runId, USERS.viewer);
    await expect(viewer.panel.page.getByTestId('chat-input')).toBeEnabled();
    await expect(viewer.panel.page.getByTestId('earlier-conversations')).toHaveCount(0);
    await expect(viewer.panel.page.getByTestId('earlier-conversation')).toHaveCount(0);
    await expect(viewer.panel.page.locator('main')).not.toContainText('rotated');
    await options.reload();
    await expect(options.getByTestId('history-empty')).toBeVisible();
    await expect(options.getByTestId('history-item')).toHaveCount(0);
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
