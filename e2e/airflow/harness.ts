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
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAGS_FOLDER, discoverDagIds, discoverImportErrorFiles } from './dags.ts';
import { PLUGIN_FACTS, ensureVenv as ensurePluginVenv, mcpUrlOf, type AirflowPluginName } from './plugins.ts';
import {
  installExitHandlers,
  killTreeSync,
  liveInstances,
  liveMembers,
  pidAlive,
  sleep,
  spawnInGroup,
  startWatchdog,
  stopGroups,
  tail,
  type GroupRecord,
} from './processes.ts';
import { RIG_CLIENT_HEADER, startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';
import { AIRFLOW_VERSION_FACTS, DEFAULT_AIRFLOW_MINOR, ensureAirflowVersionVenv, type AirflowMinor } from './versions.ts';

export { DAGS_FOLDER } from './dags.ts';
export { MCP_PLUGINS, mcpUrlOf, type AirflowPluginName } from './plugins.ts';
export { readRecording, type RecordedRequest } from './recording-proxy.ts';

// ---------------------------------------------------------------------------------------------
// Paths and constants

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const AIRFLOW_DIR = path.join(REPO_ROOT, '.airflow');
/** The venv without MCP plugins; plugin venvs are `.airflow/venv-<plugin>` (see plugins.ts). */
export const VENV_DIR = PLUGIN_FACTS.none.venv;
export const SETUP_SCRIPT = path.join(REPO_ROOT, 'e2e', 'airflow', 'setup.sh');
/** The venv an instance runs from: another Airflow version's (versions.ts), else the plugin's. */
const venvOf = (plugin: AirflowPluginName, minor: AirflowMinor = DEFAULT_AIRFLOW_MINOR) =>
  minor === DEFAULT_AIRFLOW_MINOR ? PLUGIN_FACTS[plugin].venv : AIRFLOW_VERSION_FACTS[minor].venv;

export interface AirflowUser {
  username: string;
  password: string;
  role: 'admin' | 'op' | 'user' | 'viewer';
}

/** Simple auth manager users with fixed passwords (written to the password file before start). */
export const USERS = {
  admin: { username: 'admin', password: 'admin', role: 'admin' },
  op: { username: 'op', password: 'op', role: 'op' },
  user: { username: 'user', password: 'user', role: 'user' },
  viewer: { username: 'viewer', password: 'viewer', role: 'viewer' },
} as const satisfies Record<string, AirflowUser>;

/** Dags in e2e/dags whose run must end `failed`: every `fail_*.py` (Dag id = file stem). */
export const FAILURE_DAG_IDS: readonly string[] = discoverDagIds('fail_');
/** Dags in e2e/dags whose run must end `success`: every `ok_*.py`. */
export const SUCCESS_DAG_IDS: readonly string[] = discoverDagIds('ok_');
/** Dag files that fail to import (listed by GET /api/v2/importErrors, no Dag id exists). */
export const IMPORT_ERROR_FILES: readonly string[] = discoverImportErrorFiles();
/** The first of them (`fail_import_error.py`), for callers that want one. */
export const IMPORT_ERROR_FILE = IMPORT_ERROR_FILES[0] ?? 'fail_import_error.py';

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

export type DagRunState = 'success' | 'failed';

// ---------------------------------------------------------------------------------------------
// Small helpers

function defaultLog(msg: string): void {
  console.log(`[airflow] ${msg}`);
}

export function normalizeBasePath(p: string | undefined): string {
  let s = (p ?? '/').trim();
  if (!s.startsWith('/')) s = '/' + s;
  if (!s.endsWith('/')) s += '/';
  return s.replace(/\/{2,}/g, '/');
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : u + '/';
}

export async function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Setup, home and environment

/** Runs e2e/airflow/setup.sh for the venv of `plugin` (~0.1 s when it is up to date). */
export function ensureVenv(log: (m: string) => void = defaultLog, plugin: AirflowPluginName = 'none'): Promise<void> {
  return ensurePluginVenv(plugin, log);
}

export interface HomeState {
  jwtSecret: string;
  secretKey: string;
  fernetKey: string;
}

function lockHash(venv: string): string {
  try {
    return fs.readFileSync(path.join(venv, '.requirements.lock.sha256'), 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

export function homeSecrets(home: string): HomeState {
  const file = path.join(home, 'rig-secrets.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HomeState;
  } catch {
    const s: HomeState = {
      jwtSecret: randomBytes(32).toString('hex'),
      secretKey: randomBytes(32).toString('hex'),
      // Fernet key: 32 url-safe base64 bytes
      fernetKey: randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    };
    fs.writeFileSync(file, JSON.stringify(s, null, 2));
    return s;
  }
}

interface PidFile {
  ownerPid: number;
  leaders: number[];
  port: number;
}

function readPidFile(home: string): PidFile | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(home, 'rig-pids.json'), 'utf8')) as PidFile;
  } catch {
    return null;
  }
}

