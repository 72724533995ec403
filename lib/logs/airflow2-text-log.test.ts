// Airflow 2 task logs are plain text (`[time] {file:line} LEVEL - message`, tracebacks as bare
// lines). The fixtures are real answers of Airflow 2.10.5 (the e2e rig's `e2e/airflow/airflow2.ts`,
// Dags `e2e/airflow/dags-airflow2/`) to
// `GET api/v1/dags/{d}/dagRuns/{r}/taskInstances/{t}/logs/1?full_content=true` with
// `Accept: text/plain`, read with the viewer's browser session; the checkout path is rewritten to
// `/opt/rig/`. Each log holds the exception twice: `Task failed with exception` from the task,
// then again under the task runner's `Failed to execute job …` in the post-execution group.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { triageText } from './log-triage';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '__fixtures__', 'airflow2', name), 'utf8');

describe('triage of real Airflow 2.10 plain-text logs', () => {
  it('finds the task exception, not the task runner echo, with the Dag file frames', () => {
    const triage = triageText(fixture('fail_python_exception.transform.try1.txt'));
    expect(triage.failureClass).toBe('python_exception');
    expect(triage.failure!.line).toMatchObject({ index: 19, level: 'error' });
    expect(triage.failure!.line.text).toMatch(/\{taskinstance\.py:\d+\} ERROR - Task failed with exception$/);
    expect(triage.failure!.exception).toMatchObject({ type: 'ValueError', message: "column 'amount' has 3 nulls" });
    expect(triage.failure!.exception!.userFrames).toEqual([
      { file: '/opt/rig/e2e/airflow/dags-airflow2/fail_python_exception.py', line: 38, name: 'transform' },
      { file: '/opt/rig/e2e/airflow/dags-airflow2/fail_python_exception.py', line: 15, name: '_validate' },
    ]);
    expect(triage.noFailureRecord).toBe(false);
  });

  it("reads a mapped task's log (map_index=1) the same way", () => {
    const triage = triageText(fixture('fail_mapped.process_partition.map1.try1.txt'));
    expect(triage.failure!.line).toMatchObject({ index: 17, level: 'error' });
    expect(triage.failure!.exception).toMatchObject({ type: 'ValueError', message: 'partition 2: schema mismatch, expected 5 columns got 4' });
    expect(triage.failure!.exception!.userFrames.map((f) => [f.name, f.line])).toEqual([['process_partition', 21]]);
  });
});
