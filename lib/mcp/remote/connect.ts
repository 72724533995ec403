import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { RemoteMcpError, toRemoteMcpError } from './errors';
import { StructuralSchemaValidator } from './schema-validator';

/**
 * The project's MCP client for a server on the user's Airflow (Streamable HTTP, SDK 1.x).
 *
 * - The user's session goes as `Authorization: Bearer <_token>` and only to the Airflow
 *   instance's own origin: a configured MCP URL elsewhere gets no token.
 * - Only POSTs leave: the optional server-to-client GET stream is answered 405 locally (both
 *   Airflow plugins are stateless and have none), and no cookies are sent.
 * - Never `mode=unsafe` (airflow-mcp-plugin then adds write tools): a URL with any `mode`
 *   but `safe` is refused.
 * - Every request has a timeout; transient failures (unreachable, timeout, cut stream, 5xx) get
 *   one retry; every failure is a RemoteMcpError with a sentence for the user.
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
  /** For `initialize` only (discovery probes URLs that may not be MCP at all). Default `timeoutMs`. */
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

export async function connectRemoteMcp(options: RemoteMcpOptions): Promise<RemoteMcp> {
  const url = checkedUrl(options.url);
  const timeouts = { current: options.connectTimeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const sessionFetch = createSessionFetch(options, timeouts);
  const fail = (error: unknown) => toRemoteMcpError(error, url.href, timeouts.current);

  // Calls in flight, so that a cut answer stream fails them now rather than at their timeout.
  const inFlight = new Set<AbortController>();
  const connectOnce = async () => {
    // No Ajv: it compiles output schemas with `new Function`, which the extension's CSP forbids.
    const client = new Client({ name: options.clientName ?? 'airflow-ai-assistant', version: CLIENT_VERSION }, { jsonSchemaValidator: new StructuralSchemaValidator() });
    client.onerror = (error) => {
      if (!/SSE stream disconnected/i.test(error.message)) return;
      const cut = new RemoteMcpError('cut', `The MCP server at ${url.href} cut its answer short.`, url.href);
      for (const controller of inFlight) controller.abort(cut);
    };
    const transport = new StreamableHTTPClientTransport(url, { fetch: sessionFetch });
    try {
      await client.connect(transport, { timeout: timeouts.current });
    } catch (error) {
      await client.close().catch(() => {});
      throw fail(error);
    }
    return client;
  };
  const client = await withOneRetry(connectOnce);
  const info = client.getServerVersion();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  timeouts.current = timeoutMs;

  async function request<T>(run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withOneRetry(async () => {
      const controller = new AbortController();
      inFlight.add(controller);
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await run(controller.signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        throw fail(controller.signal.reason instanceof RemoteMcpError ? controller.signal.reason : error);
      } finally {
        inFlight.delete(controller);
        signal?.removeEventListener('abort', onAbort);
      }
    }, signal);
  }

  return {
    url: url.href,
    serverName: info?.name ?? '(unnamed)',
    serverVersion: info?.version ?? '',
    async listTools(params, callOptions) {
      const tools: Tool[] = [];
      let cursor = params?.cursor;
      do {
        const page = await request((signal) => client.listTools(cursor ? { cursor } : undefined, { signal, timeout: timeoutMs }), callOptions?.signal);
        // One by one: spreading a huge page into push() overflows the call stack.
        for (const tool of page.tools) tools.push(tool);
        cursor = page.nextCursor;
      } while (cursor);
      return { tools };
    },
    callTool(params, _resultSchema, callOptions) {
      const call = { name: params.name, arguments: params.arguments ?? {} };
      return request((signal) => client.callTool(call, undefined, { signal, timeout: timeoutMs }) as Promise<CallToolResult>, callOptions?.signal);
    },
    close: () => client.close(),
  };
}

/** Runs `attempt` again once if it failed transiently (and was not cancelled). */
async function withOneRetry<T>(attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (signal?.aborted || !(error instanceof RemoteMcpError) || !error.transient) throw error;
    return attempt();
  }
}

function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RemoteMcpError('refused', `"${raw}" is not a URL.`, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RemoteMcpError('refused', `${raw} is not an http(s) URL.`, raw);
  const mode = url.searchParams.get('mode');
  if (mode !== null && mode.toLowerCase() !== 'safe') {
    throw new RemoteMcpError('refused', `Refused ${raw}: "mode=${mode}" would offer tools that change Airflow; this assistant only reads.`, raw);
  }
  return url;
}

/** fetch for the transport: the session as Bearer (same origin only), POST only, with a timeout. */
function createSessionFetch(options: RemoteMcpOptions, timeouts: { current: number }): typeof fetch {
  const instanceOrigin = new URL(options.instanceUrl).origin;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    // The SDK opens an optional GET stream after initializing; 405 means "none" to it.
    if (method !== 'POST') return new Response(null, { status: 405 });
    checkedUrl(target.href);
    const headers = new Headers(init?.headers);
    headers.delete('authorization');
    const token = target.origin === instanceOrigin ? await options.getToken() : null;
    if (token) headers.set('authorization', `Bearer ${token}`);
    const timeout = AbortSignal.timeout(timeouts.current);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return doFetch(target.href, { ...init, method, headers, signal, credentials: 'omit' });
  };
}
