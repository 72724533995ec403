import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording, setProxyFaults, startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

// An upstream that streams its answer in two parts, like an SSE answer of an MCP server.
let upstream: http.Server;
let proxy: RecordingProxy;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rec-')), 'requests.jsonl');

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'set-cookie': '_token=x; Path=/' });
      res.write('data: one\n\n');
      setTimeout(() => res.end('data: two\n\n'), 20);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  proxy = await startRecordingProxy({ file, instance: 'test', targetPort: (upstream.address() as AddressInfo).port });
});
afterAll(async () => {
  await proxy.close();
  upstream.close();
});

const jwt = `x.${Buffer.from(JSON.stringify({ sub: 'viewer' })).toString('base64url')}.y`;

describe('the recording proxy', () => {
  it('passes answers through and records who sent what', async () => {
    const send = (headers: Record<string, string>, init: RequestInit = {}) => fetch(`${proxy.origin}/api/v2/dags?limit=1`, { ...init, headers });
    expect(await (await send({ 'x-rig-client': 'harness' })).text()).toBe('data: one\n\ndata: two\n\n');
    await send({ 'sec-fetch-site': 'none', 'sec-fetch-mode': 'cors', authorization: `Bearer ${jwt}` });
    await send({ origin: 'chrome-extension://abc', 'content-type': 'application/json' }, { method: 'POST', body: '{}' });
    await send({ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', cookie: `_token=${jwt}`, referer: `${proxy.origin}/dags` });
    await send({ 'user-agent': 'Python/3.11 aiohttp/3.14.5' });
    await fetch(`${proxy.origin}/mcp/v1/?mode=safe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_task_logs' } }, { jsonrpc: '2.0', method: 'notifications/initialized' }]),
    });
    // Firefox's add-on fetch: same-origin/cors as a page's, but with no Referer.
    await send({ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', authorization: `Bearer ${jwt}`, cookie: `_token=${jwt}` });
    // The proxy records a request when its answer has ended, a moment after the client has it:
    // wait for all seven (a fixed pause failed on a loaded machine), but not forever.
    const deadline = Date.now() + 5000;
    while (readRecording(file).filter((r) => r.instance === 'test').length < 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const records = readRecording(file).filter((r) => r.instance === 'test');
    expect(records.map((r) => r.client)).toEqual(['harness', 'extension', 'extension', 'page', 'mcp-plugin', 'other', 'extension']);
    expect(records[1]).toMatchObject({ method: 'GET', path: '/api/v2/dags', query: 'limit=1', status: 200, auth: 'bearer', user: 'viewer', fetchMetadata: 'none/cors', instance: 'test' });
    expect(records[3]).toMatchObject({ auth: 'cookie', user: 'viewer' });
    expect(records[1]!.tokenId).toBe(records[3]!.tokenId);
    expect(records[5]).toMatchObject({ method: 'POST', path: '/mcp/v1/', query: 'mode=safe', mcp: [{ method: 'tools/call', tool: 'get_task_logs' }, { method: 'notifications/initialized' }] });
  });

  it('answers 502 when the API server is not there', async () => {
    const idle = await startRecordingProxy({ file, instance: 'idle' });
    expect((await fetch(`${idle.origin}/api/v2/version`)).status).toBe(502);
    await idle.close();
  });

  it('injects faults into the extension\'s requests only, and stops when told', async () => {
    const extension = { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'cors' };
    const get = (path: string, headers: Record<string, string> = extension) => fetch(`${proxy.origin}${path}`, { headers, signal: AbortSignal.timeout(2000) });
    expect((await fetch(`${proxy.origin}/__rig/faults`, { method: 'POST', body: '{"rules":[]}' })).status).toBe(403);

    await setProxyFaults(proxy.origin, [{ path: '^/api/v2/', mode: 'status', status: 503, body: '<html>down</html>' }]);
    const failed = await get('/api/v2/dags');
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe('<html>down</html>');
    // Not the page's requests, nor paths that do not match.
    // (a page's own fetch carries its Referer; the add-on's in Firefox does not)
    expect((await get('/api/v2/dags', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', referer: `${proxy.origin}/dags` })).status).toBe(200);
    expect((await get('/mcp/')).status).toBe(200);

    await setProxyFaults(proxy.origin, [{ path: '^/api/v2/', mode: 'down' }]);
    await expect(get('/api/v2/dags')).rejects.toThrow();
    await setProxyFaults(proxy.origin, [{ path: '^/api/v2/', mode: 'cut' }]);
    await expect(get('/api/v2/dags').then((r) => r.text())).rejects.toThrow();
    await setProxyFaults(proxy.origin, [{ path: '^/api/v2/', mode: 'hang' }]);
    await expect(get('/api/v2/dags')).rejects.toThrow(/timeout|aborted/i);

    await setProxyFaults(proxy.origin, []);
    expect((await get('/api/v2/dags')).status).toBe(200);
  });
});
