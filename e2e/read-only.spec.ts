import fs from 'node:fs';
import path from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { readOnlyViolations, unexplainedChanges } from './airflow/audit';
import { currentRigState, recordingFiles } from './airflow/global-setup';
import { USERS, readRecording } from './airflow/harness';
import { loginThroughUi } from './airflow/login';
import { expect, test } from './fixtures';
import { ASTRO_AIRFLOW_MCP_READ_TOOLS, isRestGetOperation, isStateChangingToolName } from '../lib/mcp/gate';
import { configureModel } from './model';
import { callToolsThenAnswer, startModelStandIn } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

/**
 * The read-only proof over the whole e2e run (issue 6, item 2). Every request that reached
 * Airflow went through a recording proxy (e2e/airflow/recording-proxy.ts); this file must run
 * after all others (playwright.config.ts: a teardown project) and checks:
 * - the extension sent nothing but GETs, and MCP POSTs of read tools only; never `auth/*`
 *   (`auth/logout` ends the user's session), never `mode=unsafe`;
 * - nobody but the harness wrote (the UI only logged in, MCP plugins only read);
 * - Airflow's own event log and Dag runs show no change during the run but the harness's
 *   (unpauses and triggers, made with its admin token and recorded with their time).
 * It first asks one question itself, so the extension's traffic is never missing from the proof.
 */
const REST_GET_TOOLS = new Set(
  (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../lib/mcp/remote/__fixtures__/airflow-mcp-plugin-0.2.0-tools.json'), 'utf8')) as { tools: Tool[] }).tools
    .filter(isRestGetOperation)
    .map((t) => t.name),
);
const isReadToolName = (name: string) => !isStateChangingToolName(name) && (REST_GET_TOOLS.has(name) || (ASTRO_AIRFLOW_MCP_READ_TOOLS as readonly string[]).includes(name));

test('the extension only read from Airflow during the whole e2e run', async ({ context, extensionId, openSidePanel }) => {
  const rig = currentRigState();
  test.setTimeout(180_000);
  const model = await startModelStandIn({
    script: callToolsThenAnswer({
      calls: [{ name: 'list_dags', args: { dag_id_pattern: 'fail_python' } }],
      answer: ([result]) => `Found: ${JSON.stringify(result?.content).slice(0, 80)}`,
    }),
  });
  try {
    await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
    const airflow = await context.newPage();
    await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
    await airflow.goto(`${rig.baseUrl}dags/fail_python_exception`);
    const panel = new SidePanel(await openSidePanel());
    await panel.ask('Which Dags are about Python failures?');
    await expect(panel.lastAnswer()).toContainText('Found:');
  } finally {
    await model.close();
  }

  const files = recordingFiles(rig.runTag);
  const records = files.flatMap(readRecording);
  const count = (f: (r: (typeof records)[number]) => boolean) => records.filter(f).length;
  const fromExtension = records.filter((r) => r.client === 'extension');
  const figures = {
    recordings: files.map((f) => path.basename(f)).join(', '),
    requests: records.length,
    byClient: Object.fromEntries(['extension', 'page', 'harness', 'mcp-plugin', 'other'].map((c) => [c, count((r) => r.client === c)])),
    extensionGets: fromExtension.filter((r) => r.method === 'GET').length,
    extensionMcpToolCalls: fromExtension.flatMap((r) => r.mcp ?? []).filter((m) => m.method === 'tools/call').length,
    extensionNonGetNonMcp: fromExtension.filter((r) => r.method !== 'GET' && !/\/mcp(\/v1)?\/$/.test(r.path)).length,
  };

  // The proof is not empty: the extension's requests are in it, and recognised as its own.
  expect(figures.extensionGets).toBeGreaterThan(0);
  expect(readOnlyViolations(records, { isReadToolName })).toEqual([]);

  // Airflow's own records: no change but the harness's since the run began.
  const since = records.map((r) => r.at).sort()[0]!;
  const audit = await unexplainedChanges(rig.baseUrl, since, records);
  expect(audit.changes).toEqual([]);

  const summary = { ...figures, eventLogEntriesChecked: audit.events, dagRunsChecked: audit.runs, since };
  test.info().annotations.push({ type: 'read-only proof', description: JSON.stringify(summary) });
  console.log(`[read-only] ${JSON.stringify(summary)}`);
});
