/**
 * A real MCP server over Streamable HTTP (the SDK's low-level `Server` +
 * `StreamableHTTPServerTransport`, stateless, SSE answers - like both Airflow plugins) whose
 * tools (JSON schemas, `_meta`, annotations, as recorded from real servers) the test chooses, for testing
 * the project's MCP client, discovery and read-only gate over the wire without Airflow.
 *
 * It records every HTTP request and every tool call it executed, and can misbehave on demand
 * (`setFault`): answer with an HTTP status, cut the answer stream, answer HTML, or be slow.
 * `writeTools()` is a set of tools that change Airflow, some of them lying about it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool, type ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

export interface StandInToolContext {
  /** The `Authorization` header of the HTTP request that carried the call. */
  authorization: string | undefined;
}

export interface StandInTool {
  name: string;
  description?: string;
  annotations?: ToolAnnotations;
  _meta?: Record<string, unknown>;
  /** JSON schema of the arguments; default: any object. */
  inputSchema?: Tool['inputSchema'];
  /** JSON schema of `structuredContent` (the client checks results against it). */
  outputSchema?: Tool['outputSchema'];
  /** Default: a text result naming the tool. */
  handler?: (args: Record<string, unknown>, ctx: StandInToolContext) => CallToolResult | Promise<CallToolResult>;
}

export type StandInFault =
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  /** Sends the SSE headers, then closes the connection without an answer. */
  | { kind: 'cut' }
  | { kind: 'delay'; ms: number };

export interface RecordedHttpRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  /** JSON-RPC methods in the body (POST). */
  rpc: string[];
}

export interface McpStandIn {
  /** The MCP endpoint, e.g. http://127.0.0.1:PORT/mcp/. */
  url: string;
  origin: string;
  requests: RecordedHttpRequest[];
  /** Tool calls the server executed (a refused call never gets here). */
  calls: { name: string; args: Record<string, unknown>; authorization: string | undefined }[];
  /** Misbehave for the next `times` MCP requests that expect an answer (default: until cleared with null). */
  setFault(fault: StandInFault | null, times?: number): void;
  close(): Promise<void>;
}

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

