/**
 * One more `airflow api-server` for a running rig, from a venv with an MCP plugin: the way a
 * plugin is deployed for real (every API server replica of a deployment loads it). The replica
 * shares the rig's AIRFLOW_HOME - metadata DB, logs, JWT secret - so it serves the same Dags,
 * runs and users, and a session from one works on the other; it needs no scheduler of its own
 * and is ready in ~10 s instead of a whole new Airflow with its own Dag runs (2 cores!).
 */
import path from 'node:path';
import { USERS, getFreePort, getToken, waitForHealth, type AirflowInstance } from './harness.ts';
import { PLUGIN_FACTS, ensureVenv, mcpUrlOf, type AirflowPluginName } from './plugins.ts';
import { installExitHandlers, liveInstances, sleep, spawnInGroup, startWatchdog, stopGroups, tail, type GroupRecord } from './processes.ts';
import { RIG_CLIENT_HEADER, startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

export interface ApiServerReplica {
  /** Public base URL (the recording proxy when recording), ends with '/'. */
  baseUrl: string;
  apiServerUrl: string;
  plugin: AirflowPluginName;
  /** The plugin's MCP endpoint under `baseUrl`. */
  mcpUrl?: string;
  recordFile?: string;
  pid: number;
  logFile: string;
  readyMs: number;
  stop(): Promise<void>;
}

export async function startApiServer(
  rig: Pick<AirflowInstance, 'env' | 'home' | 'basePath'>,
  opts: {
    plugin: AirflowPluginName;
    record?: { file: string; instance?: string };
    log?: (msg: string) => void;
    readyTimeoutMs?: number;
  },
): Promise<ApiServerReplica> {
  const log = opts.log ?? ((m: string) => console.log(`[airflow ${opts.plugin}] ${m}`));
  await ensureVenv(opts.plugin, log);
  // The readiness clock starts after the install (the global setup installs every plugin venv
  // before any test; here it is a ~0.1 s check): an install is never charged to a start.
  const t0 = Date.now();
  const venv = PLUGIN_FACTS[opts.plugin].venv;
  const port = await getFreePort();
  const apiServerUrl = `http://127.0.0.1:${port}${rig.basePath}`;
  const proxy: RecordingProxy | undefined = opts.record
    ? await startRecordingProxy({ file: opts.record.file, instance: opts.record.instance ?? opts.plugin, targetPort: port })
    : undefined;
  const baseUrl = proxy ? `${proxy.origin}${rig.basePath}` : apiServerUrl;

  const { AIRFLOW_API_URL: _unused, ...shared } = rig.env;
  const env: Record<string, string> = {
    ...shared,
    PATH: `${path.join(venv, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    VIRTUAL_ENV: venv,
    AIRFLOW__API__PORT: String(port),
    AIRFLOW__API__BASE_URL: baseUrl,
    // astro-airflow-mcp calls the REST API at http://localhost:{[api] port} unless told otherwise.
    ...(opts.plugin === 'astro-airflow-mcp' ? { AIRFLOW_API_URL: baseUrl.replace(/\/$/, '') } : {}),
  };

  installExitHandlers();
  const record: GroupRecord = { leaders: [], solo: [] };
  liveInstances.add(record);
  const logFile = path.join(rig.home, 'rig-logs', `api-server-${opts.plugin}-${port}.log`);
  let exited: string | undefined;
  const child = spawnInGroup(path.join(venv, 'bin', 'airflow'), ['api-server', '--host', '127.0.0.1', '--port', String(port)], {
    env,
    cwd: rig.home,
    logFile,
    onExit: (why) => {
      exited = why;
    },
  });
  record.leaders.push(child.pid);
  record.watchdog = startWatchdog(record.leaders);
  log(`started api-server ${child.pid} with ${opts.plugin} on ${baseUrl} (log ${logFile})`);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Proxy first: its keep-alive connections would hold up the API server's graceful shutdown.
    await proxy?.close();
    await stopGroups(record, log);
    log(`stopped (${baseUrl})`);
  };

  const timeoutMs = opts.readyTimeoutMs ?? 90_000;
  const failed = () => (exited ? `api-server exited early (${exited})` : undefined);
  const health = await waitForHealth(baseUrl, (h) => h.metadatabase?.status === 'healthy', { timeoutMs, failed, what: 'a healthy metadatabase' });
  const mcpUrl = mcpUrlOf(baseUrl, opts.plugin);
  const mcp = health.ready && mcpUrl ? await waitForMcp(baseUrl, mcpUrl, t0 + timeoutMs, failed) : health;
  if (!mcp.ready) {
    await stop().catch(() => {});
    throw new Error(`api-server with ${opts.plugin} did not become ready: ${mcp.why}\n${tail(logFile, 30)}`);
  }
  const readyMs = Date.now() - t0;
  log(`ready in ${(readyMs / 1000).toFixed(1)} s: ${mcpUrl ?? baseUrl}`);
  return {
    baseUrl,
    apiServerUrl,
    plugin: opts.plugin,
    ...(mcpUrl ? { mcpUrl } : {}),
    ...(proxy ? { recordFile: proxy.file } : {}),
    pid: child.pid,
    logFile,
    readyMs,
    stop,
  };
}

/** Until the plugin answers an MCP `initialize` (as the harness, with an admin token). */
async function waitForMcp(
  baseUrl: string,
  mcpUrl: string,
  deadline: number,
  failed: () => string | undefined,
): Promise<{ ready: true } | { ready: false; why: string }> {
  const t0 = Date.now();
  const token = await getToken(baseUrl, USERS.admin.username, USERS.admin.password);
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'rig', version: '0' } },
  });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const why = failed();
    if (why) return { ready: false, why };
    try {
      const res = await fetch(mcpUrl, {
        method: 'POST',
        headers: {
          [RIG_CLIENT_HEADER]: 'harness',
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (res.ok && text.includes('"serverInfo"')) return { ready: true };
      last = `${res.status} ${text.slice(0, 300)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(500);
  }
  const waited = ((Date.now() - t0) / 1000).toFixed(1);
  return { ready: false, why: `waited ${waited} s for MCP endpoint ${mcpUrl} to answer initialize (as admin); last answer: ${last}` };
}
