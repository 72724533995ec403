import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { KnownReadTool } from '../gate';
import type { RestAnswer } from './results';

/** The MCP servers the extension knows how to read from (research §8). */
export type McpFlavor = 'airflow-mcp-plugin' | 'astro-airflow-mcp';

/** One remote tool call standing for one GET of the REST API. */
export interface RemotePlan {
  tool: string;
  args: Record<string, unknown>;
  /** The remote result as the REST answer the built-in tools expect. */
  read(result: CallToolResult): RestAnswer;
}

/**
 * How a remote server's tools give the built-in tools what they read: each GET the built-in
 * tools make (`api/v2/<segments>?query`) becomes a call of one of the server's read tools, whose
 * result is turned back into the REST answer. So the model sees the same tools either way, with
 * the same windowed logs, line numbers and citations; only the transport differs.
 */
export interface RemoteAdapter {
  flavor: McpFlavor;
  /** The remote tools the adapter may call: the gate's policy for this server. */
  isKnownReadTool: KnownReadTool;
  /** Built-in tools this server cannot serve: not offered to the model when it is in use. */
  unsupportedTools: readonly string[];
  /**
   * The call for `GET api/v2/<segments>` (segments still percent-encoded), or the answer when
   * the server has no tool for it. `tools`: the server's tools that passed the gate.
   */
  plan(segments: string[], query: URLSearchParams, tools: ReadonlyMap<string, Tool>): RemotePlan | RestAnswer;
}

/** 501 with a sentence: what this server cannot read. */
export function notOffered(flavor: McpFlavor, what: string): RestAnswer {
  return { status: 501, body: { detail: `the MCP server on this Airflow (${flavor}) offers no read tool for ${what}` } };
}

/** The path for a sentence: segments decoded (`manual__2026-01-01T00:00:00+00:00`). */
export function readable(segments: string[]): string {
  return segments.map((s) => decodeURIComponent(s)).join('/');
}

/** Path parameters if `segments` fit `template` (`dags/{dag_id}/details`), else null. */
export function matchTemplate(template: string, segments: string[]): Record<string, string> | null {
  const parts = template.split('/').filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = decodeURIComponent(segments[i]!);
    const param = /^\{(.+)\}$/.exec(part)?.[1];
    if (param) params[param] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

/** How many literal (non-parameter) parts a template has: the more, the better a match. */
export function literalCount(template: string): number {
  return template.split('/').filter((p) => p && !p.startsWith('{')).length;
}
