// Records real Airflow 3.3.2 responses for the MCP tools' contract tests.
//
//   node_modules/.bin/node scripts/record-fixtures.ts
//
// Starts Airflow with the e2e harness (its own AIRFLOW_HOME, fresh), runs the failure Dags,
// then calls every built-in tool through a real MCP client while a recording fetch saves each
// request and Airflow's answer into lib/mcp/__fixtures__/<scenario>.json. Stops Airflow at the end.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  REPO_ROOT,
  getToken,
  startAirflow,
  triggerDagRun,
  waitForDagRun,
  waitForDags,
  api,
} from '../e2e/airflow/harness.ts';

// lib/ is written for the bundler (extensionless imports); let Node find the .ts files.
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.startsWith('.') || path.extname(specifier) === '.ts') return nextResolve(specifier, context);
    for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
      try {
        return nextResolve(candidate, context);
      } catch {
        // try the next form
      }
    }
    return nextResolve(specifier, context);
  },
});
const { createAirflowClient } = await import('../lib/airflow/api-client.ts');
const { buildAirflowMcpServer, connectInProcess } = await import('../lib/mcp/index.ts');

const FIXTURES_DIR = path.join(REPO_ROOT, 'lib', 'mcp', '__fixtures__');
const HOME = path.join(REPO_ROOT, '.airflow', 'home-fixtures');
const INLINE_BODY_MAX_CHARS = 200_000;

interface Exchange {
  method: 'GET';
  url: string;
  status: number;
  body?: unknown;
  bodyFile?: string;
}

const airflow = await startAirflow({ home: HOME, fresh: true, log: (m) => console.log(`[airflow] ${m}`) });
try {
  await record(airflow.baseUrl);
} finally {
  await airflow.stop();
}

async function record(baseUrl: string): Promise<void> {
  const dagIds = ['fail_python_exception', 'fail_retries', 'fail_mapped', 'fail_long_log'];
  await waitForDags(baseUrl, dagIds);
  const runs: Record<string, string> = {};
  for (const dagId of dagIds) runs[dagId] = await triggerDagRun(baseUrl, dagId);
  for (const dagId of dagIds) {
    const state = await waitForDagRun(baseUrl, dagId, runs[dagId]!, { timeoutMs: 600_000 });
    console.log(`[record] ${dagId} ${runs[dagId]} → ${state}`);
  }
  await waitForImportError(baseUrl);
  const { version } = await api<{ version: string }>(baseUrl, 'version');

  const admin = await getToken(baseUrl, 'admin', 'admin');
  const viewer = await getToken(baseUrl, 'viewer', 'viewer');
  const tokens: Record<string, string | null> = {
    admin,
    viewer,
    none: null,
    expired: expiredCopyOf(admin),
    badSignature: `${admin.slice(0, -6)}AAAAAA`,
  };
  const source = `real Airflow ${version} (scripts/record-fixtures.ts, ${new Date().toISOString().slice(0, 10)})`;

  const scenario = async (name: string, user: keyof typeof tokens, tool: string, args: Record<string, unknown>, description: string) => {
    const exchanges: Exchange[] = [];
    const client = createAirflowClient({ baseUrl, getToken: async () => tokens[user] ?? null, fetch: recordingFetch(baseUrl, name, exchanges) });
    const mcp = await connectInProcess(buildAirflowMcpServer(client), 'fixture-recorder');
    const result = await mcp.callTool({ name: tool, arguments: args });
    await mcp.close();
    const text = (result.content as { type: string; text?: string }[])[0]?.text ?? '';
    console.log(`[record] ${name}: ${result.isError ? 'ERROR ' : ''}${text.split('\n')[0]}`);
    save(name, { description, source, user, tool, arguments: args, exchanges });
  };

  const py = { dag_id: 'fail_python_exception', run_id: runs.fail_python_exception };
  const retries = { dag_id: 'fail_retries', run_id: runs.fail_retries };
  const mapped = { dag_id: 'fail_mapped', run_id: runs.fail_mapped };
  const longLog = { dag_id: 'fail_long_log', run_id: runs.fail_long_log };

  await scenario('list-dags-e2e', 'admin', 'list_dags', { tags: ['e2e'], limit: 5 }, 'First page of Dags tagged e2e.');
  await scenario('list-dags-failed-last-run', 'viewer', 'list_dags', { only_failed_last_run: true, dag_id_pattern: 'fail' }, 'Dags whose last run failed, as viewer.');
  await scenario('get-dag-details', 'admin', 'get_dag_details', { dag_id: 'fail_python_exception' }, 'Details of fail_python_exception.');
  await scenario('get-dag-details-404', 'admin', 'get_dag_details', { dag_id: 'no_such_dag' }, 'A Dag that does not exist.');
  await scenario('list-dag-runs', 'admin', 'list_dag_runs', { dag_id: 'fail_python_exception', state: ['failed'], limit: 5 }, 'Failed runs of fail_python_exception.');
  await scenario('list-task-instances-mapped', 'admin', 'list_task_instances', mapped, 'Task instances of a fail_mapped run (map index 1 fails).');
  await scenario('get-task-instance-tries', 'admin', 'get_task_instance_tries', { ...retries, task_id: 'flaky_api_call' }, 'Three failed tries of flaky_api_call.');
  await scenario('get-task-instance-tries-mapped', 'admin', 'get_task_instance_tries', { ...mapped, task_id: 'process_partition', map_index: 1 }, 'Tries of the failing mapped instance.');
  await scenario('read-task-log-tail', 'admin', 'read_task_log', { ...py, task_id: 'transform' }, 'Tail of transform (ValueError only in error_detail); try number looked up.');
  await scenario('read-task-log-viewer', 'viewer', 'read_task_log', { ...py, task_id: 'transform', try_number: 1, mode: 'search', pattern: 'ValueError', context: 1 }, 'A viewer may read logs.');
  await scenario('read-task-log-retry-2', 'admin', 'read_task_log', { ...retries, task_id: 'flaky_api_call', try_number: 2 }, 'Log of the second try.');
  await scenario('read-task-log-mapped', 'admin', 'read_task_log', { ...mapped, task_id: 'process_partition', map_index: 1, try_number: 1 }, 'Log of map index 1.');
  await scenario('read-task-log-long-search', 'admin', 'read_task_log', { ...longLog, task_id: 'reconcile_partitions', try_number: 1, mode: 'search', pattern: 'checksum mismatch', context: 2 }, '60,000-line log searched for the buried error.');
  await scenario('read-task-log-404', 'admin', 'read_task_log', { ...py, run_id: 'manual__2000-01-01T00:00:00+00:00', task_id: 'transform', try_number: 1 }, 'A run that does not exist.');
  await scenario('get-dag-source', 'admin', 'get_dag_source', { dag_id: 'fail_python_exception', from_line: 1, line_count: 20 }, 'First 20 lines of the Dag file.');
  await scenario('list-import-errors', 'admin', 'list_import_errors', {}, 'fail_import_error.py cannot import company_snowflake_helpers.');
  await scenario('list-dag-warnings', 'admin', 'list_dag_warnings', {}, 'Dag warnings (none expected).');
  await scenario('list-xcom-entries', 'admin', 'list_xcom_entries', { ...py, task_id: 'extract' }, 'return_value of extract (12 rows).');
  await scenario('list-event-logs', 'admin', 'list_event_logs', { dag_id: 'fail_python_exception', limit: 10 }, 'Audit log of fail_python_exception.');
  await scenario('get-airflow-health-and-version', 'viewer', 'get_airflow_health_and_version', {}, 'Health and version.');
  await scenario('list-dags-401-no-token', 'none', 'list_dags', { limit: 1 }, 'No token at all.');
  await scenario('list-dags-401-expired-token', 'expired', 'list_dags', { limit: 1 }, 'The admin token re-signed with an expiry in the past.');
  await scenario('list-dags-403-invalid-jwt', 'badSignature', 'list_dags', { limit: 1 }, 'A token whose signature does not verify.');
  await recordRaw(baseUrl, 'viewer-connections-403', 'viewer', viewer, 'api/v2/connections', 'A viewer may not read connections.');
  await recordRaw(baseUrl, 'admin-connections-200', 'admin', admin, 'api/v2/connections?limit=1', 'An admin may.');
}

