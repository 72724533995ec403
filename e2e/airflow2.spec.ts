/**
 * Airflow 2.10 in the version matrix (issue 18): the assistant on the Flask UI of a real Airflow
 * 2.10.5 (e2e/airflow/airflow2.ts, its own Airflow beside the suite's 3.3, installed on first
 * use), behind a recording proxy whose recording the read-only proof reads too.
 *
 * The same four checks as e2e/versions.spec.ts for 3.x: the context chip on a failed task, the
 * triage card naming the exception with a citation that opens the right line, one chat answer
 * through the model stand-in with a tool call, and the viewer's 403 on connections. Everything
 * the extension reads here goes to `/api/v1` with the browser's own Flask session (no token, no
 * password), so Airflow 2's RBAC decides what it sees.
 *
 * Part of `npx playwright test` (so `npm test`) unless AIRFLOW_E2E_VERSIONS names versions
 * without 2.10 (`none`: none).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { currentRigState, recordFileOf } from './airflow/global-setup';
import { AIRFLOW2_USERS, runAirflow2Dags, startAirflow2, type Airflow2Instance } from './airflow/airflow2';
import { setProxyFaults } from './airflow/recording-proxy';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { callToolsThenAnswer, toolResultText } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

const DAG = 'fail_python_exception';
const TASK = 'transform';

let airflow: Airflow2Instance;
let runs: Record<string, string>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // Install (first use only), start, parse and one run of each rig Dag.
  test.setTimeout(900_000);
  const t0 = Date.now();
  const rig = currentRigState();
  airflow = await startAirflow2({ record: { file: recordFileOf(rig.runTag, 'airflow-2.10'), instance: 'airflow-2.10' } });
  runs = await runAirflow2Dags(airflow.baseUrl);
  console.log(`[airflow 2.10] ready in ${(airflow.readyMs / 1000).toFixed(1)} s; runs done ${((Date.now() - t0) / 1000).toFixed(1)} s after the start of this setup (venv check or install included)`);
});

test.afterAll(async () => {
  await airflow?.stop();
});


/** Logs in through Airflow 2's own login form (FAB), as a user would. */
async function logIn(page: Page, user: keyof typeof AIRFLOW2_USERS) {
  const { username, password } = AIRFLOW2_USERS[user];
  await page.goto(`${airflow.baseUrl}login/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login/');
  await page.click('[type=submit]');
  // FAB answers a good login with a redirect; anything else (a 429, the form again) is said here.
  expect((await answer).status(), `login as ${username}`).toBe(302);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The grid of the Dag with the failed task instance selected, on its Logs tab: where a user reads a failure on 2.x. */
const taskLogUrl = () => `${airflow.baseUrl}dags/${DAG}/grid?dag_run_id=${encodeURIComponent(runs[DAG]!)}&task_id=${TASK}&tab=logs`;

async function airflowTab(context: BrowserContext, user: keyof typeof AIRFLOW2_USERS, url: string): Promise<Page> {
  const page = await context.newPage();
  await logIn(page, user);
  await page.goto(url);
  return page;
}

test('2.10: the context chip names the failed task, the session\'s user and the API it reads', async ({ context, openSidePanel }) => {
  await airflowTab(context, 'admin', taskLogUrl());
  const panel = await openSidePanel();
  await expect(panel.getByTestId('context-kind')).toHaveText('Task instance');
  await expect(panel.getByTestId('context-dag')).toContainText(DAG);
  await expect(panel.getByTestId('context-run')).toContainText(runs[DAG]!);
  await expect(panel.getByTestId('context-task')).toContainText(TASK);
  await expect(panel.getByTestId('session-status')).toContainText('Reading Airflow as admin (Admin)');
  await expect(panel.getByTestId('mcp-server-in-use')).toContainText('over /api/v1');
});

test('2.10: the triage card names the exception and its citation opens the right line of that try in the grid', async ({ context, openSidePanel }, testInfo) => {
  const airflow = await airflowTab(context, 'viewer', taskLogUrl());
  await airflow.setViewportSize({ width: 1280, height: 800 });
  const panel = await openSidePanel();
  await panel.setViewportSize({ width: 400, height: 720 });
  const card = panel.getByTestId('triage-card');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card.getByTestId('triage-headline')).toContainText("ValueError: column 'amount' has 3 nulls");
  const chip = card.getByTestId('evidence-chip').first();
  await expect(chip).toHaveText(/line \d+ · try 1/);
  const line = /line (\d+)/.exec((await chip.textContent()) ?? '')![1]!;
  await chip.click();
  // The grid's own selection keys, its log tab, the try (a key of the extension's, which the grid keeps) and the line.
  await expect(airflow).toHaveURL(new RegExp(`/dags/${DAG}/grid\\?dag_run_id=[^&]+&task_id=${TASK}&tab=logs&try_number=1#${line}$`));
  // 2.x shows the log as one text block with no rows of its own: the content script marks the cited line.
  const mark = airflow.locator(`[data-assistant-revealed-line="${line}"]`);
  await expect(mark).toBeVisible({ timeout: 20_000 });
  await expect(mark).toContainText(/ValueError|Task failed with exception/);
  // What a person sees: the panel beside the 2.10 grid, light, then in 2.10's own dark mode (its
  // navbar toggle), which the panel follows.
  for (const mode of ['light', 'dark'] as const) {
    if (mode === 'dark') {
      await airflow.getByLabel('Toggle Dark Mode (experimental)').click();
      await expect(airflow.locator('html')).toHaveAttribute('data-color-scheme', 'dark');
    }
    await expect(panel.locator('html')).toHaveClass(new RegExp(`\\b${mode}\\b`));
    for (const [page, name] of [[panel, 'panel'], [airflow, 'airflow-tab']] as const) {
      const file = testInfo.outputPath(`airflow-2.10-${name}-triage-${mode}.png`);
      await page.screenshot({ path: file });
      await testInfo.attach(`${name} ${mode}`, { path: file, contentType: 'image/png' });
    }
  }
});

