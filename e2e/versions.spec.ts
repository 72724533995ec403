/**
 * The version matrix (issue 18): the core of the assistant on each Airflow minor version the
 * team runs. 3.3 is the suite's own rig; every other version (e2e/airflow/versions.ts) gets its
 * own real Airflow here, from its own pinned venv (installed on first use) and home, on a free
 * port behind a recording proxy whose recording the suite's read-only proof reads too.
 *
 * Per version: the context chip on a failed task, the triage card naming the exception with a
 * citation that opens the right line, one chat answer through the model stand-in, and the
 * viewer's 403 on connections. Part of `npx playwright test` (so `npm test`) for the versions of
 * MATRIX_MINORS; `AIRFLOW_E2E_VERSIONS=3.0,3.2` runs a subset (`3.3` the suite's own rig, `none` none).
 *
 * With AIRFLOW_E2E_CAPTURE_PAGES=1 the pages opened here are also saved (styles emptied) as the
 * page-context unit tests' fixtures, `lib/airflow/__fixtures__/pages/versions/<minor>/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { currentRigState, recordFileOf } from './airflow/global-setup';
import { REPO_ROOT, USERS, startAirflow, triggerDagRun, waitForDagRun, waitForDags, type AirflowInstance } from './airflow/harness';
import { loginThroughUi } from './airflow/login';
import { AIRFLOW_MINORS, AIRFLOW_VERSION_FACTS, DEFAULT_AIRFLOW_MINOR, MATRIX_MINORS, type AirflowMinor } from './airflow/versions';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { callToolsThenAnswer, startModelStandIn, toolResultText, type ModelStandIn } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

const chosen = (process.env.AIRFLOW_E2E_VERSIONS ?? MATRIX_MINORS.join(','))
  .split(',')
  .map((v) => v.trim())
  .filter((v): v is AirflowMinor => (AIRFLOW_MINORS as readonly string[]).includes(v));

const DAG = 'fail_python_exception';
const TASK = 'transform';
const CAPTURE_DIR = path.join(REPO_ROOT, 'lib', 'airflow', '__fixtures__', 'pages', 'versions');

/** Saves the page (AIRFLOW_E2E_CAPTURE_PAGES=1) for lib/airflow/version-pages.test.ts. */
async function capturePage(page: Page, minor: AirflowMinor, name: string, facts: { version: string; instanceUrl: string; runs: Record<string, string> }) {
  if (process.env.AIRFLOW_E2E_CAPTURE_PAGES !== '1') return;
  // The UI rendered the Dag (the panel's context comes from the URL, which is there before it).
  await page.locator('#root').getByText(DAG).first().waitFor();
  const html = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const style of Array.from(copy.querySelectorAll('style'))) style.textContent = '';
    for (const svg of Array.from(copy.querySelectorAll('svg'))) svg.replaceChildren();
    return copy.outerHTML;
  });
  const dir = path.join(CAPTURE_DIR, minor);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.html`), `<!doctype html>\n<!-- Airflow ${facts.version}, ${page.url()} -->\n${html}\n`);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : { pages: [] as { name: string }[] };
  manifest.source = `real Airflow ${facts.version} (e2e/versions.spec.ts with AIRFLOW_E2E_CAPTURE_PAGES=1, ${new Date().toISOString().slice(0, 10)}), headless Chromium`;
  manifest.airflowVersion = facts.version;
  manifest.instanceUrl = facts.instanceUrl;
  manifest.runs = facts.runs;
  manifest.pages = [...manifest.pages.filter((p: { name: string }) => p.name !== name), { name, url: page.url(), file: `${name}.html` }];
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
}

/**
 * Airflow 3.0's login: the same simple auth manager page as `loginThroughUi` drives, but the 3.0 UI
 * then moves the `_token` cookie into the page's localStorage (and deletes the cookie), and its
 * shell has none of the testids 3.1+ has: done when the page holds the token and the UI rendered.
 */
async function loginToAirflow30(page: Page, baseUrl: string, user: { username: string; password: string }) {
  await page.goto(`${baseUrl}auth/login`);
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  const token = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/auth/token'));
  await page.locator('form button[type="submit"]').click();
  expect((await token).ok(), `login as ${user.username}`).toBe(true);
  await page.waitForURL((u) => u.href.startsWith(baseUrl) && !u.pathname.includes('/auth/'));
  await expect.poll(() => page.evaluate(() => localStorage.getItem('token')?.split('.').length ?? 0)).toBe(3);
  // The UI's first child of #root is a hidden Chakra element: wait for anything it shows.
  await page.locator('#root *:visible').first().waitFor();
}


let model: ModelStandIn;
test.beforeAll(async () => {
  model = await startModelStandIn();
});
test.afterAll(async () => model?.close());
test.beforeEach(() => model.reset());

for (const minor of chosen) {
  test.describe(`Airflow ${minor}`, () => {
    test.describe.configure({ mode: 'serial' });
    let instance: AirflowInstance | undefined;
    let baseUrl = '';
    let runId = '';

    test.beforeAll(async () => {
      if (minor === DEFAULT_AIRFLOW_MINOR) {
        const rig = currentRigState();
        baseUrl = rig.baseUrl;
        runId = rig.runs[DAG]!;
        return;
      }
      // Install (first use only), start, parse and one run of the failing Dag.
      test.setTimeout(900_000);
      const t0 = Date.now();
      const rig = currentRigState();
      instance = await startAirflow({ airflowVersion: minor, extraEnv: AIRFLOW_VERSION_FACTS[minor].env, record: { file: recordFileOf(rig.runTag, `airflow-${minor}`), instance: `airflow-${minor}` } });
      await waitForDags(instance.baseUrl, [DAG], { timeoutMs: 180_000 });
      runId = await triggerDagRun(instance.baseUrl, DAG);
      expect(await waitForDagRun(instance.baseUrl, DAG, runId, { timeoutMs: 240_000 })).toBe('failed');
      baseUrl = instance.baseUrl;
      console.log(`[versions] Airflow ${AIRFLOW_VERSION_FACTS[minor].version}: ready in ${(instance.readyMs / 1000).toFixed(1)} s, ${DAG} failed after ${((Date.now() - t0) / 1000).toFixed(1)} s from the start of this setup (venv check or install included)`);
    });
    test.afterAll(async () => instance?.stop());

    const capture = (page: Page, name: string) => capturePage(page, minor, name, { version: AIRFLOW_VERSION_FACTS[minor].version, instanceUrl: baseUrl, runs: { [DAG]: runId } });
    const taskUrl = () => `${baseUrl}dags/${DAG}/runs/${encodeURIComponent(runId)}/tasks/${TASK}`;
    async function airflowTab(context: BrowserContext, user: { username: string; password: string }, url: string): Promise<Page> {
      const page = await context.newPage();
      if (minor === '3.0') await loginToAirflow30(page, baseUrl, user);
      else await loginThroughUi(page, baseUrl, user);
      await page.goto(url);
      return page;
    }

    /**
     * 3.0 keeps the session only in the page's localStorage (the UI deletes the login's `_token`
     * cookie): with no cookie in the browser, an answer read as the page's user proves the
     * extension's requests went out with the page's token (lib/airflow/page-session.ts).
     */
    async function expectNoSessionCookie(context: BrowserContext) {
      if (minor !== '3.0') return;
      expect((await context.cookies(baseUrl)).map((c) => c.name)).not.toContain('_token');
    }

    test(`${minor}: the context chip names the failed task and the session's user`, async ({ context, openSidePanel }) => {
      const airflow = await airflowTab(context, USERS.admin, taskUrl());
      const panel = await openSidePanel();
      await expect(panel.getByTestId('context-kind')).toHaveText('Task instance');
      await expect(panel.getByTestId('context-dag')).toContainText(DAG);
      await expect(panel.getByTestId('context-run')).toContainText(runId);
      await expect(panel.getByTestId('context-task')).toContainText(TASK);
      await expect(panel.getByTestId('session-status')).toContainText('Reading Airflow as admin');
      // The log view shows numbered line links (3.2+ keeps line 0, a folded group's marker, hidden).
      await expect(airflow.locator('a[href*="try_number=1#"]:visible').first()).toBeVisible();
      await capture(airflow, 'task-instance');
      if (minor === '3.0') {
        // 3.0's logout, as its UI does it (no cookie changes): the token leaves localStorage and the
        // tab goes to the login page. The panel says so without waiting for anything else to change.
        await airflow.evaluate(() => {
          localStorage.removeItem('token');
          location.replace(new URL('auth/login', document.baseURI).pathname);
        });
        await expect(panel.getByTestId('session-status')).toHaveText('Not logged in to this Airflow: log in to Airflow in this tab.');
      }
    });

    test(`${minor}: the triage card names the exception and its citation opens the right log line`, async ({ context, openSidePanel }) => {
      const airflow = await airflowTab(context, USERS.viewer, taskUrl());
      const panel = await openSidePanel();
      const card = panel.getByTestId('triage-card');
      await expect(card).toBeVisible({ timeout: 30_000 });
      await expect(card.getByTestId('triage-headline')).toContainText("ValueError: column 'amount' has 3 nulls");
      const chip = card.getByTestId('evidence-chip').first();
      await expect(chip).toHaveText(/line \d+ · try 1/);
      const line = /line (\d+)/.exec((await chip.textContent()) ?? '')![1]!;
      await chip.click();
      await expect(airflow).toHaveURL(new RegExp(`/tasks/${TASK}\\?try_number=1#${line}$`));
      // The line the URL opens is the one that holds the exception, in this version's own log view.
      await expect
        .poll(() => airflow.evaluate((id) => document.getElementById(id)?.parentElement?.textContent ?? '', line), { timeout: 20_000 })
        .toMatch(/ValueError|Task failed with exception/);
    });

    test(`${minor}: one chat answer through the model, with a tool call on this Airflow`, async ({ context, extensionId, openSidePanel }) => {
      model.setScript(
        callToolsThenAnswer({
          calls: [{ name: 'list_task_instances', args: { dag_id: DAG, run_id: runId } }],
          answer: (results) => `Tasks of the run: ${toolResultText(results[0]).includes(TASK) ? TASK : `none (${toolResultText(results[0]).slice(0, 200)})`}`,
        }),
      );
      await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
      const airflow = await airflowTab(context, USERS.admin, `${baseUrl}dags/${DAG}/runs/${encodeURIComponent(runId)}`);
      const panel = new SidePanel(await openSidePanel());
      await expect(panel.page.getByTestId('context-run')).toContainText(runId);
      await capture(airflow, 'dag-run');
      await expectNoSessionCookie(context);
      await panel.ask('Which tasks ran?');
      await expect(panel.lastAnswer()).toContainText(`Tasks of the run: ${TASK}`);
      await expectNoSessionCookie(context);
    });

    test(`${minor}: the viewer's session gets 403 on connections, said as "may not see"`, async ({ context, extensionId, openSidePanel }) => {
      model.setScript(
        callToolsThenAnswer({
          calls: [{ name: 'list_connections', args: {} }],
          answer: (results) => (/may not see/.test(toolResultText(results[0])) ? 'Not permitted' : `Allowed: ${toolResultText(results[0]).slice(0, 200)}`),
        }),
      );
      await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
      const airflow = await airflowTab(context, USERS.viewer, `${baseUrl}dags/${DAG}`);
      const panel = new SidePanel(await openSidePanel());
      await expect(panel.page.getByTestId('session-status')).toContainText('Reading Airflow as viewer');
      await capture(airflow, 'dag');
      await expectNoSessionCookie(context);
      await panel.ask('Which connections exist?');
      await expect(panel.lastAnswer()).toContainText('Not permitted');
      await expect(panel.toolSteps().first()).toHaveAttribute('data-state', 'error');
      await expectNoSessionCookie(context);
    });
  });
}
