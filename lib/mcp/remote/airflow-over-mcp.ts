import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { createAirflowClient, type AirflowClient } from '../../airflow/api-client';
import type { McpToolClient } from '../gate';
import type { RemoteAdapter } from './adapter';
import { RemoteMcpError } from './errors';
import type { RestAnswer } from './results';

/**
 * An AirflowClient whose GETs travel as tool calls to the MCP server on the user's Airflow.
 *
 * Design: the model always gets the built-in tools (same names, schemas, windowed logs, line
 * numbers, citations), run by the built-in server. With a remote server in use, that server is
 * built on this client instead of the direct one: each GET a tool makes becomes a call of one of
 * the remote server's read tools (chosen by the adapter), and the result goes back as the REST
 * answer - status and JSON - through the same api-client, so errors read the same too (401 →
 * "log in again", 403 → "may not see…"). Answers are the same either way, and the remote server
 * only ever sees calls of tools that passed the read-only gate. Only the built-in tools read
 * through this client (lib/mcp/mcp-client-for-instance.ts); no other feature does.
 */
export interface AirflowOverMcpOptions {
  /** The Airflow instance's base URL (ends with '/'). */
  baseUrl: string;
  /** The remote server behind the read-only gate, as discovery hands it out (discover.ts). */
  remote: McpToolClient;
  /** Its tools that passed the gate, by name. */
  tools: ReadonlyMap<string, Tool>;
  adapter: RemoteAdapter;
  /** The server failed as a server (down, cut, 5xx, no longer MCP): time to check discovery again. */
  onServerFailure?: (error: RemoteMcpError) => void;
}

export function createAirflowClientOverMcp(options: AirflowOverMcpOptions): AirflowClient {
  const apiRoot = `${new URL(options.baseUrl).pathname}api/v2/`;

  const mcpFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // api-client only builds GETs under api/v2/ (it checks); anything else is a bug here.
    if ((init?.method ?? 'GET') !== 'GET' || !url.pathname.startsWith(apiRoot)) return respond({ status: 400, body: { detail: 'not a read' } });
    const segments = url.pathname.slice(apiRoot.length).split('/');
    const plan = options.adapter.plan(segments, url.searchParams, options.tools);
    if ('status' in plan) return respond(plan);
    try {
      const result = await options.remote.callTool({ name: plan.tool, arguments: plan.args }, undefined, init?.signal ? { signal: init.signal } : undefined);
      return respond(plan.read(result as Parameters<typeof plan.read>[0]));
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      if (error instanceof RemoteMcpError && error.kind !== 'unauthenticated' && error.kind !== 'forbidden') options.onServerFailure?.(error);
      return respond(answerForFailure(error));
    }
  };

  return createAirflowClient({ baseUrl: options.baseUrl, getToken: async () => null, fetch: mcpFetch as typeof fetch });
}

function respond(answer: RestAnswer): Response {
  return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status, headers: { 'content-type': 'application/json' } });
}

/** A failed remote call as the REST answer that says the same to the user. */
function answerForFailure(error: unknown): RestAnswer {
  if (!(error instanceof RemoteMcpError)) return { status: 502, body: { detail: error instanceof Error ? error.message : String(error) } };
  if (error.kind === 'unauthenticated') return { status: 401, body: { detail: 'Not authenticated' } };
  if (error.kind === 'forbidden') return { status: 403, body: { detail: error.message } };
  if (error.kind === 'timeout') return { status: 504, body: { detail: error.message } };
  if (error.kind === 'refused') return { status: 400, body: { detail: error.message } };
  return { status: 502, body: { detail: error.message } };
}
