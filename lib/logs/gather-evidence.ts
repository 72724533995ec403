// Reads what a diagnosis needs from Airflow, in parallel, through the one api-client: the task
// instance, its log (triaged while it streams in), earlier tries, the Dag's tasks and source, the
// run and its task instances, the last successful run, the audit log, and import errors.
// A part the user may not read (403) or that is missing is noted and left out; an expired
// session or a missing task instance ends the diagnosis.
import { AirflowApiError, apiV2Path, type AirflowClient } from '../airflow/api-client';
import type { Collection } from '../mcp/airflow-types';
import type {
  DagFileFacts,
  DagRunFacts,
  EventLog,
  FailureTarget,
  GatheredEvidence,
  ImportError,
  TaskFacts,
  TaskInstanceFacts,
  TriagedTry,
  UpstreamFailure,
} from './evidence-types';
import type { TryIds } from './log-pages';
import { triageText } from './log-triage';
import { triageTryLog } from './read-try-log';
import { failedAncestors } from './upstream-tasks';

export interface GatherOptions {
  signal?: AbortSignal;
  /** Tries compared in the try diff, the diagnosed one included (default 3). */
  triesCompared?: number;
  /** Failed upstream tasks whose logs are read for an upstream_failed task (default 2). */
  upstreamLogs?: number;
  /** Time limit of each log read; default: the client's limit for streamed reads. */
  logReadTimeoutMs?: number;
}

