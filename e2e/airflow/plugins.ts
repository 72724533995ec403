/**
 * The MCP plugins the rig can install into Airflow, each pinned in its own lock file and venv.
 * Both mount under `{base}mcp`, so an Airflow process runs one or none.
 * Facts: ../shared/research/airflow-ui-auth-api.md, section 8.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type AirflowPluginName = 'airflow-mcp-plugin' | 'astro-airflow-mcp' | 'none';
export const MCP_PLUGINS = ['airflow-mcp-plugin', 'astro-airflow-mcp'] as const;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const SETUP_SCRIPT = path.join(HERE, 'setup.sh');

export interface VenvFacts {
  lock: string;
  venv: string;
  /** Python module that must import once installed. */
  module?: string;
  /** Where the plugin answers MCP, relative to the Airflow base URL. */
  mcpPath?: string;
}

export const PLUGIN_FACTS: Record<AirflowPluginName, VenvFacts> = {
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

/** One install per venv and process: callers that come while it runs wait for the same one. */
const installs = new Map<string, Promise<void>>();

/**
 * Runs e2e/airflow/setup.sh for the plugin's venv: ~0.1 s when it is up to date, ~30-50 s to
 * install from the lock file the first time. Asynchronous on purpose: a synchronous install
 * blocks the event loop, so every clock already running in this process (another replica's
 * readiness deadline) would be charged for it. Installs never count against a readiness wait:
 * callers start their clocks after this resolves.
 */
export function ensureVenv(plugin: AirflowPluginName, log: (m: string) => void): Promise<void> {
  return ensureVenvOf(plugin, PLUGIN_FACTS[plugin], log);
}

/** The same for any pinned venv (`name` labels its log lines): the Airflow versions of versions.ts. */
export function ensureVenvOf(name: string, facts: VenvFacts, log: (m: string) => void): Promise<void> {
  let install = installs.get(facts.venv);
  if (!install) {
    install = runSetup(name, facts, log);
    installs.set(facts.venv, install);
    // A failed install may be tried again by a later caller.
    install.catch(() => installs.delete(facts.venv));
  }
  return install;
}

function runSetup(plugin: string, facts: VenvFacts, log: (m: string) => void): Promise<void> {
  const t0 = Date.now();
  const env = {
    ...process.env,
    AIRFLOW_VENV: facts.venv,
    AIRFLOW_LOCK: facts.lock,
    ...(facts.module ? { AIRFLOW_CHECK_IMPORTS: facts.module } : {}),
  };
  return new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [SETUP_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      const text = out.trim();
      if (text) for (const line of text.split('\n')) log(line.replace(/^\[airflow-setup\] /, `setup (${plugin}): `));
      if (status !== 0) {
        reject(new Error(`e2e/airflow/setup.sh (${plugin}) failed (exit ${status}) after ${Date.now() - t0} ms:\n${text}`));
        return;
      }
      log(`setup.sh (${plugin}) done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      resolve();
    });
  });
}

/** The plugin's MCP endpoint under an Airflow base URL ending with '/'; undefined for 'none'. */
export function mcpUrlOf(baseUrl: string, plugin: AirflowPluginName): string | undefined {
  const p = PLUGIN_FACTS[plugin].mcpPath;
  return p ? new URL(p, baseUrl).href : undefined;
}
