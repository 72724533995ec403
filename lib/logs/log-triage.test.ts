import { describe, expect, it } from 'vitest';
import type { LogContentItem } from './render-log-event';
import { createLogTriage, triageLog, triageText, type LogTriage } from './log-triage';
import { loadRigFixture, rigLogContent } from './testing/rig-fixtures';

// Real logs of the rig's failure Dags (Airflow 3.3.2), recorded by bench/rig/record-fixtures.ts.
async function triageOf(fixture: string, taskId: string, tryNumber = 1): Promise<{ triage: LogTriage; content: LogContentItem[] }> {
  const content = rigLogContent(loadRigFixture(fixture), taskId, tryNumber);
  return { triage: await triageLog([content]), content };
}

describe('triageLog on the rig logs, one failure class each', () => {
  it('python exception: the failing event, its exception from error_detail, and the user frames', async () => {
    const { triage } = await triageOf('python-exception', 'transform');
    expect(triage.failureClass).toBe('python_exception');
    expect(triage.failure).toMatchObject({ kind: 'exception', line: { index: 9, uiLine: 5, uiLineExact: true } });
    expect(triage.failure!.line.text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR task: Task failed with exception$/);
    const exception = triage.failure!.exception!;
    expect(`${exception.type}: ${exception.message}`).toBe("ValueError: column 'amount' has 3 nulls");
    expect(exception.firstFrame).toMatchObject({ name: '_run_task_and_map_outcome', line: 1579 });
    expect(exception.userFrames.map((f) => [f.name, f.line])).toEqual([['transform', 38], ['_validate', 15]]);
    expect(exception.lastFrame).toMatchObject({ name: '_validate', line: 15 });
    expect(triage.eventCount).toBe(14);
    expect(triage.numberedLines).toBe(8);
  });

  it('execution timeout: "Process timed out" is the first sign, AirflowTaskTimeout the failure', async () => {
    const { triage } = await triageOf('execution-timeout', 'slow_query');
    expect(triage.failureClass).toBe('execution_timeout');
    expect(triage.failure!.exception).toMatchObject({ type: 'AirflowTaskTimeout', message: expect.stringMatching(/^Timeout, PID: \d+$/) });
    expect(triage.rootCause!.line.text).toMatch(/ERROR task: Process timed out pid=\d+$/);
    expect(triage.rootCause!.line.index).toBe(triage.failure!.line.index - 1);
  });

  it('SIGKILL / OOM: no error_detail, the critical "Process terminated by signal" event ends the task', async () => {
    const { triage } = await triageOf('sigkill', 'build_features');
    expect(triage.failureClass).toBe('killed_by_signal');
    expect(triage.failure).toMatchObject({ kind: 'signal', exception: null, line: { level: 'critical' } });
    expect(triage.failure!.line.text).toContain('Process terminated by signal. Likely out of memory error (OOM).');
    expect(triage.failure!.line.text).toMatch(/signal=-9 signal_name=SIGKILL$/);
    // The task's prints came before the kill; they are its context.
    expect(triage.failure!.context.map((l) => l.text.replace(/^\S+ /, ''))).toEqual(
      expect.arrayContaining(['INFO task.stdout: loading 48M rows into a pandas DataFrame', expect.stringMatching(/^INFO task\.stdout: pid \d+: allocating feature matrix$/)]),
    );
  });

  it('heartbeat loss (zombie): the log just stops after startup, with no failure record', async () => {
    const { triage } = await triageOf('heartbeat-timeout', 'stream_events');
    expect(triage.noFailureRecord).toBe(true);
    expect(triage.failureClass).toBe('unknown');
    expect(triage.failure).toBeNull();
    expect(triage.tail.at(-1)!.text).toMatch(/Worker startup parse complete/);
    // Every line is folded into the startup groups: the UI has no line to link.
    expect(triage.tail.every((l) => l.uiLine === null)).toBe(true);
  });

  it('sensor timeout: AirflowSensorTimeout, with the pokes collapsed', async () => {
    const { triage } = await triageOf('sensor-timeout', 'wait_for_partition');
    expect(triage.failureClass).toBe('sensor_timeout');
    expect(triage.failure!.exception!.message).toMatch(/^Sensor has timed out; run duration of 3\.\d+ seconds exceeds the specified timeout of 3\.0\.$/);
    const pokes = triage.failure!.context.filter((l) => l.repeat);
    expect(pokes.map((l) => [l.text.replace(/^\S+ /, ''), l.repeat!.count])).toEqual([
      [expect.stringMatching(/^INFO …sensor\.DecoratedSensorOperator: Poking callable: <function fail_sensor_timeout/), 4],
      ['INFO task.stdout: looking for s3://landing/orders/2024-06-01/_SUCCESS: not there yet', 3],
    ]);
    // The deprecation warning is counted, not mistaken for the failure.
    expect(triage.counts.warning).toBe(1);
  });

  it('missing connection and missing variable', async () => {
    const connection = (await triageOf('missing-connection', 'load_to_warehouse')).triage;
    expect(connection.failureClass).toBe('missing_connection');
    expect(connection.failure!.exception!.message).toBe("The conn_id `warehouse_db` isn't defined");
    const variable = (await triageOf('missing-variable', 'configure_batches')).triage;
    expect(variable.failureClass).toBe('missing_variable');
    expect(variable.failure!.exception!.message).toBe("VARIABLE_NOT_FOUND: {'message': 'Variable etl_batch_size not found'}");
  });

  it('dependency error: a module missing at run time, raised through the user frames', async () => {
    const { triage } = await triageOf('dependency', 'score_model');
    expect(triage.failureClass).toBe('dependency_error');
    expect(triage.failure!.exception!.message).toBe("No module named 'sklearn_turbo'");
    expect(triage.failure!.exception!.userFrames.map((f) => f.name)).toEqual(['score_model', '_load_engine']);
    expect(triage.failure!.exception!.lastFrame!.file).toBe('<frozen importlib._bootstrap>');
  });

  it('import error: the plain-text stack trace of GET importErrors', () => {
    const body = loadRigFixture('import-errors').exchanges[0]!.body as { import_errors: { stack_trace: string }[] };
    const triage = triageText(body.import_errors[0]!.stack_trace);
    expect(triage.failureClass).toBe('import_error');
    expect(triage.failure!.exception).toMatchObject({ type: 'ModuleNotFoundError', message: "No module named 'company_snowflake_helpers'" });
    expect(triage.failure!.exception!.userFrames).toEqual([expect.objectContaining({ name: '<module>', line: 7 })]);
    expect(triage.failure!.line).toMatchObject({ index: 5, text: "ModuleNotFoundError: No module named 'company_snowflake_helpers'" });
  });

  it('retries: each try has its own failure; the messages differ only in the attempt number', async () => {
    const fixture = loadRigFixture('retries');
    const tries = await Promise.all([1, 2, 3].map((n) => triageLog([rigLogContent(fixture, 'flaky_api_call', n)])));
    expect(tries.map((t) => t.failure!.exception!.message)).toEqual([1, 2, 3].map((n) => `attempt ${n}: upstream API returned HTTP 503 Service Unavailable`));
    expect(tries.map((t) => t.failureClass)).toEqual(['python_exception', 'python_exception', 'python_exception']);
  });

  it('mapped task: the failing map index', async () => {
    const { triage } = await triageOf('mapped', 'process_partition');
    expect(triage.failure!.exception!.message).toBe('partition 2: schema mismatch, expected 5 columns got 4');
  });
});

