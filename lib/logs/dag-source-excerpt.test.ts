import { describe, expect, it } from 'vitest';
import { dagSourceExcerpt } from './dag-source-excerpt';
import { factsOf } from './exception-facts';

const source = ['import x', '', 'def helper(rows):', '    if not rows:', '        raise ValueError("no rows")', '', '@task', 'def load():', '    helper([])', ''];
const dag = { fileloc: '/opt/airflow/dags/etl.py', relative_fileloc: 'etl.py' };
const frames = [
  { file: '/usr/lib/python3.11/site-packages/airflow/sdk/execution_time/task_runner.py', line: 1579, name: 'run' },
  { file: '/opt/airflow/dags/etl.py', line: 9, name: 'load' },
  { file: '/opt/airflow/dags/etl.py', line: 5, name: 'helper' },
];

describe('dagSourceExcerpt', () => {
  it('shows the lines around the innermost frame in the Dag file, and the calling frame\'s line', () => {
    const excerpt = dagSourceExcerpt(source, dag, factsOf([{ type: 'ValueError', message: 'no rows', isCause: false }], frames), 'load', 1);
    expect(excerpt).toEqual({
      focusLine: 5,
      why: 'failing_frame',
      lines: ['>   9 |     helper([])', '  …', '    4 |     if not rows:', '>   5 |         raise ValueError("no rows")', '    6 |'],
    });
  });

  it('falls back to the task\'s definition when no frame is in the Dag file', () => {
    const excerpt = dagSourceExcerpt(source, dag, null, 'load', 1);
    expect(excerpt).toMatchObject({ focusLine: 8, why: 'task_definition' });
    expect(excerpt!.lines).toContain('>   8 | def load():');
  });

  it('gives nothing for an empty source or an unknown task', () => {
    expect(dagSourceExcerpt([''], dag, null, 'load')).toBeNull();
    expect(dagSourceExcerpt(source, dag, null, 'nowhere')).toBeNull();
  });
});
