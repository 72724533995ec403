import { describe, expect, it } from 'vitest';
import { AirflowApiError, ReadOnlyViolation, apiV2Path, createAirflowClient } from './api-client';

interface SeenRequest {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (url: string) => Response | Promise<Response>) {
  const seen: SeenRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), init: init ?? {} });
    return respond(String(input));
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function clientWith(respond: (url: string) => Response | Promise<Response>, token: string | null = 'tok') {
  const fake = fakeFetch(respond);
  const client = createAirflowClient({ baseUrl: 'https://h.example/airflow/', getToken: async () => token, fetch: fake.fetch });
  return { client, seen: fake.seen };
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createAirflowClient', () => {
  it('GETs under the base path with Bearer token, JSON accept and credentials', async () => {
    const { client, seen } = clientWith(() => json({ dags: [], total_entries: 0 }));
    const body = await client.get<{ total_entries: number }>('api/v2/dags', { limit: 5, tags: ['a', 'b'], paused: false, skip: undefined });
    expect(body.total_entries).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('https://h.example/airflow/api/v2/dags?limit=5&tags=a&tags=b&paused=false');
    expect(seen[0]!.init.method).toBe('GET');
    expect(seen[0]!.init.credentials).toBe('include');
    expect(seen[0]!.init.headers).toMatchObject({ Authorization: 'Bearer tok', Accept: 'application/json' });
  });

  it('sends no Authorization header without a token', async () => {
    const { client, seen } = clientWith(() => json({}), null);
    await client.get('api/v2/version');
    expect(seen[0]!.init.headers).not.toHaveProperty('Authorization');
  });

  it('has no method but get', () => {
    const { client } = clientWith(() => json({}));
    expect(Object.keys(client).sort()).toEqual(['baseUrl', 'get']);
    expect(Object.isFrozen(client)).toBe(true);
  });

  it.each([
    'api/v2/auth/logout',
    'api/v2/AUTH/logout',
    'api/v2/%61uth/logout',
    'api/v2/../v2/auth/logout',
    'api/v2/dags/../auth/logout',
    'auth/token/login',
    'api/v1/dags',
    'ui/grid/x',
    '/api/v2/dags',
    'https://evil.example/api/v2/dags',
    '//evil.example/api/v2/dags',
    'api/v2/%2E%2E/%2E%2E/auth/token',
    'api/v2/dags?x=1',
    'api/v2\\..\\auth',
  ])('refuses %s without sending it', async (path) => {
    const { client, seen } = clientWith(() => json({}));
    expect(await errorOf(client.get(path))).toBeInstanceOf(ReadOnlyViolation);
    expect(seen).toHaveLength(0);
  });

  it('encodes run ids and dotted task ids as single segments', async () => {
    const { client, seen } = clientWith(() => json({}));
    const path = apiV2Path`dags/${'etl'}/dagRuns/${'manual__2026-01-01T00:00:00+00:00'}/taskInstances/${'group.load'}/logs/${2}`;
    expect(path).toBe('api/v2/dags/etl/dagRuns/manual__2026-01-01T00%3A00%3A00%2B00%3A00/taskInstances/group.load/logs/2');
    await client.get(path);
    expect(seen[0]!.url).toBe(`https://h.example/airflow/${path}`);
  });

  it('keeps a lone ".." id inside its segment', async () => {
    const { client } = clientWith(() => json({}));
    expect(await errorOf(client.get(apiV2Path`dags/${'..'}/${'..'}/auth/logout`))).toBeInstanceOf(ReadOnlyViolation);
  });

  it.each([
    [401, { detail: 'Not authenticated' }, 'unauthenticated', /session has expired/],
    [401, { detail: 'Token Expired' }, 'unauthenticated', /log in to Airflow again/],
    [403, { detail: 'Invalid JWT token' }, 'unauthenticated', /session has expired/],
    [403, { detail: 'Forbidden' }, 'forbidden', /^Your Airflow user may not see connections \(HTTP 403\)\.$/],
    [404, { detail: 'The DAG with dag_id: `x` was not found' }, 'not_found', /dag_id: `x` was not found/],
    [400, { detail: 'Bad continuation token' }, 'bad_request', /HTTP 400/],
    [500, { detail: 'boom' }, 'server', /HTTP 500/],
  ])('maps HTTP %i %j to %s', async (status, body, kind, message) => {
    const { client } = clientWith(() => json(body, status));
    const error = await errorOf(client.get('api/v2/connections'));
    expect(error).toBeInstanceOf(AirflowApiError);
    expect((error as AirflowApiError).kind).toBe(kind);
    expect((error as AirflowApiError).status).toBe(status);
    expect((error as AirflowApiError).message).toMatch(message);
  });

  it('names the resource in a 403 from a nested path', async () => {
    const { client } = clientWith(() => json({ detail: 'Forbidden' }, 403));
    const error = (await errorOf(client.get(apiV2Path`dags/${'d'}/dagRuns/${'r'}/taskInstances/${'t'}/logs/${1}`))) as AirflowApiError;
    expect(error.message).toBe('Your Airflow user may not see task logs (HTTP 403).');
  });

  it('reports non-JSON as bad_response', async () => {
    const { client } = clientWith(() => new Response('<!doctype html><title>Airflow</title>', { status: 200 }));
    const error = (await errorOf(client.get('api/v2/dags'))) as AirflowApiError;
    expect(error.kind).toBe('bad_response');
  });

  it('reports a network failure as unreachable', async () => {
    const { client } = clientWith(() => Promise.reject(new TypeError('fetch failed')));
    const error = (await errorOf(client.get('api/v2/dags'))) as AirflowApiError;
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/could not be reached/);
  });

  const hang = (_: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

  it('reports a timeout as a timeout, within the configured time', async () => {
    let timeoutMs = 20;
    const client = createAirflowClient({ baseUrl: 'http://h/', getToken: async () => null, fetch: hang as typeof fetch, timeoutMs: () => timeoutMs });
    const started = Date.now();
    const error = (await errorOf(client.get('api/v2/dags'))) as AirflowApiError;
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 1 s/);
    expect(Date.now() - started).toBeLessThan(1000);
    // A changed setting applies at the next read.
    timeoutMs = 60;
    const later = Date.now();
    await errorOf(client.get('api/v2/dags'));
    expect(Date.now() - later).toBeGreaterThanOrEqual(50);
  });

  it('gives log reads their own, longer timeout, and a read its own when asked', async () => {
    const client = createAirflowClient({ baseUrl: 'http://h/', getToken: async () => null, fetch: hang as typeof fetch, timeoutMs: 20, logTimeoutMs: 120 });
    const started = Date.now();
    await errorOf(client.get('api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    const own = Date.now();
    await errorOf(client.get('api/v2/dags', undefined, { timeoutMs: 70 }));
    expect(Date.now() - own).toBeGreaterThanOrEqual(60);
  });

  it('says a read cut mid-answer broke, and never shows an HTML error page', async () => {
    const cut = () => Promise.resolve({ ok: true, status: 200, text: () => Promise.reject(new TypeError('terminated')) } as unknown as Response);
    const broken = (await errorOf(clientWith(cut).client.get('api/v2/dags'))) as AirflowApiError;
    expect(broken.kind).toBe('cut_read');
    expect(broken.message).toBe('The connection to Airflow broke while reading its answer.');

    const html = () => Promise.resolve(new Response('<html><body><h1>503 Service Unavailable</h1>nginx</body></html>', { status: 503 }));
    const server = (await errorOf(clientWith(html).client.get('api/v2/dags'))) as AirflowApiError;
    expect(server.kind).toBe('server');
    expect(server.message).not.toMatch(/<|nginx/);
    expect(server.detail).toBeUndefined();
  });

  it('adds the missing trailing slash of the base URL', async () => {
    const fake = fakeFetch(() => json({}));
    const client = createAirflowClient({ baseUrl: 'http://h/airflow', getToken: async () => null, fetch: fake.fetch });
    await client.get('api/v2/version');
    expect(fake.seen[0]!.url).toBe('http://h/airflow/api/v2/version');
  });
});
