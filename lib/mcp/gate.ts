import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AIRFLOW_REST_GET_OPERATIONS } from './airflow-rest-get-operations';
import { BUILTIN_READ_TOOL_NAMES } from './tools';

/**
 * The read-only gate: the one place every MCP tool list passes before the model sees it, and
 * every tool call passes before it reaches a server (issue 6, item 1). A tool is kept only if
 * 1. its name does not say it changes something (trigger, clear, delete, pause, login, wait…),
 * 2. it declares itself read-only, and nothing it declares contradicts that, and
 * 3. the policy knows it as a read tool (a name list, or GET operations of the REST API: name
 *    and path exactly), and
 * 4. no other tool in the list has its name (which of the two would a call reach?).
 * "Declares read-only" is MCP's `annotations.readOnlyHint: true`, or - for tools generated from
 * Airflow's OpenAPI spec, which carry `_meta: {path, method}` and no annotations
 * (airflow-mcp-plugin 0.2.0) - `_meta.method` GET. `readOnlyHint: false`, `destructiveHint: true`
 * (a read-only tool cannot destroy anything: the hints contradict) or a method other than GET
 * drops the tool whatever else it says. A call to a tool that is not in the gated list gets a
 * refusal result, so neither a model nor a bug can reach a write tool by name.
 *
 * Applied once per server, where its tools enter the worker (lib/mcp/mcp-client-for-instance.ts):
 * the remote server's in discovery (remote/discover.ts: what the adapter may call), the built-in
 * server's when it is connected (what the model is offered). Nothing downstream gates again.
 */
export type KnownReadTool = (tool: Tool) => boolean;

export type McpToolClient = Pick<Client, 'listTools' | 'callTool'>;

// Words that name a change anywhere in a tool name (`trigger_dag_and_wait`, `post_clear_task_instances`).
const CHANGE_WORDS = new Set([
  'trigger', 'clear', 'delete', 'remove', 'patch', 'pause', 'unpause', 'backfill', 'backfills', 'post', 'put',
  'update', 'create', 'upsert', 'insert', 'login', 'logout', 'kill', 'cancel', 'stop', 'materialize', 'reparse',
  'enqueue', 'test', 'bulk', 'wait', 'terminate',
]);
// Verbs that name a change when a name starts with them; later they are nouns (`get_dag_run`, `get_asset_set`).
const CHANGE_VERBS = new Set(['run', 'set', 'mark', 'add', 'edit', 'write', 'execute', 'start', 'restart', 'resume', 'retry', 'reset', 'approve', 'reject', 'send']);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True if the tool's name says it changes state (or long-polls), whatever it declares. */
export function isStateChangingToolName(name: string): boolean {
  const words = nameWords(name);
  return words.some((w) => CHANGE_WORDS.has(w)) || CHANGE_VERBS.has(words[0] ?? '');
}

function operationOf(tool: Tool): { path?: string; method?: string } {
  const meta = (tool._meta ?? {}) as { path?: unknown; method?: unknown };
  return {
    ...(typeof meta.path === 'string' ? { path: meta.path } : {}),
    ...(typeof meta.method === 'string' ? { method: meta.method.toUpperCase() } : {}),
  };
}

/** What the tool declares against being read-only, or null. */
function contradiction(tool: Tool): string | null {
  const { method } = operationOf(tool);
  if (tool.annotations?.readOnlyHint === false) return 'it declares readOnlyHint: false';
  if (tool.annotations?.destructiveHint === true) return 'it declares destructiveHint: true, which no read-only tool can be';
  if (method !== undefined && method !== 'GET') return `its operation is a ${method}`;
  return null;
}

export function declaresReadOnly(tool: Tool): boolean {
  if (contradiction(tool)) return false;
  return tool.annotations?.readOnlyHint === true || operationOf(tool).method === 'GET';
}

/** Why the gate drops `tool`, or null if the model may see it. */
export function gateVerdict(tool: Tool, isKnownReadTool: KnownReadTool): string | null {
  if (isStateChangingToolName(tool.name)) return 'its name says it changes something';
  const against = contradiction(tool);
  if (against) return `${against}: its declarations contradict a read`;
  if (!declaresReadOnly(tool)) return 'it does not declare itself read-only';
  if (!isKnownReadTool(tool)) return 'it is not a known read tool';
  return null;
}

export function gateTools(tools: Tool[], isKnownReadTool: KnownReadTool): { allowed: Tool[]; dropped: { name: string; why: string }[] } {
  const allowed: Tool[] = [];
  const dropped: { name: string; why: string }[] = [];
  const listed = new Map<string, number>();
  for (const tool of tools) listed.set(tool.name, (listed.get(tool.name) ?? 0) + 1);
  for (const tool of tools) {
    const why = (listed.get(tool.name) ?? 0) > 1 ? 'the server lists more than one tool of that name' : gateVerdict(tool, isKnownReadTool);
    if (why) dropped.push({ name: tool.name, why });
    else allowed.push(tool);
  }
  return { allowed, dropped };
}

