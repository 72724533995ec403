import fs from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { buildAirflowMcpServer, connectInProcess } from '..';
import { gateMcpClient } from '../gate';
import { callTool } from '../testing/call-tool';
import { FIXTURES_DIR, REPLAY_BASE_URL, loadFixture, type ToolFixture } from '../../airflow/testing/replay-fixture';
import type { RemoteAdapter } from './adapter';
import { createAirflowClientOverMcp } from './airflow-over-mcp';
import { astroAirflowMcpAdapter } from './astro-airflow-mcp';
import { connectRemoteMcp } from './connect';
import { restOperationAdapter } from './rest-operations';
import { emulatePlugin } from './testing/emulate-plugins';

const toolFixtures = fs
  .readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'README.json')
  .map((f) => f.slice(0, -5))
  .filter((name) => typeof (loadFixture(name) as Partial<ToolFixture>).tool === 'string');

/** Calls the fixture's built-in tool with its GETs carried by an emulated plugin over MCP. */
async function callThroughPlugin(adapter: RemoteAdapter, fixture: ToolFixture) {
  const plugin = await emulatePlugin(adapter.flavor, fixture.exchanges);
  const remote = await connectRemoteMcp({ url: plugin.url, instanceUrl: plugin.origin, getToken: async () => 'session' });
  const gated = gateMcpClient(remote, adapter.isKnownReadTool);
  const tools = new Map((await gated.listTools()).tools.map((t) => [t.name, t]));
  const client = createAirflowClientOverMcp({ baseUrl: REPLAY_BASE_URL, remote: gated, tools, adapter });
  const mcp = await connectInProcess(buildAirflowMcpServer(client));
  const result = (await mcp.callTool({ name: fixture.tool, arguments: fixture.arguments })) as CallToolResult;
  await mcp.close();
  await remote.close();
  await plugin.close();
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { result, text, plugin };
}

async function direct(fixture: ToolFixture) {
  return callTool(fixture.tool, fixture.arguments, fixture.exchanges, fixture.user === 'none' ? null : 'test-token');
}

// The 60,012-event log (6 MB) crosses HTTP and MCP twice here.
const SLOW = { timeout: 30_000 };

describe('airflow-mcp-plugin: every recorded built-in tool call reads the same through the plugin', () => {
  it.each(toolFixtures)('%s', SLOW, async (name) => {
    const fixture = loadFixture(name);
    const [expected, actual] = [await direct(fixture), await callThroughPlugin(restOperationAdapter, fixture)];
    expect(actual.text).toBe(expected.text);
    expect(actual.result.isError ?? false).toBe(expected.result.isError ?? false);
    expect(actual.result.structuredContent).toEqual(expected.result.structuredContent);
    // One REST operation per GET the built-in tool made, no more.
    expect(actual.plugin.seen).toHaveLength(fixture.exchanges.length);
  });
});

describe('astro-airflow-mcp: the tools it can serve read the same through it', () => {
  it.each([
    'read-task-log-tail',
    'read-task-log-mapped',
    'read-task-log-retry-2',
    'read-task-log-long-search',
    'read-task-log-viewer',
    'get-dag-source',
    'list-import-errors',
    'list-dag-warnings',
    'list-dag-runs',
    'list-task-instances-mapped',
  ])('%s', SLOW, async (name) => {
    const fixture = loadFixture(name);
    const [expected, actual] = [await direct(fixture), await callThroughPlugin(astroAirflowMcpAdapter, fixture)];
    expect(actual.text).toBe(expected.text);
    expect(actual.result.isError ?? false).toBe(expected.result.isError ?? false);
  });

  it('a 404 is still "not found" (astro keeps no detail of it)', async () => {
    const { result, text } = await callThroughPlugin(astroAirflowMcpAdapter, loadFixture('read-task-log-404'));
    expect(result.structuredContent).toMatchObject({ error: { kind: 'not_found', status: 404 } });
    expect(text).toBe('Airflow found no task logs matching the request (HTTP 404).');
  });

  it('says which reads it cannot serve, and refuses filters it cannot apply', async () => {
    const tries = loadFixture('get-task-instance-tries');
    const { text, result } = await callThroughPlugin(astroAirflowMcpAdapter, tries);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/^Airflow failed with a server error \(HTTP 501\): the MCP server on this Airflow \(astro-airflow-mcp\) offers no read tool for GET api\/v2\/dags\/fail_retries\/dagRuns\/manual__2026-11-25T11:51:20\.790931\+00:00\/taskInstances\/flaky_api_call\/tries$/);
    const failedLastRun = await callThroughPlugin(astroAirflowMcpAdapter, loadFixture('list-dags-failed-last-run'));
    expect(failedLastRun.text).toBe('Airflow refused the request (HTTP 400): astro-airflow-mcp\'s list_dags cannot filter by "last_dag_run_state"');
  });
});