export async function gatherEvidence(client: AirflowClient, target: FailureTarget, options: GatherOptions = {}): Promise<GatheredEvidence> {
  // Its own signal too: when the task instance cannot be read, the reads already under way (a
  // long log read among them) are cancelled, not left holding connections to a hanging Airflow.
  const abandon = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, abandon.signal]) : abandon.signal;
  const problems: string[] = [];
  const get = <T>(path: string, query?: Record<string, string | number | boolean | undefined>) =>
    client.get<T>(path, query, signal ? { signal } : {});
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (signal?.aborted || !(error instanceof AirflowApiError) || error.kind === 'unauthenticated') throw error;
      problems.push(`${what}: ${error.message}`);
      return null;
    }
  };

  const mapIndex = target.mapIndex ?? -1;
  const { dagId, runId, taskId } = target;
  const tiPath = (run: string) =>
    mapIndex >= 0
      ? apiV2Path`dags/${dagId}/dagRuns/${run}/taskInstances/${taskId}/${mapIndex}`
      : apiV2Path`dags/${dagId}/dagRuns/${run}/taskInstances/${taskId}`;
  // Each log is streamed into its triage as it arrives: only the triage's bounded state is kept.
  const triageTry = async (ti: { task_id: string; map_index: number }, tryNumber: number): Promise<TriagedTry> => {
    const ids: TryIds = { dagId, runId, taskId: ti.task_id, mapIndex: ti.map_index, tryNumber };
    const { triage, read } = await triageTryLog(client, ids, { ...(signal ? { signal } : {}), ...(options.logReadTimeoutMs ? { timeoutMs: options.logReadTimeoutMs } : {}) });
    return { tryNumber, triage, complete: read.state === 'complete', read };
  };
  const tryLog = (ti: { task_id: string; map_index: number }, tryNumber: number) =>
    attempt(`Log of ${ti.task_id} try ${tryNumber}`, () => triageTry(ti, tryNumber));

  // Everything that needs nothing else starts at once (the log too, when the try is known).
  const taskInstanceRead = get<TaskInstanceFacts>(tiPath(runId));
  const knownTryLog = target.tryNumber ? tryLog({ task_id: taskId, map_index: mapIndex }, target.tryNumber) : null;
  const dagRead = attempt('Dag', () => get<DagFileFacts>(apiV2Path`dags/${dagId}`));
  const tasksRead = attempt('Tasks of the Dag', () => get<{ tasks: TaskFacts[] }>(apiV2Path`dags/${dagId}/tasks`));
  const runRead = attempt('Dag run', () => get<DagRunFacts>(apiV2Path`dags/${dagId}/dagRuns/${runId}`));
  const runTisRead = attempt('Task instances of the run', () =>
    get<Collection & { task_instances: TaskInstanceFacts[] }>(apiV2Path`dags/${dagId}/dagRuns/${runId}/taskInstances`, { limit: 100 }),
  );
  const lastSuccessRunRead = attempt('Last successful run', () =>
    get<Collection & { dag_runs: DagRunFacts[] }>(apiV2Path`dags/${dagId}/dagRuns`, { state: 'success', order_by: '-run_after', limit: 1 }),
  );
  const auditRead = attempt('Audit log', () =>
    get<Collection & { event_logs: EventLog[] }>(apiV2Path`eventLogs`, { dag_id: dagId, run_id: runId, task_id: taskId, map_index: mapIndex, order_by: '-when', limit: 20 }),
  );

  let taskInstance: TaskInstanceFacts;
  try {
    taskInstance = await taskInstanceRead;
  } catch (error) {
    // Nothing to diagnose; the reads already under way are cancelled and must not fail unobserved.
    for (const read of [knownTryLog, dagRead, tasksRead, runRead, runTisRead, lastSuccessRunRead, auditRead]) read?.catch(() => {});
    abandon.abort();
    throw error;
  }
  const tryNumber = target.tryNumber ?? taskInstance.try_number;
  const self = { task_id: taskId, map_index: mapIndex };
  const triesCompared = options.triesCompared ?? 3;
  const earlierTryNumbers = Array.from({ length: Math.min(triesCompared - 1, Math.max(0, tryNumber - 1)) }, (_, i) => tryNumber - 1 - i);

  const [triaged, earlierTries, dag, tasks, run, runTis, lastRuns, audit] = await Promise.all([
    knownTryLog ?? (tryNumber >= 1 ? tryLog(self, tryNumber) : Promise.resolve(null)),
    Promise.all(earlierTryNumbers.map((n) => tryLog(self, n))),
    dagRead,
    tasksRead,
    runRead,
    runTisRead,
    lastSuccessRunRead,
    auditRead,
  ]);

  const versionNumber = taskInstance.dag_version?.version_number;
  const lastRun = lastRuns?.dag_runs[0] ?? null;
  const failedUpstream =
    taskInstance.state === 'upstream_failed' && tasks && runTis
      ? failedAncestors(tasks.tasks, runTis.task_instances, taskId).slice(0, options.upstreamLogs ?? 2)
      : [];
  const [source, lastSuccessTi, upstreamFailures, importErrors] = await Promise.all([
    attempt('Dag source', () => get<{ content: string | null; version_number?: number | null }>(apiV2Path`dagSources/${dagId}`, { version_number: versionNumber })),
    lastRun ? attempt('Task in the last successful run', () => get<TaskInstanceFacts>(tiPath(lastRun.dag_run_id))) : Promise.resolve(null),
    Promise.all(
      failedUpstream.map(async (ti): Promise<UpstreamFailure> => ({
        taskInstance: ti,
        triaged: ti.try_number >= 1 ? await tryLog(ti, ti.try_number) : null,
      })),
    ),
    dag?.has_import_errors && dag.relative_fileloc
      ? attempt('Import errors', () => get<Collection & { import_errors: ImportError[] }>(apiV2Path`importErrors`, { filename: dag.relative_fileloc ?? undefined }))
      : Promise.resolve(null),
  ]);

  for (const read of [triaged, ...earlierTries]) {
    if (read && !read.complete) problems.push(`Log of try ${read.tryNumber}: ${read.read?.note ?? 'only its first part was read.'}`);
  }
  // The diagnosed try ran but its log could not be read: say why, never "it has no log".
  const logProblem = tryNumber >= 1 && !triaged ? (problems.find((p) => p.startsWith(`Log of ${taskId} try ${tryNumber}:`)) ?? null) : null;
  return {
    target: { dagId, runId, taskId, mapIndex, tryNumber },
    taskInstance,
    triaged,
    logProblem,
    earlierTries: earlierTries.filter((t): t is TriagedTry => t !== null),
    task: tasks?.tasks.find((t) => t.task_id === taskId) ?? null,
    tasks: tasks?.tasks ?? null,
    runTaskInstances: runTis?.task_instances ?? null,
    run,
    dag,
    source: source ? { lines: (source.content ?? '').split('\n'), versionNumber: source.version_number ?? null } : null,
    lastSuccess: lastRun ? { run: lastRun, taskInstance: lastSuccessTi } : null,
    auditEvents: audit?.event_logs ?? null,
    upstreamFailures,
    importErrors: (importErrors?.import_errors ?? []).slice(0, 2).map((error) => ({ error, triage: triageText(error.stack_trace) })),
    problems,
  };
}