describe('triageLog on the 60,012-line log', () => {
  it('finds the buried first error and the final failure with their UI lines, and folds the 60,000 rows', async () => {
    const { triage } = await triageOf('long-log', 'reconcile_partitions');
    expect(triage.eventCount).toBe(60_012);
    expect(triage.failure!.line).toMatchObject({ index: 60_009, uiLine: 60_005 });
    expect(triage.rootCause!.line).toMatchObject({ index: 30_008, uiLine: 30_004 });
    expect(triage.rootCause!.line.text).toMatch(/ERROR airflow\.task: reconcile failed for partition 2024-06-01$/);
    expect(triage.rootCause!.exception!.message).toBe('checksum mismatch in partition 2024-06-01');
    expect(triage.failure!.context.map((l) => [l.index, l.repeat?.count ?? 1])).toEqual([
      [8, 30_000],
      [30_008, 1],
      [30_009, 30_000],
    ]);
  });

  it('gives the same result page by page as in one piece', async () => {
    const { triage, content } = await triageOf('long-log', 'reconcile_partitions');
    async function* pages() {
      for (let i = 0; i < content.length; i += 777) yield content.slice(i, i + 777);
    }
    expect(await triageLog(pages())).toEqual(triage);
  });
});

describe('triage of plain-text and synthetic logs (documented shapes)', () => {
  it('reads an Airflow 2 text log: the traceback after "Task failed with exception" belongs to it, causes chained', () => {
    const log = [
      '[2024-06-01, 00:00:01 UTC] {taskinstance.py:1} INFO - Starting attempt 1 of 1',
      '[2024-06-01, 00:00:02 UTC] {taskinstance.py:2} ERROR - Task failed with exception',
      'Traceback (most recent call last):',
      '  File "/opt/airflow/dags/etl.py", line 10, in load',
      '    conn = hook.get_conn()',
      'KeyError: \'warehouse\'',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.11/site-packages/airflow/models/taskinstance.py", line 465, in _execute_task',
      '  File "/opt/airflow/dags/etl.py", line 12, in load',
      'RuntimeError: could not open the warehouse connection',
      '[2024-06-01, 00:00:03 UTC] {taskinstance.py:3} INFO - Marking task as FAILED.',
    ].join('\n');
    const triage = triageText(log);
    expect(triage.failure!.line).toMatchObject({ index: 1, level: 'error' });
    expect(triage.failure!.exception!.chain).toEqual([
      { type: 'RuntimeError', message: 'could not open the warehouse connection', isCause: false },
      { type: 'KeyError', message: "'warehouse'", isCause: true },
    ]);
    expect(triage.failure!.exception!.userFrames.map((f) => f.line)).toEqual([12]);
    expect(triage.counts.error).toBe(1);
  });

  it('reads Airflow 2 wording for signals: SIGKILL, zombies, unmet upstream dependencies', () => {
    expect(triageText('[x] {local_task_job.py:1} INFO - Task exited with return code -9').failureClass).toBe('killed_by_signal');
    expect(triageText('[x] {scheduler_job.py:1} ERROR - Detected zombie job: {...}').failureClass).toBe('heartbeat_timeout');
    expect(
      triageText("[x] {taskinstance.py:1} INFO - Dependencies not met for <TaskInstance: d.t manual__1 [upstream_failed]>, dependency 'Trigger Rule' FAILED").failureClass,
    ).toBe('upstream_failed');
  });

  it('does not take a task\'s own info print for an Airflow signal', () => {
    const builder = createLogTriage();
    builder.push({ event: 'Killed 3 stale sessions, SIGKILL sent', level: 'info', logger: 'task.stdout' });
    expect(builder.finish().failure).toBeNull();
  });

  it('keeps bounded state however many errors a log holds', () => {
    const builder = createLogTriage();
    for (let i = 0; i < 50_000; i++) builder.push({ event: `retrying request ${i}`, level: i % 2 ? 'error' : 'warning', logger: 'task' });
    const triage = builder.finish();
    expect(triage.findings.length).toBeLessThanOrEqual(6);
    // Warnings and errors of the same shape count together.
    expect(triage.repeated.map((r) => r.count)).toEqual([50_000]);
    expect(triage.counts).toEqual({ error: 25_000, warning: 25_000 });
    expect(triage.failure!.line.index).toBe(49_999);
  });
});

