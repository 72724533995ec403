import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { gateMcpClient, type McpToolClient } from '../gate';
import type { McpFlavor, RemoteAdapter } from './adapter';
import { astroAirflowMcpAdapter } from './astro-airflow-mcp';
import { connectRemoteMcp, type RemoteMcp, type RemoteMcpOptions } from './connect';
import { RemoteMcpError } from './errors';
import { restOperationAdapter } from './rest-operations';

/**
 * Which MCP server answers for an Airflow instance (issue 9): in order, the URL the user
 * configured, then `{base}mcp/` (airflow-mcp-plugin) and `{base}mcp/v1/` (astro-airflow-mcp) on
 * the Airflow itself, kept if one answers `initialize` and lists tools the extension can read
 * with; else the built-in server. The probes are POSTs of `initialize` (a plain Airflow answers
 * 404/405), with the user's session, like every later call. A server's tool list enters the
 * worker here, and here only it passes the read-only gate (lib/mcp/gate.ts) with its adapter's
 * policy: the choice holds the gated client, never the server itself.
 */
export type McpServerChoice =
  | {
      kind: 'remote';
      url: string;
      source: 'configured' | 'discovered';
      flavor: McpFlavor;
      adapter: RemoteAdapter;
      serverName: string;
      /** The server behind the read-only gate: a call of any other tool is refused here. */
      remote: McpToolClient;
      /** The server's tools that passed the gate. */
      tools: Tool[];
      close(): Promise<void>;
      /** What was tried before it (a configured URL that failed). */
      tried: Probe[];
    }
  | {
      kind: 'builtin';
      reason: string;
      /** False when a probe could not tell (no session yet): check again next time. */
      conclusive: boolean;
      tried: Probe[];
    };

export interface Probe {
  url: string;
  outcome: string;
}

export interface DiscoverOptions extends Pick<RemoteMcpOptions, 'getToken' | 'fetch' | 'timeoutMs'> {
  instanceUrl: string;
  /** A URL the user configured for this instance; tried first. */
  configuredUrl?: string | null;
  /** Only the configured URL (the user forced it); no probing of the Airflow. */
  onlyConfigured?: boolean;
  /** Per probe; default 8 s. */
  probeTimeoutMs?: number;
}

export function candidateUrls(instanceUrl: string, configuredUrl?: string | null, onlyConfigured = false): { url: string; source: 'configured' | 'discovered' }[] {
  const base = instanceUrl.endsWith('/') ? instanceUrl : `${instanceUrl}/`;
  const list = [
    ...(configuredUrl ? [{ url: configuredUrl, source: 'configured' as const }] : []),
    ...(onlyConfigured ? [] : ['mcp/', 'mcp/v1/'].map((p) => ({ url: new URL(p, base).href, source: 'discovered' as const }))),
  ];
  return list.filter((c, i) => list.findIndex((o) => o.url === c.url) === i);
}

/** The adapter for a server's tool list: REST operations (`_meta.path`), astro's names, or none. */
export function adapterFor(tools: Tool[]): RemoteAdapter | null {
  if (tools.some((t) => typeof (t._meta as { path?: unknown } | undefined)?.path === 'string' && String((t._meta as { path: string }).path).startsWith('/api/v2/'))) {
    return restOperationAdapter;
  }
  const names = new Set(tools.map((t) => t.name));
  if (names.has('get_task_logs') && names.has('list_dags') && names.has('diagnose_dag_run')) return astroAirflowMcpAdapter;
  return null;
}

export async function discoverMcpServer(options: DiscoverOptions): Promise<McpServerChoice> {
  const tried: Probe[] = [];
  let conclusive = true;
  for (const { url, source } of candidateUrls(options.instanceUrl, options.configuredUrl, options.onlyConfigured)) {
    let remote: RemoteMcp | undefined;
    try {
      remote = await connectRemoteMcp({
        url,
        instanceUrl: options.instanceUrl,
        getToken: options.getToken,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        connectTimeoutMs: options.probeTimeoutMs ?? 8000,
      });
      const { tools } = await remote.listTools();
      const adapter = adapterFor(tools);
      const gated = adapter ? gateMcpClient(remote, adapter.isKnownReadTool, tools) : null;
      const allowed = gated ? (await gated.listTools()).tools : [];
      if (!adapter || !gated || allowed.length === 0) {
        tried.push({ url, outcome: `${remote.serverName} offers no tools this assistant can read Airflow with` });
        await remote.close();
        continue;
      }
      const server = remote;
      return { kind: 'remote', url, source, flavor: adapter.flavor, adapter, serverName: remote.serverName, remote: gated, tools: allowed, close: () => server.close(), tried };
    } catch (error) {
      await remote?.close().catch(() => {});
      const e = error instanceof RemoteMcpError ? error : new RemoteMcpError('protocol', String(error), url);
      // Without a valid session a plugin answers 401: it may be there, we can't tell yet.
      if (e.kind === 'unauthenticated') conclusive = false;
      tried.push({ url, outcome: e.message });
    }
  }
  const reason = options.onlyConfigured
    ? `the configured MCP server could not be used (${tried[0]?.outcome ?? 'no URL'})`
    : conclusive
      ? 'no MCP server answers on this Airflow'
      : 'no Airflow session yet to ask its MCP server with';
  return { kind: 'builtin', reason, conclusive, tried };
}
