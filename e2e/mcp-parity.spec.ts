import type { BrowserContext } from '@playwright/test';
import { startApiServer, type ApiServerReplica } from './airflow/api-server-replica';
import { currentRigState, recordFileOf } from './airflow/global-setup';
import { MCP_PLUGINS, USERS, api, readRecording } from './airflow/harness';
import { loginThroughUi } from './airflow/login';
import { expect, test } from './fixtures';
import { ASTRO_AIRFLOW_MCP_WRITE_TOOLS } from '../lib/mcp/gate';
import { configureModel } from './model';
import { callToolsThenAnswer, startModelStandIn, type FunctionResponseRecord, type ModelStandIn, type RecordedModelRequest } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

/**
 * The same questions through each MCP server the assistant can use (issue 9): the built-in one
 * (the suite's Airflow has no plugin), and airflow-mcp-plugin and astro-airflow-mcp really
 * running inside the rig's Airflow - each in an extra API server of the same deployment (same
 * database, logs and users; e2e/airflow/api-server-replica.ts), behind its own recording proxy.
 * The extension finds each plugin by itself ({base}mcp/, {base}mcp/v1/).
 */
type ServerName = 'built-in' | (typeof MCP_PLUGINS)[number];
const SERVERS: ServerName[] = ['built-in', ...MCP_PLUGINS];
const EXCEPTION = "ValueError: column 'amount' has 3 nulls";

test.describe.configure({ mode: 'serial' });

const rig = currentRigState();
const replicas = new Map<ServerName, ApiServerReplica>();
let model: ModelStandIn;

test.beforeAll(async () => {
  // The first run installs each plugin's pinned venv (~40 s each).
  test.setTimeout(300_000);
  const started = await Promise.all(
    MCP_PLUGINS.map((plugin) => startApiServer(rig, { plugin, record: { file: recordFileOf(rig.runTag, plugin) } })),
  );
  for (const replica of started) replicas.set(replica.plugin as ServerName, replica);
  model = await startModelStandIn();
});
test.afterAll(async () => {
  await Promise.all([...replicas.values()].map((r) => r.stop()));
  await model?.close();
});
test.beforeEach(() => model.reset());

const baseUrlOf = (server: ServerName) => (server === 'built-in' ? rig.baseUrl : replicas.get(server)!.baseUrl);
const recordOf = (server: ServerName) => readRecording(server === 'built-in' ? rig.recordFile! : replicas.get(server)!.recordFile!);

function fact(req: RecordedModelRequest, key: string): string {
  const value = new RegExp(`^- ${key}: (.+)$`, 'm').exec(req.systemText)?.[1];
  if (!value) throw new Error(`The request has no ${key} in its page context`);
  return value.trim();
}

const resultText = (result: FunctionResponseRecord | undefined) => {
  const content = result?.content ?? result?.error ?? result?.response;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
};

/** What the model got back from `tool` in the last request (prefetched evidence comes first). */
const lastResultOf = (tool: string) => resultText(model.requests.at(-1)!.currentFunctionResponses.find((r) => r.name === tool));

/** As chat.spec.ts: the log of the page's task and try, searched for errors; the answer quotes it. */
const diagnoseFromLog = () =>
  callToolsThenAnswer({
    calls: (req) => [
      { name: 'read_task_log', args: { dag_id: fact(req, 'dag_id'), run_id: fact(req, 'dag_run_id'), task_id: fact(req, 'task_id'), try_number: Number(fact(req, 'try_number')), mode: 'search', pattern: 'Error' } },
    ],
    answer: (results) => {
      const log = results.find((r) => r.name === 'read_task_log');
      const hit = /^(\d+) \+ (\w+Error: .*)$/m.exec(resultText(log));
      return hit ? `The task failed with \`${hit[2]}\` (log line ${hit[1]}).` : `No exception found in: ${resultText(log).slice(0, 300)}`;
    },
  });

