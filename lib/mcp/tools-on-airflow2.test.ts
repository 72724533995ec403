// The built-in tools on Airflow 2: the real MCP server and tools, over the translating client,
// answered from a real Airflow 2.10.5's recorded api/v1 answers (lib/airflow/__fixtures__/airflow2-rest,
// scripts/record-airflow2-fixtures.ts). The model must see the same names and shapes as on
// Airflow 3 (the v2 recordings of lib/mcp/__fixtures__ and lib/logs/__fixtures__/rig).
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { airflow2ReplayClient, loadAirflow2Fixture } from '../airflow/testing/airflow2-replay';
import { loadFixture } from '../airflow/testing/replay-fixture';
import { loadRigFixture } from '../logs/testing/rig-fixtures';
import { connectInProcess } from './in-process';
import { buildAirflowMcpServer } from './server';
import { callRecordedTool, callTool } from './testing/call-tool';

async function callOnAirflow2(name: string) {
  const fixture = loadAirflow2Fixture(name);
  const { client, requests } = airflow2ReplayClient(fixture.exchanges);
  const mcp = await connectInProcess(buildAirflowMcpServer(client), 'airflow2-test');
  const result = (await mcp.callTool({ name: fixture.tool, arguments: fixture.arguments })) as CallToolResult;
  await mcp.close();
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  // Exactly the recorded GETs (as a set: some tools read in parallel), all to api/v1, with the cookie only.
  expect(requests.map((r) => `${r.accept} ${r.url}`).sort()).toEqual(fixture.exchanges.map((e) => `${e.accept} ${e.url}`).sort());
  for (const request of requests) {
    expect(request).toMatchObject({ method: 'GET', credentials: 'include', authorization: undefined });
    expect(request.url).toMatch(/^api\/v1\//);
  }
  return { fixture, result, text, data: (result.structuredContent ?? {}) as Record<string, any> };
}

/** The keys of a value, all the way down (an array by its first item): what a reader of it relies on. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]));
  return 'value';
}

describe('the built-in tools on Airflow 2 (api/v1), in the Airflow 3 shapes', () => {
  it.each([
    ['get-airflow-health-and-version', 'health-and-version'],
    ['get-dag-source', 'dag-source'],
    ['list-dag-runs', 'dag-runs'],
    ['list-task-instances-mapped', 'task-instances-mapped'],
    ['get-task-instance-tries', 'tries-retries'],
    ['get-task-instance-tries-mapped', 'tries-mapped'],
    ['list-event-logs', 'event-logs'],
    ['list-import-errors', 'import-errors'],
    ['list-xcom-entries', 'xcom-entries'],
  ])('%s: the same data shape as on Airflow 3', async (v2Name, v1Name) => {
    const onAirflow3 = await callRecordedTool(v2Name);
    const onAirflow2 = await callOnAirflow2(v1Name);
    expect(onAirflow2.fixture.tool).toBe(onAirflow3.fixture.tool);
    expect(onAirflow2.result.isError).toBeFalsy();
    expect(shapeOf(onAirflow2.data)).toEqual(shapeOf(onAirflow3.data));
    // The text starts the same way ("Dag runs of …", "Tries of …").
    expect(onAirflow2.text.split(' ')[0]).toBe(onAirflow3.text.split(' ')[0]);
  });

  it('get_airflow_health_and_version reads 2.10.5 and its scheduler from /health', async () => {
    const { text, data } = await callOnAirflow2('health-and-version');
    expect(text.split('\n')[0]).toBe('Airflow 2.10.5.');
    expect(data.components).toContainEqual({ name: 'scheduler', status: 'healthy', latest_heartbeat: expect.stringMatching(/^2026-/) });
  });

  it('list_dag_runs fills run_after, which Airflow 2 does not send', async () => {
    const { data } = await callOnAirflow2('dag-runs');
    expect(data.dag_runs.length).toBeGreaterThan(0);
    for (const run of data.dag_runs) expect(run.run_after).toMatch(/^2026-/);
  });

  it("get_task_instance_tries lists fail_retries' 3 tries from 2.10's …/tries", async () => {
    const { data } = await callOnAirflow2('tries-retries');
    expect(data.tries.map((t: { try_number: number; state: string }) => [t.try_number, t.state])).toEqual([[1, 'failed'], [2, 'failed'], [3, 'failed']]);
  });

  it("a viewer's 403 on connections and variables is the same sentence as on Airflow 3", async () => {
    // Airflow 3's answer to a viewer (recorded: lib/mcp/__fixtures__/viewer-connections-403.json).
    const recorded = loadFixture('viewer-connections-403').exchanges;
    const onAirflow3 = await callTool('list_connections', {}, [{ ...recorded[0]!, url: 'api/v2/connections?limit=50&offset=0' }]);
    expect(onAirflow3.result.isError).toBe(true);
    const connections = await callOnAirflow2('connections-viewer');
    expect(connections.result.isError).toBe(true);
    expect(connections.text).toBe(onAirflow3.text);
    const variables = await callOnAirflow2('variables-viewer');
    expect(variables.result.isError).toBe(true);
    expect(variables.text).toBe('Your Airflow user may not see variables (HTTP 403).');
  });

  it('read_task_log reads the plain-text log and finds the exception', async () => {
    const { text, data } = await callOnAirflow2('read-task-log');
    expect(text).toMatch(/^Log of transform in fail_python_exception \/ manual__[^,]+, try 1: \d+ lines/);
    expect(text).toMatch(/^\d+ \| ValueError: column 'amount' has 3 nulls$/m);
    expect(shapeOf(data)).toEqual(shapeOf((await callRecordedTool('read-task-log-tail')).data));
  });

  it("get_failure_evidence finds ValueError: column 'amount' has 3 nulls in the 2.10 log of fail_python_exception/transform", async () => {
    const { text, data } = await callOnAirflow2('failure-evidence-python-exception');
    expect(text).toMatch(/^Evidence pack for task `transform` of Dag `fail_python_exception`, run `manual__[^`]+`, try 1\./);
    expect(text).toContain("Diagnosis: `transform` failed on try 1 of 1: Python exception — ValueError: column 'amount' has 3 nulls");
    expect(text).toContain(`raise ValueError(f"column 'amount' has {nulls} nulls")`);
    expect(data).toMatchObject({ dag_id: 'fail_python_exception', task_id: 'transform', map_index: -1, try_number: 1, failure_class: 'python_exception' });
    // The same shape as the Airflow 3 pack of the same failure.
    const rig = loadRigFixture('python-exception');
    const onAirflow3 = await callTool('get_failure_evidence', rig.arguments, rig.exchanges);
    expect(Object.keys(data).sort()).toEqual(Object.keys(onAirflow3.data).sort());
    expect(shapeOf(data.items[0])).toEqual(shapeOf(onAirflow3.data.items[0]));
  });

  it('get_failure_evidence compares the 3 tries of fail_retries, and reads a mapped task by its map index', async () => {
    const retries = await callOnAirflow2('failure-evidence-retries');
    expect(retries.data).toMatchObject({ try_number: 3, signals: ['retries_exhausted'] });
    expect(retries.text).toContain('All 3 tries compared failed the same way');
    const mapped = await callOnAirflow2('failure-evidence-mapped');
    expect(mapped.text).toContain('ValueError: partition 2: schema mismatch, expected 5 columns got 4');
    expect(mapped.data).toMatchObject({ task_id: 'process_partition', map_index: 1 });
  });

  it('a filter Airflow 2 lacks is a tool error that says what to ask instead, and nothing is sent', async () => {
    const { client, requests } = airflow2ReplayClient([]);
    const mcp = await connectInProcess(buildAirflowMcpServer(client), 'airflow2-test');
    const result = (await mcp.callTool({ name: 'list_dags', arguments: { only_failed_last_run: true } })) as CallToolResult;
    await mcp.close();
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: expect.stringMatching(/^Airflow 2 cannot list Dags by the state of their last run; list the failed Dag runs/) }]);
    expect(requests).toHaveLength(0);
  });
});
