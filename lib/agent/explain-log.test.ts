import { describe, expect, it } from 'vitest';
import type { PageContext } from '../airflow/page-context';
import { explainLogRequest, LINES_AROUND_SELECTION } from './explain-log';

const task: PageContext = {
  instanceUrl: 'http://127.0.0.1:8080/',
  pageUrl: 'http://127.0.0.1:8080/dags/d/runs/r/tasks/t',
  pageKind: 'task_instance',
  dagId: 'd',
  runId: 'r',
  taskId: 't',
  mapIndex: -1,
  tryNumber: 2,
};

describe('explainLogRequest', () => {
  it('reads the lines around the selected UI lines through the log tool', () => {
    const request = explainLogRequest(task, { text: 'reconcile failed\nchecksum mismatch', uiLines: [30004, 30005], tryNumber: 1 }, undefined);
    expect(request.text).toBe('Explain this log (log lines 30004–30005):\n\n> reconcile failed\n> checksum mismatch');
    expect(request.prefetch).toEqual([
      {
        toolName: 'read_task_log',
        args: { dag_id: 'd', run_id: 'r', task_id: 't', map_index: -1, try_number: 1, mode: 'around_ui_line', ui_line: 30004, context: LINES_AROUND_SELECTION + 1 },
      },
    ]);
  });

  it('falls back to searching for the selected text when the lines are unknown', () => {
    const request = explainLogRequest(task, null, 'ValueError: column (amount)');
    expect(request.prefetch[0]!.args).toMatchObject({ mode: 'search', pattern: 'ValueError: column \\(amount\\)', try_number: 2 });
  });

  it('explains the failure of the try on screen when nothing is selected', () => {
    const request = explainLogRequest(task, null, '');
    expect(request.text).toBe('Explain why try 2 of `t` failed.');
    expect(request.prefetch[0]!.args).toMatchObject({ mode: 'search', try_number: 2 });
  });

  it('asks without a log read away from task pages', () => {
    expect(explainLogRequest({ ...task, pageKind: 'dag' }, null, 'some text').prefetch).toEqual([]);
  });
});
