/**
 * The MCP plugins the rig can install into Airflow, each pinned in its own lock file and venv.
 * Both mount under `{base}mcp`, so an Airflow process runs one or none.
 * Facts: ../shared/research/airflow-ui-auth-api.md, section 8.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type AirflowPluginName = 'airflow-mcp-plugin' | 'astro-airflow-mcp' | 'none';
export const MCP_PLUGINS = ['airflow-mcp-plugin', 'astro-airflow-mcp'] as const;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const SETUP_SCRIPT = path.join(HERE, 'setup.sh');

interface PluginFacts {
  lock: string;
  venv: string;
  /** Python module that must import once installed. */
  module?: string;
  /** Where the plugin answers MCP, relative to the Airflow base URL. */
  mcpPath?: string;
}

export const PLUGIN_FACTS: Record<AirflowPluginName, PluginFacts> = {
  none: {
    lock: path.join(HERE, 'requirements.lock'),
    venv: process.env.AIRFLOW_VENV ?? path.join(REPO_ROOT, '.airflow', 'venv'),
  },
  // 0.2.0 needs mcp<2 (with mcp 2.x every request fails); POST {base}mcp/ with the slash.
  'airflow-mcp-plugin': {
    lock: path.join(HERE, 'requirements-airflow-mcp-plugin.lock'),
    venv: path.join(REPO_ROOT, '.airflow', 'venv-airflow-mcp-plugin'),
    module: 'airflow_mcp_plugin',
    mcpPath: 'mcp/',
  },
  'astro-airflow-mcp': {
    lock: path.join(HERE, 'requirements-astro-airflow-mcp.lock'),
    venv: path.join(REPO_ROOT, '.airflow', 'venv-astro-airflow-mcp'),
    module: 'astro_airflow_mcp',
    mcpPath: 'mcp/v1/',
  },
};

const ready = new Set<AirflowPluginName>();

/**
 * Runs e2e/airflow/setup.sh for the plugin's venv: ~0.1 s when it is up to date, ~40 s to
 * install from the lock file the first time.
 */
export function ensureVenv(plugin: AirflowPluginName, log: (m: string) => void): void {
  if (ready.has(plugin)) return;
  const facts = PLUGIN_FACTS[plugin];
  const t0 = Date.now();
  const env = {
    ...process.env,
    AIRFLOW_VENV: facts.venv,
    AIRFLOW_LOCK: facts.lock,
    ...(facts.module ? { AIRFLOW_CHECK_IMPORTS: facts.module } : {}),
  };
  const r = spawnSync('bash', [SETUP_SCRIPT], { encoding: 'utf8', env });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (out) for (const line of out.split('\n')) log(line.replace(/^\[airflow-setup\] /, 'setup: '));
  if (r.status !== 0) throw new Error(`e2e/airflow/setup.sh (${plugin}) failed (exit ${r.status}):\n${out}`);
  log(`setup.sh (${plugin}) done in ${Date.now() - t0} ms`);
  ready.add(plugin);
}

/** The plugin's MCP endpoint under an Airflow base URL ending with '/'; undefined for 'none'. */
export function mcpUrlOf(baseUrl: string, plugin: AirflowPluginName): string | undefined {
  const p = PLUGIN_FACTS[plugin].mcpPath;
  return p ? new URL(p, baseUrl).href : undefined;
}