describe('tracebacks printed by the task', () => {
  it('reads a traceback printed to stdout, and still sees the structured failure arriving in the middle of it', async () => {
    const out = (event: string) => ({ event, level: 'info', logger: 'task.stdout' });
    const triage = await triageLog([
      [
        out('Traceback (most recent call last):'),
        out('  File "/opt/airflow/dags/etl.py", line 10, in load'),
        { event: 'Task failed with exception', level: 'error', logger: 'task', error_detail: [{ exc_type: 'ValueError', exc_value: 'bad row', frames: [] }] },
        out('KeyError: 42'),
      ],
    ]);
    expect(triage.failure).toMatchObject({ line: { index: 2 }, exception: { type: 'ValueError' } });
    // The printed one is another exception worth a look, not the failure.
    expect(triage.findings.map((f) => [f.line.index, f.exception?.type])).toEqual([[3, 'KeyError']]);
  });
});

// Events shaped as Airflow 3.3 writes them (the corpus in bench/corpus records the real ones).
const HOOK = 'airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook';
const ev = (event: string, level = 'info', logger = 'task', extra: Record<string, unknown> = {}): LogContentItem => ({ timestamp: '2026-11-30T08:00:00.000000Z', event, level, logger, ...extra });
const failedWith = (type: string, value: string) => ev('Task failed with exception', 'error', 'task', { error_detail: [{ exc_type: type, exc_value: value, is_cause: false, frames: [] }] });