test('2.10: a citation of an earlier try opens that try in the grid, and the chip names it', async ({ context, openSidePanel }) => {
  // fail_retries ran three tries; the grid always opens the latest, so the try comes from the link.
  const retries = `${airflow.baseUrl}dags/fail_retries/grid?dag_run_id=${encodeURIComponent(runs.fail_retries!)}&task_id=flaky_api_call&tab=logs`;
  const airflowPage = await airflowTab(context, 'viewer', `${retries}&try_number=1#8`);
  const mark = airflowPage.locator('[data-assistant-revealed-line="8"]');
  await expect(mark).toContainText('Starting attempt 1 of 3', { timeout: 20_000 });
  // The try shown is the grid's own: its Download link names it.
  await expect(airflowPage.locator('a[href*="format=file"]').first()).toHaveAttribute('href', /try_number=1\b/);
  const panel = await openSidePanel();
  await expect(panel.getByTestId('context-task')).toContainText('flaky_api_call');
  await expect(panel.getByTestId('context-try')).toContainText('1');
});

test('2.10: a mapped instance: its map index in the chip, its own exception in the triage card', async ({ context, openSidePanel }) => {
  await airflowTab(context, 'viewer', `${airflow.baseUrl}dags/fail_mapped/grid?dag_run_id=${encodeURIComponent(runs.fail_mapped!)}&task_id=process_partition&map_index=1&tab=logs`);
  const panel = await openSidePanel();
  await expect(panel.getByTestId('context-kind')).toHaveText('Task instance');
  await expect(panel.getByTestId('context-map-index')).toContainText('1');
  const card = panel.getByTestId('triage-card');
  await expect(card.getByTestId('triage-headline')).toContainText('partition 2: schema mismatch, expected 5 columns got 4', { timeout: 30_000 });
  await expect(card.getByTestId('evidence-chip').first()).toHaveAttribute('href', /&task_id=process_partition&map_index=1&tab=logs&try_number=1#\d+$/);
});

test('2.10: one chat answer through the model, with a tool call on this Airflow', async ({ context, extensionId, openSidePanel, model }) => {
  model.setScript(
    callToolsThenAnswer({
      calls: [{ name: 'list_task_instances', args: { dag_id: DAG, run_id: runs[DAG]! } }],
      answer: (results) => `Tasks of the run: ${toolResultText(results[0]).includes(TASK) ? TASK : `none (${toolResultText(results[0]).slice(0, 200)})`}`,
    }),
  );
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  await airflowTab(context, 'admin', `${airflow.baseUrl}dags/${DAG}/grid?dag_run_id=${encodeURIComponent(runs[DAG]!)}`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-run')).toContainText(runs[DAG]!);
  await panel.ask('Which tasks ran?');
  await expect(panel.lastAnswer()).toContainText(`Tasks of the run: ${TASK}`);
});

test('2.10: the viewer\'s session gets 403 on connections, said as "may not see"', async ({ context, extensionId, openSidePanel, model }) => {
  model.setScript(
    callToolsThenAnswer({
      calls: [{ name: 'list_connections', args: {} }],
      answer: (results) => (/may not see/.test(toolResultText(results[0])) ? 'Not permitted' : `Allowed: ${toolResultText(results[0]).slice(0, 200)}`),
    }),
  );
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  await airflowTab(context, 'viewer', `${airflow.baseUrl}dags/${DAG}/grid`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('session-status')).toContainText('Reading Airflow as viewer (Viewer)');
  await panel.ask('Which connections exist?');
  await expect(panel.lastAnswer()).toContainText('Not permitted');
  await expect(panel.toolSteps().first()).toHaveAttribute('data-state', 'error');
});

test("2.10: an API that does not take the browser's session says so in the panel, and nothing is asked", async ({ context, openSidePanel }, testInfo) => {
  // An instance whose `[api] auth_backends` lacks the session backend answers a logged-in
  // browser's /api/v1 reads with 401; the recording proxy gives that answer to the extension's
  // reads (not the version, which needs no login), while the UI itself keeps working.
  const proxy = new URL(airflow.baseUrl).origin;
  await setProxyFaults(proxy, [{ path: '^/api/v1/(?!version$)', mode: 'status', status: 401, body: '{"detail": "Unauthorized"}', contentType: 'application/json' }]);
  try {
    await airflowTab(context, 'viewer', taskLogUrl());
    const panel = await openSidePanel();
    await panel.setViewportSize({ width: 400, height: 720 });
    await expect(panel.getByTestId('session-status')).toContainText('does not accept your browser session');
    await expect(panel.getByTestId('session-status')).toContainText('airflow.api.auth.backend.session');
    await expect(panel.getByTestId('chat-disabled-reason')).toContainText('cannot read this Airflow with your session');
    await expect(panel.getByTestId('triage-card')).toHaveCount(0);
    const file = testInfo.outputPath('airflow-2.10-panel-api-refuses-session-light.png');
    await panel.screenshot({ path: file });
    await testInfo.attach('panel: API refuses the session', { path: file, contentType: 'image/png' });
  } finally {
    await setProxyFaults(proxy, []);
  }
});