async function askOnFailedTask(context: BrowserContext, extensionId: string, openSidePanel: () => Promise<import('@playwright/test').Page>, server: ServerName, user: { username: string; password: string }, question: string) {
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const base = baseUrlOf(server);
  const airflow = await context.newPage();
  await loginThroughUi(airflow, base, user);
  await airflow.goto(`${base}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('context-try')).toContainText('1');
  await panel.ask(question);
  return panel;
}

/** MCP tool calls the extension sent to this server's endpoint, and its direct GETs of task logs. */
function extensionTraffic(server: ServerName, since: string) {
  const mine = recordOf(server).filter((r) => r.client === 'extension' && r.at >= since);
  return {
    toolCalls: mine.flatMap((r) => (r.mcp ?? []).filter((m) => m.method === 'tools/call').map((m) => m.tool)),
    directLogReads: mine.filter((r) => r.method === 'GET' && /\/taskInstances\/[^/]+\/logs\//.test(r.path)).length,
  };
}

const answers = new Map<ServerName, { answer: string; toolResult: string }>();
/** Every tool name the model was offered, per server, over all tests of this file. */
const offeredTo = new Map<ServerName, Set<string>>(SERVERS.map((s) => [s, new Set<string>()]));
const noteOffered = (server: ServerName) => model.requests.forEach((r) => r.toolNames.forEach((name) => offeredTo.get(server)!.add(name)));

for (const server of SERVERS) {
  test(`${server}: "Why did this task fail?" quotes the exception from the real log`, async ({ context, extensionId, openSidePanel }) => {
    const since = new Date().toISOString();
    model.setScript(diagnoseFromLog());
    const panel = await askOnFailedTask(context, extensionId, openSidePanel, server, USERS.admin, 'Why did this task fail?');
    await expect(panel.lastAnswer()).toContainText(EXCEPTION);
    noteOffered(server);
    await expect(panel.toolSteps().filter({ hasText: 'Reading the log of transform, try 1' })).toHaveCount(1);

    const base = baseUrlOf(server);
    const answer = (await panel.lastAnswer().innerText()).replaceAll(base, '{base}');
    const toolResult = lastResultOf('read_task_log').replaceAll(base, '{base}');
    answers.set(server, { answer, toolResult });
    expect(toolResult).toContain(EXCEPTION);

    // The model's log came through the server under test: the plugin's tool, or the API directly.
    // (Other panel features, like the triage card, still read the API directly: see the report.)
    const traffic = extensionTraffic(server, since);
    if (server === 'built-in') {
      expect(traffic.toolCalls).toEqual([]);
      expect(traffic.directLogReads).toBeGreaterThan(0);
    } else {
      expect(traffic.toolCalls).toContain(server === 'airflow-mcp-plugin' ? 'get_log' : 'get_task_logs');
    }
  });
}

test('all three answers, and the tool results the model read, are the same', () => {
  expect([...answers.keys()]).toEqual(SERVERS);
  const [first, ...rest] = SERVERS.map((s) => answers.get(s)!);
  for (const other of rest) {
    expect(other.answer).toBe(first!.answer);
    expect(other.toolResult).toBe(first!.toolResult);
  }
});

for (const server of SERVERS) {
  test(`${server}: the viewer is not permitted to read connections`, async ({ context, extensionId, openSidePanel }) => {
    model.setScript(
      callToolsThenAnswer({
        calls: [{ name: 'list_connections', args: { connection_id_pattern: 'warehouse' } }],
        answer: (results) => `Airflow says: ${resultText(results.find((r) => r.name === 'list_connections'))}`,
      }),
    );
    const panel = await askOnFailedTask(context, extensionId, openSidePanel, server, USERS.viewer, 'Does the warehouse_db connection exist?');
    await expect(panel.lastAnswer()).toContainText('Your Airflow user may not see connections (HTTP 403).');
    noteOffered(server);
    expect(model.requests[0]!.toolNames).toContain('list_connections');
    expect(lastResultOf('list_connections')).toContain('Your Airflow user may not see connections (HTTP 403).');
  });
}

test('astro-airflow-mcp: its write tools never reach the model, and asking for trigger_dag is refused', async ({ context, extensionId, openSidePanel }) => {
  const runsOf = async () => (await api<{ total_entries: number }>(rig.baseUrl, 'dags/ok_simple/dagRuns?limit=1')).total_entries;
  const before = await runsOf();
  model.setScript(
    callToolsThenAnswer({
      calls: [{ name: 'trigger_dag', args: { dag_id: 'ok_simple' } }],
      answer: (results) => `Trigger result: ${resultText(results.find((r) => r.name === 'trigger_dag'))}`,
    }),
  );
  const panel = await askOnFailedTask(context, extensionId, openSidePanel, 'astro-airflow-mcp', USERS.admin, 'Trigger ok_simple again.');
  await expect(panel.lastAnswer()).toContainText('Trigger result:');
  noteOffered('astro-airflow-mcp');
  expect(lastResultOf('trigger_dag')).toMatch(/unavailable tool 'trigger_dag'/);

  // No tool list the model received in any test of this file held a write tool.
  const offered = offeredTo.get('astro-airflow-mcp')!;
  expect(offered.size).toBeGreaterThan(0);
  for (const write of ASTRO_AIRFLOW_MCP_WRITE_TOOLS) expect(offered).not.toContain(write);
  test.info().annotations.push({ type: 'tools offered with astro-airflow-mcp', description: [...offered].sort().join(', ') });
  expect(recordOf('astro-airflow-mcp').flatMap((r) => r.mcp ?? []).filter((m) => m.tool && (ASTRO_AIRFLOW_MCP_WRITE_TOOLS as readonly string[]).includes(m.tool))).toEqual([]);
  expect(await runsOf()).toBe(before);
});
