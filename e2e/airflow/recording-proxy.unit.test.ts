import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording, startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

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
    await new Promise((r) => setTimeout(r, 50));

    const records = readRecording(file);
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
});
