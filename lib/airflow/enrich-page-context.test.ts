import { describe, expect, it, vi } from 'vitest';
import { createAirflowClient } from './api-client';
import { enrichPageContext } from './enrich-page-context';
import type { PageContext } from './page-context';

const base = 'http://127.0.0.1:28080/';
const page: PageContext = {
  instanceUrl: base,
  pageUrl: `${base}dags/etl/runs/manual__2026-11-25T10:00:00+00:00/tasks/load`,
  pageKind: 'task_instance',
  dagId: 'etl',
  runId: 'manual__2026-11-25T10:00:00+00:00',
  taskId: 'load',
  mapIndex: -1,
};

const clientAnswering = (status: number, body: unknown) => {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  return { fetch, client: createAirflowClient({ baseUrl: base, getToken: async () => 'token', fetch }) };
};

describe('enrichPageContext', () => {
  it('reads the latest try of a task instance page without ?try_number', async () => {
    const { fetch, client } = clientAnswering(200, { try_number: 3, state: 'failed' });
    expect(await enrichPageContext(page, client)).toEqual({ ...page, tryNumber: 3 });
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe(
      `${base}api/v2/dags/etl/dagRuns/manual__2026-11-25T10%3A00%3A00%2B00%3A00/taskInstances/load`,
    );
  });
  it('keeps a try the page already names, and other pages, without calling Airflow', async () => {
    const { fetch, client } = clientAnswering(200, { try_number: 3 });
    expect(await enrichPageContext({ ...page, tryNumber: 1 }, client)).toEqual({ ...page, tryNumber: 1 });
    expect(await enrichPageContext({ ...page, pageKind: 'dag' }, client)).toEqual({ ...page, pageKind: 'dag' });
    expect(fetch).not.toHaveBeenCalled();
  });
  it('leaves the context as it was when Airflow refuses', async () => {
    const { client } = clientAnswering(403, { detail: 'Forbidden' });
    expect(await enrichPageContext(page, client)).toEqual(page);
  });
});
