import { describe, expect, it } from 'vitest';
import { classifyException, classifyText } from './failure-class';

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
  });

  it('tells a package missing in the task from one missing while the Dag file is imported', () => {
    expect(classifyException({ type: 'ModuleNotFoundError', message: "No module named 'x'" })).toBe('dependency_error');
    expect(classifyException({ type: 'ModuleNotFoundError', message: "No module named 'x'", raisedAtImport: true })).toBe('import_error');
  });
});
