/**
 * Real Apache Airflow 2.10 for end-to-end tests, beside the suite's Airflow 3 (harness.ts).
 *
 * Airflow 2 is another program: a Flask webserver (the UI at `{base}`, REST at `{base}api/v1`, a
 * server-side session in the `session` cookie, FAB users and roles) and a scheduler that parses the
 * Dags itself. So it has its own start here: `airflow webserver` + `airflow scheduler` in their own
 * process groups (processes.ts), from the venv pinned by `versions/2.10/requirements.lock`
 * (installed on first use), on its own home `.airflow/home-airflow-2.10`, with the Airflow-2 copies
 * of the rig's Dags (`dags-airflow2/`: `airflow.decorators` instead of `airflow.sdk`, same lines).
 *
 * Facts found by starting it (2.10.5, Python 3.11, November 2026):
 * - SQLite allows only the SequentialExecutor in Airflow 2 (the LocalExecutor refuses to start).
 * - `[api] auth_backends` defaults to the session backend: the browser's own session cookie reads
 *   `/api/v1` (a viewer gets 403 on `/api/v1/connections`). The rig adds basic auth for the
 *   harness's own writes (trigger runs); the extension never sends a password.
 * - After a login through `{base}login/` the browser holds one cookie, `session` (httpOnly,
 *   SameSite=Lax, path /), and Chromium sends it with a fetch from the extension's worker.
 * - A viewer gets 403 on `/api/v1/connections`, `/api/v1/config` and `/api/v1/users/{own name}`:
 *   the API does not say who the session's user is; the page's navbar shows the user's first and
 *   last name (`.navbar-user-icon[title]`), not the user name.
 * - Task logs: `…/logs/{try}?full_content=true` with `Accept: text/plain` is the plain text log.
 * - Measured (2 loaded cores): db migrate + sync-perm + 2 users 14 s; ready 21 s later; the 4
 *   runs (SequentialExecutor) 21 s.
 *
 * Nothing here is used by the extension itself.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getFreePort, homeSecrets } from './harness.ts';
import { RIG_CLIENT_HEADER, startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';
import { ensureVenvOf, type VenvFacts } from './plugins.ts';
import {
  installExitHandlers,
  liveInstances,
  sleep,
  spawnInGroup,
  startWatchdog,
  stopGroups,
  tail,
  type GroupRecord,
} from './processes.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');

/** The Airflow-2 copies of the rig's Dags (same failures, same line numbers as e2e/dags). */
export const AIRFLOW2_DAGS_FOLDER = path.join(HERE, 'dags-airflow2');

export const AIRFLOW2_FACTS = {
  version: '2.10.5',
  lock: path.join(HERE, 'versions', '2.10', 'requirements.lock'),
  venv: path.join(REPO_ROOT, '.airflow', 'venv-airflow-2.10'),
  home: path.join(REPO_ROOT, '.airflow', 'home-airflow-2.10'),
} as const satisfies VenvFacts & { version: string; home: string };

/** FAB users of the rig (Airflow 2's roles are FAB's: Admin, Op, User, Viewer, Public). */
export const AIRFLOW2_USERS = {
  admin: { username: 'admin', password: 'admin', role: 'Admin' },
  viewer: { username: 'viewer', password: 'viewer', role: 'Viewer' },
} as const;

const COMPONENTS = ['webserver', 'scheduler'] as const;
type Component = (typeof COMPONENTS)[number];

export interface Airflow2Instance {
  /** e.g. http://127.0.0.1:PORT/ (always ends with '/'); with `record`, the recording proxy. */
  baseUrl: string;
  /** The webserver itself, bypassing any recording proxy. */
  webserverUrl: string;
  port: number;
  home: string;
  version: string;
  env: Record<string, string>;
  logFiles: Record<Component, string>;
  /** ms from the start (after any install) to healthy. */
  readyMs: number;
  stop(): Promise<void>;
}

