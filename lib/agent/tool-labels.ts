/**
 * What the panel says while a tool runs, in the user's words rather than the tool's name:
 * "Reading the log of `extract`, try 2…". Unknown tools (from a remote MCP server) fall back to
 * their name.
 */
type Args = Record<string, unknown>;

const str = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
const code = (value: unknown) => (str(value) ? `\`${str(value)}\`` : undefined);
const mapped = (args: Args) => (typeof args.map_index === 'number' && args.map_index >= 0 ? ` [${args.map_index}]` : '');

const labels: Record<string, (args: Args) => string> = {
  read_task_log: (a) => `Reading the log of ${code(a.task_id) ?? 'the task'}${mapped(a)}${str(a.try_number) ? `, try ${str(a.try_number)}` : ''}`,
  list_task_instances: (a) => `Listing the tasks of run ${code(a.dag_run_id ?? a.run_id) ?? ''}`.trim(),
  get_task_instance_tries: (a) => `Looking at the tries of ${code(a.task_id) ?? 'the task'}${mapped(a)}`,
  list_dag_runs: (a) => `Listing recent runs of ${code(a.dag_id) ?? 'the Dag'}`,
  list_dags: () => 'Listing Dags',
  get_dag_details: (a) => `Reading the details of ${code(a.dag_id) ?? 'the Dag'}`,
  get_dag_source: (a) => `Reading the source of ${code(a.dag_id) ?? 'the Dag'}`,
  list_import_errors: () => 'Checking import errors',
  list_dag_warnings: () => 'Checking Dag warnings',
  list_xcom_entries: (a) => `Reading XCom of ${code(a.task_id) ?? 'the task'}`,
  list_event_logs: () => 'Reading the audit log',
  get_airflow_health_and_version: () => 'Checking Airflow health',
  get_failure_evidence: (a) => `Gathering the evidence for ${code(a.task_id) ?? 'the task'}${mapped(a)}${str(a.try_number) ? `, try ${str(a.try_number)}` : ''}`,
  list_connections: () => 'Checking which connections exist',
  list_variables: () => 'Checking which Variables exist',
};

export function toolStepLabel(toolName: string, args: unknown): string {
  const make = labels[toolName];
  const safeArgs = typeof args === 'object' && args !== null ? (args as Args) : {};
  return make ? make(safeArgs) : `Calling ${toolName}`;
}