/** True when the home's pid file names a live owner with live Airflow processes. */
function homeInUse(home: string): boolean {
  const pf = readPidFile(home);
  if (!pf) return false;
  return pidAlive(pf.ownerPid) && liveMembers(pf.leaders).length > 0;
}

/** Kills Airflow processes left behind in this home by a crashed run. */
function reapStale(home: string, log: (m: string) => void): void {
  const pf = readPidFile(home);
  if (!pf) return;
  const leaders = pf.leaders.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('airflow');
    } catch {
      return false;
    }
  });
  if (leaders.length) {
    log(`killing stale Airflow processes from a previous run in ${home}: ${leaders.join(', ')}`);
    const left = killTreeSync(leaders, 5000);
    if (left.length) throw new Error(`could not kill stale processes ${left.join(', ')}`);
  }
  fs.rmSync(path.join(home, 'rig-pids.json'), { force: true });
}

/**
 * The environment of every Airflow process of one start (and of extra API servers: see
 * api-server-replica.ts). `publicBaseUrl` is what browsers use (the recording proxy, if any);
 * the execution API that tasks call stays on the API server's own port.
 */
export function buildEnv(opts: {
  home: string;
  port: number;
  basePath: string;
  secrets: HomeState;
  logServerPort: number;
  triggerLogServerPort: number;
  plugin?: AirflowPluginName;
  airflowVersion?: AirflowMinor;
  publicBaseUrl?: string;
  extraEnv?: Record<string, string>;
}): Record<string, string> {
  const { home, port, basePath, secrets } = opts;
  const origin = `http://127.0.0.1:${port}`;
  const venv = venvOf(opts.plugin ?? 'none', opts.airflowVersion);
  const inherited: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Never leak an outer Airflow config into the rig.
    if (v === undefined || k.startsWith('AIRFLOW') || k === 'PYTHONPATH') continue;
    inherited[k] = v;
  }
  const publicBaseUrl = opts.publicBaseUrl ?? `${origin}${basePath}`;
  return {
    ...inherited,
    PATH: `${path.join(venv, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    VIRTUAL_ENV: venv,
    PYTHONUNBUFFERED: '1',
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: DAGS_FOLDER,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'False',
    AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
    AIRFLOW__CORE__PARALLELISM: '4',
    AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG: '4',
    AIRFLOW__CORE__FERNET_KEY: secrets.fernetKey,
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${origin}${basePath}execution/`,
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: Object.values(USERS)
      .map((u) => `${u.username}:${u.role}`)
      .join(','),
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: path.join(
      home,
      'simple_auth_manager_passwords.json.generated',
    ),
    AIRFLOW__API__HOST: '127.0.0.1',
    AIRFLOW__API__PORT: String(port),
    AIRFLOW__API__WORKERS: '1',
    AIRFLOW__API__BASE_URL: publicBaseUrl,
    AIRFLOW__API__SECRET_KEY: secrets.secretKey,
    AIRFLOW__API_AUTH__JWT_SECRET: secrets.jwtSecret,
    AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '5',
    AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL: '30',
    AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES: '2',
    AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT: String(opts.logServerPort),
    AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT: String(opts.triggerLogServerPort),
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: path.join(home, 'logs'),
    // Paths under this home, whatever airflow.cfg says: the shared home's cfg was written by the
    // checkout that made it (a worktree since removed left it pointing at a database that is gone).
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, 'airflow.db')}`,
    AIRFLOW__CORE__PLUGINS_FOLDER: path.join(home, 'plugins'),
    AIRFLOW__LOGGING__DAG_PROCESSOR_CHILD_PROCESS_LOG_DIRECTORY: path.join(home, 'logs', 'dag_processor'),
    // astro-airflow-mcp calls the REST API at http://localhost:{[api] port} unless told
    // otherwise: send it through the public URL (the recording proxy, and the base path).
    ...(opts.plugin === 'astro-airflow-mcp' ? { AIRFLOW_API_URL: publicBaseUrl.replace(/\/$/, '') } : {}),
    ...(opts.extraEnv ?? {}),
  };
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

/**
 * Waits for GET {baseUrl}api/v2/monitor/health to satisfy `ok` (`what` names the condition);
 * on failure says what it waited for, for how long, and the last answer.
 */
export async function waitForHealth(
  baseUrl: string,
  ok: (health: Record<string, { status?: string } & Record<string, unknown>>) => boolean,
  opts: { timeoutMs: number; failed: () => string | undefined; what?: string },
): Promise<{ ready: true } | { ready: false; why: string }> {
  const t0 = Date.now();
  const what = `${opts.what ?? 'a healthy answer'} from ${baseUrl}api/v2/monitor/health`;
  const waited = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  let last = 'no response yet';
  for (;;) {
    const failed = opts.failed();
    if (failed) return { ready: false, why: `${failed} while waiting ${waited()} for ${what}` };
    if (Date.now() - t0 > opts.timeoutMs) return { ready: false, why: `waited ${waited()} (limit ${opts.timeoutMs / 1000} s) for ${what}; last answer: ${last}` };
    try {
      const res = await fetch(`${baseUrl}api/v2/monitor/health`, { headers: { [RIG_CLIENT_HEADER]: 'harness' }, signal: AbortSignal.timeout(5000) });
      last = `${res.status} ${(await res.text()).slice(0, 600)}`;
      if (res.ok && ok(JSON.parse(last.slice(4)))) return { ready: true };
    } catch (e) {
      last = String((e as Error).message);
    }
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------
// Start / stop

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

// ---------------------------------------------------------------------------------------------
// REST helpers (harness side only; the extension never writes)

const tokenCache = new Map<string, { token: string; at: number }>();

/** POST {base}auth/token → access_token (simple auth manager). */
export async function getToken(baseUrl: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${withSlash(baseUrl)}auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [RIG_CLIENT_HEADER]: 'harness' },
    body: JSON.stringify({ username: user, password }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST auth/token for ${user}: ${res.status} ${text}`);
  const token = (JSON.parse(text) as { access_token?: string }).access_token;
  if (!token) throw new Error(`POST auth/token for ${user}: no access_token in ${text}`);
  return token;
}

