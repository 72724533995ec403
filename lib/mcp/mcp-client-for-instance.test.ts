import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowClient } from '../airflow/api-client';
import { writeTools, type StandInTool } from '../../e2e/mcp-stand-in/server';
import { ASTRO_AIRFLOW_MCP_WRITE_TOOLS } from './gate';
import { adapterFor, discoverMcpServer } from './remote';
import { emulatePlugin, recordedToolList } from './remote/testing/emulate-plugins';
import { loadFixture } from '../airflow/testing/replay-fixture';
import { ASSISTANT_READ_TOOL_NAMES, createMcpClients, describeMcpServer, type McpPreference } from './mcp-client-for-instance';

const tail = loadFixture('read-task-log-tail');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The direct API client: in these tests, any GET it sends is recorded (and fails). */
function directClients() {
  const direct: string[] = [];
  const airflowClientFor = (instanceUrl: string) =>
    createAirflowClient({
      baseUrl: instanceUrl,
      getToken: async () => 'session',
      fetch: (async (url: string) => {
        direct.push(String(url));
        return new Response('{"detail":"direct"}', { status: 418 });
      }) as typeof fetch,
    });
  return { direct, airflowClientFor };
}

type Flavor = 'airflow-mcp-plugin' | 'astro-airflow-mcp';

async function setup(flavor: Flavor, options: { preference?: McpPreference; token?: string | null; extraTools?: StandInTool[]; restApi?: '/api/v1' | '/api/v2' } = {}) {
  const plugin = await emulatePlugin(flavor, tail.exchanges, { requireBearer: 'session', ...(options.extraTools ? { extraTools: options.extraTools } : {}) });
  cleanups.push(() => plugin.close());
  const { direct, airflowClientFor } = directClients();
  const mcpClientFor = createMcpClients(airflowClientFor, {
    readSessionToken: async () => (options.token === undefined ? 'session' : options.token),
    ...(options.preference ? { preferenceFor: async () => options.preference! } : {}),
    ...(options.restApi ? { restApiOf: async () => options.restApi! } : {}),
  });
  return { plugin, direct, mcpClientFor, instanceUrl: `${plugin.origin}/` };
}

const textOf = (result: unknown) => (result as CallToolResult).content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');

