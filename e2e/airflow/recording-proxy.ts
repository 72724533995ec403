/**
 * A recording reverse proxy in front of one Airflow API server (issue 6: every request that
 * reaches Airflow during e2e is recorded). The rig gives the proxy's URL to everyone - the
 * browser, the extension, the harness - as the Airflow base URL, and sets Airflow's
 * `[api] base_url` to it, so the UI stays same-origin (cookies, base path, redirects).
 *
 * Each request becomes one JSON line: method, path, query, status, who sent it, and for MCP
 * POSTs the JSON-RPC methods and tool names in the body. Who sent it (`client`):
 * - `harness`: the header `x-rig-client: harness`, which only the harness's REST helpers send.
 * - `extension`: what Chromium (156, checked with an echo server) sends on a fetch from the
 *   extension's service worker: `Origin: chrome-extension://<id>` on POSTs, and on GETs no Origin
 *   but `Sec-Fetch-Site: none` with `Sec-Fetch-Mode: cors`. A page's own fetches are `same-origin`
 *   (or `cross-site`), typed-in navigations are `Sec-Fetch-Mode: navigate`, and page scripts can't
 *   set Origin or `Sec-Fetch-*` (forbidden headers). Node clients (harness, Playwright's
 *   `request`) send no `Sec-Fetch-*`. A content script's fetch looks like the page's: the
 *   extension makes none (only the worker talks to Airflow), and page requests are checked too.
 *   Firefox (153 ESR, checked with an echo server) sends on the add-on's fetches
 *   `Sec-Fetch-Site: same-origin`, `Sec-Fetch-Mode: cors`, no Referer, and `Origin:
 *   moz-extension://<uuid>` on POSTs only; a page's own same-origin fetch sends a Referer.
 * - `mcp-plugin`: Python HTTP clients (aiohttp, httpx) - an MCP plugin inside Airflow calling
 *   the REST API back on behalf of whoever sent the MCP request (same token id).
 * - `page`: the Airflow UI in the browser (cookie session, or same-origin fetch metadata).
 * - `other`: anything else.
 * `tokenId` is a short hash of the Bearer token (or the `_token` cookie), so requests made with
 * one session can be grouped without writing the token down; `user` is the JWT's `sub`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type RequestClient = 'harness' | 'extension' | 'mcp-plugin' | 'page' | 'other';

export interface McpMessageRecord {
  method: string;
  /** `params.name` of a `tools/call`. */
  tool?: string;
}

export interface RecordedRequest {
  /** ISO time the request arrived. */
  at: string;
  /** ISO time the response ended (or the connection closed). */
  end: string;
  /** Which proxy recorded it (e.g. `main`, `airflow-mcp-plugin`). */
  instance: string;
  method: string;
  /** Path as sent (still percent-encoded). */
  path: string;
  /** Query string without '?', '' if none. */
  query: string;
  status: number | null;
  client: RequestClient;
  origin: string | null;
  /** `Sec-Fetch-Site/Sec-Fetch-Mode`, e.g. `none/cors`; null when absent. */
  fetchMetadata: string | null;
  userAgent: string | null;
  auth: 'bearer' | 'cookie' | 'bearer+cookie' | 'none';
  tokenId: string | null;
  user: string | null;
  mcp?: McpMessageRecord[];
}

export interface RecordingProxy {
  /** e.g. http://127.0.0.1:PORT (no path, no trailing slash). */
  origin: string;
  port: number;
  file: string;
  /** Points the proxy at the API server (it answers 502 until then). */
  setTarget(port: number): void;
  close(): Promise<void>;
}

export const RIG_CLIENT_HEADER = 'x-rig-client';

/**
 * Faults the proxy can inject (issue 13), only into requests of the given clients (default: the
 * extension, so the Airflow UI and the harness keep working) whose path matches `path` (a regex
 * source). `down`: the connection is closed at once (as if nothing listened); `hang`: no answer
 * until the client gives up (at most `FAULT_HANG_MAX_MS`); `status`: that status with `body`;
 * `cut`: a 200 whose body breaks off after a few bytes.
 */
export interface FaultRule {
  path: string;
  mode: 'down' | 'hang' | 'status' | 'cut';
  status?: number;
  body?: string;
  contentType?: string;
  clients?: RequestClient[];
}
/** The control path (never forwarded, never recorded): POST `{ rules: FaultRule[] }`, harness only. */
export const FAULT_CONTROL_PATH = '/__rig/faults';
const FAULT_HANG_MAX_MS = 120_000;