async function adminToken(baseUrl: string): Promise<string> {
  const key = withSlash(baseUrl);
  const hit = tokenCache.get(key);
  if (hit && Date.now() - hit.at < 30 * 60_000) return hit.token;
  const token = await getToken(key, USERS.admin.username, USERS.admin.password);
  tokenCache.set(key, { token, at: Date.now() });
  return token;
}

/** Authenticated JSON request against {base}api/v2/<p> with an admin token (or the given one). */
export async function api<T = unknown>(
  baseUrl: string,
  p: string,
  init: { method?: string; body?: unknown; token?: string; accept?: string } = {},
): Promise<T> {
  const token = init.token ?? (await adminToken(baseUrl));
  const method = init.method ?? 'GET';
  // Retries transient failures (connection errors, 5xx such as SQLite "database is locked"
  // on a loaded 2-core machine). Non-GET requests are retried too: callers make them
  // idempotent (triggerDagRun sends its own dag_run_id and accepts 409 on a retry).
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${withSlash(baseUrl)}api/v2/${p.replace(/^\//, '')}`, {
        method,
        headers: {
          // Marks the harness's own requests in the recording (recording-proxy.ts).
          [RIG_CLIENT_HEADER]: 'harness',
          authorization: `Bearer ${token}`,
          accept: init.accept ?? 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      if (attempt < 4) {
        await sleep(500 * attempt);
        continue;
      }
      throw new Error(`${method} api/v2/${p}: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (res.status >= 500 && attempt < 4) {
      await sleep(500 * attempt);
      continue;
    }
    if (!res.ok) {
      const err = new Error(`${method} api/v2/${p}: ${res.status} ${text.slice(0, 500)}`) as Error & {
        status?: number;
        attempt?: number;
      };
      err.status = res.status;
      err.attempt = attempt;
      throw err;
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Waits until the dag-processor has parsed all dagIds; unpauses any that are paused. */
export async function waitForDags(
  baseUrl: string,
  dagIds: readonly string[],
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let missing: string[] = [...dagIds];
  for (;;) {
    const r = await api<{ dags: { dag_id: string; is_paused: boolean }[] }>(
      baseUrl,
      'dags?limit=100&only_active=true',
    );
    const byId = new Map(r.dags.map((d) => [d.dag_id, d]));
    missing = dagIds.filter((id) => !byId.has(id));
    for (const id of dagIds) {
      if (byId.get(id)?.is_paused) {
        await api(baseUrl, `dags/${encodeURIComponent(id)}`, { method: 'PATCH', body: { is_paused: false } });
      }
    }
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`Waited ${(opts.timeoutMs ?? 120_000) / 1000} s for the dag-processor to parse every Dag; still missing: ${missing.join(', ')}`);
    await sleep(1000);
  }
}

/** Triggers a Dag run via REST (admin); returns the dag_run_id. */
export async function triggerDagRun(
  baseUrl: string,
  dagId: string,
  opts: { conf?: Record<string, unknown>; runId?: string; note?: string } = {},
): Promise<string> {
  // Our own run id (same shape as Airflow's manual ones) makes a retried POST safe.
  const runId = opts.runId ?? `manual__${new Date().toISOString().replace('Z', '')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}+00:00`;
  const body: Record<string, unknown> = { logical_date: null, dag_run_id: runId };
  if (opts.conf) body.conf = opts.conf;
  if (opts.note) body.note = opts.note;
  try {
    const r = await api<{ dag_run_id: string }>(baseUrl, `dags/${encodeURIComponent(dagId)}/dagRuns`, {
      method: 'POST',
      body,
    });
    return r.dag_run_id;
  } catch (e) {
    const err = e as { status?: number; attempt?: number };
    if (err.status === 409 && (err.attempt ?? 1) > 1) return runId; // our earlier attempt went through
    throw e;
  }
}

/** Polls a Dag run until it is success or failed. */
export async function waitForDagRun(
  baseUrl: string,
  dagId: string,
  runId: string,
  opts: { timeoutMs?: number; pollMs?: number } = {},
): Promise<DagRunState> {
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  let state = '?';
  for (;;) {
    const r = await api<{ state: string }>(
      baseUrl,
      `dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}`,
    );
    state = r.state;
    if (state === 'success' || state === 'failed') return state;
    if (Date.now() > deadline) throw new Error(`Waited ${(opts.timeoutMs ?? 180_000) / 1000} s for Dag run ${dagId}/${runId} to finish; it is still ${state}`);
    await sleep(opts.pollMs ?? 1000);
  }
}
