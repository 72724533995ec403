import { describe, expect, it } from 'vitest';
import { renderLogEvent } from './render-log-event';

describe('renderLogEvent', () => {
  it('renders one structured event as one line with extra keys and loc', () => {
    const rendered = renderLogEvent({
      timestamp: '2026-11-25T11:51:31.2Z',
      level: 'warning',
      logger: 'airflow.task',
      event: 'slow query',
      rows: 12,
      table: 'orders raw',
      dag_id: 'etl',
      filename: 'etl.py',
      lineno: 40,
    }, { dag_id: 'etl' });
    expect(rendered).toEqual({ line: '[2026-11-25T11:51:31.2Z] WARNING airflow.task: slow query rows=12 table="orders raw" loc=etl.py:40', attached: [] });
  });

  it('keeps plain string lines as they are', () => {
    expect(renderLogEvent('::group::Log message source details')).toEqual({ line: '::group::Log message source details', attached: [] });
  });

  it('attaches further lines of a multi-line message', () => {
    expect(renderLogEvent({ event: 'table:\n a | b\n 1 | 2' }).attached).toEqual([' a | b', ' 1 | 2']);
  });

  it('expands error_detail into a Python traceback, chained causes after', () => {
    const { attached } = renderLogEvent({
      event: 'Task failed with exception',
      level: 'error',
      error_detail: [
        {
          exc_type: 'RuntimeError',
          exc_value: 'load failed',
          is_cause: false,
          frames: [{ filename: '/venv/lib/python3.11/site-packages/airflow/sdk/task_runner.py', lineno: 1579, name: 'run' }],
        },
        { exc_type: 'KeyError', exc_value: "'amount'", is_cause: true, exc_notes: ['while reading row 3'], frames: [{ filename: '/dags/etl.py', lineno: 9, name: 'load' }] },
      ],
    });
    expect(attached).toEqual([
      'Traceback (most recent call last):',
      '  File "…/site-packages/airflow/sdk/task_runner.py", line 1579, in run',
      'RuntimeError: load failed',
      'Caused by:',
      'Traceback (most recent call last):',
      '  File "/dags/etl.py", line 9, in load',
      "KeyError: 'amount'",
      'while reading row 3',
    ]);
  });

  it('keeps only the innermost frames of a deep traceback', () => {
    const frames = Array.from({ length: 30 }, (_, i) => ({ filename: `/f${i}.py`, lineno: i, name: `f${i}` }));
    const { attached } = renderLogEvent({ event: 'boom', error_detail: [{ exc_type: 'RecursionError', exc_value: 'deep', frames }] });
    expect(attached[1]).toBe('  … 18 outer frames omitted');
    expect(attached.at(-2)).toBe('  File "/f29.py", line 29, in f29');
  });
});
