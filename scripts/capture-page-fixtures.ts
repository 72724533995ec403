// Captures real Airflow 3.3.2 pages for the page-context unit tests.
//
//   node_modules/.bin/node scripts/capture-page-fixtures.ts [root|base-path ...]
//
// Starts Airflow with the e2e harness (own AIRFLOW_HOME each: `.airflow/home-pages` at `/`,
// `.airflow/home-pages-base` under `/airflow/`), triggers a few Dags, logs in through the real UI in
// headless Debian Chromium, opens every page kind and writes, per deployment,
// lib/airflow/__fixtures__/pages/<deployment>/<name>.html (the real `<head>` and a trimmed
// `<body>`: the path to the UI shell, the log list with a few rows, any dialog) and manifest.json
// (requested URL, URL after the SPA settled, title, run ids, links the UI itself rendered).
// Stops each Airflow before starting the next, also on failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import {
  REPO_ROOT,
  USERS,
  VENV_DIR,
  api,
  startAirflow,
  triggerDagRun,
  waitForDagRun,
  waitForDags,
  type AirflowInstance,
} from '../e2e/airflow/harness.ts';
import { loginThroughUi } from '../e2e/airflow/login.ts';

const OUT_DIR = path.join(REPO_ROOT, 'lib', 'airflow', '__fixtures__', 'pages');

/** A run id with `%`, a space, `:` and `+`: `%` and spaces are not allowed by Airflow's default
 * `allowed_run_id_pattern`. Unique per capture because the Airflow homes are re-used. */
const ODD_RUN_ID = `manual__50% off:+${Date.now()}`;
/** Lets the root instance accept ODD_RUN_ID (a deployment may loosen the pattern like this). */
const LOOSE_RUN_ID_PATTERN = '^[A-Za-z0-9_.~:+% -]+$';

interface Deployment {
  name: 'root' | 'base-path';
  basePath: string;
  home: string;
  dagIds: string[];
  extraEnv?: Record<string, string>;
}

const DEPLOYMENTS: Deployment[] = [
  {
    name: 'root',
    basePath: '/',
    home: path.join(REPO_ROOT, '.airflow', 'home-pages'),
    dagIds: ['fail_python_exception', 'fail_retries', 'fail_mapped', 'fail_long_log', 'ok_simple'],
    extraEnv: {
      AIRFLOW__SCHEDULER__ALLOWED_RUN_ID_PATTERN: LOOSE_RUN_ID_PATTERN,
      // The scheduler's asset check (every parsing_cleanup_interval, 60 s) would clear the planted
      // "asset conflict" Dag warning (see plantDagWarning).
      AIRFLOW__SCHEDULER__PARSING_CLEANUP_INTERVAL: '86400',
    },
  },
  {
    name: 'base-path',
    basePath: '/airflow/',
    home: path.join(REPO_ROOT, '.airflow', 'home-pages-base'),
    dagIds: ['fail_python_exception', 'fail_retries', 'fail_mapped'],
  },
];

interface Capture {
  name: string;
  /** The URL opened (absolute). */
  requested: string;
  /** `location.href` once the page settled. */
  url: string;
  title: string;
  file: string;
  /** `href` attributes (as written) of links the UI rendered to Dags, runs and tasks. */
  links?: string[];
  /** A selection made in Chromium (start/end in the `.event` text of two line numbers) and its text. */
  selectionProbe?: { from: { line: number; offset: number }; to: { line: number; offset: number }; text: string };
}

interface Manifest {
  source: string;
  airflowVersion: string;
  instanceUrl: string;
  basePath: string;
  runs: Record<string, string>;
  notes: string[];
  pages: Capture[];
}

const log = (m: string) => console.log(`[capture] ${m}`);

