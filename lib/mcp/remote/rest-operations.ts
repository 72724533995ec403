import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { isRestGetOperation } from '../gate';
import { literalCount, matchTemplate, notOffered, readable, type RemoteAdapter } from './adapter';
import { readRestOperationResult } from './results';

/**
 * airflow-mcp-plugin 0.2.0: one tool per GET operation of Airflow's REST API, named by
 * operationId, with `_meta: {path: "/api/v2/dags/{dag_id}", method: "GET"}`. Any GET the built-in
 * tools make maps to the operation with that path template; path and query parameters become
 * the tool's arguments; the result is the REST answer itself (`structuredContent`). Logs come
 * page by page as the API gives them, and read_task_log windows them as it always does.
 *
 * The match is exact, never the first good one: of the templates that fit the path, the one with
 * the most literal segments (`…/{task_id}/tries` over `…/{task_id}/{map_index}`), and only if no
 * other fits as well; otherwise the read is refused with a sentence. (The gate already keeps
 * only Airflow's own operations, name and path, so this holds even if a server lies.)
 */
export const restOperationAdapter: RemoteAdapter = {
  flavor: 'airflow-mcp-plugin',
  isKnownReadTool: isRestGetOperation,
  unsupportedTools: [],
  plan(segments, query, tools) {
    const match = bestOperation(segments, tools);
    if (!match) return notOffered('airflow-mcp-plugin', `GET api/v2/${readable(segments)}`);
    if ('ambiguous' in match) {
      return { status: 502, body: { detail: `the MCP server on this Airflow (airflow-mcp-plugin) offers more than one operation for GET api/v2/${readable(segments)} (${match.ambiguous.join(', ')}); the assistant does not guess which` } };
    }
    const { tool, params } = match;
    const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
    const args: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(params)) args[name] = typed(value, properties[name]);
    for (const key of new Set(query.keys())) {
      // A filter the operation does not take would be dropped silently: say so instead.
      if (!(key in properties)) return { status: 400, body: { detail: `${tool.name} takes no "${key}" parameter` } };
      const values = query.getAll(key).map((v) => typed(v, properties[key]));
      args[key] = values.length > 1 || isArray(properties[key]) ? values : values[0];
    }
    return { tool: tool.name, args, read: readRestOperationResult };
  },
};

interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
}

function bestOperation(segments: string[], tools: ReadonlyMap<string, Tool>): { tool: Tool; params: Record<string, string> } | { ambiguous: string[] } | null {
  const fits: { tool: Tool; params: Record<string, string>; score: number }[] = [];
  for (const tool of tools.values()) {
    const path = (tool._meta as { path?: unknown } | undefined)?.path;
    if (typeof path !== 'string' || !path.startsWith('/api/v2/')) continue;
    const template = path.slice('/api/v2/'.length);
    const params = matchTemplate(template, segments);
    if (params) fits.push({ tool, params, score: literalCount(template) });
  }
  if (fits.length === 0) return null;
  // `…/{task_id}/tries` beats `…/{task_id}/{map_index}` for `…/transform/tries`.
  const top = Math.max(...fits.map((f) => f.score));
  const best = fits.filter((f) => f.score === top);
  if (best.length > 1) return { ambiguous: best.map((f) => f.tool.name).sort() };
  return { tool: best[0]!.tool, params: best[0]!.params };
}

function types(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  const own = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return [...own, ...(schema.anyOf ?? []).flatMap(types)];
}

const isArray = (schema: JsonSchema | undefined) => types(schema).includes('array');

function typed(value: string, schema: JsonSchema | undefined): unknown {
  const t = types(schema);
  if ((t.includes('integer') || t.includes('number')) && !t.includes('string') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (t.includes('boolean') && !t.includes('string') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
