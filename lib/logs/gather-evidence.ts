// Reads what a diagnosis needs from Airflow, in parallel, through the one api-client: the task
// instance, its log (triaged while it streams in), earlier tries, the Dag's tasks and source, the
// run and its task instances, the last successful run, the audit log, and import errors.
// A part the user may not read (403) or that is missing is noted and left out; an expired
// session or a missing task instance ends the diagnosis.
import { AirflowApiError, apiV2Path, type AirflowClient } from '../airflow/api-client';
import type { Collection } from '../airflow/rest-types';
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

// A try in one of these states is over: its log and facts no longer change.
const FINISHED_STATES = new Set(['failed', 'success', 'upstream_failed', 'skipped', 'removed']);
// Failures that may pass: evidence missing a part for one of these reasons is not kept.
const PASSING_FAULTS = new Set(['timeout', 'unreachable', 'server', 'cut_read', 'bad_response']);

/**
 * The evidence of a failure, read once per Airflow user when the client keeps reads
 * (`client.readOnce`): a finished try, read in full, is kept and shared by the triage card, the
 * question prefetch and the tools; a running try or a partial read is read again each time.
 */
export async function gatherEvidence(client: AirflowClient, target: FailureTarget, options: GatherOptions = {}): Promise<GatheredEvidence> {
  const cache = client.readOnce;
  if (!cache) return (await gatherFromAirflow(client, target, options)).evidence;
  const mapIndex = target.mapIndex ?? -1;
  // The task instance is read every time, never kept: it says which try is the latest (a cleared
  // task runs again), and it proves that Airflow answers and that this session may still read the
  // task. Kept evidence is never handed out for a session that expired or an Airflow that is down:
  // those end the question with their own message, as on a first read.
  const taskInstance = await client.get<TaskInstanceFacts>(
    taskInstancePath(target.dagId, target.runId, target.taskId, mapIndex),
    undefined,
    options.signal ? { signal: options.signal } : {},
  );
  const tryNumber = target.tryNumber ?? taskInstance.try_number;
  const what = ['failure-evidence', target.dagId, target.runId, target.taskId, mapIndex, tryNumber, options.triesCompared ?? 3, options.upstreamLogs ?? 2];
  const read = () => gatherFromAirflow(client, { ...target, mapIndex, ...(tryNumber >= 1 ? { tryNumber } : {}) }, options, taskInstance);
  try {
    return (await cache.remember(what, read, (found) => found.lasting)).evidence;
  } catch (error) {
    // A read shared with a caller that gave up (its tool call cancelled) ended with it: read again.
    if (options.signal?.aborted || error instanceof AirflowApiError) throw error;
    return (await read()).evidence;
  }
}

function taskInstancePath(dagId: string, runId: string, taskId: string, mapIndex: number): string {
  return mapIndex >= 0
    ? apiV2Path`dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/${mapIndex}`
    : apiV2Path`dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}`;
}

async function gatherFromAirflow(
  client: AirflowClient,
  target: FailureTarget,
  options: GatherOptions,
  knownTaskInstance?: TaskInstanceFacts,
): Promise<{ evidence: GatheredEvidence; lasting: boolean }> {
  // Its own signal too: when the task instance cannot be read, the reads already under way (a
  // long log read among them) are cancelled, not left holding connections to a hanging Airflow.
  const abandon = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, abandon.signal]) : abandon.signal;
  const problems: string[] = [];
  let passingFault = false;
  const get = <T>(path: string, query?: Record<string, string | number | boolean | undefined>) =>
    client.get<T>(path, query, signal ? { signal } : {});
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (signal?.aborted || !(error instanceof AirflowApiError) || error.kind === 'unauthenticated') throw error;
      problems.push(`${what}: ${error.message}`);
      if (PASSING_FAULTS.has(error.kind)) passingFault = true;
      return null;
    }
  };

  const mapIndex = target.mapIndex ?? -1;
  const { dagId, runId, taskId } = target;
  const tiPath = (run: string) => taskInstancePath(dagId, run, taskId, mapIndex);
  // Each log is streamed into its triage as it arrives: only the triage's bounded state is kept.
  const triageTry = async (ti: { task_id: string; map_index: number }, tryNumber: number): Promise<TriagedTry> => {
    const ids: TryIds = { dagId, runId, taskId: ti.task_id, mapIndex: ti.map_index, tryNumber };
    const { triage, read } = await triageTryLog(client, ids, { ...(signal ? { signal } : {}), ...(options.logReadTimeoutMs ? { timeoutMs: options.logReadTimeoutMs } : {}) });
    return { tryNumber, triage, complete: read.state === 'complete', read };
  };
  const tryLog = (ti: { task_id: string; map_index: number }, tryNumber: number) =>
    attempt(`Log of ${ti.task_id} try ${tryNumber}`, () => triageTry(ti, tryNumber));

  // Everything that needs nothing else starts at once (the log too, when the try is known).
  const taskInstanceRead = knownTaskInstance ? Promise.resolve(knownTaskInstance) : get<TaskInstanceFacts>(tiPath(runId));
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
  const logsComplete = [triaged, ...earlierTries, ...upstreamFailures.map((u) => u.triaged)].every((read) => !read || read.complete);
  const lasting = FINISHED_STATES.has(taskInstance.state ?? '') && logsComplete && !passingFault && !(tryNumber >= 1 && !triaged);
  const evidence: GatheredEvidence = {
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
  return { evidence, lasting };
}
