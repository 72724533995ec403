import type { BrowserContext } from '@playwright/test';
import { loginThroughUi } from './airflow/login';
import { USERS, triggerDagRun, waitForDagRun, waitForDags } from './airflow/harness';
import { expect, test, type RigState } from './fixtures';
import { configureModel } from './model';
import { startAnthropicStandIn, startOpenAIStandIn } from './model-stand-in/chat-protocols';
import { answerFromRequest, callToolsThenAnswer, failWith, startModelStandIn, toolResultText, type ModelScript, type ModelStandIn, type RecordedModelRequest } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';
import type { ModelProvider } from '../lib/storage/items';
import { DEFAULT_MODEL_PRICES, estimateCostUsd, formatUsd } from '../lib/model-providers/model-prices';
import { estimateTokens } from '../lib/logs/evidence-item';

/**
 * The same chat, against each provider's real wire protocol: the AI SDK's own provider packages
 * talk to local stand-ins of the Gemini, OpenAI chat completions and Anthropic messages APIs.
 */
interface StandInCase {
  provider: ModelProvider;
  model: string;
  start: () => Promise<ModelStandIn>;
  /** How the provider sends the model key: the one credential a request may carry. */
  keyHeader: 'x-goog-api-key' | 'authorization' | 'x-api-key';
}

