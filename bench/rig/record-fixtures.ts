// Records real Airflow 3.3.2 responses for the diagnosis tests and the bench:
//
//   node_modules/.bin/node bench/rig/record-fixtures.ts [--fresh]
//
// Starts the log rig (bench/rig/logs-rig.ts), calls the get_failure_evidence tool through a real
// MCP client for every scenario of bench/rig/scenarios.ts while a recording fetch saves each GET
// and Airflow's answer into lib/logs/__fixtures__/rig/<scenario>.json (the format of
// lib/mcp/__fixtures__, with large bodies brotli-compressed beside it), then stops Airflow.
// Re-record after changing what the evidence pack requests.
import '../resolve-ts.ts';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, api, getToken } from '../../e2e/airflow/harness.ts';
import { startLogsRig } from './logs-rig.ts';
import { SCENARIOS } from './scenarios.ts';
import { recordingFetch, saveFixture, type Exchange } from './recording.ts';

const { createAirflowClient } = await import('../../lib/airflow/api-client.ts');
const { buildAirflowMcpServer, connectInProcess } = await import('../../lib/mcp/index.ts');

const FIXTURES_DIR = path.join(REPO_ROOT, 'lib', 'logs', '__fixtures__', 'rig');
// Recorded into a fresh folder that replaces the old one only when every scenario is recorded.
const RECORDING_DIR = `${FIXTURES_DIR}.recording`;

const rig = await startLogsRig({ fresh: process.argv.includes('--fresh') });
try {
  fs.rmSync(RECORDING_DIR, { recursive: true, force: true });
  fs.mkdirSync(RECORDING_DIR, { recursive: true });
  const { version } = await api<{ version: string }>(rig.baseUrl, 'version');
  const source = `real Airflow ${version} (bench/rig/record-fixtures.ts, ${new Date().toISOString().slice(0, 10)})`;
  const tokens = { admin: await getToken(rig.baseUrl, 'admin', 'admin'), viewer: await getToken(rig.baseUrl, 'viewer', 'viewer') };

  const record = async (name: string, user: keyof typeof tokens, args: Record<string, unknown>, description: string) => {
    const exchanges: Exchange[] = [];
    const client = createAirflowClient({ baseUrl: rig.baseUrl, getToken: async () => tokens[user], fetch: recordingFetch(rig.baseUrl, RECORDING_DIR, name, exchanges) });
    const mcp = await connectInProcess(buildAirflowMcpServer(client), 'fixture-recorder');
    // Brotli at quality 11 takes most of a minute for the 20 MB log: wait longer than the SDK's 60 s.
    const result = await mcp.callTool({ name: 'get_failure_evidence', arguments: args }, undefined, { timeout: 600_000 });
    await mcp.close();
    const text = (result.content as { type: string; text?: string }[])[0]?.text ?? '';
    console.error(`[record] ${name}: ${result.isError ? 'ERROR ' : ''}${text.split('\n')[2] ?? text}`);
    saveFixture(RECORDING_DIR, name, { description, source, user, tool: 'get_failure_evidence', arguments: args, exchanges });
  };

  for (const scenario of SCENARIOS) {
    const args = { dag_id: scenario.dagId, run_id: rig.runs[scenario.run], task_id: scenario.taskId, map_index: scenario.mapIndex ?? -1 };
    await record(scenario.name, 'admin', args, `Evidence pack for ${scenario.dagId}.${scenario.taskId}; root cause: ${scenario.rootCause.join(' / ')}.`);
  }
  const py = { dag_id: 'fail_python_exception', run_id: rig.runs.fail_python_exception, task_id: 'transform', map_index: -1 };
  await record('python-exception-viewer', 'viewer', py, 'The same pack read as viewer (no audit log access).');
  await record('run-level', 'admin', { dag_id: 'fail_upstream_chain', run_id: rig.runs.fail_upstream_chain }, 'No task named: the run\'s first failed task (check_source) is diagnosed.');
  await record('retries-try-1', 'admin', { ...py, dag_id: 'fail_retries', run_id: rig.runs.fail_retries, task_id: 'flaky_api_call', try_number: 1 }, 'First try of flaky_api_call.');

  const importErrors = await api(rig.baseUrl, 'importErrors');
  saveFixture(RECORDING_DIR, 'import-errors', { description: 'GET importErrors: fail_import_error.py cannot import company_snowflake_helpers.', source, user: 'admin', tool: null, arguments: {}, exchanges: [{ method: 'GET', url: 'api/v2/importErrors', status: 200, body: importErrors }] });
  fs.rmSync(FIXTURES_DIR, { recursive: true, force: true });
  fs.renameSync(RECORDING_DIR, FIXTURES_DIR);
} finally {
  await rig.stop();
}