/** A real request outside the tools (no tool reads connections), kept for the 403 case. */
async function recordRaw(baseUrl: string, name: string, user: string, token: string, url: string, description: string) {
  const exchanges: Exchange[] = [];
  const client = createAirflowClient({ baseUrl, getToken: async () => token, fetch: recordingFetch(baseUrl, name, exchanges) });
  await client.get(url.split('?')[0]!, Object.fromEntries(new URL(url, baseUrl).searchParams)).catch((error: Error) => console.log(`[record] ${name}: ${error.message}`));
  save(name, { description, source: 'real Airflow (scripts/record-fixtures.ts), raw api-client request', user, tool: null, arguments: {}, exchanges });
}

function recordingFetch(baseUrl: string, scenarioName: string, exchanges: Exchange[]): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await fetch(input, init);
    const text = await response.text();
    const exchange: Exchange = { method: 'GET', url: String(input).slice(baseUrl.length), status: response.status };
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the raw text: the test replays it as is
    }
    if (text.length > INLINE_BODY_MAX_CHARS) {
      exchange.bodyFile = `${scenarioName}.${exchanges.length}.json.gz`;
      fs.writeFileSync(path.join(FIXTURES_DIR, exchange.bodyFile), gzipSync(text, { level: 9 }));
    } else {
      exchange.body = body;
    }
    exchanges.push(exchange);
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
}

function save(name: string, fixture: Record<string, unknown>): void {
  fs.mkdirSync(FIXTURES_DIR, { recursive: true });
  fs.writeFileSync(path.join(FIXTURES_DIR, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
}

async function waitForImportError(baseUrl: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const { total_entries } = await api<{ total_entries: number }>(baseUrl, 'importErrors');
    if (total_entries > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('no import error appeared');
}

/** The same claims with `exp` in the past, signed with the rig's JWT secret: a real expired session. */
function expiredCopyOf(token: string): string {
  const [header, payload] = token.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, number>;
  const past = Math.floor(Date.now() / 1000) - 3600;
  const expired = Buffer.from(JSON.stringify({ ...claims, iat: past - 60, nbf: past - 60, exp: past })).toString('base64url');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg: string };
  const secret = (JSON.parse(fs.readFileSync(path.join(HOME, 'rig-secrets.json'), 'utf8')) as { jwtSecret: string }).jwtSecret;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha512';
  const signature = createHmac(hash, secret).update(`${header}.${expired}`).digest('base64url');
  return `${header}.${expired}.${signature}`;
}
