/**
 * The log rig: a real Airflow 3 (the e2e harness) with the e2e failure Dags plus the two Dags of
 * `lib/logs/__fixtures__/rig-dags/` (heartbeat timeout, missing dependency), and one finished run
 * of each. Used to record the diagnosis fixtures and by `npm run bench -- --live`.
 *
 * Its own AIRFLOW_HOME (`.airflow/home-logs`); runs are remembered in `rig-runs.json` there, so a
 * restart on the same home re-uses them (about 15 s instead of a few minutes). Always `stop()` it.
 * Node 24, erasable TypeScript only.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  FAILURE_DAG_IDS,
  REPO_ROOT,
  api,
  startAirflow,
  triggerDagRun,
  waitForDagRun,
  waitForDags,
  type AirflowInstance,
} from '../../e2e/airflow/harness.ts';

export const LOGS_RIG_HOME = path.join(REPO_ROOT, '.airflow', 'home-logs');
const RIG_DAGS = path.join(REPO_ROOT, 'lib', 'logs', '__fixtures__', 'rig-dags');
const E2E_DAGS = path.join(REPO_ROOT, 'e2e', 'dags');
// The accuracy corpus (issue 15): parsed here, run only by bench/corpus/record-corpus.ts.
const CORPUS_DAGS = path.join(REPO_ROOT, 'bench', 'corpus', 'dags');

/** A run to have: the Dag, and the conf to trigger it with. */
interface RunSpec {
  key: string;
  dagId: string;
  conf?: Record<string, unknown>;
}

export const RIG_RUNS: readonly RunSpec[] = [
  ...FAILURE_DAG_IDS.map((dagId) => ({ key: dagId, dagId })),
  // Success first, so the failed run has a last successful run with another conf.
  { key: 'fail_dependency:success', dagId: 'fail_dependency' },
  { key: 'fail_dependency', dagId: 'fail_dependency', conf: { engine: 'sklearn_turbo' } },
  { key: 'fail_heartbeat_timeout', dagId: 'fail_heartbeat_timeout' },
];

export interface LogsRig {
  instance: AirflowInstance;
  baseUrl: string;
  /** Run key (see RIG_RUNS) → dag_run_id, all finished. */
  runs: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Both Dag folders under one DAGS_FOLDER, as symlinks (the harness points Airflow at e2e/dags;
 * `extraEnv` overrides that for this home only).
 */
function prepareDagsFolder(home: string): string {
  const folder = path.join(home, 'dags');
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, target] of [['e2e', E2E_DAGS], ['rig', RIG_DAGS], ['corpus', CORPUS_DAGS]] as const) {
    const link = path.join(folder, name);
    fs.rmSync(link, { force: true, recursive: false });
    fs.symlinkSync(target, link, 'dir');
  }
  return folder;
}

export async function startLogsRig(opts: { fresh?: boolean; log?: (m: string) => void } = {}): Promise<LogsRig> {
  const log = opts.log ?? ((m: string) => console.error(`[logs-rig] ${m}`));
  if (opts.fresh) fs.rmSync(LOGS_RIG_HOME, { recursive: true, force: true });
  fs.mkdirSync(LOGS_RIG_HOME, { recursive: true });
  const dagsFolder = prepareDagsFolder(LOGS_RIG_HOME);
  const instance = await startAirflow({
    home: LOGS_RIG_HOME,
    log,
    extraEnv: {
      AIRFLOW__CORE__DAGS_FOLDER: dagsFolder,
      // fail_heartbeat_timeout: fail the orphaned task instance after 15 s, not 5 minutes.
      AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT: '15',
      AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL: '3',
    },
  });
  try {
    const runs = await ensureRuns(instance.baseUrl, log);
    return { instance, baseUrl: instance.baseUrl, runs, stop: () => instance.stop() };
  } catch (error) {
    await instance.stop();
    throw error;
  }
}

async function ensureRuns(baseUrl: string, log: (m: string) => void): Promise<Record<string, string>> {
  const file = path.join(LOGS_RIG_HOME, 'rig-runs.json');
  const known = readJson(file);
  await waitForDags(baseUrl, [...new Set(RIG_RUNS.map((r) => r.dagId))], { timeoutMs: 180_000 });
  const runs: Record<string, string> = {};
  for (const spec of RIG_RUNS) {
    const existing = known[spec.key];
    if (existing && (await runState(baseUrl, spec.dagId, existing))) {
      runs[spec.key] = existing;
      continue;
    }
    // One after the other where order matters (fail_dependency's success comes first).
    runs[spec.key] = await triggerDagRun(baseUrl, spec.dagId, spec.conf ? { conf: spec.conf } : {});
    if (spec.key.endsWith(':success')) await waitForDagRun(baseUrl, spec.dagId, runs[spec.key]!);
    log(`triggered ${spec.key}: ${runs[spec.key]}`);
  }
  await Promise.all(
    RIG_RUNS.map(async (spec) => {
      const state = await waitForDagRun(baseUrl, spec.dagId, runs[spec.key]!, { timeoutMs: 600_000 });
      log(`${spec.key} ${runs[spec.key]} → ${state}`);
    }),
  );
  fs.writeFileSync(file, JSON.stringify(runs, null, 2));
  return runs;
}

async function runState(baseUrl: string, dagId: string, runId: string): Promise<string | null> {
  try {
    const run = await api<{ state: string }>(baseUrl, `dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}`);
    return run.state;
  } catch {
    return null;
  }
}

function readJson(file: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
