import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loginThroughUi } from './airflow/login';
import { DAGS_FOLDER, USERS, triggerDagRun, waitForDagRun, waitForDags } from './airflow/harness';
import { expect, test, type RigState } from './fixtures';
import { configureModel } from './model';
import { SidePanel } from './pages/side-panel';
import type { ModelScript, RecordedModelRequest } from './model-stand-in/server';

const DAG_ID = 'fail_planted_secrets';
const TASK_ID = 'export_to_partners';

/**
 * What e2e/dags/fail_planted_secrets.py logs and holds in its source, by kind. Each kind lists
 * every form in which the secret could leak (a key by its lines, a URL-encoded value decoded
 * too); the first form is written as such in the Dag file, which the test checks.
 */
const PLANTED: Record<string, string[]> = {
  'AWS access key id (logged twice)': ['AKIAFAKE4NSLYQ7VT7G2'],
  'AWS secret access key': ['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'],
  'password in a postgresql:// URI': ['Wq8zLp2vRtFake91'],
  'GCP service-account private_key_id': ['12d8d36dd55627b4d787c9f7480ba3c93059adbb'],
  'GCP service-account private_key (JSON, \\n escapes)': [
    'MIICdgIBADANBgkqhkiG9w0BAQEFAEj6L90GXFas6m4cwFl6ImusFGOKFrDhbpRV',
    '7Ga7gUOhz2BEDFYI1oBA4CrSTf1GHUupl3DJm1KBBOtPqzA3Cd+4E53I707aT8NL',
    'laDlcwmEkjiTaya4cDKkc0i+QvuzjjWwRWDjNMW68C10CdZ1eWXtAtiwdUbM0bDC',
    'd35h66hA6TxHoQ3IFFGFGKiWPa8CMWIJvzOmA89ldwE7bi9VNJdabcXpaPpoF0/S',
    '/n/o4fyKyjFsRJe10DneWL2oasLZjslC4IP7HS1fDo/ZVocziQagCb3Rb4cJI549',
    'aqoogrYleIy4sneDJgBWfI2xDUc2f/56w4NoQD3q94CHoY9qCCE=',
  ],
  'Azure storage account key': ['OMDlhJB/syFYA2X5ZQTxFXV0KGP7mYXfPC4yjWdSG65E3b1BZxibXAfSi7BWi9eAtxg74riqmQu2z0Q+19dFOw=='],
  'Azure SAS signature': ['gAYh4cDb9jqfYuMxR0%2FWWtoEL2UZVqmMtTYGw1ijjC0%3D', 'gAYh4cDb9jqfYuMxR0/WWtoEL2UZVqmMtTYGw1ijjC0='],
  'GitHub token': ['ghp_FAKEJoecDBkbdtaUhMK9tlYdl5QQLEVim0RW'],
  'Slack bot token': ['xoxb-225109192692-5390752372728-b5fREHyZvJSgJZyftpM6Wvz7'],
  'Slack webhook': ['T0FAKE1AB/B07FAKE2CD/q8XnV3kLmP2rT9wYzA4bC6dE'],
  'Google API key': ['AIzaqPk-_9J7lbPbuCr5m_pyteDe6OGfCPYSIGd'],
  'bearer token in an Authorization header': ['MNiCqpkDs0cVw2Skttdk562QVAZjg6s6PmPN0bbzov5'],
  JWT: [
    'eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLWV0bCIsICJhdWQiOiAid2FyZWhvdXNlLWFwaSIsICJleHAiOiAxNzk1MDAwMDAwfQ.5WLmgIsrh-Jgr8s0ZJlB0wSOw7mI3hn-rp2pJ7FxHwY',
    '5WLmgIsrh-Jgr8s0ZJlB0wSOw7mI3hn-rp2pJ7FxHwY',
  ],
  'basic auth header': ['ZXRsX2xvYWRlcjpXcTgjekxwMiF2UnQ='],
  'RSA private key (multi-line log event)': [
    'MIICXAIBAAKBgQCgCSL9EAMDYIjxA1zUAblWLQIhzoHgm5ciNN5wG864SGhxFJOA',
    'ETlWxZUf5YIE12rmmRojv0cflIUXiotY3q1Yy7wPf5K3L1DGYJaBRBcjfOhnKhUi',
    'nquqJCnxi8ebQ8hbV4m3BrvUsg+k3nEC/NlA/b0NMYIOggIWK7AFjfc1Ra2VIOvp',
    'cUiWbJPt6ANv3m5g1X64Ek8JgrrBRdan3swWmuRb+MN0nuk4Gh+wdY8nArHGq11X',
    'TYs9L/gfj/8J5g9gHlfxw2WaLfyda2DhcQ==',
  ],
  'password in JSON': ['TAnkjQOWSLh9H4gFake'],
  'Fernet key with no name (random-looking string)': ['VC03kDWEIVpfcwJOOpqOv4RxDS2h2rpnvPdpySDIc8c='],
  'api_key in a URL of the exception': ['pk9FAKEv2Lq7Xw3RtZ8mN4bY6cH1sJ5dKe'],
  'password that Airflow masks itself (***)': ['sftp-Pass-Only-Airflow-Knows-42'],
};

