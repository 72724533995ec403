import { describe, expect, it } from 'vitest';
import { parseAirflow2Route } from './page-context-airflow2';

const BASE = 'http://af2.example/';
const RUN = 'manual__2026-11-30T14:55:56.366654+00:00';
const R = encodeURIComponent(RUN);
const grid = (query: string, dag = 'd') => `${BASE}dags/${dag}/grid${query ? `?${query}` : ''}`;
const parse = (url: string, base = BASE) => parseAirflow2Route(url, base);

describe('parseAirflow2Route', () => {
  it('reads the Dag list at /home and at the base (which redirects there)', () => {
    expect(parse(`${BASE}home`)).toEqual({ pageKind: 'dag_list' });
    expect(parse(BASE)).toEqual({ pageKind: 'dag_list' });
    expect(parse('http://af2.example/airflow', 'http://af2.example/airflow/')).toEqual({ pageKind: 'dag_list' });
  });

  it('reads the grid selection from dag_run_id, task_id and map_index', () => {
    expect(parse(grid(''))).toEqual({ pageKind: 'dag', dagId: 'd' });
    expect(parse(grid(`dag_run_id=${R}`))).toEqual({ pageKind: 'dag_run', dagId: 'd', runId: RUN });
    expect(parse(grid('task_id=t'))).toEqual({ pageKind: 'task', dagId: 'd', taskId: 't' });
    expect(parse(grid(`dag_run_id=${R}&task_id=t&tab=logs`))).toEqual({ pageKind: 'task_instance', dagId: 'd', runId: RUN, taskId: 't', mapIndex: -1 });
    expect(parse(grid(`dag_run_id=${R}&task_id=t&map_index=2&tab=logs`))).toEqual({ pageKind: 'task_instance', dagId: 'd', runId: RUN, taskId: 't', mapIndex: 2 });
    expect(parse(grid(`dag_run_id=${R}&task_id=t&tab=mapped_tasks`))).toEqual({ pageKind: 'mapped_task_list', dagId: 'd', runId: RUN, taskId: 't', tab: 'mapped_tasks' });
  });

  it("names the tab the grid shows: a task instance's log is the default view, its details are not", () => {
    const ti = (tab: string) => parse(grid(`dag_run_id=${R}&task_id=t${tab ? `&tab=${tab}` : ''}`))!.tab;
    expect(ti('')).toBe('details');
    expect(ti('details')).toBe('details');
    expect(ti('logs')).toBeUndefined();
    expect(ti('xcom')).toBe('xcom');
    expect(ti('graph')).toBe('graph');
    expect(ti('audit_log')).toBe('event_log');
    // The grid keeps `tab=mapped_tasks` after a mapped instance is picked: the same position as Logs.
    expect(parse(grid(`dag_run_id=${R}&task_id=t&map_index=1&tab=mapped_tasks`))).not.toHaveProperty('tab');
    const dag = (tab: string) => parse(grid(`tab=${tab}`))!.tab;
    expect(dag('details')).toBeUndefined();
    expect(dag('code')).toBe('code');
    expect(dag('calendar')).toBe('calendar');
    expect(dag('task_duration')).toBe('task_duration');
    // A tab this selection lacks: the grid switches away from it at once.
    expect(parse(grid(`dag_run_id=${R}&tab=calendar`))).toEqual({ pageKind: 'dag_run', dagId: 'd', runId: RUN });
  });

  it('reads the legacy Dag views, which redirect into the grid, as their grid tab', () => {
    expect(parse(`${BASE}dags/d/graph?dag_run_id=${R}`)).toEqual({ pageKind: 'dag_run', dagId: 'd', runId: RUN, tab: 'graph' });
    expect(parse(`${BASE}dags/d/code`)).toEqual({ pageKind: 'dag', dagId: 'd', tab: 'code' });
    expect(parse(`${BASE}dags/d/details`)).toEqual({ pageKind: 'dag', dagId: 'd' });
  });

  it('reads the legacy log and task pages without a run id (their URL has only the logical date)', () => {
    const query = 'dag_id=d&task_id=t&execution_date=2026-11-30T14%3A55%3A56.366654%2B00%3A00';
    expect(parse(`${BASE}log?${query}`)).toEqual({ pageKind: 'task_instance', dagId: 'd', taskId: 't', mapIndex: -1 });
    expect(parse(`${BASE}log?${query}&map_index=3`)).toEqual({ pageKind: 'task_instance', dagId: 'd', taskId: 't', mapIndex: 3 });
    expect(parse(`${BASE}task?${query}`)).toEqual({ pageKind: 'task_instance', dagId: 'd', taskId: 't', mapIndex: -1, tab: 'details' });
  });

  it('reads other pages as "other" with their path', () => {
    expect(parse(`${BASE}login/`)).toEqual({ pageKind: 'other', tab: 'login' });
    expect(parse(`${BASE}connection/list/`)).toEqual({ pageKind: 'other', tab: 'connection/list' });
    expect(parse(`${BASE}variable/list/?_flt_0_key=x`)).toEqual({ pageKind: 'other', tab: 'variable/list' });
    expect(parse(`${BASE}log?dag_id=d`)).toEqual({ pageKind: 'other', tab: 'log' });
  });

  it('keeps ids with encoded characters, and the base path out of them', () => {
    expect(parse('http://af2.example/airflow/dags/my%2Fdag/grid?task_id=a.b', 'http://af2.example/airflow/')).toEqual({ pageKind: 'task', dagId: 'my/dag', taskId: 'a.b' });
  });

  it('refuses URLs outside the instance', () => {
    expect(parse('http://other.example/home')).toBeNull();
    expect(parse('http://af2.example/elsewhere', 'http://af2.example/airflow/')).toBeNull();
  });
});
