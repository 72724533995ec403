/**
 * The e2e rig's Airflow in one import, for specs, scripts and the bench: re-exports only. Each
 * concern has its own file:
 * - instance.ts: start one Airflow (`startAirflow`), its handle (`AirflowInstance`) and stop.
 * - rest.ts: the harness's REST calls (tokens, `api`, health, Dags, trigger and wait for runs).
 * - users.ts: the users, one per role. dags.ts: the rig's Dags.
 * - install.ts: `.airflow` and its venvs (setup.sh, run by plugins.ts and versions.ts).
 * - home.ts: an AIRFLOW_HOME's secrets, pid file and stale processes. environment.ts: the
 *   environment of every Airflow process. addresses.ts: ports, base paths, URLs.
 * - processes.ts: process groups (start, stop, exit handlers, watchdog).
 * - plugins.ts, versions.ts, recording-proxy.ts: MCP plugins, other Airflow versions, the recording.
 */
export { getFreePort, normalizeBasePath } from './addresses.ts';
export { DAGS_FOLDER, FAILURE_DAG_IDS, IMPORT_ERROR_FILE, IMPORT_ERROR_FILES, SUCCESS_DAG_IDS } from './dags.ts';
export { buildEnv } from './environment.ts';
export { homeSecrets, type HomeState } from './home.ts';
export { AIRFLOW_DIR, REPO_ROOT, SETUP_SCRIPT, VENV_DIR, ensureVenv } from './install.ts';
export { COMPONENTS, startAirflow, type AirflowInstance, type Component, type StartOptions } from './instance.ts';
export { MCP_PLUGINS, mcpUrlOf, type AirflowPluginName } from './plugins.ts';
export { readRecording, type RecordedRequest } from './recording-proxy.ts';
export { api, getToken, triggerDagRun, waitForDagRun, waitForDags, waitForHealth, type DagRunState } from './rest.ts';
export { USERS, type AirflowUser } from './users.ts';
