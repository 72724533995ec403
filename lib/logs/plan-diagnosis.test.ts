import { describe, expect, it } from 'vitest';
import { isFailureQuestion, planDiagnosis } from './plan-diagnosis';

const taskPage = { pageKind: 'task_instance', dagId: 'etl', runId: 'manual__1', taskId: 'load', mapIndex: -1, tryNumber: 2 };

describe('isFailureQuestion', () => {
  it.each([
    'Why did this task fail?',
    'why did it fail',
    'What went wrong here?',
    'Explain this error',
    'what caused the timeout?',
    'Root cause?',
    'failed?',
    'why is this upstream_failed',
    'Why was it killed?',
  ])('%s → yes', (question) => expect(isFailureQuestion(question)).toBe(true));

  it.each(['What does this Dag do?', 'Show me the last 5 runs', 'When is the next run scheduled?', 'Which tasks take the longest in this Dag run and how could they be made faster overall?'])(
    '%s → no',
    (question) => expect(isFailureQuestion(question)).toBe(false),
  );
});

describe('planDiagnosis', () => {
  it('prefetches the evidence pack of the task instance on the page, with its try', () => {
    expect(planDiagnosis('Why did this task fail?', taskPage)).toEqual({
      failureQuestion: true,
      prefetch: [{ toolName: 'get_failure_evidence', args: { dag_id: 'etl', run_id: 'manual__1', task_id: 'load', map_index: -1, try_number: 2 } }],
    });
  });

  it('prefetches for a run page without a task: the tool picks the run\'s first failed task', () => {
    expect(planDiagnosis('why did this run fail?', { pageKind: 'dag_run', dagId: 'etl', runId: 'manual__1' }).prefetch).toEqual([
      { toolName: 'get_failure_evidence', args: { dag_id: 'etl', run_id: 'manual__1' } },
    ]);
  });

  it('prefetches nothing for other questions or pages that name no run', () => {
    expect(planDiagnosis('What does this Dag do?', taskPage)).toEqual({ failureQuestion: false, prefetch: [] });
    expect(planDiagnosis('Why did it fail?', { pageKind: 'dag', dagId: 'etl' })).toEqual({ failureQuestion: true, prefetch: [] });
    expect(planDiagnosis('Why did it fail?', null).prefetch).toEqual([]);
  });
});
