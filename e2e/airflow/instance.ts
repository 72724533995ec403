/**
 * Real Apache Airflow 3.3.2 for end-to-end tests.
 *
 * Starts `airflow api-server`, `scheduler`, `dag-processor` and `triggerer` as separate
 * child processes (each in its own process group) on 127.0.0.1, from the venv made by
 * `e2e/airflow/setup.sh`, with Dags from `e2e/dags`. Node 24, erasable TypeScript only.
 *
 * Nothing here is used by the extension itself: the harness may write (trigger runs,
 * unpause Dags) with an admin token; the extension must stay read-only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getFreePort, normalizeBasePath } from './addresses.ts';
import { buildEnv } from './environment.ts';
import { homeInUse, homeSecrets, reapStale } from './home.ts';
import { AIRFLOW_DIR, VENV_DIR, defaultLog, ensureVenv, lockHash, venvOf } from './install.ts';
import { mcpUrlOf, type AirflowPluginName } from './plugins.ts';
import { installExitHandlers, liveInstances, spawnInGroup, startWatchdog, stopGroups, tail, type GroupRecord } from './processes.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';
import { waitForHealth } from './rest.ts';
import { USERS } from './users.ts';
import { AIRFLOW_VERSION_FACTS, DEFAULT_AIRFLOW_MINOR, ensureAirflowVersionVenv, type AirflowMinor } from './versions.ts';

export const COMPONENTS = ['api-server', 'scheduler', 'dag-processor', 'triggerer'] as const;
export type Component = (typeof COMPONENTS)[number];

// ---------------------------------------------------------------------------------------------
// Public types

export interface StartOptions {
  /** API/UI port. Default: a free port from the OS. */
  port?: number;
  /** Path prefix for the UI/API, e.g. '/airflow/' (sets [api] base_url). Default '/'. */
  basePath?: string;
  /**
   * AIRFLOW_HOME. Default: `<repo>/.airflow/home` (re-used between starts: db migrate runs once);
   * if that home is in use by a live instance, `<repo>/.airflow/home-<port>` instead.
   */
  home?: string;
  /** Delete the home first (fresh DB, logs, run history). */
  fresh?: boolean;
  /** Extra environment for every component (e.g. AIRFLOW__API__EXPOSE_CONFIG: 'True'). */
  extraEnv?: Record<string, string>;
  /** How long to wait for all four components to be healthy. Default 180 s. */
  readyTimeoutMs?: number;
  /** Progress messages. Default: console.log with a prefix; pass () => {} to silence. */
  log?: (msg: string) => void;
  /**
   * MCP plugin installed in this Airflow (its own pinned venv, `.airflow/venv-<plugin>`,
   * installed on first use). Both plugins claim `{base}mcp`: one per start. Default 'none'.
   */
  plugin?: AirflowPluginName;
  /**
   * Put a recording proxy in front of the API server (recording-proxy.ts) and make its URL the
   * Airflow base URL (`baseUrl`, and Airflow's `[api] base_url`). Requests are appended to
   * `file` as JSON lines, labelled `instance` (default: the plugin name or 'main').
   */
  record?: { file: string; instance?: string };
  /**
   * Which Airflow minor version to run (versions.ts): its own pinned venv and, unless `home` is
   * given, its own home. Default '3.3' (the suite's). Other versions run without MCP plugins.
   */
  airflowVersion?: AirflowMinor;
}

export interface AirflowInstance {
  /**
   * e.g. http://127.0.0.1:PORT/ or http://127.0.0.1:PORT/airflow/ (always ends with '/').
   * With `record`, this is the recording proxy: use it for everything.
   */
  baseUrl: string;
  /** The API server itself, bypassing any recording proxy (same path). */
  apiServerUrl: string;
  /** Port of `baseUrl`. */
  port: number;
  plugin: AirflowPluginName;
  /** The Airflow minor version running. */
  airflowVersion: AirflowMinor;
  /** The plugin's MCP endpoint under `baseUrl`; undefined without a plugin. */
  mcpUrl?: string;
  /** The recording (JSON lines), when started with `record`. */
  recordFile?: string;
  basePath: string;
  home: string;
  /** Process-group leaders (one per component). */
  pids: number[];
  /** pid per component. */
  components: Record<Component, number>;
  /** Environment the components run with (use it to run `airflow ...` CLI commands). */
  env: Record<string, string>;
  /** Per-component log files (stdout+stderr). */
  logFiles: Record<Component, string>;
  /** ms from startAirflow() call to all-healthy. */
  readyMs: number;
  stop(): Promise<void>;
}

