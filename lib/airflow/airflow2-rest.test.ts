import { describe, expect, it } from 'vitest';
import { AirflowApiError, ReadOnlyViolation, apiV2Path } from './api-client';
import {
  dagDetailsFromV1,
  dagFromV1,
  dagRunFromV1,
  isoDuration,
  likeMatcher,
  scheduleSummary,
  taskFromV1,
  taskInstanceFromV1,
  xcomEntryFromV1,
  type V1Dag,
  type V1DagRun,
  type V1TaskInstance,
  type V1XComEntry,
} from './airflow2-rest';
import { airflow2ReplayClient, loadAirflow2Fixture, recordedBody, type Airflow2Exchange } from './testing/airflow2-replay';

// Real answers of a running Airflow 2.10.5 (the e2e rig, e2e/airflow/airflow2.ts), recorded by
// scripts/record-airflow2-fixtures.ts into __fixtures__/airflow2-rest/.
const RUN = 'manual__2026-11-30T14:55:56.366654+00:00';
const evidence = loadAirflow2Fixture('failure-evidence-python-exception');

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const json = (url: string, body: unknown, status = 200): Airflow2Exchange => ({ url, accept: 'application/json', status, contentType: 'application/json', json: body });

describe('v1 answers in the v2 shapes (recorded from Airflow 2.10.5)', () => {
  it('a Dag: stale from is_active, the absolute file as the file import errors name, next run from next_dagrun_create_after', () => {
    const v1 = recordedBody<V1Dag>(evidence, 'api/v1/dags/fail_python_exception');
    expect(v1).toHaveProperty('file_token');
    expect(dagFromV1(v1)).toMatchObject({
      dag_id: 'fail_python_exception',
      is_paused: false,
      // The rig's Dags were inactive (stale) when recorded.
      is_stale: v1.is_active === false,
      owners: ['airflow'],
      tags: [{ name: 'e2e' }, { name: 'failure' }],
      timetable_summary: null,
      timetable_description: 'Never, external triggers only',
      fileloc: v1.fileloc,
      relative_fileloc: v1.fileloc,
      has_import_errors: false,
      next_dagrun_run_after: null,
    });
    expect(dagFromV1(v1)).not.toHaveProperty('file_token');
  });

  it('a Dag run: logical_date from execution_date, run_after from the end of its data interval, duration from start to end', () => {
    const v1 = recordedBody<V1DagRun>(evidence, `api/v1/dags/fail_python_exception/dagRuns/${encodeURIComponent(RUN)}`);
    expect(v1).not.toHaveProperty('run_after');
    const run = dagRunFromV1(v1);
    expect(run).toMatchObject({
      dag_run_id: RUN,
      dag_id: 'fail_python_exception',
      state: 'failed',
      run_type: 'manual',
      logical_date: '2026-11-30T14:55:56.366654+00:00',
      run_after: v1.data_interval_end,
      start_date: '2026-11-30T14:55:57.997745+00:00',
      end_date: '2026-11-30T14:56:12.361591+00:00',
      triggered_by: null,
      conf: {},
    });
    expect(run.duration).toBeCloseTo(14.364, 3);
  });

  it('a task instance: the v2 fields, logical_date from execution_date, and not its rendered fields', () => {
    const v1 = recordedBody<V1TaskInstance & { rendered_fields?: unknown }>(evidence, `api/v1/dags/fail_python_exception/dagRuns/${encodeURIComponent(RUN)}/taskInstances/transform`);
    expect(v1.rendered_fields).toBeDefined();
    const ti = taskInstanceFromV1(v1);
    expect(ti).toEqual({
      task_id: 'transform',
      dag_id: 'fail_python_exception',
      dag_run_id: RUN,
      map_index: -1,
      rendered_map_index: null,
      logical_date: '2026-11-30T14:55:56.366654+00:00',
      state: 'failed',
      try_number: 1,
      max_tries: 0,
      start_date: '2026-11-30T14:56:09.953278+00:00',
      end_date: '2026-11-30T14:56:10.053581+00:00',
      duration: 0.100303,
      operator: '_PythonDecoratedOperator',
      hostname: 'vm',
      pool: 'default_pool',
      queue: 'default',
      executor: null,
      note: null,
    });
  });

  it('an XCom entry: run_id from the request (v1 names only the logical date)', () => {
    const fixture = loadAirflow2Fixture('xcom-entries');
    const page = recordedBody<{ xcom_entries: V1XComEntry[] }>(fixture, `api/v1/dags/fail_python_exception/dagRuns/${encodeURIComponent(RUN)}/taskInstances/~/xcomEntries`);
    expect(page.xcom_entries[0]).not.toHaveProperty('run_id');
    expect(xcomEntryFromV1(page.xcom_entries[0]!, RUN)).toMatchObject({ key: 'return_value', task_id: 'extract', map_index: -1, run_id: RUN, logical_date: '2026-11-30T14:55:56.366654+00:00' });
  });

  // Documented v1 shapes (2.10 openapi.yaml), not recorded: the rig's Dags are all unscheduled.
  it('a schedule and time deltas as v2 says them', () => {
    expect(scheduleSummary({ __type: 'CronExpression', value: '0 6 * * *' })).toBe('0 6 * * *');
    expect(scheduleSummary({ __type: 'TimeDelta', days: 1, seconds: 0, microseconds: 0 })).toBe('P1DT0S');
    expect(scheduleSummary(null)).toBeNull();
    expect(isoDuration({ __type: 'TimeDelta', days: 0, seconds: 3600, microseconds: 500000 })).toBe('P0DT3600.5S');
    const details = dagDetailsFromV1({ dag_id: 'd', is_paused: true, dag_run_timeout: { __type: 'TimeDelta', days: 0, seconds: 60 }, catchup: false, last_parsed: '2026-01-01T00:00:00+00:00' });
    expect(details).toMatchObject({ dag_id: 'd', is_paused: true, dag_run_timeout: 'P0DT60S', catchup: false, last_parsed: '2026-01-01T00:00:00+00:00' });
  });

  // Documented shape: the rig's Airflow 2.10.5 answered 404 to …/tasks when recorded (its Dags had gone inactive).
  it("a task: v2's operator_name from v1's class_ref", () => {
    const v1 = { task_id: 't', class_ref: { class_name: 'BashOperator', module_path: 'airflow.operators.bash' }, retries: 2, execution_timeout: { __type: 'TimeDelta', days: 0, seconds: 60, microseconds: 0 } };
    expect(taskFromV1(v1)).toMatchObject({ task_id: 't', operator_name: 'BashOperator', retries: 2, execution_timeout: { days: 0, seconds: 60, microseconds: 0 } });
  });

  it('v2 *_pattern filters: case-insensitive contains, with SQL wildcards', () => {
    expect(likeMatcher('IMPORT')('/dags/fail_import_error.py')).toBe(true);
    expect(likeMatcher('fail%error')('/dags/fail_import_error.py')).toBe(true);
    expect(likeMatcher('a.b')('axb')).toBe(false);
    expect(likeMatcher('a_b')('axb')).toBe(true);
  });
});

