import { describe, expect, it } from 'vitest';
import { FAILURE_CLASS_DEFINITIONS, FAILURE_CLASSES, classifyException, classifyText, isCommandExitLine } from './failure-class';

describe('the failure classes', () => {
  it('each has a label and a one-sentence rule, in one list', () => {
    for (const c of FAILURE_CLASSES) {
      expect(FAILURE_CLASS_DEFINITIONS[c].label.length).toBeGreaterThan(3);
      expect(FAILURE_CLASS_DEFINITIONS[c].rule).toMatch(/^[A-Z].{20,}\.$/);
    }
    expect(FAILURE_CLASSES).toEqual(expect.arrayContaining(['template_error', 'nonzero_exit', 'auth_error', 'data_validation', 'dagrun_timeout']));
  });

  it('reads the exit code of a command', () => {
    expect(isCommandExitLine('Command exited with return code 2')).toEqual({ code: 2 });
    expect(isCommandExitLine('Command exited with return code 0')).toEqual({ code: 0 });
    expect(isCommandExitLine('row 17 ok')).toBeNull();
  });
});

describe('classifyText', () => {
  it.each([
    ['Process terminated by signal. Likely out of memory error (OOM).', 'killed_by_signal'],
    ['Task exited with return code -9', 'killed_by_signal'],
    ['Process timed out', 'execution_timeout'],
    ['Sensor has timed out; run duration of 3.04 seconds exceeds the specified timeout of 3.0.', 'sensor_timeout'],
    ['Task did not emit heartbeat within time limit (15 seconds) and will be terminated.', 'heartbeat_timeout'],
    ['Detected zombie job', 'heartbeat_timeout'],
    ["The conn_id `warehouse_db` isn't defined", 'missing_connection'],
    ["VARIABLE_NOT_FOUND: {'message': 'Variable etl_batch_size not found'}", 'missing_variable'],
    ['Broken DAG: [/dags/etl.py] ModuleNotFoundError', 'import_error'],
    ["ModuleNotFoundError: No module named 'sklearn_turbo'", 'dependency_error'],
    ["Dependencies not met for <TaskInstance: d.t>, dependency 'Trigger Rule' FAILED", 'upstream_failed'],
    // Template rendering (Airflow 3.3's templater, Jinja's exceptions).
    ["Exception rendering Jinja template for task 'export_orders', field 'bash_command'. Template: 'echo {{ params.cfg.bucket }}'", 'template_error'],
    ["jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'bucket'", 'template_error'],
    ['TemplateNotFound: scripts/load_warehouse.sh', 'template_error'],
    // Commands that exit non-zero: Bash, subprocess, Kubernetes pods, Docker containers.
    ['Bash command failed. The command returned a non-zero exit code 2.', 'nonzero_exit'],
    ['Command exited with return code 128', 'nonzero_exit'],
    ["CalledProcessError: Command '['bash', '-c', 'dbt compile']' returned non-zero exit status 2.", 'nonzero_exit'],
    ['Pod etl-pod-x7k2 returned a failure.', 'nonzero_exit'],
    ["Docker container failed: {'StatusCode': 1}", 'nonzero_exit'],
    // An exit code of 0 is the hook saying all went well.
    ['Command exited with return code 0', null],
    // Permission and authentication errors of other systems.
    ['403 Client Error: Forbidden for url: https://api.partner.example/v2/orders', 'auth_error'],
    ['401 Client Error: Unauthorized for url: https://billing.example.com/api/invoices', 'auth_error'],
    ['An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:iam::1:user/etl is not authorized to perform: s3:GetObject', 'auth_error'],
    ['403 GET https://bigquery.googleapis.com/…: Access Denied: Permission bigquery.tables.getData denied', 'auth_error'],
    ['psql: error: FATAL:  password authentication failed for user "etl"', 'auth_error'],
    // A 5xx is not a refusal.
    ['ConnectionError: attempt 3: upstream API returned HTTP 503 Service Unavailable', null],
    // Out of memory without a signal.
    ['MemoryError: Unable to allocate 1.07 TiB for an array', 'killed_by_signal'],
    // Data and validation.
    ['AssertionError: no rows loaded into analytics.orders for 2024-06-01', 'data_validation'],
    ['ValidationError: 1 validation error for Order', 'data_validation'],
    ["ValueError: schema mismatch in staging.orders: column 'price' expected DECIMAL(10,2), got STRING", 'data_validation'],
    ['DataQualityError: unique(order_id) failed: 12 duplicate keys', 'data_validation'],
    ['Dag run manual__2024 of etl timed out after 0:05:00 (dagrun_timeout)', 'dagrun_timeout'],
    ['row 00017 ok', null],
    // A Dag named after a failure is not that failure.
    ['/logs/dag_id=fail_execution_timeout/run_id=x/task_id=slow_query/attempt=1.log', null],
    ['/logs/dag_id=fail_sigkill/attempt=1.log', null],
  ])('%s → %s', (text, expected) => expect(classifyText(text)).toBe(expected));
});

describe('classifyException', () => {
  it('names Airflow exceptions by what they mean, and any other one a Python exception', () => {
    expect(classifyException({ type: 'AirflowTaskTimeout', message: 'Timeout, PID: 42' })).toBe('execution_timeout');
    expect(classifyException({ type: 'AirflowNotFoundException', message: "The conn_id `db` isn't defined" })).toBe('missing_connection');
    expect(classifyException({ type: 'ValueError', message: "column 'amount' has 3 nulls" })).toBe('python_exception');
    expect(classifyException({ type: 'UndefinedError', message: "'dict object' has no attribute 'bucket'" })).toBe('template_error');
    expect(classifyException({ type: 'AirflowException', message: 'Bash command failed. The command returned a non-zero exit code 2.' })).toBe('nonzero_exit');
    expect(classifyException({ type: 'HTTPError', message: '403 Client Error: Forbidden for url: https://x.example/' })).toBe('auth_error');
  });

  it('tells a package missing in the task from one missing while the Dag file is imported', () => {
    expect(classifyException({ type: 'ModuleNotFoundError', message: "No module named 'x'" })).toBe('dependency_error');
    expect(classifyException({ type: 'ModuleNotFoundError', message: "No module named 'x'", raisedAtImport: true })).toBe('import_error');
  });
});
