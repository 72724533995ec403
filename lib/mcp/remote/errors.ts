import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * What went wrong talking to a remote MCP server, in words for the user. `transient` failures
 * get one retry (tools are read-only, so a repeated call changes nothing) and make the worker
 * check the instance's MCP server again next time.
 */
export type RemoteMcpErrorKind =
  | 'not_mcp' // the URL answers, but not as an MCP server (404, 405, HTML…)
  | 'unreachable' // no connection
  | 'timeout'
  | 'cut' // the answer stream ended before the answer
  | 'unauthenticated' // 401: the Airflow session is missing or expired
  | 'forbidden' // 403
  | 'server' // 5xx
  | 'refused' // the client would not send it (e.g. `mode=unsafe`)
  | 'protocol'; // an MCP error answer, or a malformed one

const TRANSIENT: ReadonlySet<RemoteMcpErrorKind> = new Set(['unreachable', 'timeout', 'cut', 'server']);

export const SESSION_EXPIRED = 'Your Airflow session has expired: log in to Airflow again, then ask again.';

// Plain fields, no parameter properties: the file stays erasable TypeScript for Node scripts.
export class RemoteMcpError extends Error {
  override readonly name = 'RemoteMcpError';
  readonly kind: RemoteMcpErrorKind;
  readonly url: string;
  readonly status: number | undefined;
  constructor(kind: RemoteMcpErrorKind, message: string, url: string, status?: number) {
    super(message);
    this.kind = kind;
    this.url = url;
    this.status = status;
  }
  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }
}

/** Turns whatever the SDK or fetch threw into a RemoteMcpError with a sentence for the user. */
export function toRemoteMcpError(error: unknown, url: string, timeoutMs: number): RemoteMcpError {
  if (error instanceof RemoteMcpError) return error;
  const at = `The MCP server at ${url}`;
  if (error instanceof StreamableHTTPError) {
    const status = error.code;
    const detail = error.message.replace(/^Streamable HTTP error: /, '').replace(/^Error POSTing to endpoint: /, '').trim().slice(0, 200);
    if (status === 401 || (status === 403 && /invalid jwt|token expired/i.test(detail))) {
      return new RemoteMcpError('unauthenticated', SESSION_EXPIRED, url, status);
    }
    if (status === 403) return new RemoteMcpError('forbidden', `${at} refused the request (HTTP 403)${detail ? `: ${detail}` : '.'}`, url, status);
    if (status !== undefined && status >= 500) return new RemoteMcpError('server', `${at} failed (HTTP ${status})${detail ? `: ${detail}` : '.'}`, url, status);
    if (status === -1 || status === 404 || status === 405 || status === 406 || status === 415) {
      return new RemoteMcpError('not_mcp', `${url} is not an MCP endpoint (${status === -1 ? detail : `HTTP ${status}`}).`, url, status);
    }
    return new RemoteMcpError('protocol', `${at} answered HTTP ${status}${detail ? `: ${detail}` : ''}.`, url, status);
  }
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) return new RemoteMcpError('timeout', `${at} did not answer within ${Math.round(timeoutMs / 1000)} s.`, url);
    if (error.code === ErrorCode.ConnectionClosed) return new RemoteMcpError('cut', `${at} closed the connection before answering.`, url);
    return new RemoteMcpError('protocol', `${at} answered with an MCP error: ${error.message}`, url);
  }
  const e = error as { name?: string; message?: string } | null;
  if (e?.name === 'TimeoutError') return new RemoteMcpError('timeout', `${at} did not answer within ${Math.round(timeoutMs / 1000)} s.`, url);
  if (e?.name === 'ZodError' || e?.name === 'SyntaxError') return new RemoteMcpError('not_mcp', `${url} did not answer as an MCP server.`, url);
  if (/SSE stream disconnected|terminated|other side closed|socket hang up/i.test(e?.message ?? '')) {
    return new RemoteMcpError('cut', `${at} cut its answer short.`, url);
  }
  // fetch rejects with a TypeError when there is no connection ("fetch failed", "Failed to fetch").
  if (e?.name === 'TypeError') return new RemoteMcpError('unreachable', `${at} could not be reached${e.message ? ` (${e.message})` : ''}.`, url);
  return new RemoteMcpError('protocol', `Talking to ${at} failed: ${e?.message ?? String(error)}`, url);
}