const wanted = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  for (const deployment of DEPLOYMENTS) {
    if (wanted.length > 0 && !wanted.includes(deployment.name)) continue;
    const airflow = await startAirflow({
      basePath: deployment.basePath,
      home: deployment.home,
      extraEnv: deployment.extraEnv,
      log: (m) => console.log(`[airflow] ${m}`),
    });
    try {
      await captureDeployment(browser, airflow, deployment);
    } finally {
      await airflow.stop();
    }
  }
} finally {
  await browser.close();
}

async function captureDeployment(browser: Browser, airflow: AirflowInstance, deployment: Deployment) {
  const base = airflow.baseUrl;
  await waitForDags(base, deployment.dagIds);
  const runs: Record<string, string> = {};
  for (const dagId of deployment.dagIds) runs[dagId] = await triggerDagRun(base, dagId);
  const notes: string[] = [];
  if (deployment.extraEnv?.AIRFLOW__SCHEDULER__ALLOWED_RUN_ID_PATTERN) {
    runs.ok_simple_odd = await triggerDagRun(base, 'ok_simple', { runId: ODD_RUN_ID });
    notes.push(`ok_simple_odd: run id with "%" and a space, accepted with allowed_run_id_pattern ${LOOSE_RUN_ID_PATTERN}`);
  }
  for (const [key, runId] of Object.entries(runs)) {
    const dagId = key === 'ok_simple_odd' ? 'ok_simple' : key;
    log(`${dagId} ${runId} → ${await waitForDagRun(base, dagId, runId, { timeoutMs: 600_000 })}`);
  }
  await waitForImportError(base);
  const { version } = await api<{ version: string }>(base, 'version');

  const dir = path.join(OUT_DIR, deployment.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const pages: Capture[] = [];
  const save = async (name: string, requested: string, opts: SnapshotOptions = {}) => {
    const snap = await page.evaluate(snapshotPage, opts);
    const file = `${name}.html`;
    fs.writeFileSync(
      path.join(dir, file),
      `<!doctype html>\n<!-- Airflow ${version} (${deployment.name}), ${snap.url} -->\n${snap.html}\n`,
    );
    pages.push({ name, requested, url: snap.url, title: snap.title, file, ...(opts.links ? { links: snap.links } : {}) });
    log(`${deployment.name}/${file} ${snap.url} (${snap.html.length} chars)`);
  };
  const open = async (name: string, pathAndQuery: string, opts: SnapshotOptions & { waitFor?: string } = {}) => {
    const url = new URL(pathAndQuery, base).href;
    await page.goto(url);
    await settle(page, opts.waitFor);
    await save(name, url, opts);
  };

  // Before logging in: the simple auth manager's login page.
  await page.goto(`${base}auth/login`);
  await page.locator('input[name="username"]').waitFor();
  await save('login', `${base}auth/login`);
  await loginThroughUi(page, base, USERS.admin);

  const enc = encodeURIComponent;
  const d = 'fail_python_exception';
  const r = runs[d]!;
  const logRows = '[data-testid="virtualized-list"] a[id]';
  const full = deployment.name === 'root';

  await open('home', '', { waitFor: '[data-testid="main-content"]' });
  await open('dag-list', 'dags', { links: true });
  await open('dag', `dags/${d}`, { links: true });
  for (const tab of full ? ['runs', 'tasks', 'calendar', 'backfills', 'events', 'code', 'details', 'required_actions'] : ['runs', 'code']) {
    await open(`dag-tab-${tab}`, `dags/${d}/${tab}`, { links: tab === 'runs' || tab === 'tasks' });
  }
  await open('dag-run', `dags/${d}/runs/${r}`, { links: true });
  await open('dag-run-encoded', `dags/${d}/runs/${enc(r)}`);
  for (const tab of full ? ['events', 'code', 'details', 'asset_events', 'required_actions'] : ['details']) {
    await open(`dag-run-tab-${tab}`, `dags/${d}/runs/${enc(r)}/${tab}`);
  }
  await open('task-instance', `dags/${d}/runs/${r}/tasks/transform`, { waitFor: logRows, links: true, rows: 12 });
  await open('task-instance-encoded', `dags/${d}/runs/${enc(r)}/tasks/transform`, { waitFor: logRows });
  await open('task-instance-line', `dags/${d}/runs/${enc(r)}/tasks/transform?try_number=1#5`, { waitFor: logRows });
  for (const tab of full
    ? ['events', 'xcom', 'code', 'details', 'rendered_templates', 'task_instances', 'asset_events', 'required_actions', 'task-state-store']
    : ['details']) {
    await open(`task-instance-tab-${tab}`, `dags/${d}/runs/${enc(r)}/tasks/transform/${tab}`);
  }
  const retries = runs.fail_retries!;
  await open('task-instance-try', `dags/fail_retries/runs/${enc(retries)}/tasks/flaky_api_call?try_number=2`, { waitFor: logRows });
  await open('task-instance-latest-try', `dags/fail_retries/runs/${enc(retries)}/tasks/flaky_api_call`, { waitFor: logRows });
  const mapped = runs.fail_mapped!;
  await open('mapped-list', `dags/fail_mapped/runs/${enc(mapped)}/tasks/process_partition/mapped`, { links: true });
  await open('mapped-task-instance', `dags/fail_mapped/runs/${enc(mapped)}/tasks/process_partition/mapped/1`, { waitFor: logRows });
  await open('mapped-task-instance-tab-details', `dags/fail_mapped/runs/${enc(mapped)}/tasks/process_partition/mapped/1/details`);
  await open('task', `dags/${d}/tasks/transform`, { links: true });
  for (const tab of full ? ['task_instances', 'events', 'required_actions'] : ['task_instances']) {
    await open(`task-tab-${tab}`, `dags/${d}/tasks/transform/${tab}`);
  }
  await open('assets', 'assets');
  if (full) {
    await open('dag-runs-all', 'dag_runs');
    await open('task-instances-all', 'task_instances');
    // ok_simple's few lines all sit in collapsed groups: the list has headers but no line links.
    const logList = '[data-testid="virtualized-list"]';
    await open('odd-run-id-raw', `dags/ok_simple/runs/${runs.ok_simple_odd}/tasks/hello`, { waitFor: logList });
    await open('odd-run-id-encoded', `dags/ok_simple/runs/${enc(runs.ok_simple_odd!)}/tasks/hello`, { waitFor: logList });
    await open('dag-runs-of-odd', `dags/ok_simple/runs`, { links: true });
  }

  // Import errors: a dialog opened from the Dag list (icon button) and from the dashboard (stat).
  await page.goto(`${base}dags`);
  await settle(page);
  await page.locator('[aria-label*="Import Error"]').first().click();
  await page.locator('[role="dialog"]').first().waitFor();
  await settle(page);
  await save('dag-list-import-errors-dialog', `${base}dags`);
  await page.goto(base);
  await settle(page);
  await page.getByText(/Dag Import Error/).first().click();
  await page.locator('[role="dialog"]').first().waitFor();
  await settle(page);
  await save('home-import-errors-dialog', base);

  // The log view: all groups expanded ("e"), and the fullscreen dialog ("f").
  const taskUrl = `${base}dags/${d}/runs/${enc(r)}/tasks/transform`;
  await page.goto(taskUrl);
  await settle(page, logRows);
  await page.locator('[data-testid="virtualized-list"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="virtualized-list"] a[id]').length > 4);
  await settle(page);
  await save('task-instance-groups-expanded', taskUrl, { rows: 20 });
  await page.keyboard.press('f');
  await page.locator('[role="dialog"] [data-testid="virtualized-list"]').first().waitFor({ timeout: 10_000 });
  await settle(page);
  await save('task-instance-fullscreen-log', taskUrl, { rows: 6 });

  if (full) {
    // Dag warnings: no Dag in e2e/dags raises one, so one row is put into this instance's own
    // metadata DB (type "asset conflict": the dag-processor does not clear it on re-parse, the
    // scheduler's asset check is slowed down above); the button and dialog are the UI's rendering.
    plantDagWarning(airflow, d, true);
    try {
      await page.goto(`${base}dags/${d}`);
      await settle(page);
      await page.locator('button[aria-label^="Dag warnings/errors"]').first().click();
      await page.locator('[role="dialog"][data-state="open"]').first().waitFor();
      await settle(page);
      await save('dag-warnings-dialog', `${base}dags/${d}`);
    } finally {
      plantDagWarning(airflow, d, false);
    }
    notes.push(`dag-warnings-dialog: the "asset conflict" warning of ${d} was inserted into the capture instance's metadata DB; the dialog is the UI's own rendering of it.`);

    // The virtualized 60,012-event log, opened on a line in the middle (only nearby rows exist).
    const longRun = runs.fail_long_log!;
    const longUrl = `dags/fail_long_log/runs/${enc(longRun)}/tasks/reconcile_partitions?try_number=1#30004`;
    await open('long-log-line', longUrl, { waitFor: '[data-testid="virtualized-list"] a[id="30004"]', rows: 10, aroundLine: 30004 });
    // What Chromium itself gives for a selection across rows (line numbers are `user-select: none`).
    const probe = { from: { line: 30002, offset: 4 }, to: { line: 30004, offset: 9 } };
    const text = await page.evaluate(({ from, to }) => {
      const textOf = (line: number) => document.querySelector(`a[id="${line}"]`)!.parentElement!.querySelector('.event span')!.firstChild!;
      const range = document.createRange();
      range.setStart(textOf(from.line), from.offset);
      range.setEnd(textOf(to.line), to.offset);
      const selection = getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    }, probe);
    pages.at(-1)!.selectionProbe = { ...probe, text };
  }

  notes.push('No Dag in e2e/dags has a task group or produces assets: no task-group or asset-detail page could be captured.');
  const manifest: Manifest = {
    source: `real Airflow ${version} (scripts/capture-page-fixtures.ts, ${new Date().toISOString().slice(0, 10)}), headless Chromium, admin`,
    airflowVersion: version,
    instanceUrl: base,
    basePath: deployment.basePath,
    runs,
    notes,
    pages,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  await context.close();
}

/** Adds (or removes) a Dag warning row through Airflow's own ORM, with the instance's environment. */
function plantDagWarning(airflow: AirflowInstance, dagId: string, add: boolean) {
  const code = [
    'import sys',
    'from sqlalchemy import delete',
    'from airflow.models.dagwarning import DagWarning, DagWarningType',
    'from airflow.utils.session import create_session',
    'dag_id, add = sys.argv[1], sys.argv[2] == "add"',
    'with create_session() as session:',
    '    session.execute(delete(DagWarning).where(DagWarning.dag_id == dag_id, DagWarning.warning_type == DagWarningType.ASSET_CONFLICT.value))',
    '    if add:',
    '        session.add(DagWarning(dag_id, DagWarningType.ASSET_CONFLICT.value,',
    '            "Cannot activate asset Asset(name=\'orders\', uri=\'s3://landing/orders/\', group=\'asset\'); uri already in use by asset Asset(name=\'orders_v2\', uri=\'s3://landing/orders/\', group=\'asset\')"))',
  ].join('\n');
  const result = spawnSync(path.join(VENV_DIR, 'bin', 'python'), ['-c', code, dagId, add ? 'add' : 'remove'], {
    env: airflow.env,
    cwd: airflow.home,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`plantDagWarning failed: ${result.stderr}`);
}

async function settle(page: Page, selector?: string) {
  await page.locator(selector ?? '[data-testid="main-content"]').first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(700);
}

async function waitForImportError(base: string) {
  for (let i = 0; i < 60; i += 1) {
    const r = await api<{ total_entries: number }>(base, 'importErrors');
    if (r.total_entries > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('no import error listed');
}

interface SnapshotOptions {
  /** Log rows to keep (consecutive, from the first rendered one or around `aroundLine`). */
  rows?: number;
  aroundLine?: number;
  links?: boolean;
}

/**
 * Runs in the page. Keeps the real `<head>` (Emotion's generated `<style>` rules emptied) and a
 * trimmed `<body>`: the elements on the path to the UI shell (`#root`, nav, main content), the
 * log list and any dialog in full (attributes as rendered, Chakra's generated `css-*` class
 * names dropped, `<svg>` contents and long texts cut; closed popovers, which are `role="dialog"`
 * too, as empty shells), everything else left out.
 */
function snapshotPage(opts: SnapshotOptions) {
  const DEEP = ['[data-testid="virtualized-list"]', '[role="dialog"]', 'nav[aria-label="breadcrumb"]'];
  const SHALLOW = ['#root', '[data-testid="nav-sidebar"]', '[data-testid="main-content"]'];
  const deep = new Set(DEEP.flatMap((s) => Array.from(document.querySelectorAll(s))));
  // A dialog holding a log list is kept whole once, not twice.
  for (const el of [...deep]) if ([...deep].some((other) => other !== el && other.contains(el))) deep.delete(el);
  const shallow = new Set(SHALLOW.flatMap((s) => Array.from(document.querySelectorAll(s))));

  const cleanAttributes = (el: Element) => {
    const classes = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => c && !/^css-/.test(c));
    if (classes.length) el.setAttribute('class', classes.join(' '));
    else el.removeAttribute('class');
  };
  const trim = (root: Element) => {
    for (const svg of Array.from(root.querySelectorAll('svg'))) svg.replaceChildren();
    const rows = Array.from(root.querySelectorAll('[data-testid^="virtualized-item-"]'));
    if (rows.length) {
      const keep = opts.rows ?? 6;
      let start = 0;
      if (opts.aroundLine !== undefined) {
        const at = rows.findIndex((row) => row.querySelector(`a[id="${opts.aroundLine}"]`));
        start = Math.max(0, at - Math.floor(keep / 2));
      }
      rows.forEach((row, i) => {
        if (i < start || i >= start + keep) row.remove();
      });
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? '';
      if (text.length > 600) node.nodeValue = `${text.slice(0, 600)}…[trimmed]`;
    }
    for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) cleanAttributes(el);
  };
  const copy = (el: Element): Element | null => {
    if (deep.has(el)) {
      // A closed popover (also `role="dialog"`) is kept as an empty shell: present, but not its menu.
      const closed = el.getAttribute('role') === 'dialog' && el.getAttribute('data-state') !== 'open';
      const clone = el.cloneNode(!closed) as Element;
      trim(clone);
      return clone;
    }
    const children = Array.from(el.children).map(copy).filter((c): c is Element => c !== null);
    if (!children.length && !shallow.has(el) && el !== document.body) return null;
    const shell = el.cloneNode(false) as Element;
    cleanAttributes(shell);
    shell.append(...children);
    return shell;
  };

  const head = document.head.cloneNode(true) as HTMLHeadElement;
  let emptied = 0;
  for (const style of Array.from(head.querySelectorAll('style'))) {
    if (style.textContent) emptied += 1;
    style.textContent = '';
  }
  const html = document.documentElement.cloneNode(false) as HTMLElement;
  html.append(head, copy(document.body)!);
  const links = opts.links
    ? [
        ...new Set(
          Array.from(document.querySelectorAll('[data-testid="main-content"] a[href], nav[aria-label="breadcrumb"] a[href]'))
            .map((a) => a.getAttribute('href')!)
            .filter((href) => /dags\//.test(href)),
        ),
      ].slice(0, 12)
    : [];
  return {
    url: location.href,
    title: document.title,
    links,
    html: html.outerHTML.replace('</head>', `<!-- ${emptied} generated <style> elements emptied --></head>`),
  };
}