describe('triage: the cause of a command that exited non-zero is what it printed, not Airflow\'s wrapper', () => {
  const bashLog: LogContentItem[] = [
    ev('::group::Pre Execute'),
    ev('DAG bundles loaded: dags-folder'),
    ev('::endgroup::'),
    ev('Tmp dir root location: /tmp', 'info', HOOK),
    ev("Running command: ['/usr/bin/bash', '-c', 'sync.sh']", 'info', HOOK),
    ev('Output:', 'info', HOOK),
    ev('ERROR (ignored): stale lock file removed', 'info', HOOK),
    ev('fatal: could not read from remote repository git@git.example.com:data/models.git', 'info', HOOK),
    ev('Please make sure you have the correct access rights', 'info', HOOK),
    ev('Command exited with return code 128', 'info', HOOK),
    failedWith('AirflowException', 'Bash command failed. The command returned a non-zero exit code 128.'),
    ev('::group::Post Execute'),
    ev('::endgroup::'),
  ];

  it('classes it nonzero_exit and names the telling output line as the root cause, with its own line', async () => {
    const triage = await triageLog([bashLog]);
    expect(triage.failureClass).toBe('nonzero_exit');
    expect(triage.failure!.exception!.message).toMatch(/^Bash command failed/);
    expect(triage.rootCause!.line.text).toContain('fatal: could not read from remote repository');
    // Events 0 and 2 are markers: event 7 is UI line 5, and #5 lands on it.
    expect(triage.rootCause!.line).toMatchObject({ index: 7, uiLine: 5, ownLine: 5, uiLineExact: true });
    expect(triage.rootCause!.context.map((l) => l.text)).toEqual([expect.stringContaining('ERROR (ignored): stale lock file removed')]);
  });

  it('takes the last output line when none of them says what went wrong', async () => {
    const log = [ev('Output:', 'info', HOOK), ev('step 1', 'info', HOOK), ev('step 2 of 3', 'info', HOOK), ev('Command exited with return code 1', 'info', HOOK), failedWith('AirflowException', 'Bash command failed. The command returned a non-zero exit code 1.')];
    expect((await triageLog([log])).rootCause!.line.text).toContain('step 2 of 3');
  });

  it('reads the output of a Kubernetes pod or a Docker container the same way', async () => {
    const pod = [
      ev('[base] loading 12 files', 'info', 'airflow.providers.cncf.kubernetes.utils.pod_manager.PodManager'),
      ev('[base] psycopg2.OperationalError: could not translate host name "db" to address', 'info', 'airflow.providers.cncf.kubernetes.utils.pod_manager.PodManager'),
      failedWith('AirflowException', 'Pod etl-pod-x7k2 returned a failure.'),
    ];
    const triage = await triageLog([pod]);
    expect(triage.failureClass).toBe('nonzero_exit');
    expect(triage.rootCause!.line.text).toContain('could not translate host name');
  });
});

