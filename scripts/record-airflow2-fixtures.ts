// Records a running Airflow 2's api/v1 answers to the built-in tools, asked through the
// translating client (lib/airflow/airflow2-rest.ts), for its unit tests.
//
//   AIRFLOW2_URL=http://127.0.0.1:PORT/ AIRFLOW2_RUNS=/path/info.json node_modules/.bin/node scripts/record-airflow2-fixtures.ts
//
// Needs an Airflow 2 with the rig's Dags run (e2e/airflow/airflow2.ts) and its users admin/admin
// and viewer/viewer; AIRFLOW2_RUNS is a JSON `{ runs: { dag_id: run_id } }`. The recorder logs in
// with basic auth (the rig allows it) only to record: the extension itself sends no credentials
// to api/v1, its browser session cookie goes along. Writes lib/airflow/__fixtures__/airflow2-rest/<scenario>.json.
// Resolves lib/'s extensionless imports; first, before lib/ is loaded.
import '../bench/resolve-ts.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { Airflow2Exchange } from '../lib/airflow/testing/airflow2-replay.ts';

const { createAirflowClient } = await import('../lib/airflow/api-client.ts');
const { createAirflow2Client } = await import('../lib/airflow/airflow2-rest.ts');
const { buildAirflowMcpServer, connectInProcess } = await import('../lib/mcp/index.ts');

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(REPO_ROOT, 'lib', 'airflow', '__fixtures__', 'airflow2-rest');
const BASE = process.env.AIRFLOW2_URL ?? 'http://127.0.0.1:35633/';
const RUNS = (JSON.parse(fs.readFileSync(process.env.AIRFLOW2_RUNS ?? '/tmp/af2probe/info.json', 'utf8')) as { runs: Record<string, string> }).runs;


async function record(scenario: string, tool: string, args: Record<string, unknown>, user: 'admin' | 'viewer') {
  const exchanges: Airflow2Exchange[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = { ...(init?.headers as Record<string, string>) };
    const response = await globalThis.fetch(String(input), { ...init, headers: { ...headers, Authorization: `Basic ${btoa(`${user}:${user}`)}` } });
    const body = await response.text();
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const url = String(input).slice(BASE.length);
    exchanges.push({ url, accept: headers.Accept ?? '', status: response.status, contentType, ...(contentType === 'application/json' ? { json: JSON.parse(body) } : { text: body }) });
    return new Response(body, { status: response.status, headers: { 'content-type': contentType } });
  };
  const client = createAirflow2Client(createAirflowClient({ baseUrl: BASE, api: 'v1', fetch: fetch as typeof globalThis.fetch }));
  const mcp = await connectInProcess(buildAirflowMcpServer(client), 'record-airflow2');
  const result = await mcp.callTool({ name: tool, arguments: args });
  await mcp.close();
  const version = (await (await globalThis.fetch(`${BASE}api/v1/version`, { headers: { Authorization: `Basic ${btoa('admin:admin')}` } })).json()) as { version: string };
  const fixture = { description: `${tool} on Airflow ${version.version} as ${user}`, source: `recorded from a running Airflow ${version.version} (e2e/airflow/airflow2.ts rig) by scripts/record-airflow2-fixtures.ts`, user, tool, arguments: args, exchanges };
  fs.writeFileSync(path.join(OUT, `${scenario}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  const text = (result.content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('\n');
  console.log(`${scenario}: ${exchanges.length} requests, ${result.isError ? 'ERROR ' : ''}${text.split('\n')[0]}`);
}

fs.mkdirSync(OUT, { recursive: true });
const exc = { dag_id: 'fail_python_exception', run_id: RUNS.fail_python_exception! };
const retries = { dag_id: 'fail_retries', run_id: RUNS.fail_retries! };
const mapped = { dag_id: 'fail_mapped', run_id: RUNS.fail_mapped! };
await record('health-and-version', 'get_airflow_health_and_version', {}, 'admin');
await record('dags', 'list_dags', {}, 'admin');
await record('dag-details', 'get_dag_details', { dag_id: 'fail_python_exception' }, 'admin');
await record('dag-source', 'get_dag_source', { dag_id: 'fail_python_exception' }, 'admin');
await record('dag-runs', 'list_dag_runs', { dag_id: 'fail_python_exception' }, 'admin');
await record('task-instances-mapped', 'list_task_instances', mapped, 'admin');
await record('tries-retries', 'get_task_instance_tries', { ...retries, task_id: 'flaky_api_call' }, 'admin');
await record('tries-mapped', 'get_task_instance_tries', { ...mapped, task_id: 'process_partition', map_index: 1 }, 'admin');
await record('event-logs', 'list_event_logs', { ...exc, task_id: 'transform' }, 'admin');
await record('import-errors', 'list_import_errors', { filename_pattern: 'fail_import' }, 'admin');
await record('dag-warnings', 'list_dag_warnings', {}, 'admin');
await record('xcom-entries', 'list_xcom_entries', exc, 'admin');
await record('connections-viewer', 'list_connections', {}, 'viewer');
await record('variables-viewer', 'list_variables', {}, 'viewer');
await record('connections-admin', 'list_connections', {}, 'admin');
await record('read-task-log', 'read_task_log', { ...exc, task_id: 'transform' }, 'admin');
await record('failure-evidence-python-exception', 'get_failure_evidence', { ...exc, task_id: 'transform' }, 'admin');
await record('failure-evidence-retries', 'get_failure_evidence', { ...retries, task_id: 'flaky_api_call' }, 'admin');
await record('failure-evidence-mapped', 'get_failure_evidence', { ...mapped, task_id: 'process_partition', map_index: 1 }, 'admin');
