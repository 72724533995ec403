import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  REPO_ROOT,
  USERS,
  VENV_DIR,
  startAirflow,
  triggerDagRun,
  waitForDagRun,
  waitForDags,
  type AirflowInstance,
} from './airflow/harness';
import { loginThroughUi } from './airflow/login';
import { expect, test } from './fixtures';

/** One page of the real Airflow and what the side panel's context chip must say about it. */
interface PageCase {
  name: string;
  /** Path under the instance base. */
  path: string;
  /** What to do on the page once loaded (open a dialog, click a link). */
  then?: (page: Page) => Promise<void>;
  kind: string;
  dag?: string;
  run?: string;
  task?: string;
  mapIndex?: number;
  try?: number;
  tab?: string;
}

const enc = encodeURIComponent;
const openImportErrors = async (page: Page) => {
  await page.locator('[aria-label*="Import Error"]').first().click();
  await page.locator('[role="dialog"][data-state="open"]').first().waitFor();
};

/** Every page kind the rig's Dags offer (no e2e Dag has a task group or an asset). */
function pageCases(runs: Record<string, string>): PageCase[] {
  const d = 'fail_python_exception';
  const run = runs[d]!;
  const mapped = runs.fail_mapped!;
  return [
    { name: 'home (dashboard)', path: '', kind: 'Home' },
    { name: 'Dag list', path: 'dags', kind: 'Dags' },
    { name: 'import errors dialog on the Dag list', path: 'dags', then: openImportErrors, kind: 'Import errors' },
    { name: 'Dag overview', path: `dags/${d}`, kind: 'Dag', dag: d },
    { name: 'Dag tab', path: `dags/${d}/code`, kind: 'Dag', dag: d, tab: 'code' },
    { name: 'Dag run, raw run id', path: `dags/${d}/runs/${run}`, kind: 'Dag run', dag: d, run },
    { name: 'Dag run tab, encoded run id', path: `dags/${d}/runs/${enc(run)}/details`, kind: 'Dag run', dag: d, run, tab: 'details' },
    { name: 'task instance log', path: `dags/${d}/runs/${run}/tasks/transform`, kind: 'Task instance', dag: d, run, task: 'transform', try: 1 },
    {
      name: 'task instance tab',
      path: `dags/${d}/runs/${enc(run)}/tasks/transform/rendered_templates`,
      kind: 'Task instance',
      dag: d,
      run,
      task: 'transform',
      try: 1,
      tab: 'rendered_templates',
    },
    {
      name: 'task instance, earlier try',
      path: `dags/fail_retries/runs/${enc(runs.fail_retries!)}/tasks/flaky_api_call?try_number=2#3`,
      kind: 'Task instance',
      dag: 'fail_retries',
      run: runs.fail_retries,
      task: 'flaky_api_call',
      try: 2,
    },
    {
      name: 'task instance, latest try (from the API)',
      path: `dags/fail_retries/runs/${enc(runs.fail_retries!)}/tasks/flaky_api_call/details`,
      kind: 'Task instance',
      dag: 'fail_retries',
      run: runs.fail_retries,
      task: 'flaky_api_call',
      try: 3,
      tab: 'details',
    },
    {
      name: 'mapped task list',
      path: `dags/fail_mapped/runs/${enc(mapped)}/tasks/process_partition/mapped`,
      kind: 'Mapped tasks',
      dag: 'fail_mapped',
      run: mapped,
      task: 'process_partition',
    },
    {
      name: 'mapped task instance',
      path: `dags/fail_mapped/runs/${enc(mapped)}/tasks/process_partition/mapped/1`,
      kind: 'Task instance',
      dag: 'fail_mapped',
      run: mapped,
      task: 'process_partition',
      mapIndex: 1,
      try: 1,
    },
    { name: 'task across runs', path: `dags/${d}/tasks/transform`, kind: 'Task', dag: d, task: 'transform' },
    { name: 'task across runs, tab', path: `dags/${d}/tasks/transform/task_instances`, kind: 'Task', dag: d, task: 'transform', tab: 'task_instances' },
    { name: 'assets', path: 'assets', kind: 'Assets' },
    {
      name: 'SPA navigation from the Dag list to a Dag',
      path: 'dags',
      then: (page) => page.locator(`a[href$="/dags/${d}"]`).first().click(),
      kind: 'Dag',
      dag: d,
    },
  ];
}

async function expectChip(panel: Page, c: PageCase) {
  await expect(panel.getByTestId('context-kind')).toHaveText(c.kind);
  const facts: Array<[string, string | number | undefined]> = [
    ['context-dag', c.dag],
    ['context-run', c.run],
    ['context-task', c.task],
    ['context-map-index', c.mapIndex],
    ['context-try', c.try],
    ['context-tab', c.tab],
  ];
  for (const [testId, value] of facts) {
    if (value === undefined) await expect(panel.getByTestId(testId), testId).toHaveCount(0);
    else await expect(panel.getByTestId(testId).locator('dd'), testId).toHaveText(String(value));
  }
}

