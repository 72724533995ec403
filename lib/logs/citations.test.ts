import { describe, expect, it } from 'vitest';
import { checkCitations, citationFromUrl, packCitations, urlsIn } from './citations';
import { rigEvidencePack } from './testing/rig-evidence-pack';

const base = 'http://airflow.test/airflow/dags/etl/runs/manual__1/tasks';

describe('citationFromUrl', () => {
  it('labels log lines, tries, other tasks, code and the audit log', () => {
    expect(citationFromUrl(`${base}/load?try_number=2#17`, 'load')).toEqual({ url: `${base}/load?try_number=2#17`, label: 'line 17 · try 2', tryNumber: 2, uiLine: 17 });
    expect(citationFromUrl(`${base}/extract?try_number=1#5`, 'load').label).toBe('extract line 5 · try 1');
    expect(citationFromUrl(`${base}/part/mapped/1?try_number=1#4`, 'load').label).toBe('part[1] line 4 · try 1');
    expect(citationFromUrl(`${base}/load?try_number=1`, 'load').label).toBe('log · try 1');
    expect(citationFromUrl(`${base}/load/code`, 'load').label).toBe('Dag code');
    expect(citationFromUrl(`${base}/load/events`, 'load').label).toBe('audit log');
    expect(citationFromUrl(`${base}/load`, 'load').label).toBe('task load');
  });
});

describe('checkCitations', () => {
  it('finds markdown and bare links, and tells which the evidence did not contain', () => {
    const answer = `It failed at [line 5](${base}/load?try_number=1#5); see also ${base}/load?try_number=1#99.`;
    expect(urlsIn(answer)).toEqual([`${base}/load?try_number=1#5`, `${base}/load?try_number=1#99`]);
    expect(checkCitations(answer, [`${base}/load?try_number=1#5`])).toEqual({ cited: [`${base}/load?try_number=1#5`], unknown: [`${base}/load?try_number=1#99`] });
  });
});

describe('packCitations', () => {
  it('lists every link of a real pack once, the try diff\'s per-try links included', async () => {
    const { pack } = await rigEvidencePack('retries');
    const labels = packCitations(pack).map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['line 4 · try 3', 'line 4 · try 1', 'line 4 · try 2', 'Dag code', 'task flaky_api_call']));
    expect(new Set(labels).size).toBe(labels.length);
  });
});
