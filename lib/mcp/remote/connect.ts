import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPReconnectionOptions } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { CallStreams, CallTrackingTransport } from './call-streams';
import { RemoteMcpError, toRemoteMcpError } from './errors';
import { cspSafeJsonSchemaValidator } from '../json-schema-validator';

/**
 * The project's MCP client for a server on the user's Airflow (Streamable HTTP, SDK 1.x).
 *
 * - The user's session goes as `Authorization: Bearer <_token>` and only to the Airflow
 *   instance's own origin: a configured MCP URL elsewhere gets no token. No cookies are sent.
 * - What leaves: POSTs of MCP messages, and GETs that resume the answer stream of a request in
 *   flight (`Last-Event-ID`, after the server closed it with `retry:`), only to the MCP endpoint
 *   itself. A GET is a read. The SDK's optional server-to-client GET stream (both Airflow plugins
 *   are stateless and have none) is answered 405 locally; so is DELETE (ending a session).
 * - Never `mode=unsafe` (airflow-mcp-plugin then adds write tools): a URL with any value of
 *   `mode` but `safe`, in any of its repetitions, is refused.
 * - Every request has a timeout. A fault of one request's answer stream (cut, ended without the
 *   answer, malformed JSON, resumption refused) fails that request at once and no other
 *   (`call-streams.ts`). Unreachable, cut and 5xx get one retry; a timeout none (the server may
 *   still be running the tool: running it again would double the load and the wait). A 404 for
 *   the session (`Mcp-Session-Id`) starts a new session and sends the request again, as the
 *   MCP spec requires. Every failure is a RemoteMcpError with a sentence for the user.
 */
export interface RemoteMcpOptions {
  /** The MCP endpoint. */
  url: string;
  /** The Airflow instance whose session this is (base URL); the token goes only to its origin. */
  instanceUrl: string;
  /** The user's session token, read at every request (a new login is picked up at once). */
  getToken: () => Promise<string | null>;
  fetch?: typeof fetch;
  /** Per request. Default 30 s. */
  timeoutMs?: number;
  /** For the first `initialize` only (discovery probes URLs that may not be MCP at all). Default `timeoutMs`. */
  connectTimeoutMs?: number;
  clientName?: string;
}

export interface RemoteMcp {
  url: string;
  serverName: string;
  serverVersion: string;
  /** Every tool, all pages (ungated: put the client behind `gateMcpClient`). */
  listTools(params?: { cursor?: string }, options?: { signal?: AbortSignal }): Promise<{ tools: Tool[] }>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }, resultSchema?: unknown, options?: { signal?: AbortSignal }): Promise<CallToolResult>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const CLIENT_VERSION = '0.1.0';
/**
 * The SDK's resumption: it waits the server's `retry:` (else this backoff) before the GET. A
 * resumption that fails fails its request at once (call-streams.ts), so further attempts are
 * answered locally; the request's timeout bounds the whole.
 */
const RECONNECTION: StreamableHTTPReconnectionOptions = { initialReconnectionDelay: 500, maxReconnectionDelay: 5000, reconnectionDelayGrowFactor: 2, maxRetries: 2 };

interface Session {
  client: Client;
  transport: CallTrackingTransport;
  streams: CallStreams;
}

type SdkRequestOptions = { signal: AbortSignal; onresumptiontoken: (token: string) => void; timeout: number };