describe('createAirflow2Client', () => {
  it('asks v1 what the v2 request means, GET only, with the cookie and no Authorization header', async () => {
    const { client, requests } = airflow2ReplayClient(evidence.exchanges);
    const runs = await client.get<{ dag_runs: { run_after: string | null }[] }>(apiV2Path`dags/${'fail_python_exception'}/dagRuns`, { state: 'success', order_by: '-run_after', limit: 1 });
    expect(runs.dag_runs).toEqual([]);
    expect(requests).toEqual([
      { url: 'api/v1/dags/fail_python_exception/dagRuns?state=success&limit=1&order_by=-execution_date', method: 'GET', accept: 'application/json', credentials: 'include', authorization: undefined },
    ]);
  });

  it('reads a Dag source in two GETs: the Dag for its file token, then the file', async () => {
    const fixture = loadAirflow2Fixture('dag-source');
    const { client, requests } = airflow2ReplayClient(fixture.exchanges);
    const source = await client.get<{ dag_id: string; content: string; version_number: null }>(apiV2Path`dagSources/${'fail_python_exception'}`);
    expect(source.dag_id).toBe('fail_python_exception');
    expect(source.version_number).toBeNull();
    expect(source.content).toContain(`raise ValueError(f"column 'amount' has {nulls} nulls")`);
    expect(requests.map((r) => r.url)).toEqual(['api/v1/dags/fail_python_exception', expect.stringMatching(/^api\/v1\/dagSources\/[\w.-]+$/)]);
  });

  it('streams a log as plain text (v1 has no NDJSON), and reads a JSON log page from the same text', async () => {
    const fixture = loadAirflow2Fixture('read-task-log');
    const logPath = apiV2Path`dags/${'fail_python_exception'}/dagRuns/${RUN}/taskInstances/${'transform'}/logs/${1}`;
    const { client, requests } = airflow2ReplayClient(fixture.exchanges);
    const stream = await client.getStream(logPath, { map_index: -1, full_content: false }, { accept: 'application/x-ndjson' });
    expect(stream.contentType).toBe('text/plain');
    let text = '';
    for await (const chunk of stream.chunks) text += new TextDecoder().decode(chunk);
    expect(text).toContain("ValueError: column 'amount' has 3 nulls");
    const page = await client.get<{ content: string; continuation_token: string | null }>(logPath, { map_index: -1, full_content: false });
    expect(page).toEqual({ content: text, continuation_token: null });
    expect(requests.map((r) => r.accept)).toEqual(['text/plain', 'text/plain']);
    expect(requests[0]!.url).toBe(`api/v1/dags/fail_python_exception/dagRuns/${encodeURIComponent(RUN)}/taskInstances/transform/logs/1?map_index=-1&full_content=false`);
  });

  it('filters import errors by file on this side (v1 cannot), exactly for the file of a Dag', async () => {
    const fixture = loadAirflow2Fixture('import-errors');
    const { client, requests } = airflow2ReplayClient(fixture.exchanges);
    const file = '/work/main/e2e/airflow/dags-airflow2/fail_import_error.py';
    const page = await client.get<{ total_entries: number; import_errors: { filename: string }[] }>(apiV2Path`importErrors`, { filename: file });
    expect(page.total_entries).toBe(1);
    expect(page.import_errors.map((e) => e.filename)).toEqual([file]);
    expect(requests.map((r) => r.url)).toEqual(['api/v1/importErrors?limit=100&offset=0']);
  });

  it("keeps a viewer's 403 on connections and variables a 403 sentence", async () => {
    for (const [name, words] of [['connections-viewer', 'connections'], ['variables-viewer', 'variables']] as const) {
      const fixture = loadAirflow2Fixture(name);
      const { client } = airflow2ReplayClient(fixture.exchanges);
      const error = (await errorOf(client.get(`api/v2/${words}`, { limit: 50, offset: 0 }))) as AirflowApiError;
      expect(error.kind).toBe('forbidden');
      expect(error.message).toBe(`Your Airflow user may not see ${words} (HTTP 403).`);
    }
  });

  it('passes on connection ids, types and hosts only, and variable keys and descriptions only', async () => {
    const { client } = airflow2ReplayClient([
      json('api/v1/connections?limit=100&offset=0', { total_entries: 2, connections: [
        { connection_id: 'warehouse', conn_type: 'postgres', host: 'db', port: 5432, schema: 'dw', login: 'etl', password: 'secret', extra: '{"k":"v"}', description: null },
        { connection_id: 'slack', conn_type: 'http', host: 'hooks.slack.com', port: null, schema: null, login: null, password: null, extra: null, description: null },
      ] }),
      json('api/v1/variables?limit=100&offset=0', { total_entries: 1, variables: [{ key: 'api_key', value: 'secret', description: 'the key' }] }),
    ]);
    const connections = await client.get<{ total_entries: number; connections: Record<string, unknown>[] }>('api/v2/connections', { connection_id_pattern: 'WARE', limit: 50, offset: 0 });
    expect(connections).toEqual({ total_entries: 1, connections: [{ connection_id: 'warehouse', conn_type: 'postgres', description: null, host: 'db', port: 5432, schema: 'dw' }] });
    const variables = await client.get<{ variables: Record<string, unknown>[] }>('api/v2/variables', { variable_key_pattern: 'api', limit: 50, offset: 0 });
    expect(variables.variables).toEqual([{ key: 'api_key', description: 'the key' }]);
  });

  it.each([
    ['api/v2/dags', { last_dag_run_state: 'failed' }, /cannot list Dags by the state of their last run/],
    ['api/v2/dags/d/dagRuns', { run_after_gte: '2026-01-01T00:00:00Z' }, /cannot filter Dag runs by when they became due/],
    ['api/v2/dagWarnings', { bundle_name: 'b' }, /^Airflow 2 cannot filter by bundle_name \(its REST API api\/v1 has no such filter\); ask without it\.$/],
    ['api/v2/dagSources/d', { version_number: 2 }, /keeps no Dag versions/],
    ['api/v2/dags/d/dagRuns/~/taskInstances/~/xcomEntries', {}, /give the run id/],
    ['api/v2/assets', {}, /Airflow 2 cannot answer this: its REST API \(api\/v1\) has no equivalent of assets\./],
    ['api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1', { token: 'abc' }, /no next page/],
  ])('says plainly what Airflow 2 cannot answer: %s %o', async (path, query, words) => {
    const { client, requests } = airflow2ReplayClient([]);
    const error = await errorOf(client.get(path, query));
    expect(error).toBeInstanceOf(AirflowApiError);
    expect((error as AirflowApiError).kind).toBe('bad_request');
    expect((error as Error).message).toMatch(words);
    expect(requests).toHaveLength(0);
  });

  it.each(['api/v1/dags', 'api/v2/auth/logout', 'api/v2/%61uth/logout', 'api/v2/dags?x=1'])('refuses %s as the v2 client would', async (path) => {
    const { client, requests } = airflow2ReplayClient([]);
    expect(await errorOf(client.get(path))).toBeInstanceOf(ReadOnlyViolation);
    expect(requests).toHaveLength(0);
  });

});
