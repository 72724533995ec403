import { afterEach, describe, expect, it } from 'vitest';
import { connectRemoteMcp, type RemoteMcp } from './connect';
import { RemoteMcpError } from './errors';
import { startHostileMcpServer, type HostileBehaviour, type HostileMcpServer } from './testing/hostile-mcp-server';

// The project's MCP client against a server that misbehaves on purpose (issue 13, item 5).

let server: HostileMcpServer | undefined;
let remote: RemoteMcp | undefined;
afterEach(async () => {
  await remote?.close();
  await server?.close();
  remote = server = undefined;
});

async function start(tools: Record<string, HostileBehaviour | HostileBehaviour[]>, options: { sessions?: boolean; timeoutMs?: number } = {}) {
  server = await startHostileMcpServer({ tools, sessions: options.sessions ?? false });
  remote = await connectRemoteMcp({ url: server.url, instanceUrl: `${server.origin}/`, getToken: async () => 'session-token', timeoutMs: options.timeoutMs ?? 10_000 });
  return { server, remote };
}

const call = (name: string) => remote!.callTool({ name, arguments: {} });
const textOf = (result: Awaited<ReturnType<typeof call>>) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

async function failure(promise: Promise<unknown>): Promise<RemoteMcpError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteMcpError);
  return error as RemoteMcpError;
}

async function timed<T>(promise: Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const value = await promise;
  return [value, Date.now() - started];
}

/** Everything the client sent is initialize, its notification, tools/list, tools/call, or a resumption GET. */
function expectOnlyReadsAndResumptions(s: HostileMcpServer) {
  for (const r of s.requests) {
    if (r.method === 'GET') expect(r, 'a GET only resumes a stream, at the endpoint').toMatchObject({ path: '/mcp/', lastEventId: expect.any(String) });
    else expect(['initialize', 'notifications/initialized', 'notifications/cancelled', 'tools/list', 'tools/call']).toContain(r.rpc);
  }
}

describe('resumable answer streams (SSE retry)', () => {
  it('resumes a stream the server closed with retry: by GET with Last-Event-ID, and the call completes', async () => {
    const { server } = await start({ slow_read: { kind: 'resumable', retryMs: 200, resume: 'answer' } });
    const [result, ms] = await timed(call('slow_read'));
    expect(textOf(result)).toBe('slow_read ran');
    expect(ms).toBeGreaterThanOrEqual(180); // the server's retry: is respected
    expect(ms).toBeLessThan(5000); // the timeout is 10 s
    const gets = server.requests.filter((r) => r.method === 'GET');
    expect(gets).toEqual([{ method: 'GET', path: '/mcp/', rpc: '', lastEventId: 'ev-1', status: 200 }]);
    expect(server.calls).toEqual(['slow_read']);
    expectOnlyReadsAndResumptions(server);
  });

  it.each([
    ['refuses it (405)', { status: 405 } as const, 'cut', 'could not resume it (HTTP 405)'],
    ['fails it (400)', { status: 400 } as const, 'cut', 'could not resume it (HTTP 400)'],
    ['redirects it elsewhere', 'redirect' as const, 'protocol', 'only resumes a stream at the MCP endpoint itself'],
    ['ends it again without the answer', 'end-again' as const, 'cut', 'ended the resumed answer stream again without the answer'],
  ])('fails the call at once when the server %s', async (_name, resume, kind, sentence) => {
    const { server } = await start({ slow_read: { kind: 'resumable', retryMs: 50, resume } });
    const [error, ms] = await timed(failure(call('slow_read')));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(sentence);
    expect(ms).toBeLessThan(5000); // not the 10 s timeout
    expect(server.requests.some((r) => r.path !== '/mcp/')).toBe(false); // a redirect is never followed
    expectOnlyReadsAndResumptions(server);
  });
});