export async function startMcpStandIn(opts: {
  tools: StandInTool[];
  /** Endpoint path; default '/mcp/'. */
  path?: string;
  name?: string;
  /** When set, requests without `Authorization: Bearer <token>` get 401 (as airflow-mcp-plugin does). */
  requireBearer?: string;
}): Promise<McpStandIn> {
  const endpoint = opts.path ?? '/mcp/';
  const requests: RecordedHttpRequest[] = [];
  const calls: McpStandIn['calls'] = [];
  let fault: StandInFault | null = null;
  let faultTimes = Infinity;

  function buildServer(authorization: string | undefined): Server {
    const server = new Server({ name: opts.name ?? 'mcp-stand-in', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: opts.tools.map((tool) => ({
        name: tool.name,
        description: tool.description ?? `Stand-in tool ${tool.name}.`,
        inputSchema: tool.inputSchema ?? { type: 'object' as const },
        ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
        ...(tool.annotations ? { annotations: tool.annotations } : {}),
        ...(tool._meta ? { _meta: tool._meta } : {}),
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const tool = opts.tools.find((t) => t.name === request.params.name);
      if (!tool) return { isError: true, content: [{ type: 'text', text: `Unknown tool '${request.params.name}'` }] };
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      calls.push({ name: tool.name, args, authorization });
      return tool.handler ? tool.handler(args, { authorization }) : text(`${tool.name} ran`);
    });
    return server;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const authorization = req.headers.authorization;
    requests.push({ method: req.method ?? '?', path: url.pathname, query: url.search.slice(1), authorization, rpc: rpcMethods(body) });
    if (url.pathname !== endpoint) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
      return;
    }
    // Faults hit requests that expect an answer, not notifications (e.g. `notifications/cancelled`).
    const rpc = rpcMethods(body);
    if (fault && faultTimes > 0 && rpc.some((m) => !m.startsWith('notifications/'))) {
      faultTimes -= 1;
      const f = fault;
      if (faultTimes === 0) fault = null;
      if (f.kind === 'status') {
        res.writeHead(f.status, { 'content-type': f.contentType ?? 'text/plain' }).end(f.body ?? `stand-in fault ${f.status}`);
        return;
      }
      if (f.kind === 'cut') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        setTimeout(() => res.destroy(), 20);
        return;
      }
      await new Promise((r) => setTimeout(r, f.ms));
    }
    if (opts.requireBearer && authorization !== `Bearer ${opts.requireBearer}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Authorization Bearer token required"}');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'application/json' }).end('{"detail":"Method Not Allowed"}');
      return;
    }
    // Stateless: a new server and transport per request, as both Airflow plugins do.
    const server = buildServer(authorization);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body ? JSON.parse(body) : undefined);
  }

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in.local');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, url, Buffer.concat(chunks).toString('utf8')).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: `${origin}${endpoint}`,
    origin,
    requests,
    calls,
    setFault(next, times = Infinity) {
      fault = next;
      faultTimes = times;
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

function rpcMethods(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]).map((m) => String((m as { method?: unknown }).method ?? '(response)'));
  } catch {
    return [];
  }
}

const readOnly: ToolAnnotations = { readOnlyHint: true, destructiveHint: false };

/**
 * Tools that change Airflow, as real servers offer them - and some that lie: `trigger_dag`
 * and `clear_task_instances` claim `readOnlyHint: true`, `post_dag_run` claims it too but its
 * operation is a POST, `login`/`logout`/`wait_dag_run_until_finished` are GET operations,
 * `start_dag_run_now` says GET on the Dag runs path, and `get_dag_cleanup` claims
 * `readOnlyHint: true` and `destructiveHint: true` at once.
 */
export function writeTools(): StandInTool[] {
  return [
    { name: 'trigger_dag', annotations: readOnly },
    { name: 'trigger_dag_and_wait', annotations: { readOnlyHint: false } },
    { name: 'delete_dag_run', annotations: { readOnlyHint: false, destructiveHint: true } },
    { name: 'pause_dag' },
    { name: 'unpause_dag', annotations: { readOnlyHint: false } },
    { name: 'clear_task_instances', annotations: { ...readOnly, destructiveHint: true } },
    { name: 'set_variable', annotations: readOnly },
    { name: 'run_task', annotations: readOnly },
    { name: 'patch_dag', _meta: { path: '/api/v2/dags/{dag_id}', method: 'PATCH' } },
    { name: 'post_dag_run', annotations: readOnly, _meta: { path: '/api/v2/dags/{dag_id}/dagRuns', method: 'POST' } },
    { name: 'create_backfill', _meta: { path: '/api/v2/backfills', method: 'POST' } },
    { name: 'login', _meta: { path: '/api/v2/auth/login', method: 'GET' } },
    { name: 'logout', _meta: { path: '/api/v2/auth/logout', method: 'GET' } },
    { name: 'wait_dag_run_until_finished', annotations: readOnly, _meta: { path: '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/wait', method: 'GET' } },
    { name: 'start_dag_run_now', _meta: { path: '/api/v2/dags/{dag_id}/dagRuns', method: 'GET' } },
    { name: 'get_dag_cleanup', annotations: { readOnlyHint: true, destructiveHint: true } },
  ];
}

/** A few honest read tools: built-in names, an astro-style name and a REST GET operation. */
export function readTools(): StandInTool[] {
  return [
    { name: 'list_dags', annotations: readOnly, handler: () => text('3 Dags') },
    { name: 'read_task_log', annotations: readOnly, handler: () => text('1 | log line') },
    { name: 'get_task_logs', annotations: readOnly, handler: () => text('{"content": []}') },
    { name: 'get_dags', _meta: { path: '/api/v2/dags', method: 'GET' }, handler: () => ({ content: [], structuredContent: { dags: [], total_entries: 0 } }) },
  ];
}