function runAirflowSync(env: Record<string, string>, args: string[], logFile: string): void {
  const fd = fs.openSync(logFile, 'a');
  try {
    const r = spawnSync(path.join(env.VIRTUAL_ENV ?? VENV_DIR, 'bin', 'airflow'), args, {
      env,
      cwd: env.AIRFLOW_HOME,
      stdio: ['ignore', fd, fd],
    });
    if (r.status !== 0) {
      throw new Error(`airflow ${args.join(' ')} failed (exit ${r.status}); log ${logFile}:\n${tail(logFile)}`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

export async function startAirflow(opts: StartOptions = {}): Promise<AirflowInstance> {
  const log = opts.log ?? defaultLog;
  const plugin = opts.plugin ?? 'none';
  const airflowVersion = opts.airflowVersion ?? DEFAULT_AIRFLOW_MINOR;
  if (airflowVersion !== DEFAULT_AIRFLOW_MINOR && plugin !== 'none') throw new Error(`MCP plugins are pinned for Airflow ${DEFAULT_AIRFLOW_MINOR} only, not ${airflowVersion}`);
  await (airflowVersion === DEFAULT_AIRFLOW_MINOR ? ensureVenv(log, plugin) : ensureAirflowVersionVenv(airflowVersion, log));
  // The readiness clock starts after the install: an install is never charged to a start.
  const t0 = Date.now();

  const port = opts.port ?? (await getFreePort());
  const basePath = normalizeBasePath(opts.basePath);
  let home = opts.home ? path.resolve(opts.home) : (AIRFLOW_VERSION_FACTS[airflowVersion].home ?? path.join(AIRFLOW_DIR, 'home'));
  if (!opts.home && homeInUse(home)) {
    home = `${home}-${port}`;
    log(`default home is in use by another live instance; using ${home}`);
  }
  if (opts.fresh) fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(path.join(home, 'rig-logs'), { recursive: true });
  reapStale(home, log);

  const secrets = homeSecrets(home);
  // Fixed passwords: the simple auth manager only generates passwords for users missing here.
  const passwords: Record<string, string> = {};
  for (const u of Object.values(USERS)) passwords[u.username] = u.password;
  fs.writeFileSync(
    path.join(home, 'simple_auth_manager_passwords.json.generated'),
    JSON.stringify(passwords),
  );

  const apiServerUrl = `http://127.0.0.1:${port}${basePath}`;
  const proxy: RecordingProxy | undefined = opts.record
    ? await startRecordingProxy({ file: opts.record.file, instance: opts.record.instance ?? (plugin === 'none' ? 'main' : plugin), targetPort: port })
    : undefined;
  const baseUrl = proxy ? `${proxy.origin}${basePath}` : apiServerUrl;
  const env = buildEnv({
    home,
    port,
    basePath,
    secrets,
    logServerPort: await getFreePort(),
    triggerLogServerPort: await getFreePort(),
    plugin,
    airflowVersion,
    publicBaseUrl: baseUrl,
    extraEnv: opts.extraEnv,
  });

  // db migrate only once per home (and again if the pinned packages change).
  const marker = path.join(home, 'rig-db-migrated');
  const want = lockHash(venvOf(plugin, airflowVersion));
  let migrated = '';
  try {
    migrated = fs.readFileSync(marker, 'utf8').trim();
  } catch {
    // first start
  }
  if (migrated !== want || !fs.existsSync(path.join(home, 'airflow.db'))) {
    const tm = Date.now();
    log(`airflow db migrate (home ${home}) ...`);
    runAirflowSync(env, ['db', 'migrate'], path.join(home, 'rig-logs', 'db-migrate.log'));
    fs.writeFileSync(marker, want);
    log(`db migrate done in ${((Date.now() - tm) / 1000).toFixed(1)} s`);
  } else {
    log(`re-using migrated home ${home}`);
  }

  installExitHandlers();
  const logFiles = {} as Record<Component, string>;
  const components = {} as Record<Component, number>;
  const exited = new Map<Component, string>();
  const record: GroupRecord = { leaders: [], solo: [] };
  liveInstances.add(record);

  const args: Record<Component, string[]> = {
    'api-server': ['api-server', '--host', '127.0.0.1', '--port', String(port)],
    scheduler: ['scheduler'],
    'dag-processor': ['dag-processor'],
    triggerer: ['triggerer'],
  };
  for (const c of COMPONENTS) {
    logFiles[c] = path.join(home, 'rig-logs', `${c}.log`);
    const child = spawnInGroup(path.join(venvOf(plugin, airflowVersion), 'bin', 'airflow'), args[c], {
      env,
      cwd: home,
      logFile: logFiles[c],
      onExit: (why) => exited.set(c, why),
    });
    components[c] = child.pid;
    record.leaders.push(child.pid);
    if (c === 'triggerer') record.solo.push(child.pid);
  }
  record.watchdog = startWatchdog(record.leaders);
  fs.writeFileSync(
    path.join(home, 'rig-pids.json'),
    JSON.stringify({ ownerPid: process.pid, leaders: record.leaders, port, components } , null, 2),
  );
  log(
    `started ${COMPONENTS.map((c) => `${c}=${components[c]}`).join(' ')} on ${baseUrl}${proxy ? ` (recording proxy for ${apiServerUrl})` : ''}${plugin !== 'none' ? ` with ${plugin}` : ''} (logs ${path.join(home, 'rig-logs')})`,
  );

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const t1 = Date.now();
    // Proxy first: its keep-alive connections would hold up the API server's graceful shutdown.
    await proxy?.close();
    try {
      await stopGroups(record, log);
    } finally {
      fs.rmSync(path.join(home, 'rig-pids.json'), { force: true });
    }
    log(`stopped in ${((Date.now() - t1) / 1000).toFixed(1)} s (${baseUrl})`);
  };

  // Wait until every component reports healthy with a heartbeat from *this* start
  // (a re-used home may still hold recent heartbeats of a previous instance).
  const startedAt = Date.now() - 5000;
  const health = await waitForHealth(
    baseUrl,
    (h) => {
      const fresh = (k: string, hb: string) => {
        const v = h[k]?.[hb];
        return typeof v === 'string' && Date.parse(v) >= startedAt;
      };
      return (
        h.metadatabase?.status === 'healthy' &&
        h.scheduler?.status === 'healthy' &&
        h.triggerer?.status === 'healthy' &&
        h.dag_processor?.status === 'healthy' &&
        fresh('scheduler', 'latest_scheduler_heartbeat') &&
        fresh('triggerer', 'latest_triggerer_heartbeat') &&
        fresh('dag_processor', 'latest_dag_processor_heartbeat')
      );
    },
    {
      what: 'every component healthy with a heartbeat from this start',
      timeoutMs: opts.readyTimeoutMs ?? 180_000,
      failed: () => {
        const first = [...exited][0];
        return first ? `airflow ${first[0]} exited early (${first[1]})` : undefined;
      },
    },
  );
  if (!health.ready) {
    const logs = COMPONENTS.map(
      (c) => `----- ${c} (${exited.get(c) ?? 'running'}) ${logFiles[c]} -----\n${tail(logFiles[c], 30)}`,
    ).join('\n');
    await stop().catch(() => {});
    throw new Error(`Airflow did not become ready: ${health.why}\n${logs}`);
  }
  const readyMs = Date.now() - t0;
  log(`ready in ${(readyMs / 1000).toFixed(1)} s: ${baseUrl}`);

  return {
    baseUrl,
    apiServerUrl,
    port: proxy?.port ?? port,
    plugin,
    airflowVersion,
    ...(plugin !== 'none' ? { mcpUrl: mcpUrlOf(baseUrl, plugin) } : {}),
    ...(proxy ? { recordFile: proxy.file } : {}),
    basePath,
    home,
    pids: [...record.leaders],
    components,
    env,
    logFiles,
    readyMs,
    stop,
  };
}