const dagFiles = (prefix: string) =>
  fs
    .readdirSync(AIRFLOW2_DAGS_FOLDER)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.py') && !f.startsWith('fail_import_error'))
    .map((f) => f.slice(0, -'.py'.length));
/** Dags whose run must end `failed` / `success` (Dag id = file stem, as in e2e/dags). */
export const AIRFLOW2_FAILURE_DAG_IDS: readonly string[] = dagFiles('fail_');
export const AIRFLOW2_SUCCESS_DAG_IDS: readonly string[] = dagFiles('ok_');

function buildEnv(home: string, port: number, logServerPort: number, publicBaseUrl: string): Record<string, string> {
  const secrets = homeSecrets(home);
  const inherited: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Never leak an outer Airflow config into the rig.
    if (v === undefined || k.startsWith('AIRFLOW') || k === 'PYTHONPATH') continue;
    inherited[k] = v;
  }
  return {
    ...inherited,
    PATH: `${path.join(AIRFLOW2_FACTS.venv, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    VIRTUAL_ENV: AIRFLOW2_FACTS.venv,
    PYTHONUNBUFFERED: '1',
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: AIRFLOW2_DAGS_FOLDER,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'False',
    // SQLite: Airflow 2 refuses any other executor.
    AIRFLOW__CORE__EXECUTOR: 'SequentialExecutor',
    AIRFLOW__CORE__FERNET_KEY: secrets.fernetKey,
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, 'airflow.db')}`,
    AIRFLOW__CORE__PLUGINS_FOLDER: path.join(home, 'plugins'),
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: path.join(home, 'logs'),
    AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT: String(logServerPort),
    // The address the browser uses (the recording proxy, if any): redirects and links point there.
    AIRFLOW__WEBSERVER__BASE_URL: publicBaseUrl.replace(/\/$/, ''),
    AIRFLOW__WEBSERVER__WEB_SERVER_HOST: '127.0.0.1',
    AIRFLOW__WEBSERVER__WEB_SERVER_PORT: String(port),
    AIRFLOW__WEBSERVER__SECRET_KEY: secrets.secretKey,
    AIRFLOW__WEBSERVER__WORKERS: '1',
    // Gunicorn's periodic worker restarts cost a core for nothing on a test machine.
    AIRFLOW__WEBSERVER__WORKER_REFRESH_BATCH_SIZE: '0',
    AIRFLOW__WEBSERVER__WARN_DEPLOYMENT_EXPOSURE: 'False',
    // FAB limits logins to 5 per 40 s per client address; the tests log in once each, faster than
    // that (the 6th got HTTP 429 and stayed on the login page).
    AIRFLOW__FAB__AUTH_RATE_LIMITED: 'False',
    // The session backend (Airflow 2's default, what the extension uses) plus basic auth for the
    // harness's own requests.
    AIRFLOW__API__AUTH_BACKENDS: 'airflow.api.auth.backend.session,airflow.api.auth.backend.basic_auth',
    AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL: '5',
    AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL: '30',
    AIRFLOW__SCHEDULER__PARSING_PROCESSES: '1',
    AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC: '2',
  };
}