/** Sets the proxy's faults from a test process (an empty list removes them). */
export async function setProxyFaults(origin: string, rules: FaultRule[]): Promise<void> {
  const res = await fetch(`${origin}${FAULT_CONTROL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [RIG_CLIENT_HEADER]: 'harness' },
    body: JSON.stringify({ rules }),
  });
  if (res.status !== 204) throw new Error(`The recording proxy refused the faults (HTTP ${res.status})`);
}

function injectFault(rule: FaultRule, res: http.ServerResponse, req: http.IncomingMessage): void {
  switch (rule.mode) {
    case 'down':
      req.socket.destroy();
      return;
    case 'hang': {
      const timer = setTimeout(() => req.socket.destroy(), FAULT_HANG_MAX_MS);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'status':
      res.writeHead(rule.status ?? 503, { 'content-type': rule.contentType ?? 'text/html' }).end(rule.body ?? '');
      return;
    case 'cut':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"dag_id": "cut_here", "state": ');
      setTimeout(() => req.socket.destroy(), 50);
      return;
  }
}
const MAX_BODY_TO_READ = 1 << 20;

/** Starts the proxy on 127.0.0.1 (free port unless given); records to `file` (JSON lines). */
export async function startRecordingProxy(opts: {
  file: string;
  instance: string;
  targetPort?: number;
  port?: number;
}): Promise<RecordingProxy> {
  let targetPort = opts.targetPort;
  let faults: FaultRule[] = [];
  fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  const server = http.createServer((req, res) => {
    const at = new Date();
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    if (url.pathname === FAULT_CONTROL_PATH) {
      controlFaults(req, res, (rules) => (faults = rules));
      return;
    }
    const record = describeRequest(req, url, at, opts.instance);
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      record.status = res.headersSent ? res.statusCode : null;
      record.end = new Date().toISOString();
      fs.appendFileSync(opts.file, `${JSON.stringify(record)}\n`);
    };
    res.on('finish', write);
    res.on('close', write);

    const fault = faults.find((rule) => (rule.clients ?? ['extension']).includes(record.client) && new RegExp(rule.path).test(url.pathname));
    if (fault) {
      req.resume();
      injectFault(fault, res, req);
      return;
    }

    if (targetPort === undefined) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('recording proxy: Airflow not started yet');
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, upRes.rawHeaders);
        // Server-sent events (MCP answers) must pass through as they come.
        res.flushHeaders();
        upRes.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`recording proxy: ${err.message}`);
      else res.destroy();
    });
    req.on('aborted', () => upstream.destroy());

    if (isMcpPost(req, url)) {
      // Buffer the (small) JSON-RPC body to record its methods, then send it on unchanged.
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY_TO_READ) chunks.push(c);
        upstream.write(c);
      });
      req.on('end', () => {
        record.mcp = mcpMessages(Buffer.concat(chunks).toString('utf8'));
        upstream.end();
      });
    } else {
      req.pipe(upstream);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    file: opts.file,
    setTarget(p) {
      targetPort = p;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

function controlFaults(req: http.IncomingMessage, res: http.ServerResponse, set: (rules: FaultRule[]) => void) {
  if (req.method !== 'POST' || header(req, RIG_CLIENT_HEADER) !== 'harness') {
    res.writeHead(403).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const { rules } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { rules: FaultRule[] };
      set(Array.isArray(rules) ? rules : []);
      res.writeHead(204).end();
    } catch {
      res.writeHead(400).end();
    }
  });
}

/** Reads a recording (missing file: no requests). */
export function readRecording(file: string): RecordedRequest[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedRequest);
}

function header(req: http.IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

function describeRequest(req: http.IncomingMessage, url: URL, at: Date, instance: string): RecordedRequest {
  const authorization = header(req, 'authorization');
  const bearer = authorization?.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : null;
  const cookie = /(?:^|;\s*)_token=([^;]+)/.exec(header(req, 'cookie') ?? '')?.[1] ?? null;
  const token = bearer ?? cookie;
  const auth = bearer && cookie ? 'bearer+cookie' : bearer ? 'bearer' : cookie ? 'cookie' : 'none';
  return {
    at: at.toISOString(),
    end: at.toISOString(),
    instance,
    method: req.method ?? '?',
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    status: null,
    client: classify(req, Boolean(cookie)),
    origin: header(req, 'origin'),
    fetchMetadata: header(req, 'sec-fetch-site') ? `${header(req, 'sec-fetch-site')}/${header(req, 'sec-fetch-mode')}` : null,
    userAgent: header(req, 'user-agent')?.slice(0, 120) ?? null,
    auth,
    tokenId: token ? createHash('sha256').update(token).digest('hex').slice(0, 12) : null,
    user: token ? jwtSubject(token) : null,
  };
}

function classify(req: http.IncomingMessage, hasCookie: boolean): RequestClient {
  if (header(req, RIG_CLIENT_HEADER) === 'harness') return 'harness';
  const origin = header(req, 'origin') ?? '';
  const site = header(req, 'sec-fetch-site');
  const mode = header(req, 'sec-fetch-mode');
  if (/^(chrome|moz)-extension:\/\//.test(origin) || (site === 'none' && mode === 'cors')) return 'extension';
  if (site === 'same-origin' && mode === 'cors' && !origin && !header(req, 'referer')) return 'extension';
  if (/aiohttp|python-httpx|python-requests/i.test(header(req, 'user-agent') ?? '')) return 'mcp-plugin';
  if (hasCookie || site === 'same-origin' || mode === 'navigate') return 'page';
  return 'other';
}

function isMcpPost(req: http.IncomingMessage, url: URL): boolean {
  return req.method === 'POST' && /\/mcp(\/|$)/.test(url.pathname);
}

function mcpMessages(body: string): McpMessageRecord[] {
  try {
    const parsed = JSON.parse(body) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((m) => {
      const msg = (m ?? {}) as { method?: unknown; result?: unknown; params?: { name?: unknown } };
      const method = typeof msg.method === 'string' ? msg.method : 'result' in msg ? '(response)' : '(unknown)';
      return typeof msg.params?.name === 'string' && method === 'tools/call' ? { method, tool: msg.params.name } : { method };
    });
  } catch {
    return [{ method: '(not JSON)' }];
  }
}

function jwtSubject(token: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
