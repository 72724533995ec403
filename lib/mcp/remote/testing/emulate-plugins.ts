// Test helper: MCP stand-ins that answer like the two Airflow plugins do, from recorded Airflow
// responses (lib/mcp/__fixtures__), with the plugins' real tool lists (../__fixtures__). The
// e2e suite runs the real plugins; these make the adapters testable in milliseconds.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { startMcpStandIn, type McpStandIn, type StandInTool } from '../../../../e2e/mcp-stand-in/server';
import { FIXTURES_DIR, type RecordedExchange } from '../../../airflow/testing/replay-fixture';

type Flavor = 'airflow-mcp-plugin' | 'astro-airflow-mcp';

const TOOL_LISTS: Record<Flavor, string> = {
  'airflow-mcp-plugin': 'airflow-mcp-plugin-0.2.0-tools.json',
  'astro-airflow-mcp': 'astro-airflow-mcp-0.9.1-tools.json',
};

export function recordedToolList(flavor: Flavor): Tool[] {
  const file = path.resolve(import.meta.dirname, '../__fixtures__', TOOL_LISTS[flavor]);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { tools: Tool[] }).tools;
}

function body(exchange: RecordedExchange): unknown {
  if (exchange.bodyFile) return JSON.parse(gunzipSync(fs.readFileSync(path.join(FIXTURES_DIR, exchange.bodyFile))).toString('utf8'));
  return exchange.body;
}

/** Path decoded, query as sorted `k=v` pairs: how two spellings of one request compare. */
function canonical(url: string, withQuery = true): string {
  const u = new URL(url, 'http://x/');
  const query = [...u.searchParams.entries()].map(([k, v]) => `${k}=${v}`).sort();
  return decodeURIComponent(u.pathname) + (withQuery && query.length ? `?${query.join('&')}` : '');
}

function lookup(exchanges: RecordedExchange[], url: string, withQuery = true): RecordedExchange | undefined {
  return exchanges.find((e) => canonical(e.url, withQuery) === canonical(url, withQuery));
}

/** airflow-mcp-plugin: the REST call its toolset.py makes, answered from the recording. */
function restOperationTool(tool: Tool, exchanges: RecordedExchange[], seen: string[]): StandInTool {
  const meta = tool._meta as { path: string };
  return {
    name: tool.name,
    inputSchema: tool.inputSchema,
    _meta: tool._meta as Record<string, unknown>,
    handler: (args) => {
      let p = meta.path;
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(args)) {
        if (p.includes(`{${key}}`)) p = p.replace(`{${key}}`, String(value));
        else for (const v of Array.isArray(value) ? value : [value]) query.append(key, typeof v === 'boolean' ? String(v) : String(v));
      }
      const url = `${p.slice(1)}${query.size ? `?${query}` : ''}`;
      seen.push(url);
      const exchange = lookup(exchanges, url);
      if (!exchange) return { isError: true, content: [{ type: 'text', text: `HTTP 599: no recording for ${url}` }] };
      if (exchange.status >= 400) return { isError: true, content: [{ type: 'text', text: `HTTP ${exchange.status}: ${JSON.stringify(body(exchange))}` }] };
      return { content: [], structuredContent: body(exchange) as Record<string, unknown> };
    },
  };
}

const json = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: { result: JSON.stringify(value, null, 2) } });

/** astro-airflow-mcp: the REST call each of its tools makes (ignoring the query), answered as it does. */
function astroTool(tool: Tool, exchanges: RecordedExchange[], seen: string[]): StandInTool {
  const rest = (url: string): unknown => {
    seen.push(url);
    const exchange = lookup(exchanges, url, false);
    if (!exchange) return { error: `Client error '404 Not Found' for url '${url}'`, error_type: 'NotFoundError' };
    if (exchange.status >= 400) return { error: `Client error '${exchange.status} X' for url '${url}'`, error_type: 'HTTPStatusError' };
    return body(exchange);
  };
  const wrap = (key: string, value: unknown) => {
    const v = value as Record<string, unknown>;
    return Array.isArray(v[key]) ? { [`total_${key}`]: v.total_entries, returned_count: (v[key] as unknown[]).length, [key]: v[key] } : v;
  };
  const run = (a: Record<string, unknown>) => `dags/${a.dag_id}/dagRuns/${a.dag_run_id}`;
  const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
    get_task_logs: (a) => rest(`api/v2/${run(a)}/taskInstances/${a.task_id}/logs/${a.try_number}`),
    get_task_instance: (a) => rest(`api/v2/${run(a)}/taskInstances/${a.task_id}`),
    diagnose_dag_run: (a) => ({ run_info: {}, task_instances: (rest(`api/v2/${run(a)}/taskInstances`) as { task_instances?: unknown }).task_instances }),
    get_dag_source: (a) => rest(`api/v2/dagSources/${a.dag_id}`),
    list_dags: () => wrap('dags', rest('api/v2/dags')),
    list_dag_runs: (a) => wrap('dag_runs', rest(`api/v2/dags/${a.dag_id}/dagRuns`)),
    list_import_errors: () => wrap('import_errors', rest('api/v2/importErrors')),
    list_dag_warnings: () => wrap('dag_warnings', rest('api/v2/dagWarnings')),
    list_connections: () => wrap('connections', rest('api/v2/connections')),
    list_variables: () => wrap('variables', rest('api/v2/variables')),
  };
  return {
    name: tool.name,
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
    handler: (args) => json(handlers[tool.name]?.(args) ?? { error: 'not emulated', error_type: 'Exception' }),
  };
}

/**
 * A stand-in with the plugin's real tool list, answering from `exchanges`; `seen`: REST calls made.
 * `extraTools`: offered after the plugin's own (a newer version's, or a lying server's).
 */
export async function emulatePlugin(
  flavor: Flavor,
  exchanges: RecordedExchange[],
  { extraTools = [], ...opts }: { requireBearer?: string; extraTools?: StandInTool[] } = {},
): Promise<McpStandIn & { seen: string[] }> {
  const seen: string[] = [];
  const tools = recordedToolList(flavor).map((t) => (flavor === 'airflow-mcp-plugin' ? restOperationTool(t, exchanges, seen) : astroTool(t, exchanges, seen)));
  tools.push(...extraTools);
  const standIn = await startMcpStandIn({ tools, path: flavor === 'airflow-mcp-plugin' ? '/mcp/' : '/mcp/v1/', name: flavor, ...opts });
  return Object.assign(standIn, { seen });
}
