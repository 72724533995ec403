// The Airflow 3 REST v2 fields the evidence pack reads, beyond lib/airflow/rest-types.ts.
import type { DagRun, EventLog, ImportError, TaskInstance } from '../airflow/rest-types';
import type { LogTriage } from './log-triage';
import type { LogRead } from './read-try-log';

export interface DagVersionRef {
  version_number: number;
  bundle_version?: string | null;
  created_at?: string;
}

export interface TaskInstanceFacts extends TaskInstance {
  dag_version?: DagVersionRef | null;
  note?: string | null;
}

export interface DagRunFacts extends DagRun {
  conf?: Record<string, unknown> | null;
  dag_versions?: DagVersionRef[];
}

export interface TaskFacts {
  task_id: string;
  downstream_task_ids?: string[] | null;
  trigger_rule?: string | null;
  retries?: number | null;
  execution_timeout?: { days?: number; seconds?: number; microseconds?: number } | null;
  operator_name?: string | null;
  is_mapped?: boolean | null;
}

export interface DagFileFacts {
  dag_id: string;
  fileloc?: string;
  relative_fileloc?: string | null;
  has_import_errors?: boolean;
}

export type { EventLog, ImportError };

/** Which task instance to diagnose; the try defaults to its latest. */
export interface FailureTarget {
  dagId: string;
  runId: string;
  taskId: string;
  /** -1 (default) for an unmapped task. */
  mapIndex?: number;
  tryNumber?: number;
}

export interface TriagedTry {
  tryNumber: number;
  triage: LogTriage;
  /** False when only a first part of the log was read (see `read`). */
  complete: boolean;
  /** How far the read got: a timeout or a broken connection leaves a triage of the first part only. */
  read?: LogRead;
}

/** A failed task upstream of an `upstream_failed` one, with its own log triage. */
export interface UpstreamFailure {
  taskInstance: TaskInstanceFacts;
  triaged: TriagedTry | null;
}

/** Everything read from Airflow for one diagnosis; absent parts could not be read (see `problems`). */
export interface GatheredEvidence {
  target: Required<FailureTarget>;
  taskInstance: TaskInstanceFacts;
  /** The diagnosed try's triage; null when the task never ran (try 0) or its log could not be read. */
  triaged: TriagedTry | null;
  /** Why the diagnosed try's log could not be read at all (null when it was, or when there is none). */
  logProblem?: string | null;
  /** Earlier tries, newest first, for the try-to-try diff. */
  earlierTries: TriagedTry[];
  task: TaskFacts | null;
  tasks: TaskFacts[] | null;
  runTaskInstances: TaskInstanceFacts[] | null;
  run: DagRunFacts | null;
  dag: DagFileFacts | null;
  source: { lines: string[]; versionNumber: number | null } | null;
  lastSuccess: { run: DagRunFacts; taskInstance: TaskInstanceFacts | null } | null;
  auditEvents: EventLog[] | null;
  upstreamFailures: UpstreamFailure[];
  importErrors: { error: ImportError; triage: LogTriage }[];
  /** Parts that could not be read, as sentences ("Dag source: HTTP 403 …"). */
  problems: string[];
}