/**
 * Placeholders the model must see in the log instead, by kind, with how many distinct values of
 * each kind the log holds. Numbers are per conversation and depend on what the conversation read
 * first (a failure question reads the evidence pack before the log, and print and logging lines
 * interleave differently from run to run), so the test reads them instead of assuming them.
 * Airflow itself logs the JWT as `eyJ***` and the registered password as `***`: both read as
 * `[secret:airflow-masked]`.
 */
const LOG_PLACEHOLDER_KINDS: Record<string, number> = {
  'aws-key': 1,
  'aws-secret': 1,
  password: 2,
  'gcp-key-id': 1,
  'private-key': 2,
  'azure-key': 1,
  'azure-sas': 1,
  'github-token': 1,
  'slack-token': 1,
  'slack-webhook': 1,
  'google-api-key': 1,
  'bearer-token': 1,
  'basic-auth': 1,
  'high-entropy': 1,
  'api-key': 1,
};
const placeholdersOf = (text: string, kind: string) => new Set(text.match(new RegExp(`\\[secret:${kind}#\\d+\\]`, 'g')) ?? []);
test.beforeEach(({ model }) => model.reset());

const PLACEHOLDER = /\[secret:[a-z0-9-]+(?:#\d+)?\]/g;

/**
 * Reads the whole log of the task on the page, then the Dag's source, one after the other (so
 * the numbering is the same on every run), then answers with the placeholders it saw.
 */
const readLogThenSourceThenAnswer: ModelScript = (req) => {
  const results = req.currentFunctionResponses;
  if (!results.some((r) => r.name === 'read_task_log')) {
    const args = { dag_id: fact(req, 'dag_id'), run_id: fact(req, 'dag_run_id'), task_id: fact(req, 'task_id'), mode: 'tail', line_count: 400 };
    return { functionCalls: [{ name: 'read_task_log', args }] };
  }
  if (!results.some((r) => r.name === 'get_dag_source')) return { functionCalls: [{ name: 'get_dag_source', args: { dag_id: fact(req, 'dag_id') } }] };
  const seen = [...new Set(results.flatMap((r) => String(r.content).match(PLACEHOLDER) ?? []))];
  return { text: `The upload was rejected (401). The log and the source show these masked values: ${seen.map((p) => `\`${p}\``).join(', ')}.` };
};

function fact(req: RecordedModelRequest, key: string): string {
  const value = new RegExp(`^- ${key}: (.+)$`, 'm').exec(req.systemText)?.[1];
  if (!value) throw new Error(`The request has no ${key} in its page context`);
  return value.trim();
}

/** The run the global setup made; triggered here if this harness does not run every `fail_*` Dag. */
async function finishedRun(rig: RigState): Promise<string> {
  const known = rig.runs[DAG_ID];
  if (known) return known;
  const api = (rig as RigState & { apiServerUrl?: string }).apiServerUrl ?? rig.baseUrl;
  await waitForDags(api, [DAG_ID]);
  const runId = await triggerDagRun(api, DAG_ID);
  expect(await waitForDagRun(api, DAG_ID, runId)).toBe('failed');
  return runId;
}

test('planted secrets of many kinds never reach the model; their placeholders do', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const dagSource = readFileSync(path.join(DAGS_FOLDER, `${DAG_ID}.py`), 'utf8');
  for (const [kind, [asWritten]] of Object.entries(PLANTED)) expect(dagSource, `the Dag plants the ${kind}`).toContain(asWritten);

  const runId = await finishedRun(rig);
  model.setScript(readLogThenSourceThenAnswer);
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/${DAG_ID}/runs/${encodeURIComponent(runId)}/tasks/${TASK_ID}`);

  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-task')).toContainText(TASK_ID);
  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText('show these masked values');

  // Everything the model provider received: URLs, headers, bodies, in every request.
  expect(model.requests).toHaveLength(3);
  const sent = model.requests.map((request) => JSON.stringify(request));
  const leaks = Object.entries(PLANTED).flatMap(([kind, forms]) =>
    forms.filter((form) => sent.some((text) => text.includes(form))).map((form) => `${kind}: ${form}`),
  );
  expect(leaks, 'planted secrets found in requests to the model').toEqual([]);

  // The model read the real log, with each secret as its placeholder and the rest readable.
  const resultOf = (name: string) => String(model.requests[2]!.currentFunctionResponses.find((r) => r.name === name)?.content);
  const log = resultOf('read_task_log');
  for (const [kind, distinct] of Object.entries(LOG_PLACEHOLDER_KINDS)) {
    expect(placeholdersOf(log, kind).size, `the model sees ${distinct} distinct [secret:${kind}#n] in the log`).toBe(distinct);
  }
  expect(log).toContain('[secret:airflow-masked]');
  const [awsKey] = placeholdersOf(log, 'aws-key');
  expect(log.split(awsKey!).length - 1, 'the same key, logged twice, has one placeholder').toBe(2);
  expect(log).toMatch(/PermissionError: upload rejected: 401 Unauthorized for https:\/\/partner-api\.example\.com\/v1\/upload\?api_key=\[secret:api-key#\d+\]/);
  // Print and logging lines interleave differently from run to run, so numbers are read, not assumed.
  const warehousePassword = /postgresql:\/\/etl_loader:(\[secret:password#\d+\])@warehouse\.internal:5432\/analytics/.exec(log)?.[1];
  expect(warehousePassword, 'the URI keeps its user and host').toBeDefined();
  expect(log).toContain('etl@acme-data-prod.iam.gserviceaccount.com');
  expect(log).toContain(`Log of ${TASK_ID} in ${DAG_ID} / ${runId}, try 1`);

  // The source, read after the log, names the same secrets with the same placeholders.
  const source = resultOf('get_dag_source');
  expect(source).toContain(`AWS_ACCESS_KEY_ID = "${awsKey}"`);
  expect(source).toContain(`WAREHOUSE_PASSWORD = "${warehousePassword}"`);
  expect(source).toContain(`GITHUB_TOKEN = "${[...placeholdersOf(log, 'github-token')][0]}"`);
  expect(source).toMatch(/PARTNER_JWT = "\[secret:jwt#\d+\]"/);
  expect(source).toContain('def export_to_partners() -> None:');

  // The user sees placeholders in the answer, never the secrets.
  await expect(panel.lastAnswer()).toContainText(awsKey!);
  const shown = await panel.page.content();
  expect(Object.values(PLANTED).flat().filter((form) => shown.includes(form))).toEqual([]);

  const kindsLeaked = new Set(leaks.map((leak) => leak.split(':')[0])).size;
  console.log(`[redaction] planted secrets: ${Object.keys(PLANTED).length} (${Object.values(PLANTED).flat().length} forms checked) in the log and the Dag source; leaked: ${kindsLeaked}; model requests checked: ${model.requests.length}`);
});