describe('triage: a template that fails to render inside the never-closed "Pre Execute" group', () => {
  const log: LogContentItem[] = [
    ev('::group::Log message source details'),
    ev('/logs/dag_id=x/attempt=1.log'),
    ev('::endgroup::'),
    ev('::group::Pre Execute'),
    ev('DAG bundles loaded: dags-folder'),
    ev("Exception rendering Jinja template for task 'export_orders', field 'bash_command'. Template: 'echo {{ params.cfg.bucket }}'", 'error', 'airflow.sdk.definitions._internal.templater', {
      error_detail: [{ exc_type: 'UndefinedError', exc_value: "'dict object' has no attribute 'bucket'", is_cause: false, frames: [] }],
    }),
    failedWith('UndefinedError', "'dict object' has no attribute 'bucket'"),
  ];

  it('classes it template_error, the rendering line (field and template) is the root cause, cited by its own UI number', async () => {
    const triage = await triageLog([log]);
    expect(triage.failureClass).toBe('template_error');
    expect(triage.rootCause!.line.text).toContain("field 'bash_command'. Template: 'echo {{ params.cfg.bucket }}'");
    // Folded in a group: `#N` alone lands nowhere, the line's own number is kept for the extension to reveal.
    expect(triage.rootCause!.line).toMatchObject({ index: 5, ownLine: 2, uiLineExact: false, group: 'Pre Execute' });
  });

  it('takes the line\'s class when a generic exception is raised while rendering', async () => {
    const typeError = log.map((e, i) => (i === 5 ? { ...(e as object), error_detail: [{ exc_type: 'TypeError', exc_value: 'unsupported type for timedelta days component: str', is_cause: false, frames: [] }] } : e)) as LogContentItem[];
    expect((await triageLog([typeError.slice(0, 6)])).failureClass).toBe('template_error');
  });
});

describe('triage: refinements of the cause', () => {
  it('a generic exception re-raised after a template failed to render takes the template\'s class', async () => {
    const typeError = [{ exc_type: 'TypeError', exc_value: 'unsupported type for timedelta days component: str', is_cause: false, frames: [] }];
    const log = [
      ev('::group::Pre Execute'),
      ev("Exception rendering Jinja template for task 'weekly_report', field 'op_kwargs'. Template: {'day': \"{{ macros.ds_add(ds, 'seven') }}\"}", 'error', 'airflow.sdk.definitions._internal.templater', { error_detail: typeError }),
      ev('Task failed with exception', 'error', 'task', { error_detail: typeError }),
    ];
    const triage = await triageLog([log]);
    expect(triage.failureClass).toBe('template_error');
    expect(triage.failure!.exception!.type).toBe('TypeError');
    expect(triage.rootCause!.line.text).toContain("field 'op_kwargs'");
  });

  it('a line that names an error beats a summary line that mentions one', async () => {
    const log = [ev('Output:', 'info', HOOK), ev('FAIL 7 unique_orders_order_id', 'info', HOOK), ev('Done. PASS=39 WARN=0 ERROR=1 SKIP=0 TOTAL=40', 'info', HOOK), ev('Command exited with return code 3', 'info', HOOK), failedWith('AirflowException', 'Bash command failed. The command returned a non-zero exit code 3.')];
    expect((await triageLog([log])).rootCause!.line.text).toContain('FAIL 7 unique_orders_order_id');
  });

  it('a command\'s stderr that arrived after the failure still names the cause', async () => {
    const log = [failedWith('CalledProcessError', "Command '['dbt', 'compile']' returned non-zero exit status 2."), ev('Compilation Error in model orders_daily', 'info', 'task.stderr')];
    const triage = await triageLog([log]);
    expect(triage.failureClass).toBe('nonzero_exit');
    expect(triage.rootCause!.line.text).toContain('Compilation Error in model orders_daily');
  });
});

describe('headlines that name the cause', () => {
  it('a command: its exit code and the line it printed; a template: the field', async () => {
    const { describeLogFailure } = await import('./diagnose');
    const bash = [ev('Output:', 'info', HOOK), ev('cat: /data/landing/orders.csv: No such file or directory', 'info', HOOK), ev('Command exited with return code 1', 'info', HOOK), failedWith('AirflowException', 'Bash command failed. The command returned a non-zero exit code 1.')];
    expect(describeLogFailure(await triageLog([bash]))).toBe('The command exited with code 1: cat: /data/landing/orders.csv: No such file or directory');
    const template = [
      ev('::group::Pre Execute'),
      ev("Exception rendering Jinja template for task 'export_orders', field 'bash_command'. Template: 'echo {{ params.cfg.bucket }}'", 'error', 'airflow.sdk.definitions._internal.templater', { error_detail: [{ exc_type: 'UndefinedError', exc_value: "'dict object' has no attribute 'bucket'", is_cause: false, frames: [] }] }),
      failedWith('UndefinedError', "'dict object' has no attribute 'bucket'"),
    ];
    expect(describeLogFailure(await triageLog([template]))).toBe("Template of field 'bash_command' failed to render: UndefinedError: 'dict object' has no attribute 'bucket'");
  });
});
