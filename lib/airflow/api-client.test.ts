import { describe, expect, it } from 'vitest';
import { AirflowApiError, AirflowReadInterrupted, ReadOnlyViolation, apiV1Path, apiV2Path, createAirflowClient } from './api-client';

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

  it('has no method but the two GETs', () => {
    const { client } = clientWith(() => json({}));
    expect(Object.keys(client).sort()).toEqual(['baseUrl', 'get', 'getStream']);
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

/** A body that sends `parts` one by one, then (unless `end`) stalls, or breaks with `fail`. */
function trickle(parts: string[], end: 'close' | 'stall' | 'fail' = 'close'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < parts.length) return controller.enqueue(encoder.encode(parts[i++]));
      if (end === 'close') return controller.close();
      if (end === 'fail') return controller.error(new TypeError('network error'));
      return new Promise<void>(() => {});
    },
  });
}

/** A fetch that honours the abort signal while the body streams, as browsers do. */
function streamingFetch(body: () => ReadableStream<Uint8Array>, headers: Record<string, string> = { 'content-type': 'application/x-ndjson' }, status = 200) {
  const seen: SeenRequest[] = [];
  const cancelled: boolean[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), init: init ?? {} });
    const source = body().getReader();
    const signal = init?.signal;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const aborted = new Promise<never>((_, reject) => {
          if (signal?.aborted) reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        try {
          const next = await Promise.race([source.read(), aborted]);
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel() {
        cancelled.push(true);
      },
    });
    return new Response(stream, { status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, seen, cancelled };
}

async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('getStream', () => {
  const path = 'api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1';

  it('GETs with the asked media type and the Bearer token, and streams the body', async () => {
    const fake = streamingFetch(() => trickle(['{"event":"a"}\n{"ev', 'ent":"b"}\n']));
    const client = createAirflowClient({ baseUrl: 'https://h.example/airflow/', getToken: async () => 'tok', fetch: fake.fetch });
    const stream = await client.getStream(path, { map_index: -1 }, { accept: 'application/x-ndjson' });
    expect(stream.contentType).toBe('application/x-ndjson');
    expect(await readAll(stream.chunks)).toBe('{"event":"a"}\n{"event":"b"}\n');
    expect(fake.seen[0]!.url).toBe(`https://h.example/airflow/${path}?map_index=-1`);
    expect(fake.seen[0]!.init.method).toBe('GET');
    expect(fake.seen[0]!.init.headers).toMatchObject({ Authorization: 'Bearer tok', Accept: 'application/x-ndjson' });
  });

  it('refuses what get refuses, without sending it', async () => {
    const fake = streamingFetch(() => trickle([]));
    const client = createAirflowClient({ baseUrl: 'https://h.example/airflow/', getToken: async () => 'tok', fetch: fake.fetch });
    expect(await errorOf(client.getStream('api/v2/auth/logout', undefined, { accept: 'application/x-ndjson' }))).toBeInstanceOf(ReadOnlyViolation);
    expect(fake.seen).toHaveLength(0);
  });

  it('turns an error status into the same sentence as get', async () => {
    const fake = streamingFetch(() => trickle(['{"detail":"TaskInstance not found"}']), { 'content-type': 'application/json' }, 404);
    const client = createAirflowClient({ baseUrl: 'https://h.example/airflow/', getToken: async () => 'tok', fetch: fake.fetch });
    const error = await errorOf(client.getStream(path, undefined, { accept: 'application/x-ndjson' }));
    expect(error).toBeInstanceOf(AirflowApiError);
    expect((error as AirflowApiError).kind).toBe('not_found');
    expect((error as AirflowApiError).message).toBe('Not found in Airflow (HTTP 404): TaskInstance not found');
  });

  it('says a body that stalls past its own time limit timed out, after what arrived', async () => {
    const fake = streamingFetch(() => trickle(['{"event":"a"}\n'], 'stall'));
    // The client's other reads would give up sooner; the streamed read has its own limit.
    const client = createAirflowClient({ baseUrl: 'https://h.example/', getToken: async () => null, fetch: fake.fetch, timeoutMs: 1, streamTimeoutMs: () => 50 });
    const stream = await client.getStream(path, undefined, { accept: 'application/x-ndjson' });
    const received: Uint8Array[] = [];
    const error = await errorOf(
      (async () => {
        for await (const chunk of stream.chunks) received.push(chunk);
      })(),
    );
    expect(received).toHaveLength(1);
    expect(error).toBeInstanceOf(AirflowReadInterrupted);
    expect(error).toMatchObject({ reason: 'timeout', bytesRead: 14, timeoutMs: 50, kind: 'timeout' });
    expect((error as Error).message).toBe('Airflow at https://h.example/ did not send the whole answer within 0 s.');
  });

  it('says a body whose connection broke was cut', async () => {
    const fake = streamingFetch(() => trickle(['{"event":"a"}\n'], 'fail'));
    const client = createAirflowClient({ baseUrl: 'https://h.example/', getToken: async () => null, fetch: fake.fetch });
    const stream = await client.getStream(path, undefined, { accept: 'application/x-ndjson', timeoutMs: 5_000 });
    expect(await errorOf(readAll(stream.chunks))).toMatchObject({ reason: 'cut', bytesRead: 14 });
  });

  it('passes the caller\'s abort through as an abort, not as a timeout', async () => {
    const fake = streamingFetch(() => trickle(['x'], 'stall'));
    const client = createAirflowClient({ baseUrl: 'https://h.example/', getToken: async () => null, fetch: fake.fetch });
    const controller = new AbortController();
    const stream = await client.getStream(path, undefined, { accept: 'application/x-ndjson', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the user')), 10);
    const error = await errorOf(readAll(stream.chunks));
    expect(error).not.toBeInstanceOf(AirflowApiError);
    expect((error as Error).message).toBe('stopped by the user');
  });

  it('cancels the download when the reader stops early', async () => {
    const fake = streamingFetch(() => trickle(['a', 'b', 'c'], 'stall'));
    const client = createAirflowClient({ baseUrl: 'https://h.example/', getToken: async () => null, fetch: fake.fetch });
    const stream = await client.getStream(path, undefined, { accept: 'application/x-ndjson' });
    for await (const _ of stream.chunks) break;
    expect(fake.cancelled).toEqual([true]);
  });
});

// Airflow 2's REST API: the same guarded GET, under api/v1/, authenticated by the session cookie alone.
describe('createAirflowClient for api/v1 (Airflow 2)', () => {
  function v1ClientWith(respond: (url: string) => Response | Promise<Response>) {
    const fake = fakeFetch(respond);
    let tokenAsked = 0;
    const client = createAirflowClient({
      baseUrl: 'https://h.example/airflow/',
      api: 'v1',
      getToken: async () => {
        tokenAsked += 1;
        return 'tok';
      },
      fetch: fake.fetch,
    });
    return { client, seen: fake.seen, tokenAsked: () => tokenAsked };
  }

  it('GETs with the cookie only: credentials included, no Authorization header, no token read', async () => {
    const { client, seen, tokenAsked } = v1ClientWith(() => json({ dags: [], total_entries: 0 }));
    await client.get('api/v1/dags', { limit: 5, only_active: true });
    await client.getStream(apiV1Path`dags/${'d'}/dagRuns/${'r+1'}/taskInstances/${'t'}/logs/${1}`, { full_content: false }, { accept: 'text/plain' });
    expect(seen.map((s) => s.url)).toEqual([
      'https://h.example/airflow/api/v1/dags?limit=5&only_active=true',
      'https://h.example/airflow/api/v1/dags/d/dagRuns/r%2B1/taskInstances/t/logs/1?full_content=false',
    ]);
    for (const { init } of seen) {
      expect(init.method).toBe('GET');
      expect(init.credentials).toBe('include');
      expect(init.headers).not.toHaveProperty('Authorization');
    }
    expect(seen[1]!.init.headers).toMatchObject({ Accept: 'text/plain' });
    expect(tokenAsked()).toBe(0);
  });

  it.each([
    'api/v2/dags',
    'api/v1/auth/logout',
    'api/v1/AUTH/login',
    'api/v1/users',
    'api/v1/users/admin',
    'api/v1/roles',
    'api/v1/%70ermissions',
    'api/v1/dags/../users',
    'api/v1/%2E%2E/v2/dags',
    'api/v1/dags/%2E%2E/%2E%2E/roles',
    'login/',
    'logout/',
    '/api/v1/dags',
    'https://evil.example/api/v1/dags',
    'api/v1/dags?x=1',
  ])('refuses %s without sending it', async (path) => {
    const { client, seen } = v1ClientWith(() => json({}));
    expect(await errorOf(client.get(path))).toBeInstanceOf(ReadOnlyViolation);
    expect(await errorOf(client.getStream(path, undefined, { accept: 'text/plain' }))).toBeInstanceOf(ReadOnlyViolation);
    expect(seen).toHaveLength(0);
  });

  it("says a viewer's 403 (Airflow 2.10 sends detail: null) in the same sentence as v2", async () => {
    const body = { detail: null, status: 403, title: 'Forbidden', type: 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/PermissionDenied' };
    const { client } = v1ClientWith(() => json(body, 403));
    const error = (await errorOf(client.get('api/v1/connections', { limit: 50 }))) as AirflowApiError;
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe('Your Airflow user may not see connections (HTTP 403).');
  });

  it('says an ended session (401 without a cookie) as v2 does', async () => {
    const { client } = v1ClientWith(() => json({ detail: null, status: 401, title: 'Unauthorized' }, 401));
    const error = (await errorOf(client.get('api/v1/dags'))) as AirflowApiError;
    expect(error.kind).toBe('unauthenticated');
    expect(error.message).toMatch(/session has expired/);
  });

  it('a v2 client refuses api/v1 paths', async () => {
    const { client, seen } = clientWith(() => json({}));
    expect(await errorOf(client.get('api/v1/dags'))).toBeInstanceOf(ReadOnlyViolation);
    expect(seen).toHaveLength(0);
  });
});
