/**
 * Playwright global setup: one real Airflow for the whole e2e run, with one finished run of
 * every `fail_*` / `ok_*` Dag. Writes e2e/.state/airflow.json (read by the fixtures) and sets
 * process.env.AIRFLOW_BASE_URL. Returns the teardown function (Playwright calls it after all
 * tests); e2e/airflow/global-teardown.ts does the same for configs that name a teardown file.
 *
 * Every request that reaches this Airflow goes through a recording proxy (recording-proxy.ts):
 * the run's recordings are `e2e/.state/requests-<run>-<instance>.jsonl` (`<run>`: this process's
 * pid, so runs side by side in one checkout keep theirs; recordings of dead runs are removed
 * here), checked by e2e/read-only.spec.ts at the end.
 *
 * Env knobs: AIRFLOW_E2E_BASE_PATH (e.g. /airflow/), AIRFLOW_E2E_PORT, AIRFLOW_E2E_FRESH=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  FAILURE_DAG_IDS,
  IMPORT_ERROR_FILE,
  IMPORT_ERROR_FILES,
  MCP_PLUGINS,
  REPO_ROOT,
  SUCCESS_DAG_IDS,
  USERS,
  api,
  ensureVenv,
  startAirflow,
  triggerDagRun,
  waitForDagRun,
  waitForDags,
} from './harness.ts';
import type { AirflowInstance, DagRunState, StartOptions } from './harness.ts';

export const STATE_DIR = path.join(REPO_ROOT, 'e2e', '.state');
export const STATE_FILE = path.join(STATE_DIR, 'airflow.json');
/** Where an instance of run `runTag` records (`main`: the suite's Airflow; a plugin name: a replica). */
export function recordFileOf(runTag: string, instance: string): string {
  return path.join(STATE_DIR, `requests-${runTag}-${instance}.jsonl`);
}

/** Every recording of run `runTag` (JSON lines, see recording-proxy.ts); all runs' if omitted. */
export function recordingFiles(runTag?: string): string[] {
  try {
    return fs
      .readdirSync(STATE_DIR)
      .filter((f) => (runTag ? f.startsWith(`requests-${runTag}-`) : f.startsWith('requests-')) && f.endsWith('.jsonl'))
      .map((f) => path.join(STATE_DIR, f));
  } catch {
    return [];
  }
}

