import { describe, expect, it } from 'vitest';
import { instanceUrlFromBaseHref, parseAirflowRoute } from './page-context';

const base = 'http://127.0.0.1:28080/';
const sub = 'https://airflow.example.com/airflow/';

describe('parseAirflowRoute', () => {
  it.each([
    [`${base}`, { pageKind: 'home' }],
    [`${base}dags`, { pageKind: 'dag_list' }],
    [`${base}dags/etl`, { pageKind: 'dag', dagId: 'etl' }],
    [`${base}dags/etl/code`, { pageKind: 'dag', dagId: 'etl', tab: 'code' }],
    [`${base}dags/etl/runs/r1`, { pageKind: 'dag_run', dagId: 'etl', runId: 'r1' }],
    [`${base}dags/etl/tasks/load`, { pageKind: 'task', dagId: 'etl', taskId: 'load' }],
    [`${base}assets/7`, { pageKind: 'asset', assetId: '7' }],
    [`${base}connections`, { pageKind: 'other', tab: 'connections' }],
  ])('%s', (url, expected) => {
    expect(parseAirflowRoute(url, base)).toEqual(expected);
  });

  it('reads a task instance with a raw run id holding `:` and `+`', () => {
    const url = `${base}dags/fail_python_exception/runs/manual__2026-11-25T10:00:00+00:00/tasks/transform`;
    expect(parseAirflowRoute(url, base)).toEqual({
      pageKind: 'task_instance',
      dagId: 'fail_python_exception',
      runId: 'manual__2026-11-25T10:00:00+00:00',
      taskId: 'transform',
      mapIndex: -1,
    });
  });

  it('reads a percent-encoded run id, a dotted task id, map index, try and log line', () => {
    const url = `${sub}dags/etl/runs/manual__2026-11-25T10%3A00%3A00%2B00%3A00/tasks/group.load/mapped/2?try_number=3#41`;
    expect(parseAirflowRoute(url, sub)).toEqual({
      pageKind: 'task_instance',
      dagId: 'etl',
      runId: 'manual__2026-11-25T10:00:00+00:00',
      taskId: 'group.load',
      mapIndex: 2,
      tryNumber: 3,
      logLine: 41,
    });
  });

  it('reads task instance tabs and the mapped list', () => {
    expect(parseAirflowRoute(`${base}dags/d/runs/r/tasks/t/code`, base)).toMatchObject({ tab: 'code', mapIndex: -1 });
    expect(parseAirflowRoute(`${base}dags/d/runs/r/tasks/t/mapped/0/xcom`, base)).toMatchObject({ tab: 'xcom', mapIndex: 0 });
    expect(parseAirflowRoute(`${base}dags/d/runs/r/tasks/t/mapped`, base)).toEqual({
      pageKind: 'mapped_task_list', dagId: 'd', runId: 'r', taskId: 't',
    });
    expect(parseAirflowRoute(`${base}dags/d/runs/r/tasks/group/g1`, base)).toEqual({
      pageKind: 'task_group', dagId: 'd', runId: 'r', taskGroupId: 'g1',
    });
  });

  it('ignores URLs outside the instance base', () => {
    expect(parseAirflowRoute('https://airflow.example.com/other/dags/x', sub)).toBeNull();
    expect(parseAirflowRoute('https://elsewhere.example.com/airflow/dags/x', sub)).toBeNull();
    expect(parseAirflowRoute('https://airflow.example.com/airflow', sub)).toEqual({ pageKind: 'home' });
  });
});

describe('instanceUrlFromBaseHref', () => {
  it('resolves the base href against the page and drops query and hash', () => {
    expect(instanceUrlFromBaseHref('/airflow/', 'https://h.example/airflow/dags/x?y=1#2')).toBe('https://h.example/airflow/');
    expect(instanceUrlFromBaseHref('/', 'http://127.0.0.1:8080/dags')).toBe('http://127.0.0.1:8080/');
    expect(instanceUrlFromBaseHref('', 'http://127.0.0.1:8080/dags')).toBe('http://127.0.0.1:8080/');
  });
});
