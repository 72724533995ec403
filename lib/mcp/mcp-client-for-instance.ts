import type { AirflowClient } from '../airflow/api-client';
import { readSessionToken as readSessionCookie } from '../airflow/session';
import { buildAirflowMcpServer, connectInProcess, BUILTIN_READ_TOOL_NAMES } from './index';
import { gateMcpClient, knownByName, type McpToolClient } from './gate';
import { createAirflowClientOverMcp, discoverMcpServer, type McpFlavor, type Probe } from './remote';

/**
 * One MCP client per Airflow instance: the model's tools. The path is one-directional:
 *
 *   remote MCP server (gated) -> adapter -> built-in read tools (gated) -> model
 *   or: REST API (api-client, the user's session) -> built-in read tools (gated) -> model
 *
 * The model always gets the built-in read tools (lib/mcp/tools/), never a remote server's own.
 * What reads Airflow for them is chosen per instance: the MCP server on the user's Airflow when
 * there is one (a URL the user configured, else `{base}mcp/` or `{base}mcp/v1/`;
 * remote/discover.ts), otherwise the direct read-only API client; never both for one instance.
 * Either way the model sees the same tools and gets the same answers (remote/airflow-over-mcp.ts
 * says why). Nothing else reads through the remote server: the triage card, suggestions and page
 * enrichment read the REST API with the same session.
 *
 * Each server's tool list passes the read-only gate (gate.ts) once, where it enters the worker:
 * the remote one in discovery (what the adapter may call), the built-in one in serveReadTools
 * (what the model is offered). Callers get gated clients only and do not gate again.
 *
 * The choice is cached per instance and made again after the remote server failed, after
 * RECHECK_MS without one, and when the preference changes.
 */
export type McpPreference = { mode: 'auto' } | { mode: 'builtin' } | { mode: 'url'; url: string };

/** Which server answers for an instance, for the panel and the options page. */
export interface McpInUse {
  kind: 'builtin' | 'remote';
  /** Remote: the MCP endpoint, its kind and name, and whether the user configured it. */
  url?: string;
  flavor?: McpFlavor;
  serverName?: string;
  source?: 'configured' | 'discovered' | 'forced';
  /** Built-in: why no remote server is used. */
  reason?: string;
  /** Built-in: the REST API it reads, when not `/api/v2` (Airflow 2's `/api/v1`). */
  api?: '/api/v1';
  tried: Probe[];
  checkedAt: number;
}

export interface McpClientsOptions {
  /** The user's session token for an instance; default: its `_token` cookie. */
  readSessionToken?: (instanceUrl: string) => Promise<string | null>;
  /** The user's choice for an instance; default `auto`. */
  preferenceFor?: (instanceUrl: string) => Promise<McpPreference>;
  /** Called when the server in use for an instance changes. */
  onChange?: (instanceUrl: string, inUse: McpInUse) => void;
  /**
   * The REST API the instance serves; default `/api/v2`. On `/api/v1` (Airflow 2) no MCP server is
   * probed: neither MCP plugin runs on Airflow 2, and its session is not a token one could be given.
   */
  restApiOf?: (instanceUrl: string) => Promise<'/api/v1' | '/api/v2'>;
  fetch?: typeof fetch;
  now?: () => number;
}

/** How long "no MCP server here" is believed before probing again. */
export const RECHECK_MS = 5 * 60_000;
/** How long a replaced client stays open for answers still using it. */
const CLOSE_AFTER_MS = 5 * 60_000;

/** The tools the model may use: the built-in server's, whichever server reads Airflow for them. */
export const ASSISTANT_READ_TOOL_NAMES: readonly string[] = BUILTIN_READ_TOOL_NAMES;

interface Entry {
  /** The preference it was made for. */
  key: string;
  served: Promise<McpToolClient>;
  expiresAt: number;
  close(): Promise<void>;
}

