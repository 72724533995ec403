import { describe, expect, it } from 'vitest';
import type { PageContext } from '../airflow/page-context';
import { suggestQuestions } from './suggestions';

const page = (pageKind: PageContext['pageKind']): PageContext => ({
  instanceUrl: 'http://127.0.0.1:8080/',
  pageUrl: 'http://127.0.0.1:8080/',
  pageKind,
});

describe('suggestQuestions', () => {
  it.each([
    ['failed task', page('task_instance'), { taskState: 'failed' }, ['Why did this fail?', 'What changed since the last successful run?', 'Will a retry help?']],
    ['task waiting for a retry', page('task_instance'), { taskState: 'up_for_retry' }, ['Why did the last try fail?', 'Why is this slow or stuck?', 'Will the retry help?']],
    ['running task', page('task_instance'), { taskState: 'running' }, ['Why is this slow or stuck?', 'What is it waiting for?']],
    ['successful task', page('task_instance'), { taskState: 'success' }, ['What does this task do?', 'How long does it usually take?']],
    ['Dag with recent failures', page('dag'), { recentFailedRuns: 2 }, ['Summarize the recent failures', 'What changed since the last successful run?', 'What does this Dag do?']],
    ['Dag list with import errors', page('dag_list'), { importErrors: 1 }, ['Explain the import errors', 'Which Dags failed recently?']],
    ['import error', page('import_errors'), {}, ['Explain this import error', 'How do I fix it?']],
  ])('%s', (_, context, facts, expected) => {
    const questions = suggestQuestions(context, facts);
    expect(questions).toEqual(expected);
    expect(questions.length).toBeGreaterThanOrEqual(1);
    expect(questions.length).toBeLessThanOrEqual(4);
  });

  it('offers nothing away from Airflow', () => {
    expect(suggestQuestions(null, {})).toEqual([]);
  });
});
