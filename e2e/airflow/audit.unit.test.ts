import { describe, expect, it } from 'vitest';
import { findUnexplainedChanges, readOnlyViolations, type EventLog } from './audit.ts';
import type { RecordedRequest } from './recording-proxy.ts';

const at = '2026-11-25T12:00:00.000Z';
const req = (r: Partial<RecordedRequest>): RecordedRequest => ({
  at, end: '2026-11-25T12:00:00.100Z', instance: 'main', method: 'GET', path: '/api/v2/dags', query: '', status: 200,
  client: 'extension', origin: null, fetchMetadata: 'none/cors', userAgent: 'Chrome', auth: 'bearer', tokenId: 'abc', user: 'admin', ...r,
});
const rules = { isReadToolName: (name: string) => ['get_log', 'get_task_logs'].includes(name) };

describe('read-only violations in a recording', () => {
  it('lets reads, MCP read-tool calls, the harness and the login form through', () => {
    expect(readOnlyViolations([
      req({}),
      req({ method: 'POST', path: '/mcp/', mcp: [{ method: 'initialize' }] }),
      req({ method: 'GET', path: '/mcp/' }),
      req({ method: 'POST', path: '/mcp/', query: 'mode=safe', mcp: [{ method: 'tools/list' }] }),
      req({ method: 'POST', path: '/mcp/v1/', mcp: [{ method: 'tools/call', tool: 'get_task_logs' }] }),
      req({ client: 'harness', method: 'POST', path: '/api/v2/dags/ok_simple/dagRuns' }),
      req({ client: 'page', method: 'POST', path: '/auth/token' }),
      req({ client: 'page', method: 'POST', path: '/login/', instance: 'airflow-2.10' }),
      req({ client: 'page', method: 'POST', path: '/last_dagruns', instance: 'airflow-2.10' }),
      req({ path: '/api/v1/dags/x/dagRuns/y/taskInstances/t/logs/1', instance: 'airflow-2.10' }),
      req({ path: '/users/userinfo/', instance: 'airflow-2.10' }),
      req({ client: 'mcp-plugin', path: '/api/v2/dags/x/dagRuns/y/taskInstances/t/logs/1' }),
    ], rules)).toEqual([]);
  });

  it.each([
    ['a REST write', req({ method: 'POST', path: '/api/v2/dags/ok_simple/dagRuns' }), 'the extension sent a write'],
    ['a PATCH', req({ method: 'PATCH', path: '/api/v2/dags/ok_simple' }), 'the extension sent a write'],
    ['a write tool', req({ method: 'POST', path: '/mcp/v1/', mcp: [{ method: 'tools/call', tool: 'trigger_dag' }] }), 'the extension called MCP tool trigger_dag'],
    ['an unknown MCP method', req({ method: 'POST', path: '/mcp/', mcp: [{ method: 'sampling/createMessage' }] }), 'the extension sent MCP sampling/createMessage'],
    ['logout', req({ path: '/api/v2/auth/logout' }), 'the extension called auth/*'],
    ["Airflow 2's logout", req({ path: '/logout/', instance: 'airflow-2.10' }), 'the extension called /logout/'],
    ["a write to Airflow 2's REST API", req({ method: 'POST', path: '/api/v1/dags/x/dagRuns', instance: 'airflow-2.10' }), 'the extension sent a write'],
    ['a page write other than a login', req({ client: 'page', method: 'POST', path: '/dags/x/trigger' }), 'a page write'],
    ["the extension posting to Airflow 2's page reads", req({ method: 'POST', path: '/dag_stats', instance: 'airflow-2.10' }), 'the extension sent a write'],
    ['mode=unsafe', req({ method: 'POST', path: '/mcp/', query: 'mode=unsafe', mcp: [{ method: 'initialize' }] }), 'mode=unsafe'],
    ['a repeated mode', req({ method: 'POST', path: '/mcp/', query: 'mode=safe&mode=unsafe', mcp: [{ method: 'initialize' }] }), 'mode=unsafe'],
    ['a mode spelled otherwise', req({ path: '/mcp/', query: 'MODE=Unsafe' }), 'mode=Unsafe'],
    ['a page write', req({ client: 'page', method: 'DELETE', path: '/api/v2/dags/x' }), 'a page write'],
    ['a plugin write', req({ client: 'mcp-plugin', method: 'POST', path: '/api/v2/dags/x/dagRuns' }), 'a mcp-plugin write'],
  ])('catches %s', (_name, record, message) => {
    expect(readOnlyViolations([record], rules).join('\n')).toContain(message);
  });
});

describe('changes in Airflow the harness did not make', () => {
  const trigger = req({ client: 'harness', method: 'POST', path: '/api/v2/dags/ok_simple/dagRuns', at: '2026-11-25T12:00:00.000Z', end: '2026-11-25T12:00:00.200Z' });
  const event = (e: Partial<EventLog>): EventLog => ({ event_log_id: 1, when: '2026-11-25T12:00:00.100Z', dag_id: 'ok_simple', run_id: null, event: 'x', owner: 'airflow', extra: null, ...e });
  const triggered = event({ event: 'trigger_dag_run', owner: 'admin', run_id: 'manual__1', extra: '{"dag_run_id": "manual__1", "method": "POST"}' });

  it('accepts the harness trigger, its run and its task events, and process starts', () => {
    const events = [triggered, event({ event: 'running', run_id: 'manual__1' }), event({ event: 'cli_scheduler', owner: 'root', dag_id: null })];
    expect(findUnexplainedChanges(events, [{ dag_id: 'ok_simple', dag_run_id: 'manual__1' }], [trigger])).toEqual([]);
  });

  it('reports an action by a user without a harness write, and a run nobody triggered', () => {
    const changes = findUnexplainedChanges(
      [triggered, event({ event_log_id: 2, event: 'patch_dag', owner: 'viewer', when: '2026-11-25T12:05:00.000Z' }), event({ event_log_id: 3, event: 'running', run_id: 'manual__2' })],
      [{ dag_id: 'ok_simple', dag_run_id: 'manual__2' }],
      [trigger],
    );
    expect(changes).toEqual([
      'event 2 "patch_dag" by viewer on ok_simple at 2026-11-25T12:05:00.000Z',
      'event 3 "running" of a run the harness did not trigger: ok_simple/manual__2',
      'Dag run ok_simple/manual__2 that the harness did not trigger',
    ]);
  });
});