async function visitAll(airflowTab: Page, panel: Page, baseUrl: string, cases: PageCase[]) {
  for (const c of cases) {
    await test.step(c.name, async () => {
      await airflowTab.bringToFront();
      await airflowTab.goto(new URL(c.path, baseUrl).href);
      await airflowTab.locator('[data-testid="main-content"]').first().waitFor();
      await c.then?.(airflowTab);
      await panel.bringToFront();
      await expectChip(panel, c);
    });
  }
}

test('the context chip names every page kind of Airflow at /', async ({ context, rig, openSidePanel }) => {
  test.setTimeout(180_000);
  const airflowTab = await context.newPage();
  await loginThroughUi(airflowTab, rig.baseUrl, USERS.admin);
  const panel = await openSidePanel();
  await visitAll(airflowTab, panel, rig.baseUrl, pageCases(rig.runs));
  await expect(panel.getByTestId('context-instance')).toHaveText(`${rig.baseUrl} · Airflow 3.3.2`);
});

test.describe('Airflow under a base path', () => {
  let airflow: AirflowInstance | undefined;
  const runs: Record<string, string> = {};

  test.beforeAll(async () => {
    test.setTimeout(420_000);
    airflow = await startAirflow({
      basePath: '/airflow/',
      home: path.join(REPO_ROOT, '.airflow', 'home-e2e-base-path'),
      // The scheduler's asset check (every parsing_cleanup_interval, 60 s) clears "asset conflict"
      // warnings it did not raise itself: keep the planted one for the length of the test.
      extraEnv: { AIRFLOW__SCHEDULER__PARSING_CLEANUP_INTERVAL: '86400' },
      log: (m) => console.log(`[airflow /airflow/] ${m}`),
    });
    const dagIds = ['fail_python_exception', 'fail_retries', 'fail_mapped'];
    await waitForDags(airflow.baseUrl, dagIds);
    for (const dagId of dagIds) runs[dagId] = await triggerDagRun(airflow.baseUrl, dagId);
    for (const dagId of dagIds) await waitForDagRun(airflow.baseUrl, dagId, runs[dagId]!, { timeoutMs: 240_000 });
    plantDagWarning(airflow, 'fail_python_exception');
  });

  test.afterAll(async () => {
    await airflow?.stop();
  });

  test('the context chip names every page kind of Airflow at /airflow/', async ({ context, openSidePanel }) => {
    test.setTimeout(180_000);
    const baseUrl = airflow!.baseUrl;
    expect(new URL(baseUrl).pathname).toBe('/airflow/');
    const airflowTab = await context.newPage();
    await loginThroughUi(airflowTab, baseUrl, USERS.admin);
    const panel = await openSidePanel();
    const cases: PageCase[] = [
      ...pageCases(runs).filter((c) => c.name !== 'import errors dialog on the Dag list'),
      { name: 'import errors dialog on the dashboard', path: '', then: (page) => openImportErrorsFromDashboard(page), kind: 'Import errors' },
      {
        name: 'Dag warnings dialog',
        path: 'dags/fail_python_exception',
        then: async (page) => {
          await page.locator('button[aria-label^="Dag warnings/errors"]').first().click();
          await page.locator('[role="dialog"][data-state="open"]').first().waitFor();
        },
        kind: 'Dag warnings',
        dag: 'fail_python_exception',
      },
    ];
    await visitAll(airflowTab, panel, baseUrl, cases);
    await expect(panel.getByTestId('context-instance')).toHaveText(`${baseUrl} · Airflow 3.3.2`);
  });
});

async function openImportErrorsFromDashboard(page: Page) {
  await page.getByText(/Dag Import Error/).first().click();
  await page.locator('[role="dialog"][data-state="open"]').first().waitFor();
}

/**
 * No e2e Dag raises a Dag warning, so this instance (started by this spec, its own metadata DB)
 * gets one through Airflow's ORM: type "asset conflict", which the dag-processor does not clear
 * (the scheduler does, see `extraEnv` above).
 */
function plantDagWarning(airflow: AirflowInstance, dagId: string) {
  const code = [
    'import sys',
    'from airflow.models.dagwarning import DagWarning, DagWarningType',
    'from airflow.utils.session import create_session',
    'with create_session() as session:',
    '    session.merge(DagWarning(sys.argv[1], DagWarningType.ASSET_CONFLICT.value, "uri s3://landing/orders/ already in use by asset orders_v2"))',
  ].join('\n');
  const result = spawnSync(path.join(VENV_DIR, 'bin', 'python'), ['-c', code, dagId], { env: airflow.env, cwd: airflow.home, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not add a Dag warning: ${result.stderr}`);
}
