/**
 * The environment every Airflow process of the rig runs with: its venv, its home, the rig's
 * Dags and users, ports, secrets, and never an outer Airflow configuration.
 */
import path from 'node:path';
import { DAGS_FOLDER } from './dags.ts';
import type { HomeState } from './home.ts';
import { venvOf } from './install.ts';
import type { AirflowPluginName } from './plugins.ts';
import { USERS } from './users.ts';
import type { AirflowMinor } from './versions.ts';

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
    // `timeout`: how long a writer waits for SQLite's lock (Python's default 5 s). The scheduler,
    // API server and Dag processor share one file; on a loaded 2-core machine a 5 s wait ran out
    // and the scheduler died with "database is locked" while the rig's runs were queued.
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, 'airflow.db')}?timeout=30`,
    AIRFLOW__CORE__PLUGINS_FOLDER: path.join(home, 'plugins'),
    AIRFLOW__LOGGING__DAG_PROCESSOR_CHILD_PROCESS_LOG_DIRECTORY: path.join(home, 'logs', 'dag_processor'),
    // astro-airflow-mcp calls the REST API at http://localhost:{[api] port} unless told
    // otherwise: send it through the public URL (the recording proxy, and the base path).
    ...(opts.plugin === 'astro-airflow-mcp' ? { AIRFLOW_API_URL: publicBaseUrl.replace(/\/$/, '') } : {}),
    ...(opts.extraEnv ?? {}),
  };
}