function runAirflowSync(env: Record<string, string>, args: string[], logFile: string): void {
  const fd = fs.openSync(logFile, 'a');
  try {
    const r = spawnSync(path.join(AIRFLOW2_FACTS.venv, 'bin', 'airflow'), args, { env, cwd: env.AIRFLOW_HOME, stdio: ['ignore', fd, fd] });
    if (r.status !== 0) throw new Error(`airflow ${args.slice(0, 3).join(' ')} failed (exit ${r.status}); log ${logFile}:\n${tail(logFile)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Starts Airflow 2.10 on a free port of 127.0.0.1 (installing its venv first if needed), with the
 * admin and viewer users, and waits until the webserver answers and the scheduler heartbeats.
 */
export async function startAirflow2(
  opts: {
    port?: number;
    fresh?: boolean;
    log?: (m: string) => void;
    readyTimeoutMs?: number;
    /** Put a recording proxy (recording-proxy.ts) in front, so the read-only proof reads this Airflow's traffic too. */
    record?: { file: string; instance: string };
  } = {},
): Promise<Airflow2Instance> {
  const log = opts.log ?? ((m: string) => console.log(`[airflow 2.10] ${m}`));
  await ensureVenvOf('airflow 2.10', AIRFLOW2_FACTS, log);
  const t0 = Date.now();
  const home = AIRFLOW2_FACTS.home;
  if (opts.fresh) fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(path.join(home, 'rig-logs'), { recursive: true });
  const port = opts.port ?? (await getFreePort());
  const proxy: RecordingProxy | undefined = opts.record ? await startRecordingProxy({ ...opts.record, targetPort: port }) : undefined;
  const webserverUrl = `http://127.0.0.1:${port}/`;
  const baseUrl = proxy ? `${proxy.origin}/` : webserverUrl;
  const env = buildEnv(home, port, await getFreePort(), baseUrl);

  // Migrate and create the users once per home and lock file.
  const marker = path.join(home, 'rig-db-ready');
  const want = fs.readFileSync(path.join(AIRFLOW2_FACTS.venv, '.requirements.lock.sha256'), 'utf8').trim();
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8').trim() !== want || !fs.existsSync(path.join(home, 'airflow.db'))) {
    const setupLog = path.join(home, 'rig-logs', 'db-setup.log');
    log(`airflow db migrate and users create (home ${home}) ...`);
    runAirflowSync(env, ['db', 'migrate'], setupLog);
    // Creates FAB's roles other than Admin (the webserver would, at its first start).
    runAirflowSync(env, ['sync-perm'], setupLog);
    for (const u of Object.values(AIRFLOW2_USERS)) {
      runAirflowSync(env, ['users', 'create', '--username', u.username, '--password', u.password, '--role', u.role, '--email', `${u.username}@example.org`, '--firstname', u.username, '--lastname', 'e2e'], setupLog);
    }
    fs.writeFileSync(marker, want);
    log(`db and users ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  installExitHandlers();
  const record: GroupRecord = { leaders: [], solo: [] };
  liveInstances.add(record);
  const exited = new Map<Component, string>();
  const logFiles = {} as Record<Component, string>;
  const args: Record<Component, string[]> = {
    webserver: ['webserver', '--hostname', '127.0.0.1', '--port', String(port), '--workers', '1'],
    scheduler: ['scheduler'],
  };
  for (const c of COMPONENTS) {
    logFiles[c] = path.join(home, 'rig-logs', `${c}.log`);
    const child = spawnInGroup(path.join(AIRFLOW2_FACTS.venv, 'bin', 'airflow'), args[c], { env, cwd: home, logFile: logFiles[c], onExit: (why) => exited.set(c, why) });
    record.leaders.push(child.pid);
  }
  record.watchdog = startWatchdog(record.leaders);
  log(`started webserver and scheduler on ${webserverUrl}${proxy ? ` (recording proxy ${baseUrl})` : ''} (logs ${path.join(home, 'rig-logs')})`);
  const stop = async () => {
    const t1 = Date.now();
    await stopGroups(record, log);
    await proxy?.close();
    log(`stopped in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  };

  // `GET /health` needs no login; the scheduler's heartbeat must be from this start.
  const startedAt = Date.now() - 5000;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 180_000);
  let last = 'no answer yet';
  for (;;) {
    const early = [...exited][0];
    if (early || Date.now() > deadline) {
      const logs = COMPONENTS.map((c) => `----- ${c} ${logFiles[c]} -----\n${tail(logFiles[c], 30)}`).join('\n');
      await stop().catch(() => {});
      throw new Error(`Airflow 2 did not become ready: ${early ? `${early[0]} exited (${early[1]})` : `waited ${(opts.readyTimeoutMs ?? 180_000) / 1000} s for ${webserverUrl}health`}; last answer: ${last}\n${logs}`);
    }
    try {
      const res = await fetch(`${webserverUrl}health`, { signal: AbortSignal.timeout(5000) });
      last = `${res.status} ${(await res.text()).slice(0, 400)}`;
      const h = JSON.parse(last.slice(4)) as Record<string, { status?: string; latest_scheduler_heartbeat?: string }>;
      const beat = h.scheduler?.latest_scheduler_heartbeat;
      if (res.ok && h.metadatabase?.status === 'healthy' && h.scheduler?.status === 'healthy' && beat && Date.parse(beat) >= startedAt) break;
    } catch (e) {
      last = last.startsWith('no answer') ? String((e as Error).message) : last;
    }
    await sleep(500);
  }
  const readyMs = Date.now() - t0;
  log(`ready in ${(readyMs / 1000).toFixed(1)} s: ${baseUrl}`);
  return { baseUrl, webserverUrl, port, home, version: AIRFLOW2_FACTS.version, env, logFiles, readyMs, stop };
}

/** JSON request against {base}api/v1/<p> as the rig's admin (basic auth; the harness's side only). */
export async function api1<T = unknown>(baseUrl: string, p: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const { username, password } = AIRFLOW2_USERS.admin;
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${baseUrl}api/v1/${p.replace(/^\//, '')}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        // The read-only proof tells the harness's own writes (triggers) from everyone else's.
        [RIG_CLIENT_HEADER]: 'harness',
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    // SQLite "database is locked" under load comes back as a 500: try again.
    if (res.status >= 500 && attempt < 4) {
      await sleep(500 * attempt);
      continue;
    }
    if (!res.ok) throw new Error(`${method} api/v1/${p}: ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/**
 * Waits for the scheduler to parse every rig Dag, triggers each once and waits for every run to
 * end as its name says (`fail_*` failed, `ok_*` success). Returns dagId -> run id.
 */
export async function runAirflow2Dags(baseUrl: string, opts: { timeoutMs?: number; log?: (m: string) => void } = {}): Promise<Record<string, string>> {
  const log = opts.log ?? ((m: string) => console.log(`[airflow 2.10] ${m}`));
  const t0 = Date.now();
  const deadline = t0 + (opts.timeoutMs ?? 300_000);
  const dagIds = [...AIRFLOW2_FAILURE_DAG_IDS, ...AIRFLOW2_SUCCESS_DAG_IDS];
  for (;;) {
    const r = await api1<{ dags: { dag_id: string }[] }>(baseUrl, 'dags?limit=100');
    const missing = dagIds.filter((id) => !r.dags.some((d) => d.dag_id === id));
    if (missing.length === 0) break;
    if (Date.now() > deadline) throw new Error(`Airflow 2 never parsed ${missing.join(', ')}`);
    await sleep(1000);
  }
  const runs: Record<string, string> = {};
  for (const id of dagIds) {
    const r = await api1<{ dag_run_id: string }>(baseUrl, `dags/${id}/dagRuns`, { method: 'POST', body: {} });
    runs[id] = r.dag_run_id;
  }
  const wrong: string[] = [];
  for (const id of dagIds) {
    const want = id.startsWith('ok_') ? 'success' : 'failed';
    for (;;) {
      const r = await api1<{ state: string }>(baseUrl, `dags/${id}/dagRuns/${encodeURIComponent(runs[id]!)}`);
      if (r.state === 'success' || r.state === 'failed') {
        if (r.state !== want) wrong.push(`${id}: ${r.state} (expected ${want})`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`Airflow 2 run ${id}/${runs[id]} still ${r.state} after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await sleep(1000);
    }
  }
  if (wrong.length) throw new Error(`Airflow 2 runs ended in unexpected states:\n${wrong.join('\n')}`);
  log(`${dagIds.length} runs finished as expected in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return runs;
}
