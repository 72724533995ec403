// The failure corpus of the accuracy bench (issue 15): one task instance per Dag of
// bench/corpus/dags/, with the class a good diagnosis gives it and the text of the line that names
// its root cause. The UI line of that text in the real log is recorded beside the fixtures
// (bench/corpus/__fixtures__/<dag>.json, `rootCauseLine`) by record-corpus.ts.
import type { CorpusCase } from '../../lib/logs/testing/corpus-accuracy.ts';

export type { CorpusCase };

export const CORPUS: readonly CorpusCase[] = [
  { dagId: 'corpus_template_undefined', taskId: 'export_orders', expectedClass: 'template_error', rootCause: "has no attribute 'bucket'" },
  { dagId: 'corpus_template_syntax', taskId: 'build_partition', expectedClass: 'template_error', rootCause: "unexpected '}'" },
  { dagId: 'corpus_template_macro', taskId: 'weekly_report', expectedClass: 'template_error', rootCause: 'unsupported type for timedelta days component' },
  { dagId: 'corpus_template_not_found', taskId: 'load_warehouse', expectedClass: 'template_error', rootCause: 'scripts/load_warehouse.sh' },
  { dagId: 'corpus_bash_python_script', taskId: 'run_scoring_script', expectedClass: 'nonzero_exit', rootCause: "KeyError: 'customer_id'" },
  { dagId: 'corpus_bash_misleading', taskId: 'sync_repo', expectedClass: 'nonzero_exit', rootCause: 'fatal: could not read from remote repository', misleading: true },
  { dagId: 'corpus_bash_exit_code', taskId: 'dbt_test', expectedClass: 'nonzero_exit', rootCause: 'FAIL 7 unique_orders_order_id' },
  { dagId: 'corpus_subprocess_called', taskId: 'compile_models', expectedClass: 'nonzero_exit', rootCause: 'Compilation Error in model orders_daily' },
  { dagId: 'corpus_dep_missing_module', taskId: 'write_parquet', expectedClass: 'dependency_error', rootCause: "No module named 'pyarrow_flight_ext'" },
  { dagId: 'corpus_dep_import_name', taskId: 'parse_events', expectedClass: 'dependency_error', rootCause: "cannot import name 'loads_fast'" },
  { dagId: 'corpus_dep_distribution', taskId: 'check_driver', expectedClass: 'dependency_error', rootCause: 'snowflake-connector-python' },
  { dagId: 'corpus_conn_missing', taskId: 'archive_files', expectedClass: 'missing_connection', rootCause: 's3_archive' },
  { dagId: 'corpus_conn_misleading', taskId: 'sync_crm', expectedClass: 'missing_connection', rootCause: 'crm_api', misleading: true },
  { dagId: 'corpus_var_missing', taskId: 'send_report', expectedClass: 'missing_variable', rootCause: 'reporting_recipients' },
  { dagId: 'corpus_var_missing_template', taskId: 'export_snapshot', expectedClass: 'missing_variable', rootCause: 'export_bucket' },
  { dagId: 'corpus_auth_http_403', taskId: 'fetch_orders', expectedClass: 'auth_error', rootCause: '403 Client Error: Forbidden' },
  { dagId: 'corpus_auth_http_401', taskId: 'fetch_invoices', expectedClass: 'auth_error', rootCause: '401 Client Error: Unauthorized', misleading: true },
  { dagId: 'corpus_auth_aws_iam', taskId: 'read_manifest', expectedClass: 'auth_error', rootCause: 'is not authorized to perform: s3:GetObject' },
  { dagId: 'corpus_auth_gcp', taskId: 'load_bq_table', expectedClass: 'auth_error', rootCause: 'Permission bigquery.tables.getData denied' },
  { dagId: 'corpus_timeout_execution', taskId: 'aggregate_sales', expectedClass: 'execution_timeout', rootCause: 'Process timed out' },
  { dagId: 'corpus_timeout_sensor', taskId: 'wait_for_export', expectedClass: 'sensor_timeout', rootCause: 'Sensor has timed out' },
  { dagId: 'corpus_oom_sigkill', taskId: 'build_embeddings', expectedClass: 'killed_by_signal', rootCause: 'Process terminated by signal' },
  { dagId: 'corpus_memory_error', taskId: 'pivot_table', expectedClass: 'killed_by_signal', rootCause: 'Unable to allocate 1.07 TiB' },
  { dagId: 'corpus_upstream_chain', taskId: 'load', expectedClass: 'upstream_failed', rootCause: "expected header 'order_id,amount'", rootCauseTask: 'extract' },
  { dagId: 'corpus_upstream_auth', taskId: 'publish', expectedClass: 'upstream_failed', rootCause: '403 Client Error: Forbidden', rootCauseTask: 'fetch' },
  { dagId: 'corpus_retries_changing', taskId: 'pull_feed', expectedClass: 'auth_error', expectedSignals: ['retries_exhausted'], rootCause: '403 Client Error: Forbidden' },
  { dagId: 'corpus_retries_same', taskId: 'parse_payload', expectedClass: 'python_exception', expectedSignals: ['retries_exhausted'], rootCause: "KeyError: 'cursor'" },
  { dagId: 'corpus_data_assert', taskId: 'check_load', expectedClass: 'data_validation', rootCause: 'no rows loaded into analytics.orders' },
  { dagId: 'corpus_data_pydantic', taskId: 'validate_orders', expectedClass: 'data_validation', rootCause: 'validation error for Order' },
  { dagId: 'corpus_data_schema', taskId: 'check_schema', expectedClass: 'data_validation', rootCause: "column 'price' expected DECIMAL(10,2)" },
  { dagId: 'corpus_data_quality', taskId: 'dq_orders', expectedClass: 'data_validation', rootCause: '12 duplicate keys' },
  { dagId: 'corpus_py_keyerror', taskId: 'enrich', expectedClass: 'python_exception', rootCause: "KeyError: 'currency'", misleading: true },
  { dagId: 'corpus_py_zero_division', taskId: 'conversion_rate', expectedClass: 'python_exception', rootCause: 'ZeroDivisionError' },
];
