/**
 * `npm run demo`: the assistant against a real local Airflow 3 with the failure Dags.
 *
 * Builds the extension, starts Airflow on 127.0.0.1 (pinned venv, installed on first use) with
 * one finished run of every failure Dag, and then:
 * - with a display: opens Chromium with the extension loaded (icon pinned, no password bubble),
 *   saves and reads back the model settings, logs in as admin on a failed task in the same tab
 *   and opens the side panel beside it (scripts/demo-browser.ts, which e2e/demo.spec.ts runs too);
 * - with `--headless`: the same in a headless Chromium, then asks the first question and prints
 *   the answer and its citations;
 * - without either: prints the URL, the users and how to load the extension by hand.
 * Model: GEMINI_API_KEY (and optionally GEMINI_MODEL) if set; otherwise a local stand-in that
 * speaks the Gemini protocol and answers from the real tool results (clearly labelled as such).
 * Ctrl-C stops everything it started.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { prepareRig } from '../e2e/airflow/global-setup.ts';
import { USERS } from '../e2e/airflow/harness.ts';
import { startModelStandIn } from '../e2e/model-stand-in/server.ts';
import { demoScript } from '../e2e/model-stand-in/demo-script.ts';
import { askFirstQuestion, FIRST_QUESTION, startDemoBrowser } from './demo-browser.ts';

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

const headless = process.argv.includes('--headless');
if ((process.env.DISPLAY || headless) && chromiumCheck.status === 0) {
  const browser = await startDemoBrowser({
    extensionDir,
    profileDir: path.join(repoRoot, '.airflow', headless ? 'demo-profile-headless' : 'demo-profile'),
    headless,
    model: modelSettings,
    baseUrl: rig.state.baseUrl,
    user: USERS.admin,
    taskUrl: failedTaskUrl,
  });
  if (headless) {
    // Nobody sees a headless browser: ask the first question and print the answer instead.
    const { answer, chips } = await askFirstQuestion(browser.context, browser.extensionId);
    console.log(`\n${FIRST_QUESTION}\n${answer}\nCitations: ${chips.map((chip) => `${chip.label} → ${chip.href}`).join('\n           ') || 'none'}\n`);
    await browser.context.close();
    await stopAll();
  }
  console.log('Ctrl-C (or closing Chromium) stops everything.');
  browser.context.on('close', () => void stopAll());
} else {
  console.log(`No display: run \`npm run demo -- --headless\` to see the first answer in the terminal, or load the extension by hand.
  Chrome: chrome://extensions → Developer mode → Load unpacked → ${extensionDir}
  Then open its options, set the API key${standIn ? ` to any text and the API base URL to ${standIn.baseURL}` : ''},
  log in to ${rig.state.baseUrl} and open a failed task.
Ctrl-C to stop Airflow${standIn ? ' and the stand-in' : ''}.`);
}
