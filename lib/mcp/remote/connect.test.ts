import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTools, startMcpStandIn, type McpStandIn } from '../../../e2e/mcp-stand-in/server';
import { connectRemoteMcp } from './connect';
import { RemoteMcpError, SESSION_EXPIRED } from './errors';

let standIn: McpStandIn;
beforeEach(async () => {
  standIn = await startMcpStandIn({ tools: readTools(), requireBearer: 'session-token' });
});
afterEach(() => standIn.close());

const connect = (overrides: Partial<Parameters<typeof connectRemoteMcp>[0]> = {}) =>
  connectRemoteMcp({ url: standIn.url, instanceUrl: `${standIn.origin}/`, getToken: async () => 'session-token', timeoutMs: 2000, ...overrides });

async function failure(promise: Promise<unknown>): Promise<RemoteMcpError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteMcpError);
  return error as RemoteMcpError;
}

describe('the remote MCP client', () => {
  it('initializes, lists and calls with the session as Bearer, POST only', async () => {
    const remote = await connect();
    expect(remote.serverName).toBe('mcp-stand-in');
    expect((await remote.listTools()).tools.map((t) => t.name)).toContain('list_dags');
    expect(await remote.callTool({ name: 'list_dags', arguments: {} })).toMatchObject({ content: [{ text: '3 Dags' }] });
    await remote.close();
    expect(new Set(standIn.requests.map((r) => r.method))).toEqual(new Set(['POST']));
    expect(new Set(standIn.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer session-token']));
    expect(standIn.requests.flatMap((r) => r.rpc)).toEqual(['initialize', 'notifications/initialized', 'tools/list', 'tools/call']);
  });

  it('sends the session only to the instance\'s own origin', async () => {
    const error = await failure(connect({ instanceUrl: 'http://airflow.example/' }));
    expect(error.kind).toBe('unauthenticated');
    expect(standIn.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it.each(['mode=unsafe', 'mode=safe&mode=unsafe', 'mode=unsafe&mode=safe', 'MODE=unsafe', 'mode=', 'mode=safe%20', 'x=1&mod%65=unsafe'])(
    'never sends a mode but safe: refuses ?%s before any request',
    async (query) => {
      const error = await failure(connect({ url: `${standIn.url}?${query}` }));
      expect(error.kind).toBe('refused');
      expect(error.message).toContain('only reads');
      expect(standIn.requests).toHaveLength(0);
    },
  );

  it('takes ?mode=safe (also repeated)', async () => {
    const remote = await connect({ url: `${standIn.url}?mode=safe&mode=SAFE` });
    expect((await remote.listTools()).tools.length).toBeGreaterThan(0);
    await remote.close();
    expect(new Set(standIn.requests.map((r) => r.query))).toEqual(new Set(['mode=safe&mode=SAFE']));
  });

  it('an expired session is the built-in tools\' "log in again"', async () => {
    const error = await failure(connect({ getToken: async () => 'expired' }));
    expect(error).toMatchObject({ kind: 'unauthenticated', status: 401, message: SESSION_EXPIRED });
  });

  it.each([
    ['a 404', { kind: 'status', status: 404 } as const, 'not_mcp'],
    ['an HTML page', { kind: 'status', status: 200, contentType: 'text/html', body: '<html></html>' } as const, 'not_mcp'],
    ['a 403', { kind: 'status', status: 403, body: 'Forbidden' } as const, 'forbidden'],
  ])('%s is not retried and says what it is', async (_name, fault, kind) => {
    standIn.setFault(fault);
    const error = await failure(connect());
    expect(error.kind).toBe(kind);
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries a 5xx once, then says the server failed', async () => {
    standIn.setFault({ kind: 'status', status: 503 }, 1);
    const remote = await connect();
    standIn.setFault({ kind: 'status', status: 500, body: 'boom' }, 2);
    const error = await failure(remote.callTool({ name: 'list_dags', arguments: {} }));
    expect(error).toMatchObject({ kind: 'server', status: 500 });
    expect(error.message).toBe(`The MCP server at ${standIn.url} failed (HTTP 500): boom`);
    expect(await remote.callTool({ name: 'list_dags', arguments: {} })).toMatchObject({ content: [{ text: '3 Dags' }] });
    await remote.close();
  });

  it('a cut answer stream fails at once (not at the timeout), after one retry', async () => {
    const remote = await connect({ timeoutMs: 10_000 });
    standIn.setFault({ kind: 'cut' }, 1);
    expect(await remote.callTool({ name: 'list_dags', arguments: {} })).toMatchObject({ content: [{ text: '3 Dags' }] });
    standIn.setFault({ kind: 'cut' }, 2);
    const started = Date.now();
    const error = await failure(remote.callTool({ name: 'list_dags', arguments: {} }));
    expect(error.kind).toBe('cut');
    expect(Date.now() - started).toBeLessThan(5000);
    await remote.close();
  });

  it('times out a slow server', async () => {
    const remote = await connect({ timeoutMs: 300 });
    standIn.setFault({ kind: 'delay', ms: 1500 }, 2);
    const error = await failure(remote.callTool({ name: 'list_dags', arguments: {} }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('did not answer within');
    await remote.close();
  });

  it('says when nothing listens', async () => {
    const url = standIn.url;
    await standIn.close();
    const error = await failure(connect({ url }));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain(`The MCP server at ${url} could not be reached`);
  });
});
