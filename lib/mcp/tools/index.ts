import type { ReadTool } from '../read-tool';
import { getAirflowHealthAndVersion } from './get-airflow-health-and-version';
import { getDagDetails } from './get-dag-details';
import { getDagSource } from './get-dag-source';
import { getFailureEvidence } from './get-failure-evidence';
import { getTaskInstanceTries } from './get-task-instance-tries';
import { listDagRuns } from './list-dag-runs';
import { listConnections } from './list-connections';
import { listDagWarnings } from './list-dag-warnings';
import { listDags } from './list-dags';
import { listEventLogs } from './list-event-logs';
import { listImportErrors } from './list-import-errors';
import { listTaskInstances } from './list-task-instances';
import { listVariables } from './list-variables';
import { listXcomEntries } from './list-xcom-entries';
import { readTaskLog } from './read-task-log';

export const BUILTIN_READ_TOOLS = [
  listDags,
  getDagDetails,
  listDagRuns,
  listTaskInstances,
  getTaskInstanceTries,
  readTaskLog,
  getFailureEvidence,
  getDagSource,
  listImportErrors,
  listDagWarnings,
  listXcomEntries,
  listEventLogs,
  listConnections,
  listVariables,
  getAirflowHealthAndVersion,
] as unknown as readonly ReadTool[];

export const BUILTIN_READ_TOOL_NAMES = [
  'list_dags',
  'get_dag_details',
  'list_dag_runs',
  'list_task_instances',
  'get_task_instance_tries',
  'read_task_log',
  'get_failure_evidence',
  'get_dag_source',
  'list_import_errors',
  'list_dag_warnings',
  'list_xcom_entries',
  'list_event_logs',
  'list_connections',
  'list_variables',
  'get_airflow_health_and_version',
] as const;

export type BuiltinReadToolName = (typeof BUILTIN_READ_TOOL_NAMES)[number];
