/**
 * Where the rig's Airflow is installed: the repository's `.airflow` folder and the venvs in it,
 * installed from the pinned lock files by e2e/airflow/setup.sh (plugins.ts runs it; versions.ts
 * for the other Airflow versions).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_FACTS, ensureVenv as ensurePluginVenv, type AirflowPluginName } from './plugins.ts';
import { AIRFLOW_VERSION_FACTS, DEFAULT_AIRFLOW_MINOR, type AirflowMinor } from './versions.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const AIRFLOW_DIR = path.join(REPO_ROOT, '.airflow');
/** The venv without MCP plugins; plugin venvs are `.airflow/venv-<plugin>` (see plugins.ts). */
export const VENV_DIR = PLUGIN_FACTS.none.venv;
export const SETUP_SCRIPT = path.join(REPO_ROOT, 'e2e', 'airflow', 'setup.sh');
/** The venv an instance runs from: another Airflow version's (versions.ts), else the plugin's. */
export const venvOf = (plugin: AirflowPluginName, minor: AirflowMinor = DEFAULT_AIRFLOW_MINOR) =>
  minor === DEFAULT_AIRFLOW_MINOR ? PLUGIN_FACTS[plugin].venv : AIRFLOW_VERSION_FACTS[minor].venv;

/** The rig's progress messages (the default `log` of installs and starts). */
export function defaultLog(msg: string): void {
  console.log(`[airflow] ${msg}`);
}

/** Runs e2e/airflow/setup.sh for the venv of `plugin` (~0.1 s when it is up to date). */
export function ensureVenv(log: (m: string) => void = defaultLog, plugin: AirflowPluginName = 'none'): Promise<void> {
  return ensurePluginVenv(plugin, log);
}

/** The hash of the lock file the venv was installed from (setup.sh writes it); 'unknown' if none. */
export function lockHash(venv: string): string {
  try {
    return fs.readFileSync(path.join(venv, '.requirements.lock.sha256'), 'utf8').trim();
  } catch {
    return 'unknown';
  }
}