export function createMcpClients(airflowClientFor: (instanceUrl: string) => AirflowClient, options: McpClientsOptions = {}) {
  const readToken = options.readSessionToken ?? readSessionCookie;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inUse = new Map<string, McpInUse>();

  function forget(instanceUrl: string, entry?: Entry) {
    const current = entries.get(instanceUrl);
    if (!current || (entry && current !== entry)) return;
    entries.delete(instanceUrl);
    // An answer may still be using it: close it once that is surely over.
    setTimeout(() => void current.close().catch(() => {}), CLOSE_AFTER_MS);
  }

  function record(instanceUrl: string, next: McpInUse) {
    const previous = inUse.get(instanceUrl);
    inUse.set(instanceUrl, next);
    if (previous?.kind !== next.kind || previous?.url !== next.url) options.onChange?.(instanceUrl, next);
  }

  /** Finds the server for the instance and serves the read tools over it. */
  async function connect(instanceUrl: string, preference: McpPreference, entry: Entry, closers: (() => Promise<void>)[]): Promise<McpToolClient> {
    const builtin = (why: Omit<McpInUse, 'kind' | 'checkedAt'>) => {
      record(instanceUrl, { kind: 'builtin', checkedAt: now(), ...why });
      return serveReadTools(airflowClientFor(instanceUrl), ASSISTANT_READ_TOOL_NAMES, closers);
    };
    if (preference.mode === 'builtin') return builtin({ reason: 'chosen in the options', tried: [] });
    if ((await options.restApiOf?.(instanceUrl)) === '/api/v1') return builtin({ reason: 'Airflow 2 has no MCP plugin to use', tried: [], api: '/api/v1' });

    const choice = await discoverMcpServer({
      instanceUrl,
      getToken: () => readToken(instanceUrl),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(preference.mode === 'url' ? { configuredUrl: preference.url, onlyConfigured: true } : {}),
    });
    if (choice.kind === 'builtin') {
      entry.expiresAt = choice.conclusive ? now() + RECHECK_MS : now();
      return builtin({ reason: choice.reason, tried: choice.tried });
    }
    closers.push(() => choice.close());
    const over = createAirflowClientOverMcp({
      baseUrl: airflowClientFor(instanceUrl).baseUrl,
      remote: choice.remote,
      tools: new Map(choice.tools.map((t) => [t.name, t])),
      adapter: choice.adapter,
      // The next question finds out again which server answers.
      onServerFailure: () => forget(instanceUrl, entry),
    });
    record(instanceUrl, {
      kind: 'remote',
      url: choice.url,
      flavor: choice.flavor,
      serverName: choice.serverName,
      source: preference.mode === 'url' ? 'forced' : choice.source,
      tried: choice.tried,
      checkedAt: now(),
    });
    return serveReadTools(over, ASSISTANT_READ_TOOL_NAMES.filter((name) => !choice.adapter.unsupportedTools.includes(name)), closers);
  }

  async function served(instanceUrl: string): Promise<McpToolClient> {
    const preference = (await options.preferenceFor?.(instanceUrl)) ?? { mode: 'auto' };
    const key = JSON.stringify(preference);
    const known = entries.get(instanceUrl);
    if (known && known.key === key && known.expiresAt > now()) return known.served;
    if (known) forget(instanceUrl, known);
    const closers: (() => Promise<void>)[] = [];
    const entry = { key, expiresAt: Infinity, close: async () => void (await Promise.all(closers.map((close) => close()))) } as Entry;
    entry.served = connect(instanceUrl, preference, entry, closers);
    entry.served.catch(() => forget(instanceUrl, entry));
    entries.set(instanceUrl, entry);
    return entry.served;
  }

  const mcpClientFor = (instanceUrl: string): Promise<McpToolClient> => served(instanceUrl);

  return Object.assign(mcpClientFor, {
    /** Which server answers for the instance (undefined until the first question). */
    inUse: (instanceUrl: string): McpInUse | undefined => inUse.get(instanceUrl),
    /**
     * Which server answers, and when that is not known yet, start finding out (with the user's
     * session only; `onChange` reports the answer). The panel shows it before the first question,
     * and that question does not wait for the discovery.
     */
    inUseOrDiscover: (instanceUrl: string): McpInUse | undefined => {
      const known = inUse.get(instanceUrl);
      if (!known && !entries.has(instanceUrl)) {
        void Promise.resolve(readToken(instanceUrl))
          .then((token) => (token && !entries.has(instanceUrl) ? served(instanceUrl) : undefined))
          .catch(() => {});
      }
      return known;
    },
    /** Check again at the next question (e.g. after the user changed the MCP settings). */
    forget: (instanceUrl: string) => forget(instanceUrl),
  });
}

/** The built-in read tools over `client`, in-process, behind the gate with the names offered: the model's tool list enters here. */
async function serveReadTools(client: AirflowClient, offered: readonly string[], closers: (() => Promise<void>)[]): Promise<McpToolClient> {
  const mcp = await connectInProcess(buildAirflowMcpServer(client));
  closers.push(() => mcp.close());
  return gateMcpClient(mcp, knownByName(offered));
}

/** One line for the panel and the options page: which server the assistant's tools go through. */
export function describeMcpServer(inUse: McpInUse | undefined): string | null {
  if (!inUse) return null;
  if (inUse.kind === 'builtin') return `Built-in read-only tools over ${inUse.api ?? '/api/v2'}${inUse.reason ? ` (${inUse.reason})` : ''}`;
  const name = inUse.flavor ?? inUse.serverName ?? 'MCP server';
  return `${name} on your Airflow (${inUse.url ?? ''}, ${inUse.source ?? 'discovered'})`;
}
