import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { writeTools } from '../../e2e/mcp-stand-in/server';
import {
  ASTRO_AIRFLOW_MCP_WRITE_TOOLS,
  declaresReadOnly,
  gateMcpClient,
  gateTools,
  isAstroReadTool,
  isBuiltinReadTool,
  isRestGetOperation,
  isStateChangingToolName,
  knownByName,
  type KnownReadTool,
} from './gate';
import { writeToolsStandIn } from './testing/write-tools-stand-in';
import { recordedToolList } from './remote/testing/emulate-plugins';
import { AIRFLOW_REST_GET_OPERATIONS } from './airflow-rest-get-operations';

const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({ name, inputSchema: { type: 'object' }, ...extra });

describe('state-changing names', () => {
  it.each([
    'trigger_dag', 'trigger_dag_and_wait', 'clear_task_instances', 'post_clear_task_instances', 'delete_dag_run', 'patch_dag',
    'pause_dag', 'unpause_dag', 'set_variable', 'setVariable', 'update_pool', 'create_backfill', 'list_backfills', 'run_task',
    'post_dag_run', 'put_variable', 'login', 'logout', 'wait_dag_run_until_finished', 'get_connection_test', 'bulk_variables',
    'start_dag_run_now', 'resume_dag', 'terminate_task_instance',
  ])('%s changes something', (name) => expect(isStateChangingToolName(name)).toBe(true));

  it.each([
    'get_dag_run', 'list_dag_runs', 'get_dag_runs', 'diagnose_dag_run', 'read_task_log', 'get_log', 'get_task_logs', 'import_errors',
    'get_import_errors', 'get_dag_stats', 'get_task_state_store', 'list_event_logs', 'get_failure_evidence', 'get_xcom_entries',
  ])('%s only reads', (name) => expect(isStateChangingToolName(name)).toBe(false));
});

describe('declared read-only', () => {
  it('takes readOnlyHint, or a GET operation when there is no hint, and nothing contradicting', () => {
    expect(declaresReadOnly(tool('a', { annotations: { readOnlyHint: true } }))).toBe(true);
    expect(declaresReadOnly(tool('a', { _meta: { path: '/api/v2/dags', method: 'GET' } }))).toBe(true);
    expect(declaresReadOnly(tool('a'))).toBe(false);
    expect(declaresReadOnly(tool('a', { annotations: { readOnlyHint: false }, _meta: { method: 'GET' } }))).toBe(false);
    expect(declaresReadOnly(tool('a', { annotations: { readOnlyHint: true }, _meta: { method: 'POST' } }))).toBe(false);
  });

  it('drops a tool whose hints contradict: read-only and destructive at once', () => {
    const lying = tool('get_dag_cleanup', { annotations: { readOnlyHint: true, destructiveHint: true } });
    expect(declaresReadOnly(lying)).toBe(false);
    expect(declaresReadOnly(tool('get_dags', { annotations: { destructiveHint: true }, _meta: { path: '/api/v2/dags', method: 'GET' } }))).toBe(false);
    expect(gateTools([lying], () => true)).toEqual({
      allowed: [],
      dropped: [{ name: 'get_dag_cleanup', why: 'it declares destructiveHint: true, which no read-only tool can be: its declarations contradict a read' }],
    });
    // `destructiveHint: false` with `readOnlyHint: true` is what honest read tools say.
    expect(declaresReadOnly(tool('a', { annotations: { readOnlyHint: true, destructiveHint: false } }))).toBe(true);
  });
});

