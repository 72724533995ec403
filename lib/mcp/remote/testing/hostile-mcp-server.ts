// Test helper: an MCP server over Streamable HTTP written at the HTTP level (no SDK), so that
// each tool can misbehave in ways a well-behaved server library never would: close its answer
// stream without the answer, put malformed JSON in an event, ask to be resumed (`id` + `retry:`)
// and then refuse, redirect or end the resumption, hang, cut the connection, or forget the
// session (404 for an `Mcp-Session-Id` it issued). It records every HTTP request and every tool
// call it accepted (so a test can tell a tool ran once).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HostileBehaviour =
  /** The answer as one SSE event (or `application/json` with `json`), after `delayMs`. */
  | { kind: 'answer'; text?: string; delayMs?: number; json?: boolean }
  /** SSE headers, then nothing, ever. */
  | { kind: 'hang' }
  /** SSE headers, then the connection is destroyed (no clean end). */
  | { kind: 'cut'; afterMs?: number }
  /** SSE: a log notification, then a clean end of the stream without the answer. */
  | { kind: 'end-without-answer' }
  /** SSE: an event whose data is not JSON-RPC; the stream stays open. */
  | { kind: 'malformed'; data?: string }
  /**
   * SSE: a priming event (`id`, `retry: retryMs`), then a clean end. The GET that resumes it
   * with that `Last-Event-ID` gets: the answer (`answer`), the status (`refuse`), a redirect to
   * `/elsewhere/` (`redirect`), or an empty stream that ends at once (`end-again`).
   */
  | { kind: 'resumable'; retryMs: number; resume: 'answer' | 'end-again' | 'redirect' | { status: number } };

export interface HostileRequest {
  method: string;
  path: string;
  /** JSON-RPC method of a POST ('(response)' for a response, '' for none). */
  rpc: string;
  tool?: string;
  sessionId?: string;
  lastEventId?: string;
  status?: number;
}

export interface HostileMcpServer {
  url: string;
  origin: string;
  requests: HostileRequest[];
  /** Tool calls the server accepted, in order. */
  calls: string[];
  /** The server forgets every session: requests carrying one get 404, as the spec says. */
  expireSessions(): void;
  /** From now on, the server forgets every session at once, new ones too. */
  forgetSessions(): void;
  close(): Promise<void>;
}

