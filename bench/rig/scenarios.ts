// The failure cases the diagnosis is recorded, tested and benchmarked on: one task instance per
// failure Dag of the log rig (plus the upstream_failed ones), and the text that names its root
// cause, which a good evidence pack must contain.

export interface DiagnosisScenario {
  /** Fixture name: lib/logs/__fixtures__/rig/<name>.json */
  name: string;
  /** Run key in the log rig (see RIG_RUNS). */
  run: string;
  dagId: string;
  taskId: string;
  mapIndex?: number;
  /** Text of the line that names the root cause; the pack must contain all of them. */
  rootCause: string[];
}

export const SCENARIOS: readonly DiagnosisScenario[] = [
  { name: 'python-exception', run: 'fail_python_exception', dagId: 'fail_python_exception', taskId: 'transform', rootCause: ["ValueError: column 'amount' has 3 nulls"] },
  { name: 'retries', run: 'fail_retries', dagId: 'fail_retries', taskId: 'flaky_api_call', rootCause: ['ConnectionError: attempt 3: upstream API returned HTTP 503 Service Unavailable'] },
  { name: 'mapped', run: 'fail_mapped', dagId: 'fail_mapped', taskId: 'process_partition', mapIndex: 1, rootCause: ['ValueError: partition 2: schema mismatch, expected 5 columns got 4'] },
  { name: 'mapped-upstream-failed', run: 'fail_mapped', dagId: 'fail_mapped', taskId: 'summarize', rootCause: ['ValueError: partition 2: schema mismatch, expected 5 columns got 4'] },
  { name: 'execution-timeout', run: 'fail_execution_timeout', dagId: 'fail_execution_timeout', taskId: 'slow_query', rootCause: ['Process timed out', 'AirflowTaskTimeout: Timeout, PID:'] },
  { name: 'upstream-root', run: 'fail_upstream_chain', dagId: 'fail_upstream_chain', taskId: 'check_source', rootCause: ['FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found'] },
  { name: 'upstream-failed', run: 'fail_upstream_chain', dagId: 'fail_upstream_chain', taskId: 'publish', rootCause: ['FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found'] },
  { name: 'sensor-timeout', run: 'fail_sensor_timeout', dagId: 'fail_sensor_timeout', taskId: 'wait_for_partition', rootCause: ['AirflowSensorTimeout: Sensor has timed out'] },
  { name: 'missing-connection', run: 'fail_missing_connection', dagId: 'fail_missing_connection', taskId: 'load_to_warehouse', rootCause: ["The conn_id `warehouse_db` isn't defined"] },
  { name: 'missing-variable', run: 'fail_missing_variable', dagId: 'fail_missing_variable', taskId: 'configure_batches', rootCause: ['Variable etl_batch_size not found'] },
  { name: 'sigkill', run: 'fail_sigkill', dagId: 'fail_sigkill', taskId: 'build_features', rootCause: ['Process terminated by signal', 'signal_name=SIGKILL'] },
  { name: 'long-log', run: 'fail_long_log', dagId: 'fail_long_log', taskId: 'reconcile_partitions', rootCause: ['reconcile failed for partition 2024-06-01', 'RuntimeError: checksum mismatch in partition 2024-06-01'] },
  { name: 'dependency', run: 'fail_dependency', dagId: 'fail_dependency', taskId: 'score_model', rootCause: ["ModuleNotFoundError: No module named 'sklearn_turbo'"] },
  { name: 'heartbeat-timeout', run: 'fail_heartbeat_timeout', dagId: 'fail_heartbeat_timeout', taskId: 'stream_events', rootCause: ['heartbeat timeout', 'Task did not emit heartbeat'] },
];