describe('one broken stream fails only its own call', () => {
  it('a cut stream does not abort an unrelated call in flight', async () => {
    const { server } = await start({ broken: { kind: 'cut', afterMs: 50 }, steady: { kind: 'answer', delayMs: 400 } });
    const [broken, steady] = await Promise.allSettled([call('broken'), call('steady')]);
    expect(broken.status).toBe('rejected');
    expect((broken as PromiseRejectedResult).reason).toMatchObject({ kind: 'cut' });
    expect(steady.status).toBe('fulfilled');
    expect(textOf((steady as PromiseFulfilledResult<Awaited<ReturnType<typeof call>>>).value)).toBe('steady ran');
    expect(server.calls.filter((c) => c === 'steady')).toHaveLength(1);
  });

  it('a timeout reads as a timeout and is not sent again (the tool runs once)', async () => {
    const { server } = await start({ stuck: { kind: 'hang' } }, { timeoutMs: 1000 });
    const error = await failure(call('stuck'));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`The MCP server at ${server.url} did not answer within 1 s.`);
    expect(server.calls).toEqual(['stuck']);
  });

  it('a call still in flight when another one times out completes', async () => {
    const { server } = await start({ stuck: { kind: 'hang' }, steady: { kind: 'answer', delayMs: 700 } }, { timeoutMs: 1000 });
    const stuck = failure(call('stuck'));
    await new Promise((r) => setTimeout(r, 500));
    const steady = call('steady'); // answers at ~1.2 s, after stuck timed out at ~1.0 s
    expect((await stuck).kind).toBe('timeout');
    expect(textOf(await steady)).toBe('steady ran');
    expect(server.calls).toEqual(['stuck', 'steady']);
  });
});

describe('prompt failure', () => {
  it('a stream that ends cleanly without the answer fails at once, not at the timeout', async () => {
    const { server } = await start({ empty: { kind: 'end-without-answer' } });
    const [error, ms] = await timed(failure(call('empty')));
    expect(error.kind).toBe('cut');
    expect(error.message).toBe(`The MCP server at ${server.url} ended its answer stream without the answer.`);
    expect(ms).toBeLessThan(5000); // the timeout is 10 s
  });

  it('malformed JSON inside an SSE event fails at once, and is not sent again', async () => {
    const { server } = await start({ garbled: { kind: 'malformed', data: '{"jsonrpc": "2.0", "id": ' } });
    const [error, ms] = await timed(failure(call('garbled')));
    expect(error.kind).toBe('protocol');
    expect(error.message).toBe(`The MCP server at ${server.url} sent a malformed message in its answer stream (not JSON-RPC): {"jsonrpc": "2.0", "id":`);
    expect(ms).toBeLessThan(5000); // the timeout is 10 s
    expect(server.calls).toEqual(['garbled']);
  });

  it('an event that is JSON but not JSON-RPC fails the same way', async () => {
    await start({ garbled: { kind: 'malformed', data: '{"hello": "world"}' } });
    const error = await failure(call('garbled'));
    expect(error.message).toContain('malformed message');
  });
});

describe('sessions', () => {
  it('a 404 for an expired Mcp-Session-Id starts a new session and sends the call again', async () => {
    const { server } = await start({ read: { kind: 'answer', json: true } }, { sessions: true });
    expect(textOf(await call('read'))).toBe('read ran');
    server.expireSessions();
    const before = server.requests.length;
    expect(textOf(await call('read'))).toBe('read ran');
    expect(server.requests.slice(before).map((r) => [r.method, r.rpc, r.sessionId ?? null, r.status])).toEqual([
      ['POST', 'tools/call', 'session-1', 404],
      ['POST', 'initialize', null, 200],
      ['POST', 'notifications/initialized', 'session-2', 202],
      ['POST', 'tools/call', 'session-2', 200],
    ]);
    // The 404 ran nothing: the tool ran once per answer.
    expect(server.calls).toEqual(['read', 'read']);
    expectOnlyReadsAndResumptions(server);
  });

  it('calls in flight when the session expired start one new session between them', async () => {
    const { server } = await start({ read: { kind: 'answer', json: true, delayMs: 50 } }, { sessions: true });
    server.expireSessions();
    const before = server.requests.length;
    const results = await Promise.all([call('read'), call('read'), call('read')]);
    expect(results.map(textOf)).toEqual(['read ran', 'read ran', 'read ran']);
    expect(server.requests.slice(before).filter((r) => r.rpc === 'initialize')).toHaveLength(1);
    expect(server.calls).toEqual(['read', 'read', 'read']);
  });

  it('a server that forgets the new session too gets no third try', async () => {
    const { server } = await start({ read: { kind: 'answer', json: true } }, { sessions: true });
    server.forgetSessions();
    const error = await failure(call('read'));
    expect(error.status).toBe(404);
    expect(server.requests.filter((r) => r.rpc === 'initialize')).toHaveLength(2);
    expect(server.calls).toEqual([]);
  });
});