export async function connectRemoteMcp(options: RemoteMcpOptions): Promise<RemoteMcp> {
  const url = checkedUrl(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fail = (error: unknown, ms: number) => toRemoteMcpError(error, url.href, ms);
  const sessions = new Set<Session>();

  const openSession = async (initializeTimeoutMs: number): Promise<Session> => {
    const streams = new CallStreams(url.href, timeoutMs);
    // Not the SDK's default (Ajv): it compiles output schemas with `new Function`, which the extension's CSP forbids.
    const client = new Client({ name: options.clientName ?? 'airflow-ai-assistant', version: CLIENT_VERSION }, { jsonSchemaValidator: cspSafeJsonSchemaValidator() });
    const transport = new CallTrackingTransport(url, { fetch: createSessionFetch(options, url, streams, timeoutMs), reconnectionOptions: RECONNECTION }, streams);
    try {
      await streams.run((o) => client.connect(transport, { ...o, timeout: initializeTimeoutMs }));
    } catch (error) {
      await client.close().catch(() => {});
      throw fail(error, initializeTimeoutMs);
    }
    return { client, transport, streams };
  };

  let active = await withOneRetry(() => openSession(options.connectTimeoutMs ?? timeoutMs));
  sessions.add(active);
  let renewing: Promise<Session> | null = null;

  /**
   * A new session after the server forgot this one (404). The old one is left to its requests in
   * flight (it expired for them too; they start over here) and closed with the client.
   */
  const renew = (stale: Session): Promise<Session> => {
    if (active !== stale) return renewing ?? Promise.resolve(active);
    renewing ??= openSession(timeoutMs)
      .then((fresh) => {
        sessions.add(fresh);
        active = fresh;
        return fresh;
      })
      .finally(() => {
        renewing = null;
      });
    return renewing;
  };

  async function request<T>(run: (client: Client, sdkOptions: SdkRequestOptions) => Promise<T>, signal?: AbortSignal): Promise<T> {
    let current = renewing ? await renewing : active;
    for (let attempt = 0; ; attempt++) {
      try {
        return await current.streams.run((o) => run(current.client, { ...o, timeout: timeoutMs }), signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        const e = fail(error, timeoutMs);
        if (attempt > 0) throw e;
        if (e.status === 404 && current.transport.sessionId !== undefined) {
          current = await renew(current);
          continue;
        }
        if (!isRetried(e)) throw e;
        current = renewing ? await renewing : active;
      }
    }
  }

  const info = active.client.getServerVersion();
  return {
    url: url.href,
    serverName: info?.name ?? '(unnamed)',
    serverVersion: info?.version ?? '',
    async listTools(params, callOptions) {
      const tools: Tool[] = [];
      let cursor = params?.cursor;
      do {
        const page = await request((client, o) => client.listTools(cursor ? { cursor } : undefined, o), callOptions?.signal);
        // One by one: spreading a huge page into push() overflows the call stack.
        for (const tool of page.tools) tools.push(tool);
        cursor = page.nextCursor;
      } while (cursor);
      return { tools };
    },
    callTool(params, _resultSchema, callOptions) {
      const call = { name: params.name, arguments: params.arguments ?? {} };
      return request((client, o) => client.callTool(call, undefined, o) as Promise<CallToolResult>, callOptions?.signal);
    },
    async close() {
      await Promise.all([...sessions].map((s) => s.client.close().catch(() => {})));
    },
  };
}

/** Transient failures get one retry, except a timeout (the server had its whole time, and may still be at it). */
function isRetried(error: RemoteMcpError): boolean {
  return error.transient && error.kind !== 'timeout';
}

/** Runs `attempt` again once if it failed in a way worth one retry. */
async function withOneRetry<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof RemoteMcpError) || !isRetried(error)) throw error;
    return attempt();
  }
}

/** The URL as a URL, refused if it is not http(s) or asks for any `mode` but `safe`. */
function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RemoteMcpError('refused', `"${raw}" is not a URL.`, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RemoteMcpError('refused', `${raw} is not an http(s) URL.`, raw);
  // Every value, every spelling of the key: `?mode=safe&mode=unsafe` is read as `unsafe` by
  // Starlette (airflow-mcp-plugin), which takes the last one.
  for (const [key, value] of url.searchParams) {
    if (key.trim().toLowerCase() === 'mode' && value.toLowerCase() !== 'safe') {
      throw new RemoteMcpError('refused', `Refused ${raw}: "${key}=${value}" would offer tools that change Airflow; this assistant only reads.`, raw);
    }
  }
  return url;
}

/**
 * fetch for the transport: the session as Bearer (same origin only), no cookies; POSTs, and GETs
 * that resume a request's stream at the endpoint itself; each request's HTTP ends when it settles.
 */
function createSessionFetch(options: RemoteMcpOptions, endpoint: URL, streams: CallStreams, timeoutMs: number): typeof fetch {
  const instanceOrigin = new URL(options.instanceUrl).origin;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const withSession = async (target: URL, headers: Headers) => {
    headers.delete('authorization');
    const token = target.origin === instanceOrigin ? await options.getToken() : null;
    if (token) headers.set('authorization', `Bearer ${token}`);
  };
  const refusedLocally = () => new Response(null, { status: 405, statusText: 'Not sent by the assistant' });

  const resume = async (target: URL, headers: Headers, init: RequestInit | undefined): Promise<Response> => {
    const lastEventId = headers.get('last-event-id');
    const call = streams.callResumedBy(lastEventId);
    if (!call || !lastEventId) return refusedLocally();
    if (target.href !== endpoint.href) {
      streams.resumeFailed(call, { status: 307 });
      return refusedLocally();
    }
    await withSession(target, headers);
    const signal = init?.signal ? AbortSignal.any([init.signal, call.finished.signal]) : call.finished.signal;
    let response: Response;
    try {
      response = await doFetch(target.href, { method: 'GET', headers, signal, credentials: 'omit', redirect: 'manual' });
    } catch (error) {
      streams.resumeFailed(call, { error });
      return refusedLocally();
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      streams.resumeFailed(call, { status: response.status, statusText: response.statusText });
      // 405 stops the SDK's further attempts; the request has its sentence already.
      return refusedLocally();
    }
    return streams.watch(call, response, lastEventId);
  };

  return async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers);
    if (method === 'GET') return resume(target, headers, init);
    if (method !== 'POST') return refusedLocally();
    checkedUrl(target.href);
    await withSession(target, headers);
    const call = streams.callPosted(init?.body);
    // A request's POST ends when the request settles (answer, timeout, failure); a notification's after the timeout.
    const own = call ? call.finished.signal : AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, own]) : own;
    const response = await doFetch(target.href, { ...init, method, headers, signal, credentials: 'omit' });
    return call ? streams.watch(call, response) : response;
  };
}
