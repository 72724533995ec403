/**
 * `npm run demo`: the assistant against a real local Airflow 3 with the failure Dags.
 *
 * Builds the extension, starts Airflow on 127.0.0.1 (pinned venv, installed on first use) with
 * one finished run of every failure Dag, and then:
 * - with a display: opens Chromium with the extension loaded, logged in as admin, on a failed task;
 * - without one: prints the URL, the users and how to load the extension by hand.
 * Model: GEMINI_API_KEY (and optionally GEMINI_MODEL) if set; otherwise a local stand-in that
 * speaks the Gemini protocol and answers from the real tool results (clearly labelled as such).
 * Ctrl-C stops everything it started.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { prepareRig } from '../e2e/airflow/global-setup.ts';
import { USERS } from '../e2e/airflow/harness.ts';
import { loginThroughUi } from '../e2e/airflow/login.ts';
import { startModelStandIn } from '../e2e/model-stand-in/server.ts';
import { demoScript } from '../e2e/model-stand-in/demo-script.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const extensionDir = path.join(repoRoot, '.output', 'chrome-mv3');

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit', cwd: repoRoot });
if (build.status !== 0) process.exit(build.status ?? 1);
const chromiumCheck = spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit', cwd: repoRoot });

const rig = await prepareRig({ port: process.env.AIRFLOW_PORT ? Number(process.env.AIRFLOW_PORT) : undefined });
const standIn = process.env.GEMINI_API_KEY ? null : await startModelStandIn({ script: demoScript, chunkDelayMs: 30 });
const modelSettings = standIn
  ? { apiKey: 'stand-in', baseURL: standIn.baseURL, model: 'gemini-2.5-flash' }
  : { apiKey: process.env.GEMINI_API_KEY!, baseURL: '', model: process.env.GEMINI_MODEL ?? 'gemini-2.5-flash' };
const failedTaskUrl = `${rig.state.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.state.runs.fail_python_exception!)}/tasks/transform`;

let stopping = false;
async function stopAll() {
  if (stopping) return;
  stopping = true;
  await standIn?.close();
  await rig.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stopAll());
process.on('SIGTERM', () => void stopAll());

console.log(`
Airflow 3 is running: ${rig.state.baseUrl}
  users: admin/admin, viewer/viewer, op/op, user/user
  a failed task: ${failedTaskUrl}
Model: ${standIn ? `local Gemini stand-in at ${standIn.baseURL} (set GEMINI_API_KEY to use Gemini)` : `Gemini ${modelSettings.model}`}
Extension built in ${extensionDir}
`);

if (process.env.DISPLAY && chromiumCheck.status === 0) {
  const context = await chromium.launchPersistentContext(path.join(repoRoot, '.airflow', 'demo-profile'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: false,
    viewport: null,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--no-first-run', '--disable-sync'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('api-key').fill(modelSettings.apiKey);
  await options.getByTestId('base-url').fill(modelSettings.baseURL);
  await options.getByTestId('model-name').fill(modelSettings.model);
  await options.getByTestId('save-settings').click();
  await options.close();
  const page = await context.newPage();
  await loginThroughUi(page, rig.state.baseUrl, USERS.admin);
  await page.goto(failedTaskUrl);
  console.log('Chromium is open on a failed task: click the extension icon to open the assistant. Ctrl-C to stop.');
  context.on('close', () => void stopAll());
} else {
  console.log(`No display: load the extension by hand.
  Chrome: chrome://extensions → Developer mode → Load unpacked → ${extensionDir}
  Then open its options, set the API key${standIn ? ` to any text and the API base URL to ${standIn.baseURL}` : ''},
  log in to ${rig.state.baseUrl} and open a failed task.
Ctrl-C to stop Airflow${standIn ? ' and the stand-in' : ''}.`);
}