describe('the MCP client for an instance', () => {
  it('uses airflow-mcp-plugin at {base}mcp/ with the session, and reads nothing directly', async () => {
    const { plugin, direct, mcpClientFor, instanceUrl } = await setup('airflow-mcp-plugin');
    const client = await mcpClientFor(instanceUrl);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...ASSISTANT_READ_TOOL_NAMES].sort());
    const result = await client.callTool({ name: 'read_task_log', arguments: tail.arguments });
    expect(textOf(result)).toContain("ValueError: column 'amount' has 3 nulls");
    expect(direct).toEqual([]);
    expect(plugin.seen).toHaveLength(2);
    expect(plugin.requests.every((r) => r.method === 'POST' && r.authorization === 'Bearer session')).toBe(true);
    expect(mcpClientFor.inUse(instanceUrl)).toMatchObject({ kind: 'remote', flavor: 'airflow-mcp-plugin', url: `${plugin.origin}/mcp/`, source: 'discovered' });
    // Cached: the next question does not probe again.
    const probes = plugin.requests.filter((r) => r.rpc.includes('initialize')).length;
    await mcpClientFor(instanceUrl);
    expect(plugin.requests.filter((r) => r.rpc.includes('initialize'))).toHaveLength(probes);
  });

  it('uses astro-airflow-mcp at {base}mcp/v1/, without the tools it cannot serve and never its writes', async () => {
    const { plugin, direct, mcpClientFor, instanceUrl } = await setup('astro-airflow-mcp');
    const client = await mcpClientFor(instanceUrl);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('read_task_log');
    expect(names).not.toContain('get_task_instance_tries');
    for (const write of ASTRO_AIRFLOW_MCP_WRITE_TOOLS) expect(names).not.toContain(write);
    expect(await client.callTool({ name: 'trigger_dag', arguments: { dag_id: 'x' } })).toMatchObject({ isError: true, structuredContent: { error: { kind: 'refused' } } });
    expect(textOf(await client.callTool({ name: 'read_task_log', arguments: tail.arguments }))).toContain("ValueError: column 'amount' has 3 nulls");
    expect(plugin.calls.map((c) => c.name)).toEqual(['get_task_instance', 'get_task_logs']);
    expect(direct).toEqual([]);
    expect(mcpClientFor.inUse(instanceUrl)).toMatchObject({ kind: 'remote', flavor: 'astro-airflow-mcp', url: `${plugin.origin}/mcp/v1/` });
  });

  it('falls back to the built-in path when no MCP server answers, and says why', async () => {
    const { plugin, direct: directCalls, mcpClientFor: clients } = await setup('airflow-mcp-plugin');
    const elsewhere = `${plugin.origin}/other/`;
    const client = await clients(elsewhere);
    await client.callTool({ name: 'list_dags', arguments: {} });
    expect(directCalls[0]).toContain(`${elsewhere}api/v2/dags`);
    expect(clients.inUse(elsewhere)).toMatchObject({ kind: 'builtin', reason: 'no MCP server answers on this Airflow' });
    expect(clients.inUse(elsewhere)?.tried.map((t) => t.url)).toEqual([`${elsewhere}mcp/`, `${elsewhere}mcp/v1/`]);
  });

  it('finds out which server answers when the panel asks, before any question, and only with a session', async () => {
    const { plugin, mcpClientFor, instanceUrl } = await setup('airflow-mcp-plugin');
    expect(mcpClientFor.inUseOrDiscover(instanceUrl)).toBeUndefined();
    await expect.poll(() => mcpClientFor.inUse(instanceUrl)).toMatchObject({ kind: 'remote', flavor: 'airflow-mcp-plugin' });
    const probes = plugin.requests.length;
    expect(mcpClientFor.inUseOrDiscover(instanceUrl)).toMatchObject({ kind: 'remote' });
    await mcpClientFor(instanceUrl);
    expect(plugin.requests.length).toBe(probes);

    const signedOut = await setup('airflow-mcp-plugin', { token: null });
    expect(signedOut.mcpClientFor.inUseOrDiscover(signedOut.instanceUrl)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signedOut.plugin.requests).toHaveLength(0);
    expect(signedOut.mcpClientFor.inUse(signedOut.instanceUrl)).toBeUndefined();
  });

  it('on Airflow 2 (/api/v1) it probes no MCP server, even one that answers, and sends the session nowhere', async () => {
    const { plugin, mcpClientFor, instanceUrl } = await setup('airflow-mcp-plugin', { restApi: '/api/v1' });
    await mcpClientFor(instanceUrl);
    expect(plugin.requests).toHaveLength(0);
    expect(mcpClientFor.inUse(instanceUrl)).toMatchObject({ kind: 'builtin', api: '/api/v1', reason: 'Airflow 2 has no MCP plugin to use' });
    expect(describeMcpServer(mcpClientFor.inUse(instanceUrl))).toBe('Built-in read-only tools over /api/v1 (Airflow 2 has no MCP plugin to use)');
  });

  it('without a session it cannot tell, so it uses the built-in path now and looks again next time', async () => {
    const { plugin, mcpClientFor, instanceUrl } = await setup('airflow-mcp-plugin', { token: null });
    await mcpClientFor(instanceUrl);
    expect(mcpClientFor.inUse(instanceUrl)).toMatchObject({ kind: 'builtin', reason: 'no Airflow session yet to ask its MCP server with' });
    const before = plugin.requests.length;
    await mcpClientFor(instanceUrl);
    expect(plugin.requests.length).toBeGreaterThan(before);
  });

  it('checks again after the remote server failed', async () => {
    const { plugin, mcpClientFor, instanceUrl } = await setup('airflow-mcp-plugin');
    const client = await mcpClientFor(instanceUrl);
    plugin.setFault({ kind: 'status', status: 503 });
    const failed = await client.callTool({ name: 'read_task_log', arguments: tail.arguments });
    expect(failed).toMatchObject({ isError: true, structuredContent: { error: { kind: 'server', status: 502 } } });
    expect(textOf(failed)).toContain(`The MCP server at ${plugin.origin}/mcp/ failed (HTTP 503)`);
    plugin.setFault(null);
    expect(await mcpClientFor(instanceUrl)).not.toBe(client);
    expect(mcpClientFor.inUse(instanceUrl)).toMatchObject({ kind: 'remote' });
  });

  it('follows the user\'s choice: built-in (no probes), or one URL only', async () => {
    const forced = await setup('airflow-mcp-plugin', { preference: { mode: 'builtin' } });
    await forced.mcpClientFor(forced.instanceUrl);
    expect(forced.plugin.requests).toHaveLength(0);
    expect(forced.mcpClientFor.inUse(forced.instanceUrl)).toMatchObject({ kind: 'builtin', reason: 'chosen in the options' });

    const url = await setup('astro-airflow-mcp', { preference: { mode: 'url', url: 'http://127.0.0.1:9/nothing/' } });
    await url.mcpClientFor(url.instanceUrl);
    expect(url.plugin.requests).toHaveLength(0);
    expect(url.mcpClientFor.inUse(url.instanceUrl)?.reason).toMatch(/^the configured MCP server could not be used \(The MCP server at http:\/\/127\.0\.0\.1:9\/nothing\/ could not be reached/);
  });
});

