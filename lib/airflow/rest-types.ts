// The parts of Airflow 3 REST v2 responses the tools read (routes/public/*.py, datamodels).
// Fields are optional where older 3.x releases lack them.

export interface DagTag {
  name: string;
}

export interface Dag {
  dag_id: string;
  dag_display_name?: string;
  is_paused: boolean;
  is_stale?: boolean;
  description?: string | null;
  owners?: string[];
  tags?: DagTag[];
  timetable_summary?: string | null;
  timetable_description?: string | null;
  fileloc?: string;
  relative_fileloc?: string | null;
  bundle_name?: string | null;
  has_import_errors?: boolean;
  next_dagrun_run_after?: string | null;
  last_parsed_time?: string | null;
}

export interface DagDetails extends Dag {
  doc_md?: string | null;
  start_date?: string | null;
  end_date?: string | null;
  catchup?: boolean;
  max_active_runs?: number | null;
  max_active_tasks?: number;
  dag_run_timeout?: string | null;
  timezone?: string | null;
  params?: Record<string, unknown> | null;
  default_args?: Record<string, unknown> | null;
  last_parsed?: string | null;
}

export interface DagRun {
  dag_run_id: string;
  dag_id: string;
  state: string;
  run_type: string;
  logical_date?: string | null;
  run_after?: string | null;
  queued_at?: string | null;
  start_date?: string | null;
  end_date?: string | null;
  duration?: number | null;
  triggered_by?: string | null;
  triggering_user_name?: string | null;
  note?: string | null;
}

export interface TaskInstance {
  task_id: string;
  dag_id: string;
  dag_run_id: string;
  map_index: number;
  rendered_map_index?: string | null;
  state: string | null;
  try_number: number;
  max_tries?: number;
  start_date?: string | null;
  end_date?: string | null;
  duration?: number | null;
  operator?: string | null;
  operator_name?: string | null;
  hostname?: string | null;
  pool?: string;
  queue?: string | null;
  executor?: string | null;
}

export interface Collection {
  total_entries: number;
}

export interface ImportError {
  import_error_id: number;
  timestamp: string;
  filename: string;
  bundle_name?: string | null;
  stack_trace: string;
}

export interface DagWarning {
  dag_id: string;
  warning_type: string;
  message: string;
  timestamp: string;
}

export interface XComEntry {
  key: string;
  timestamp: string;
  logical_date?: string | null;
  map_index: number;
  task_id: string;
  dag_id: string;
  run_id: string;
  value?: unknown;
}

export interface EventLog {
  event_log_id: number;
  when: string;
  dag_id?: string | null;
  task_id?: string | null;
  run_id?: string | null;
  map_index?: number | null;
  try_number?: number | null;
  event: string;
  owner?: string | null;
  extra?: string | null;
}

export interface DagSource {
  content: string | null;
  dag_id: string;
  version_number?: number | null;
}
