import { describe, expect, it } from 'vitest';
import { decodeRouteSegment, instanceUrlFromBaseHref, parseAirflowRoute } from './page-context';
import { DEPLOYMENTS, EXPECTED_ROUTES, loadManifest } from './__fixtures__/pages';

describe.each(DEPLOYMENTS)('parseAirflowRoute on the pages captured at %s', (deployment) => {
  const manifest = loadManifest(deployment);

  it('covers every captured page', () => {
    const missing = manifest.pages.map((page) => page.name).filter((name) => !(name in EXPECTED_ROUTES));
    expect(missing).toEqual([]);
  });

  it.each(manifest.pages.map((page) => [page.name, page] as const))('%s', (name, page) => {
    expect(parseAirflowRoute(page.url, manifest.instanceUrl)).toEqual(EXPECTED_ROUTES[name]!(manifest.runs));
  });

  it('reads back the ids in the links the UI itself rendered (raw run ids, trailing slashes)', () => {
    const runIds = new Set(Object.values(manifest.runs));
    let checked = 0;
    for (const page of manifest.pages) {
      for (const href of page.links ?? []) {
        const route = parseAirflowRoute(new URL(href, page.url).href, manifest.instanceUrl);
        expect(route?.dagId, href).toBeTruthy();
        const rawRun = /\/runs\/([^/]+)/.exec(href)?.[1];
        if (rawRun && runIds.has(rawRun)) {
          expect(route?.runId, href).toBe(rawRun);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('parseAirflowRoute', () => {
  const base = 'http://127.0.0.1:28080/';
  const sub = 'https://airflow.example.com/airflow/';

  it.each([
    ['', { pageKind: 'home' }],
    ['home', { pageKind: 'home' }],
    ['dags', { pageKind: 'dag_list' }],
    ['dags/', { pageKind: 'dag_list' }],
    ['dags/etl', { pageKind: 'dag', dagId: 'etl' }],
    ['dags/etl/backfills/4', { pageKind: 'dag', dagId: 'etl', tab: 'backfills/4' }],
    ['dags/etl/plugin/my_view', { pageKind: 'dag', dagId: 'etl', tab: 'plugin/my_view' }],
    ['dags/etl/runs', { pageKind: 'dag', dagId: 'etl', tab: 'runs' }],
    ['dags/etl/tasks', { pageKind: 'dag', dagId: 'etl', tab: 'tasks' }],
    ['dags/etl/runs/r1/', { pageKind: 'dag_run', dagId: 'etl', runId: 'r1' }],
    ['dags/etl/tasks/group/load_group', { pageKind: 'task_group', dagId: 'etl', taskGroupId: 'load_group' }],
    ['dags/etl/tasks/group/load_group/task_instances', { pageKind: 'task_group', dagId: 'etl', taskGroupId: 'load_group', tab: 'task_instances' }],
    // A task whose id is "group" (no third segment): the router's `tasks/:taskId`.
    ['dags/etl/tasks/group', { pageKind: 'task', dagId: 'etl', taskId: 'group' }],
    ['dags/etl/runs/r1/tasks/group/outer.inner', { pageKind: 'task_group', dagId: 'etl', runId: 'r1', taskGroupId: 'outer.inner' }],
    ['dags/etl/tasks/outer.inner.load', { pageKind: 'task', dagId: 'etl', taskId: 'outer.inner.load' }],
    ['dags/etl/runs/r1/tasks/load/mapped', { pageKind: 'mapped_task_list', dagId: 'etl', runId: 'r1', taskId: 'load' }],
    ['dags/etl/runs/r1/tasks/load/mapped/details', { pageKind: 'mapped_task_list', dagId: 'etl', runId: 'r1', taskId: 'load', tab: 'details' }],
    ['dags/etl/runs/r1/tasks/load/mapped/0/xcom', { pageKind: 'task_instance', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: 0, tab: 'xcom' }],
    ['dags/etl/runs/r1/tasks/load/logs', { pageKind: 'task_instance', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1, tab: 'logs' }],
    ['assets', { pageKind: 'asset_list' }],
    ['assets/7', { pageKind: 'asset', assetId: '7' }],
    ['assets/7/asset-state-store', { pageKind: 'asset', assetId: '7', tab: 'asset-state-store' }],
    ['connections', { pageKind: 'other', tab: 'connections' }],
    ['security/users/list', { pageKind: 'other', tab: 'security/users/list' }],
    ['plugin/my_view', { pageKind: 'other', tab: 'plugin/my_view' }],
  ])('%s', (path, expected) => {
    expect(parseAirflowRoute(`${base}${path}`, base)).toEqual(expected);
    expect(parseAirflowRoute(`${sub}${path}`, sub)).toEqual(expected);
  });

  it('reads run ids with `:`, `+`, `%` and spaces raw, encoded or mixed, and task ids with dots', () => {
    const runId = 'scheduled__2026-11-25T10:00:00+00:00';
    const expected = { pageKind: 'task_instance', dagId: 'etl', runId, taskId: 'group.load', mapIndex: 2, tryNumber: 3, logLine: 41 };
    for (const written of [runId, encodeURIComponent(runId), 'scheduled__2026-11-25T10%3A00:00%2B00:00']) {
      expect(parseAirflowRoute(`${sub}dags/etl/runs/${written}/tasks/group.load/mapped/2?try_number=3#41`, sub)).toEqual(expected);
    }
    // What the browser makes of a UI link to run "50% off" (the UI writes ids raw).
    expect(parseAirflowRoute(new URL('/dags/d/runs/50% off', base).href, base)).toMatchObject({ runId: '50% off' });
    expect(parseAirflowRoute(`${base}dags/d/runs/50%25%20off`, base)).toMatchObject({ runId: '50% off' });
    // An encoded `/` stays inside its segment.
    expect(parseAirflowRoute(`${base}dags/d/runs/a%2Fb/tasks/t`, base)).toMatchObject({ runId: 'a/b', taskId: 't' });
  });

  it('takes `#N` as a log line on the log view only; line numbers start at 0', () => {
    const page = `${base}dags/d/runs/r/tasks/t`;
    expect(parseAirflowRoute(`${page}#0`, base)).toMatchObject({ logLine: 0 });
    expect(parseAirflowRoute(`${page}/logs?try_number=2#7`, base)).toMatchObject({ logLine: 7, tryNumber: 2 });
    expect(parseAirflowRoute(`${page}/code#7`, base)).not.toHaveProperty('logLine');
    expect(parseAirflowRoute(`${page}#top`, base)).not.toHaveProperty('logLine');
    expect(parseAirflowRoute(`${page}?try_number=0`, base)).not.toHaveProperty('tryNumber');
    expect(parseAirflowRoute(`${base}dags/d#3`, base)).toEqual({ pageKind: 'dag', dagId: 'd' });
  });

  it('ignores URLs outside the instance base and what the API server serves itself', () => {
    expect(parseAirflowRoute('https://airflow.example.com/other/dags/x', sub)).toBeNull();
    expect(parseAirflowRoute('https://elsewhere.example.com/airflow/dags/x', sub)).toBeNull();
    expect(parseAirflowRoute('https://airflow.example.com/airflow', sub)).toEqual({ pageKind: 'home' });
    for (const path of ['auth/login', 'api/v2/version', 'ui/config', 'static/pin_32.png', 'execution/']) {
      expect(parseAirflowRoute(`${sub}${path}`, sub)).toBeNull();
    }
  });
});

describe('decodeRouteSegment', () => {
  it('decodes valid escapes and keeps a lone `%`', () => {
    expect(decodeRouteSegment('manual__2026-11-25T10%3A00%3A00%2B00%3A00')).toBe('manual__2026-11-25T10:00:00+00:00');
    expect(decodeRouteSegment('50%%20off')).toBe('50% off');
    expect(decodeRouteSegment('100%')).toBe('100%');
    expect(decodeRouteSegment('caf%C3%A9%')).toBe('café%');
    expect(decodeRouteSegment('bad%C3')).toBe('bad%C3');
  });
});

describe('instanceUrlFromBaseHref', () => {
  it('resolves the base href against the page and drops query and hash', () => {
    expect(instanceUrlFromBaseHref('/airflow/', 'https://h.example/airflow/dags/x?y=1#2')).toBe('https://h.example/airflow/');
    expect(instanceUrlFromBaseHref('/airflow', 'https://h.example/airflow/dags/x')).toBe('https://h.example/airflow/');
    expect(instanceUrlFromBaseHref('/', 'http://127.0.0.1:8080/dags')).toBe('http://127.0.0.1:8080/');
    expect(instanceUrlFromBaseHref('', 'http://127.0.0.1:8080/dags')).toBe('http://127.0.0.1:8080/');
  });
});