describe('airflow-mcp-plugin operations, exactly', () => {
  const op = (name: string, path: string, method = 'GET') => tool(name, { _meta: { path, method } });

  it('knows a tool only by its operation name and path together', () => {
    expect(isRestGetOperation(op('get_dag', '/api/v2/dags/{dag_id}'))).toBe(true);
    expect(isRestGetOperation(op('get_log', '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{try_number}'))).toBe(true);
    // A made-up name that says GET, on a real path.
    expect(isRestGetOperation(op('start_dag_run_now', '/api/v2/dags/{dag_id}/dagRuns'))).toBe(false);
    expect(isRestGetOperation(op('get_dag_runs_now', '/api/v2/dags/{dag_id}/dagRuns'))).toBe(false);
    // A real name on another path, or with another method.
    expect(isRestGetOperation(op('get_dag', '/api/v2/dags/{dag_id}/dagRuns'))).toBe(false);
    expect(isRestGetOperation(op('get_dag', '/api/v2/dags/{dag_id}', 'POST'))).toBe(false);
    expect(isRestGetOperation(op('constructor', '/api/v2/dags'))).toBe(false);
    // `start_dag_run_now` is stopped by its name first, whatever policy.
    expect(gateTools([op('start_dag_run_now', '/api/v2/dags/{dag_id}/dagRuns')], () => true).dropped[0]?.why).toBe('its name says it changes something');
  });

  it('are the read operations of the recorded plugin, no more', () => {
    const recorded = recordedToolList('airflow-mcp-plugin');
    const reads = recorded.filter(isRestGetOperation);
    expect(Object.fromEntries(reads.map((t) => [t.name, (t._meta as { path: string }).path]))).toEqual(AIRFLOW_REST_GET_OPERATIONS);
    // The gate then drops `list_backfills` by its name (backfills are writes elsewhere).
    expect(gateTools(recorded, isRestGetOperation).allowed.map((t) => t.name).sort()).toEqual(
      Object.keys(AIRFLOW_REST_GET_OPERATIONS).filter((n) => !isStateChangingToolName(n)).sort(),
    );
    for (const name of ['login', 'logout', 'wait_dag_run_until_finished', 'get_connection_test']) expect(name in AIRFLOW_REST_GET_OPERATIONS).toBe(false);
  });

  it('drops every tool of a name the server lists twice', () => {
    const { allowed, dropped } = gateTools([op('get_dags', '/api/v2/dags'), op('get_dags', '/api/v2/dags'), op('get_dag', '/api/v2/dags/{dag_id}')], isRestGetOperation);
    expect(allowed.map((t) => t.name)).toEqual(['get_dag']);
    expect(dropped).toEqual([
      { name: 'get_dags', why: 'the server lists more than one tool of that name' },
      { name: 'get_dags', why: 'the server lists more than one tool of that name' },
    ]);
  });
});

describe('the gate against a real MCP server over Streamable HTTP that offers write tools', () => {
  const server = writeToolsStandIn();

  const policies: [string, KnownReadTool, string[]][] = [
    ['built-in names', isBuiltinReadTool, ['list_dags', 'read_task_log']],
    ['REST GET operations (airflow-mcp-plugin)', isRestGetOperation, ['get_dags']],
    ['astro-airflow-mcp read tools', isAstroReadTool, ['list_dags', 'get_task_logs']],
    // Even a policy that "knows" every name keeps the write tools out.
    ['every name', () => true, ['list_dags', 'read_task_log', 'get_task_logs', 'get_dags']],
  ];

  it.each(policies)('with %s, no write tool passes', async (_name, policy, expected) => {
    const { tools } = await gateMcpClient(server.remote, policy).listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...expected].sort());
    const offered = (await server.remote.listTools()).tools.map((t) => t.name);
    for (const write of writeTools()) expect(offered).toContain(write.name);
  });

  it('says why each write tool is dropped', async () => {
    const { dropped } = gateTools((await server.remote.listTools()).tools, () => true);
    expect(Object.fromEntries(dropped.map((d) => [d.name, d.why]))).toMatchObject({
      trigger_dag: 'its name says it changes something',
      pause_dag: 'its name says it changes something',
      logout: 'its name says it changes something',
      start_dag_run_now: 'its name says it changes something',
      get_dag_cleanup: 'it declares destructiveHint: true, which no read-only tool can be: its declarations contradict a read',
    });
    expect(dropped.map((d) => d.name).sort()).toEqual(writeTools().map((t) => t.name).sort());
  });

  it('refuses a call to a tool outside the gated list, without reaching the server', async () => {
    const gated = gateMcpClient(server.remote, knownByName(['list_dags', ...ASTRO_AIRFLOW_MCP_WRITE_TOOLS]));
    for (const name of ['trigger_dag', 'delete_dag_run', 'logout', 'get_dags', 'no_such_tool']) {
      const result = await gated.callTool({ name, arguments: { dag_id: 'x' } });
      expect(result.isError, name).toBe(true);
      expect(result.structuredContent).toMatchObject({ error: { kind: 'refused' } });
    }
    expect(await gated.callTool({ name: 'list_dags', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: '3 Dags' }] });
    expect(server.standIn.calls.map((c) => c.name)).toEqual(['list_dags']);
  });
});