describe('the read-only gate, where a remote server\'s tools enter the worker', () => {
  // Reads by their declarations, but none of the server's known read tools: a newer version's, or a lying server's.
  const unknownTools: StandInTool[] = [
    { name: 'get_secret_backend_values', annotations: { readOnlyHint: true } },
    { name: 'get_everything', _meta: { path: '/api/v2/everything', method: 'GET' } },
  ];
  /**
   * The stand-in's write tools (some lying about it) the plugin does not list itself, and the
   * unknown ones. For astro-airflow-mcp, none with a REST operation's `_meta`: a list that has
   * one is read as airflow-mcp-plugin's (remote/discover.ts, adapterFor).
   */
  const hostileTools = (flavor: Flavor) => {
    const own = new Set(recordedToolList(flavor).map((t) => t.name));
    const fits = (t: StandInTool) => flavor === 'airflow-mcp-plugin' || !t._meta;
    return [...writeTools(), ...unknownTools].filter((t) => !own.has(t.name) && fits(t));
  };
  const writesAndUnknown = [...new Set([...writeTools(), ...unknownTools].map((t) => t.name).concat(ASTRO_AIRFLOW_MCP_WRITE_TOOLS))];

  it.each<Flavor>(['airflow-mcp-plugin', 'astro-airflow-mcp'])('%s: no write tool and no unknown tool reaches the model, nor is called on the server', async (flavor) => {
    const { plugin, mcpClientFor, instanceUrl } = await setup(flavor, { extraTools: hostileTools(flavor) });
    const client = await mcpClientFor(instanceUrl);
    expect(mcpClientFor.inUse(instanceUrl)).toMatchObject({ kind: 'remote', flavor });
    const offered = (await client.listTools()).tools.map((t) => t.name);
    expect(offered).toContain('read_task_log');
    expect(offered.filter((name) => !ASSISTANT_READ_TOOL_NAMES.includes(name))).toEqual([]);
    for (const name of writesAndUnknown) {
      expect(offered).not.toContain(name);
      expect(await client.callTool({ name, arguments: { dag_id: 'x' } })).toMatchObject({ isError: true, structuredContent: { error: { kind: 'refused' } } });
    }
    expect(textOf(await client.callTool({ name: 'read_task_log', arguments: tail.arguments }))).toContain("ValueError: column 'amount' has 3 nulls");
    const called = plugin.calls.map((c) => c.name);
    expect(called.length).toBeGreaterThan(0);
    for (const name of writesAndUnknown) expect(called).not.toContain(name);
  });

  it.each<Flavor>(['airflow-mcp-plugin', 'astro-airflow-mcp'])('%s: discovery keeps only the known read tools, and refuses any other call without reaching the server', async (flavor) => {
    const plugin = await emulatePlugin(flavor, tail.exchanges, { extraTools: hostileTools(flavor) });
    cleanups.push(() => plugin.close());
    const choice = await discoverMcpServer({ instanceUrl: `${plugin.origin}/`, getToken: async () => 'session' });
    if (choice.kind !== 'remote') throw new Error(`no remote server: ${choice.reason}`);
    cleanups.push(() => choice.close());
    const kept = choice.tools.map((t) => t.name);
    const policy = adapterFor(recordedToolList(flavor))!.isKnownReadTool;
    expect(choice.tools.every(policy)).toBe(true);
    for (const name of writesAndUnknown) {
      expect(kept).not.toContain(name);
      expect(await choice.remote.callTool({ name, arguments: { dag_id: 'x' } })).toMatchObject({ isError: true, structuredContent: { error: { kind: 'refused' } } });
    }
    expect(plugin.calls).toEqual([]);
  });
});