// ---------------------------------------------------------------------------------------------
// Known read tools

/** Names as a policy. */
export function knownByName(names: Iterable<string>): KnownReadTool {
  const known = new Set(names);
  return (tool) => known.has(tool.name);
}

/** The built-in server's tools: the only names the model is ever offered. */
export const isBuiltinReadTool: KnownReadTool = knownByName(BUILTIN_READ_TOOL_NAMES);

/**
 * airflow-mcp-plugin: one tool per REST operation. Known read tools are Airflow's GET operations,
 * name and path exactly as Airflow's API defines them (AIRFLOW_REST_GET_OPERATIONS), never
 * `/api/v2/auth/*` (`login`, and `logout`, which ends the user's session) or `…/wait`
 * (`wait_dag_run_until_finished`, a long poll).
 */
export const isRestGetOperation: KnownReadTool = (tool) => {
  const { path, method } = operationOf(tool);
  if (method !== 'GET' || !path) return false;
  if (!Object.hasOwn(AIRFLOW_REST_GET_OPERATIONS, tool.name) || AIRFLOW_REST_GET_OPERATIONS[tool.name] !== path) return false;
  return path.startsWith('/api/v2/') && !path.startsWith('/api/v2/auth/') && !/\/wait$/.test(path);
};

/** astro-airflow-mcp 0.9.1: its 27 read tools (its 7 writes and anything newer are unknown). */
export const ASTRO_AIRFLOW_MCP_READ_TOOLS = [
  'list_dags', 'get_dag_details', 'get_dag_source', 'get_dag_stats', 'list_dag_runs', 'get_dag_run',
  'get_task', 'list_tasks', 'get_task_instance', 'get_task_logs', 'list_dag_warnings', 'list_import_errors',
  'explore_dag', 'diagnose_dag_run', 'get_system_health', 'list_connections', 'get_variable', 'list_variables',
  'get_airflow_version', 'get_airflow_config', 'get_pool', 'list_pools', 'list_plugins', 'list_providers',
  'list_assets', 'list_asset_events', 'get_upstream_asset_events',
] as const;

/** Its writes, for tests that prove they never get through. */
export const ASTRO_AIRFLOW_MCP_WRITE_TOOLS = [
  'pause_dag', 'unpause_dag', 'trigger_dag', 'trigger_dag_and_wait', 'delete_dag_run', 'clear_dag_run', 'clear_task_instances',
] as const;

export const isAstroReadTool: KnownReadTool = knownByName(ASTRO_AIRFLOW_MCP_READ_TOOLS);

// ---------------------------------------------------------------------------------------------
// The gate on a client: listing and calling

export function refusal(name: string): CallToolResult {
  const message = `Refused: "${name}" is not one of the read-only tools this assistant may use. It only reads from Airflow and cannot change anything.`;
  return { isError: true, content: [{ type: 'text', text: message }], structuredContent: { error: { kind: 'refused', status: null, message } } };
}

/**
 * `client` behind the gate: `listTools` returns only what passes (all pages), `callTool` of
 * anything else returns `refusal(name)` without reaching the server. `listed`: the server's tool
 * list when it was just read (discovery reads it to tell which server this is), so it is not
 * asked twice.
 */
export function gateMcpClient(client: McpToolClient, isKnownReadTool: KnownReadTool, listed?: readonly Tool[]): McpToolClient & { allowedToolNames(): Promise<Set<string>> } {
  let allowed: Promise<Set<string>> | undefined;
  let prefetched = listed;

  const listTools = (async (params, options) => {
    const tools: Tool[] = [];
    if (prefetched && !params?.cursor) {
      for (const tool of prefetched) tools.push(tool);
      prefetched = undefined;
    } else {
      let cursor = params?.cursor;
      do {
        const page = await client.listTools(cursor ? { ...params, cursor } : params, options);
        // One by one: spreading a huge page into push() overflows the call stack.
        for (const tool of page.tools) tools.push(tool);
        cursor = page.nextCursor;
      } while (cursor);
    }
    const gated = gateTools(tools, isKnownReadTool).allowed;
    allowed = Promise.resolve(new Set(gated.map((t) => t.name)));
    return { tools: gated };
  }) as McpToolClient['listTools'];

  const allowedToolNames = () => (allowed ??= listTools().then(({ tools }) => new Set(tools.map((t) => t.name))));

  const callTool = (async (params, resultSchema, options) => {
    if (!(await allowedToolNames()).has(params.name)) return refusal(params.name);
    return client.callTool(params, resultSchema, options);
  }) as McpToolClient['callTool'];

  return { listTools, callTool, allowedToolNames };
}
