import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../mcp/testing/call-tool';
import { FIXTURES_DIR } from '../airflow/testing/replay-fixture';
import { redactText } from './redactor';

// What the model needs to read must stay readable: a redactor that masks ids, hashes or run ids
// makes the assistant useless even if it leaks nothing.

const TOOL_FIXTURES = fs
  .readdirSync(FIXTURES_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''))
  // Plain api-client responses, not tool calls (see the fixtures README).
  .filter((name) => !name.endsWith('-connections-200') && !name.endsWith('-connections-403'));

describe('false positives: real tool results from the rig', () => {
  it.each(TOOL_FIXTURES)('%s passes unchanged', async (name) => {
    const { text } = await callRecordedTool(name);
    const result = redactText(text);
    expect(result.counts).toEqual({});
    expect(result.text).toBe(text);
  });
});

const ORDINARY = [
  // Airflow 3 task log lines as read_task_log renders them.
  '1 | ::group::Log message source details',
  '2 | /work/main/.airflow/home-fixtures/logs/dag_id=fail_python_exception/run_id=manual__2026-11-25T11:51:20.671562+00:00/task_id=transform/attempt=1.log',
  '5 | [2026-11-25T11:51:31.217722Z] INFO airflow.dag_processing.bundles.manager.DagBundlesManager: DAG bundles loaded: dags-folder loc=manager.py:304',
  '7 | [2026-11-25T11:51:31.245374Z] INFO task: Worker startup parse complete bundle_name=dags-folder dag_file=fail_python_exception.py bundle_prepare_ms=2 dag_file_parse_ms=27 loc=task_runner.py:1073',
  '12 | [2026-11-25T11:51:36.297005Z] ERROR task: Task failed with exception ti_id=01a2128b-c9bc-7b4f-8b48-f2aa509c3279 loc=task_runner.py:1020',
  '12 +   File "…/site-packages/airflow/sdk/execution_time/task_runner.py", line 1020, in run',
  "12 + ValueError: column 'amount' has 3 nulls",
  '9 | [2026-11-25T11:51:33.1Z] CRITICAL task: Process terminated by signal. Likely out of memory error (OOM). For more information, see https://airflow.apache.org/docs/apache-airflow/stable/troubleshooting.html#TaskRunner-killed signal=-9 signal_name=SIGKILL',
  '30009 | [2026-11-25T11:52:10.5Z] ERROR airflow.task: reconcile failed for partition 2024-06-01',
  "FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found",
  "AirflowNotFoundException: The conn_id `warehouse_db` isn't defined",
  "AirflowRuntimeError: VARIABLE_NOT_FOUND: {'message': 'Variable etl_batch_size not found'}",
  'line 12: http://127.0.0.1:38123/dags/fail_python_exception/runs/manual__2026-11-25T11%3A51%3A20.671562%2B00%3A00/tasks/transform?try_number=1#12',
  // Ids and run ids.
  'dag_run_id: scheduled__2026-11-25T00:00:00+00:00',
  'run ids manual__2026-11-25T10:00:00+00:00, backfill__2026-11-24T00:00:00+00:00, asset_triggered__2026-11-25T10:00:00.123456+00:00',
  'ti 0199a7c2-5d3e-7f41-9a2b-3c4d5e6f7a8b in pool default_pool, queue default, hostname ip-10-0-12-34.eu-west-1.compute.internal',
  'job application_1700000000000_0001 submitted to yarn; pod fail-python-exception-transform-7d9c8b5f4-x2l9q',
  'bundle_version=3f2a9c8e1b7d4a6f0e5c2b8d9a1f4e7c3b6a0d2e commit 3f2a9c8',
  // Hashes in paths, digests, checksums.
  '/opt/airflow/.cache/pip/wheels/3f/2a/9c8e1b7d4a6f0e5c2b8d9a1f4e7c3b6a0d2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b/pendulum-3.1.0-cp311-cp311-manylinux_2_17_x86_64.whl',
  'image apache/airflow:3.3.2-python3.11@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'checksum mismatch in partition 2024-06-01: expected md5 d41d8cd98f00b204e9800998ecf8427e got 9e107d9d372bb6826bd81d3542a419d6',
  'object at 0x7f3b2c1d0e50, id 140234567890123',
  // Timestamps and durations.
  'started 2026-11-25T11:51:31.192226Z ended 2026-11-25T11:51:36.297005Z duration 5.105s; next run 2026-11-26 00:00:00+00:00',
  // Identifiers, class names, module paths.
  'airflow.providers.google.cloud.operators.bigquery.BigQueryInsertJobOperator S3KeySensorAsync KubernetesPodOperator_12',
  'execution_timeout_3s_default analytics_daily_orders_v3_backfill snowflake_conn_id_prod2 reconcile_partitions_2024',
  'python3/dist-packages/google/cloud/bigquery 11/site-packages/airflow/sdk/execution_time/task_runner',
  // Base64 of ordinary words, key names without secrets, masks of other tools.
  'payload aGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0IG9mIGJhc2U2NA== decoded fine',
  'token_type=bearer max_tokens=100 secret_name=prod/warehouse password_file=/run/secrets/db PWD=/home/airflow',
  'password=None token=null api_key= secret={{ var.value.secret }} password=${DB_PASSWORD}',
  'Bearer authentication failed; Basic auth is disabled; the bearer token expired',
  'sep ***** and bold ***text*** stay',
  // Templates of a URI, not passwords.
  'print(f"cloning https://x-access-token:{GITHUB_TOKEN}@github.com/acme/etl.git"); log.info("postgresql://etl:%s@db/x", pw)',
  'email etl@acme-data-prod.iam.gserviceaccount.com and https://github.com/apache/airflow/blob/main/README.md',
  'http://127.0.0.1:8080/api/v2/dags?limit=100&only_active=true&order_by=-last_run_start_date',
];

describe('false positives: ordinary lines', () => {
  it.each(ORDINARY)('keeps %s', (line) => {
    expect(redactText(line)).toEqual({ text: line, counts: {}, total: 0 });
  });
});