/** Removes the recordings of runs whose runner is gone. */
function removeStaleRecordings(): void {
  for (const file of recordingFiles()) {
    const pid = Number(/^requests-(\d+)-/.exec(path.basename(file))?.[1]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid > 0;
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(file, { force: true });
  }
}

/** This run's whole rig state, in a test worker: from the setup's environment, else the state file. */
export function currentRigState(): RigState {
  return JSON.parse(process.env.AIRFLOW_E2E_STATE_JSON ?? fs.readFileSync(STATE_FILE, 'utf8')) as RigState;
}

/** Shape of e2e/.state/airflow.json. */
export interface RigState {
  baseUrl: string;
  port: number;
  basePath: string;
  home: string;
  pids: number[];
  users: typeof USERS;
  /** dagId -> run id of the run triggered by the setup (all finished). */
  runs: Record<string, string>;
  /** dagId -> final state of that run. */
  states: Record<string, DagRunState>;
  /** The Dag file that fails to import (see GET /api/v2/importErrors). */
  importErrorFile: string;
  /** The API server itself, bypassing the recording proxy (the harness's business only). */
  apiServerUrl: string;
  /** Where requests to `baseUrl` are recorded, when recording. */
  recordFile?: string;
  /** Names this run's recordings (see recordFileOf). */
  runTag: string;
  /** The Airflow processes' environment (to start more API servers on the same home). */
  env: Record<string, string>;
  readyMs: number;
  runsMs: number;
  /** When the setup finished: its Dag runs, unpauses and triggers all happened before. */
  startedAt: string;
}

export interface Rig {
  instance: AirflowInstance;
  state: RigState;
  stop(): Promise<void>;
}

let current: Rig | undefined;

export function expectedState(dagId: string): DagRunState {
  return dagId.startsWith('ok_') ? 'success' : 'failed';
}

/**
 * Starts Airflow, waits for the Dags, triggers every failure/success Dag once, waits for every
 * run to finish (and checks it ended as expected), waits for the import error, then writes
 * the state file and sets process.env.AIRFLOW_BASE_URL.
 */
export async function prepareRig(
  opts: StartOptions & { runTimeoutMs?: number; stateFile?: string | null } = {},
): Promise<Rig> {
  const log = opts.log ?? ((m: string) => console.log(`[airflow] ${m}`));
  if (opts.record) fs.rmSync(opts.record.file, { force: true });
  const instance = await startAirflow(opts);
  try {
    const t0 = Date.now();
    const dagIds = [...FAILURE_DAG_IDS, ...SUCCESS_DAG_IDS];
    await waitForDags(instance.baseUrl, dagIds, { timeoutMs: 120_000 });
    log(`all ${dagIds.length} Dags parsed after ${((Date.now() - t0) / 1000).toFixed(1)} s; triggering runs`);
    const runs: Record<string, string> = {};
    for (const id of dagIds) runs[id] = await triggerDagRun(instance.baseUrl, id);
    const states: Record<string, DagRunState> = {};
    const wrong: string[] = [];
    await Promise.all(
      dagIds.map(async (id) => {
        const s = await waitForDagRun(instance.baseUrl, id, runs[id] as string, {
          timeoutMs: opts.runTimeoutMs ?? 240_000,
        });
        states[id] = s;
        if (s !== expectedState(id)) wrong.push(`${id}: ${s} (expected ${expectedState(id)})`);
      }),
    );
    if (wrong.length) throw new Error(`Dag runs ended in unexpected states:\n${wrong.join('\n')}`);
    // The import error is recorded by the dag-processor on its first parse; make sure it's there.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await api<{ import_errors: { filename: string }[] }>(instance.baseUrl, 'importErrors');
      const missing = IMPORT_ERROR_FILES.filter((f) => !r.import_errors.some((e) => e.filename.endsWith(f)));
      if (missing.length === 0) break;
      if (Date.now() > deadline) throw new Error(`${missing.join(', ')} not listed in importErrors`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const runsMs = Date.now() - t0;
    log(`all ${dagIds.length} runs finished as expected in ${(runsMs / 1000).toFixed(1)} s`);

    const state: RigState = {
      baseUrl: instance.baseUrl,
      port: instance.port,
      basePath: instance.basePath,
      home: instance.home,
      pids: instance.pids,
      users: USERS,
      runs,
      states,
      importErrorFile: IMPORT_ERROR_FILE,
      apiServerUrl: instance.apiServerUrl,
      ...(instance.recordFile ? { recordFile: instance.recordFile } : {}),
      runTag: String(process.pid),
      env: instance.env,
      readyMs: instance.readyMs,
      runsMs,
      startedAt: new Date().toISOString(),
    };
    const file = opts.stateFile === undefined ? STATE_FILE : opts.stateFile;
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(state, null, 2));
    }
    process.env.AIRFLOW_BASE_URL = instance.baseUrl;
    const rig: Rig = {
      instance,
      state,
      stop: async () => {
        await instance.stop();
        if (file) fs.rmSync(file, { force: true });
        if (current === rig) current = undefined;
      },
    };
    current = rig;
    return rig;
  } catch (e) {
    await instance.stop().catch(() => {});
    throw e;
  }
}

/** Stops the rig started by prepareRig() in this process, or (fallback) the one in the state file. */
export async function stopRig(): Promise<void> {
  if (current) {
    await current.stop();
    return;
  }
  let state: RigState | undefined;
  try {
    state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as RigState;
  } catch {
    return;
  }
  // Started by another process (e.g. a crashed runner): kill its process groups, but only
  // pids that still are Airflow processes (the state file may be stale).
  const pids = state.pids.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('airflow');
    } catch {
      return false;
    }
  });
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(-pid, sig);
      } catch {
        // gone
      }
    }
    if (sig === 'SIGTERM') await new Promise((r) => setTimeout(r, 5000));
  }
  fs.rmSync(STATE_FILE, { force: true });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  removeStaleRecordings();
  // Every venv is installed before any test starts, so no test's clock ever pays for pip: the
  // rig's own venv first, then the MCP plugins' venvs (mcp-parity.spec.ts) in the background
  // while Airflow starts and runs its Dags.
  const log = (m: string) => console.log(`[airflow] ${m}`);
  await ensureVenv(log);
  const pluginVenvs = Promise.all(MCP_PLUGINS.map((plugin) => ensureVenv(log, plugin)));
  pluginVenvs.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const rig = await prepareRig({
    record: { file: recordFileOf(String(process.pid), 'main'), instance: 'main' },
    basePath: process.env.AIRFLOW_E2E_BASE_PATH || undefined,
    port: process.env.AIRFLOW_E2E_PORT ? Number(process.env.AIRFLOW_E2E_PORT) : undefined,
    fresh: process.env.AIRFLOW_E2E_FRESH === '1',
  });
  try {
    const t0 = Date.now();
    await pluginVenvs;
    log(`MCP plugin venvs ready (waited ${((Date.now() - t0) / 1000).toFixed(1)} s after the rig)`);
  } catch (e) {
    await rig.stop();
    throw e;
  }
  // Test workers inherit this process's environment: they read the rig from here first, so a
  // second suite on the same checkout (which rewrites the state file) can't mislead them.
  process.env.AIRFLOW_E2E_STATE_JSON = JSON.stringify(rig.state);
  return stopRig;
}