const CASES: StandInCase[] = [
  { provider: 'google', model: 'gemini-2.5-flash', start: () => startModelStandIn(), keyHeader: 'x-goog-api-key' },
  { provider: 'openai', model: 'gpt-4.1-mini', start: () => startOpenAIStandIn({ models: ['gpt-4.1-mini', 'gpt-4.1'] }), keyHeader: 'authorization' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', start: () => startAnthropicStandIn(), keyHeader: 'x-api-key' },
];

const standIns = new Map<ModelProvider, ModelStandIn>();
test.beforeAll(async () => {
  for (const c of CASES) standIns.set(c.provider, await c.start());
});
test.afterAll(async () => {
  for (const standIn of standIns.values()) await standIn.close();
});
test.beforeEach(() => {
  for (const standIn of standIns.values()) standIn.reset();
});

const EXCEPTION = "ValueError: column 'amount' has 3 nulls";
const KEY = 'test-model-key';

/** Answers from the prefetched evidence pack alone, citing the log line link it holds. */
const answerFromEvidencePack = callToolsThenAnswer({
  calls: [],
  answer: (results) => {
    const pack = toolResultText(results.find((r) => r.name === 'get_failure_evidence'));
    const url = /(http:\/\/\S+\/tasks\/transform\?try_number=1#\d+)/.exec(pack)?.[1];
    return url ? `\`transform\` raised ${EXCEPTION} ([log line](${url})).` : `No link in the pack: ${pack.slice(0, 200)}`;
  },
});

function fact(req: RecordedModelRequest, key: string): string {
  const value = new RegExp(`^- ${key}: (.+)$`, 'm').exec(req.systemText)?.[1];
  if (!value) throw new Error(`The request has no ${key} in its page context`);
  return value.trim();
}

const PLACEHOLDER = /\[secret:[a-z0-9-]+(?:#\d+)?\]/g;
/** Calls the log tool over the provider's protocol, then answers with the placeholders it saw. */
const readLogThenAnswer: ModelScript = (req) => {
  if (!req.currentFunctionResponses.some((r) => r.name === 'read_task_log')) {
    return { functionCalls: [{ name: 'read_task_log', args: { dag_id: fact(req, 'dag_id'), run_id: fact(req, 'dag_run_id'), task_id: fact(req, 'task_id'), mode: 'tail', line_count: 400 } }] };
  }
  const seen = [...new Set(req.currentFunctionResponses.flatMap((r) => toolResultText(r).match(PLACEHOLDER) ?? []))];
  return { text: `The log shows these masked values: ${seen.map((p) => `\`${p}\``).join(', ')}.` };
};

/** Secrets e2e/dags/fail_planted_secrets.py logs (the full list is checked in redaction.spec.ts). */
const PLANTED = [
  'AKIAFAKE4NSLYQ7VT7G2',
  'Q0JPza5DlNKSJ4xH3DDYJYv0qJD0WxD3cu6PFK5G',
  'Wq8zLp2vRtFake91',
  'ghp_FAKEJoecDBkbdtaUhMK9tlYdl5QQLEVim0RW',
  'xoxb-225109192692-5390752372728-b5fREHyZvJSgJZyftpM6Wvz7',
  'MNiCqpkDs0cVw2Skttdk562QVAZjg6s6PmPN0bbzov5',
  'TAnkjQOWSLh9H4gFake',
  'sftp-Pass-Only-Airflow-Knows-42',
];

async function airflowToken(context: BrowserContext, rig: RigState): Promise<string> {
  const cookie = (await context.cookies(rig.baseUrl)).find((c) => c.name === '_token');
  expect(cookie, 'logged in to Airflow').toBeDefined();
  return cookie!.value;
}

/** Nothing but the model key as a credential: no cookie, no Airflow token, anywhere in any request. */
function expectOnlyTheModelKey(c: StandInCase, requests: RecordedModelRequest[], token: string) {
  for (const request of requests) {
    expect(request.headers.cookie).toBeUndefined();
    expect(JSON.stringify(request)).not.toContain(token);
    expect(request.apiKey).toBe(KEY);
    expect(request.headers[c.keyHeader]).toBe(c.keyHeader === 'authorization' ? `Bearer ${KEY}` : KEY);
    if (c.keyHeader !== 'authorization') expect(request.headers.authorization).toBeUndefined();
  }
}

for (const c of CASES) {
  test(`${c.provider}: "Why did this task fail?" gets a cited answer from the evidence pack in one model call`, async ({ context, extensionId, rig, openSidePanel }) => {
    const standIn = standIns.get(c.provider)!;
    standIn.setScript(answerFromEvidencePack);
    await configureModel(context, extensionId, { provider: c.provider, apiKey: KEY, baseURL: standIn.baseURL, model: c.model });
    const airflow = await context.newPage();
    await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
    await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
    const panel = new SidePanel(await openSidePanel());
    await expect(panel.page.getByTestId('context-try')).toContainText('1');

    await panel.ask('Why did this task fail?');
    await expect(panel.lastAnswer()).toContainText(EXCEPTION);
    await expect(panel.toolSteps().first()).toContainText('Gathering the evidence for transform');
    await expect(panel.lastAnswer().getByTestId('evidence-chip')).toHaveText(/line \d+ · try 1/);

    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request!.model).toBe(c.model);
    expect(request!.stream).toBe(true);
    expect(request!.systemText).toContain('dag_id: fail_python_exception');
    expect(request!.lastUserText).toContain('Why did this task fail?');
    expect(request!.toolNames).toContain('read_task_log');
    expect(toolResultText(request!.currentFunctionResponses[0])).toContain(EXCEPTION);
    expectOnlyTheModelKey(c, standIn.requests, await airflowToken(context, rig));

    // The tokens shown are those the stand-in reported in its usage fields; the cost is the shipped estimate for them.
    const usage = request!.usage!;
    expect(usage.inputTokens).toBeGreaterThan(100);
    const shown = panel.page.getByTestId('answer-usage').last();
    await expect(shown.getByTestId('usage-input')).toHaveText(usage.inputTokens.toLocaleString('en-US'));
    await expect(shown.getByTestId('usage-output')).toHaveText(usage.outputTokens.toLocaleString('en-US'));
    const cost = estimateCostUsd({ provider: c.provider, baseURL: '', model: c.model }, DEFAULT_MODEL_PRICES, usage);
    expect(cost).toBeGreaterThan(0);
    await expect(shown.getByTestId('usage-cost')).toHaveText(`~${formatUsd(cost!)}`);
    await expect(panel.page.getByTestId('conversation-usage')).toContainText(`${usage.inputTokens.toLocaleString('en-US')} in · ${usage.outputTokens} out tokens · ~${formatUsd(cost!)}`);
    // The other stand-ins heard nothing.
    for (const [provider, other] of standIns) if (provider !== c.provider) expect(other.requests).toHaveLength(0);
  });

  test(`${c.provider}: a tool call over the wire reads the log; planted secrets reach the model only as placeholders`, async ({ context, extensionId, rig, openSidePanel }) => {
    const standIn = standIns.get(c.provider)!;
    const runId = await finishedRun(rig, 'fail_planted_secrets');
    standIn.setScript(readLogThenAnswer);
    await configureModel(context, extensionId, { provider: c.provider, apiKey: KEY, baseURL: standIn.baseURL, model: c.model });
    const airflow = await context.newPage();
    await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
    await airflow.goto(`${rig.baseUrl}dags/fail_planted_secrets/runs/${encodeURIComponent(runId)}/tasks/export_to_partners`);
    const panel = new SidePanel(await openSidePanel());
    await expect(panel.page.getByTestId('context-task')).toContainText('export_to_partners');

    await panel.ask('Why did this task fail?');
    await expect(panel.lastAnswer()).toContainText('masked values');
    await expect(panel.toolSteps().filter({ hasText: 'Reading the log of export_to_partners' })).toHaveCount(1);
    await expect(panel.lastAnswer()).toContainText('[secret:aws-key#');

    expect(standIn.requests).toHaveLength(2);
    const log = toolResultText(standIn.requests[1]!.currentFunctionResponses.find((r) => r.name === 'read_task_log'));
    expect(log).toContain('[secret:github-token#');
    const sent = standIn.requests.map((request) => JSON.stringify(request));
    expect(PLANTED.filter((secret) => sent.some((text) => text.includes(secret))), 'planted secrets sent to the model').toEqual([]);
    expectOnlyTheModelKey(c, standIn.requests, await airflowToken(context, rig));
  });
}

test('switching provider in the options page takes effect at the next question, without reloading the extension', async ({ context, extensionId, rig, openSidePanel }) => {
  const gemini = standIns.get('google')!;
  const anthropic = standIns.get('anthropic')!;
  gemini.setScript(answerFromEvidencePack);
  anthropic.setScript(answerFromEvidencePack);
  await configureModel(context, extensionId, { provider: 'google', apiKey: KEY, baseURL: gemini.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-try')).toContainText('1');
  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText(EXCEPTION);
  expect(gemini.requests).toHaveLength(1);

  await configureModel(context, extensionId, { provider: 'anthropic', apiKey: KEY, baseURL: anthropic.baseURL, model: 'claude-sonnet-4-5' });
  await panel.ask('Why did this task fail, once more?');
  await expect(panel.page.getByTestId('message-assistant')).toHaveCount(2);
  await expect(panel.lastAnswer()).toContainText(EXCEPTION);
  expect(gemini.requests).toHaveLength(1);
  expect(anthropic.requests).toHaveLength(1);
  expect(anthropic.requests[0]!.model).toBe('claude-sonnet-4-5');
});

/** The run the global setup made; triggered here if this harness did not run that Dag. */
async function finishedRun(rig: RigState, dagId: string): Promise<string> {
  const known = rig.runs[dagId];
  if (known) return known;
  const api = (rig as RigState & { apiServerUrl?: string }).apiServerUrl ?? rig.baseUrl;
  await waitForDags(api, [dagId]);
  const runId = await triggerDagRun(api, dagId);
  expect(await waitForDagRun(api, dagId, runId)).toBe('failed');
  return runId;
}

test('the daily spend cap stops the next question once the estimated spend reaches it; the audit trail has provider, model, tokens and cost', async ({ context, extensionId, serviceWorker, rig, openSidePanel }) => {
  const openai = standIns.get('openai')!;
  openai.setScript(answerFromEvidencePack);
  await configureModel(context, extensionId, { provider: 'openai', apiKey: KEY, baseURL: openai.baseURL, model: 'gpt-4.1-mini' });
  // A price the user set (per million tokens) and a cap that one answer of ~2,000 tokens exceeds.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('price-model').fill('gpt-4.1-mini');
  await options.getByTestId('price-input').fill('100');
  await options.getByTestId('price-output').fill('200');
  await options.getByTestId('save-price').click();
  await expect(options.getByTestId('cost-status')).toHaveText('Price saved for gpt-4.1-mini.');
  await options.getByTestId('spend-cap').fill('0.01');
  await options.getByTestId('save-spend-cap').click();
  await expect(options.getByTestId('cost-status')).toHaveText('Daily spend cap saved: $0.01.');

  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-try')).toContainText('1');
  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText(EXCEPTION);
  const usage = openai.requests[0]!.usage!;
  const cost = (usage.inputTokens * 100 + usage.outputTokens * 200) / 1_000_000;
  expect(cost).toBeGreaterThan(0.01);
  await expect(panel.page.getByTestId('answer-usage').last().getByTestId('usage-cost')).toHaveText(`~${formatUsd(cost)}`);

  await panel.ask('And what should I do about it?');
  await expect(panel.problem('model_error')).toContainText("Today's spend cap of $0.01 is reached");
  expect(openai.requests).toHaveLength(1);

  const audit = (await serviceWorker.evaluate(async () => (await chrome.storage.local.get('auditLog')).auditLog)) as { kind: string; estimatedCostUsd?: number }[];
  const requests = audit.filter((entry) => entry.kind === 'model_request');
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({ provider: 'openai.chat', model: 'gpt-4.1-mini', inputTokens: usage.inputTokens, outputTokens: usage.outputTokens });
  expect(requests[0]!.estimatedCostUsd).toBeCloseTo(cost, 10);
});

/** Every string of a request's messages, counted with the extension's own estimate (chars / 4). */
function messagesTokens(body: { messages?: unknown }): number {
  let tokens = 0;
  const walk = (value: unknown) => {
    if (typeof value === 'string') tokens += estimateTokens(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(body.messages);
  return tokens;
}

test('with an input-token budget set in the options, the evidence of "Why did this task fail?" is fitted to it and the exception stays', async ({ context, extensionId, rig, openSidePanel }) => {
  const openai = standIns.get('openai')!;
  openai.setScript(answerFromEvidencePack);
  await configureModel(context, extensionId, { provider: 'openai', apiKey: KEY, baseURL: openai.baseURL, model: 'gpt-4.1-mini' });
  // Below what this question takes with the default pack (about 1,400 estimated tokens).
  const BUDGET = 1300;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('token-budget').fill('1,300');
  await options.getByTestId('save-token-budget').click();
  await expect(options.getByTestId('cost-status')).toHaveText('Input-token budget saved: 1,300 tokens per question.');

  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-try')).toContainText('1');
  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText(EXCEPTION);
  await expect(panel.lastAnswer().getByTestId('budget-note')).toHaveCount(0);

  expect(openai.requests).toHaveLength(1);
  const [request] = openai.requests;
  const pack = toolResultText(request!.currentFunctionResponses[0]);
  expect(pack).toContain(EXCEPTION);
  expect(pack).toContain('Left out to fit the budget:');
  // The system prompt, the question and the fitted evidence: within the budget.
  expect(request!.lastUserText).toContain('Why did this task fail?');
  expect(messagesTokens(request!.body)).toBeLessThanOrEqual(BUDGET);
});

test('"Test connection" shows the answer, a refused key, an unknown model and an endpoint that does not answer; the model list comes from the endpoint', async ({ context, extensionId }) => {
  const openai = standIns.get('openai')!;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('model-provider').selectOption('openai');
  await options.getByTestId('api-key').fill(KEY);
  await options.getByTestId('base-url').fill(openai.baseURL);
  const result = options.getByTestId('connection-result');

  openai.setScript(() => ({ text: 'OK' }));
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveText('Connected: the model answered "OK".');
  expect(openai.requests).toHaveLength(1);
  expect(openai.requests[0]!.apiKey).toBe(KEY);

  openai.setScript(failWith(401, 'Incorrect API key provided.'));
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveAttribute('data-kind', 'bad_key');
  await expect(result).toContainText('The provider refused the API key (HTTP 401)');

  openai.setScript(failWith(404, 'The model `gpt-nope` does not exist.'));
  await options.getByTestId('model-name').fill('gpt-nope');
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveAttribute('data-kind', 'unknown_model');
  await expect(result).toContainText('The endpoint does not know the model "gpt-nope" (HTTP 404)');

  openai.setScript(() => new Promise(() => {}));
  await options.getByTestId('test-connection').click();
  await expect(result).toHaveAttribute('data-kind', 'no_answer', { timeout: 20_000 });
  await expect(result).toContainText(`${openai.baseURL} did not answer within 10 seconds.`);

  await options.getByTestId('load-models').click();
  await expect(options.getByTestId('settings-status')).toHaveText('2 models listed; pick one or type another.');
  await expect(options.locator('#model-options option')).toHaveCount(2);
  await expect(options.locator('#model-options option').first()).toHaveAttribute('value', 'gpt-4.1-mini');
});

test('an OpenAI-compatible local model without tool calling answers from the evidence pack; the panel says tools were unavailable and answers stay on this machine', async ({ context, extensionId, rig, openSidePanel }) => {
  const local = standIns.get('openai')!;
  local.setScript(answerFromRequest((req) => (req.text.includes(EXCEPTION) ? `From the evidence: ${EXCEPTION}.` : 'No evidence in the request.')));
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByTestId('model-provider').selectOption('openai-compatible');
  await options.getByTestId('base-url').fill(local.baseURL);
  await options.getByTestId('model-name').fill('gemma3:4b');
  await options.getByTestId('no-tool-calling').check();
  await expect(options.getByTestId('model-recipient')).toContainText('stay on this machine');
  await options.getByTestId('save-settings').click();
  await expect(options.getByTestId('settings-status')).toHaveText('Saved.');

  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('model-destination')).toHaveText('Model: gemma3:4b on this machine. Answers stay on this machine.');
  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText(`From the evidence: ${EXCEPTION}.`);
  await expect(panel.lastAnswer().getByTestId('tools-unavailable')).toBeVisible();
  await expect(panel.toolSteps().first()).toContainText('Gathering the evidence for transform');

  expect(local.requests).toHaveLength(1);
  const [request] = local.requests;
  expect(request!.toolNames).toEqual([]);
  expect(request!.model).toBe('gemma3:4b');
  // No key was set: the request carries no credential at all, and no Airflow session.
  expect(request!.headers.authorization).toBeUndefined();
  expect(request!.headers.cookie).toBeUndefined();
  expect(JSON.stringify(request)).not.toContain(await airflowToken(context, rig));
});