export async function startHostileMcpServer(opts: {
  /** Per tool: one behaviour for every call, or one per call in turn (the last repeats). */
  tools: Record<string, HostileBehaviour | HostileBehaviour[]>;
  /** Issue an `Mcp-Session-Id` on initialize and require it after. */
  sessions?: boolean;
}): Promise<HostileMcpServer> {
  const endpoint = '/mcp/';
  const requests: HostileRequest[] = [];
  const calls: string[] = [];
  const callCount = new Map<string, number>();
  const liveSessions = new Set<string>();
  let sessionCounter = 0;
  let eventCounter = 0;
  let forgetful = false;
  /** Event id of a priming event -> what its resumption gets. */
  const resumable = new Map<string, { id: unknown; text: string; resume: Extract<HostileBehaviour, { kind: 'resumable' }>['resume'] }>();
  const open = new Set<ServerResponse>();

  const answer = (id: unknown, text: string) => JSON.stringify({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text }] } });
  const sse = (res: ServerResponse, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    res.flushHeaders();
    open.add(res);
    res.on('close', () => open.delete(res));
  };

  function behaviourFor(tool: string): HostileBehaviour {
    const spec = opts.tools[tool] ?? { kind: 'answer' };
    const list = Array.isArray(spec) ? spec : [spec];
    const n = callCount.get(tool) ?? 0;
    callCount.set(tool, n + 1);
    return list[Math.min(n, list.length - 1)]!;
  }

  async function onToolCall(res: ServerResponse, id: unknown, tool: string, headers: Record<string, string>) {
    calls.push(tool);
    const b = behaviourFor(tool);
    const text = `${tool} ran`;
    switch (b.kind) {
      case 'answer':
        if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
        if (b.json) {
          res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(answer(id, b.text ?? text));
          return;
        }
        sse(res, headers);
        res.end(`event: message\ndata: ${answer(id, b.text ?? text)}\n\n`);
        return;
      case 'hang':
        sse(res, headers);
        return;
      case 'cut':
        sse(res, headers);
        setTimeout(() => res.destroy(), b.afterMs ?? 20);
        return;
      case 'end-without-answer':
        sse(res, headers);
        res.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } })}\n\n`);
        return;
      case 'malformed':
        sse(res, headers);
        res.write(`event: message\ndata: ${b.data ?? '{"jsonrpc": "2.0", "id": '}\n\n`);
        return;
      case 'resumable': {
        const eventId = `ev-${++eventCounter}`;
        resumable.set(eventId, { id, text, resume: b.resume });
        sse(res, headers);
        res.end(`id: ${eventId}\nretry: ${b.retryMs}\ndata: \n\n`);
        return;
      }
    }
  }

  function onResume(res: ServerResponse, lastEventId: string | undefined, record: HostileRequest) {
    const pending = lastEventId ? resumable.get(lastEventId) : undefined;
    if (!pending) {
      record.status = 405;
      res.writeHead(405).end();
      return;
    }
    const { resume } = pending;
    if (resume === 'redirect') {
      record.status = 307;
      res.writeHead(307, { location: '/elsewhere/' }).end();
      return;
    }
    if (typeof resume === 'object') {
      record.status = resume.status;
      res.writeHead(resume.status, { 'content-type': 'text/plain' }).end(`resumption answered ${resume.status}`);
      return;
    }
    record.status = 200;
    sse(res);
    if (resume === 'end-again') {
      res.end();
      return;
    }
    const eventId = `ev-${++eventCounter}`;
    // Left open, as a server's stream may be: the client ends it once it has the answer.
    res.write(`id: ${eventId}\nevent: message\ndata: ${answer(pending.id, pending.text)}\n\n`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://hostile.local');
    const sessionId = header(req, 'mcp-session-id');
    const lastEventId = header(req, 'last-event-id');
    let message: { id?: unknown; method?: string; params?: { name?: string; protocolVersion?: string } } = {};
    try {
      if (body) message = JSON.parse(body);
    } catch {
      // recorded as no method
    }
    const record: HostileRequest = {
      method: req.method ?? '?',
      path: url.pathname,
      rpc: req.method === 'POST' ? (message.method ?? (message.id !== undefined ? '(response)' : '')) : '',
      ...(message.method === 'tools/call' && message.params?.name ? { tool: message.params.name } : {}),
      ...(sessionId ? { sessionId } : {}),
      ...(lastEventId ? { lastEventId } : {}),
    };
    requests.push(record);
    if (url.pathname !== endpoint) {
      record.status = 404;
      res.writeHead(404).end();
      return;
    }
    if (opts.sessions && message.method !== 'initialize' && (!sessionId || !liveSessions.has(sessionId))) {
      record.status = sessionId ? 404 : 400;
      res.writeHead(record.status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } }));
      return;
    }
    if (req.method === 'GET') return onResume(res, lastEventId, record);
    if (req.method !== 'POST') {
      record.status = 405;
      res.writeHead(405).end();
      return;
    }
    const headers: Record<string, string> = sessionId ? { 'mcp-session-id': sessionId } : {};
    record.status = 200;
    if (message.method === 'initialize') {
      const session = opts.sessions ? `session-${++sessionCounter}` : undefined;
      if (session && !forgetful) liveSessions.add(session);
      const result = { protocolVersion: message.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'hostile-mcp', version: '1.0.0' } };
      res.writeHead(200, { 'content-type': 'application/json', ...(session ? { 'mcp-session-id': session } : {}) }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      return;
    }
    if (message.id === undefined) {
      record.status = 202;
      res.writeHead(202).end();
      return;
    }
    if (message.method === 'tools/list') {
      const tools = Object.keys(opts.tools).map((name) => ({ name, inputSchema: { type: 'object' }, annotations: { readOnlyHint: true, destructiveHint: false } }));
      res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { tools } }));
      return;
    }
    if (message.method === 'tools/call') return onToolCall(res, message.id, message.params?.name ?? '', headers);
    res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } }));
  }

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: `${origin}${endpoint}`,
    origin,
    requests,
    calls,
    expireSessions: () => liveSessions.clear(),
    forgetSessions: () => {
      forgetful = true;
      liveSessions.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
