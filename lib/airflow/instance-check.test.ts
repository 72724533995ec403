import { describe, expect, it, vi } from 'vitest';
import { checkAirflowInstance, instanceBaseUrl } from './instance-check';
import { rememberSessionClaims } from './session';

const jwt = (claims: object) => `x.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.sig`;
const TOKEN = jwt({ sub: 'admin', exp: 4_000_000_000 });

/** A fetch that answers by path and records every request. */
function fakeFetch(routes: Record<string, () => Response | Promise<Response>>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init: init ?? {} });
    const route = Object.entries(routes).find(([path]) => new URL(url).pathname.endsWith(path));
    if (!route) throw new TypeError('Failed to fetch');
    return route[1]();
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('checkAirflowInstance', () => {
  it('says reachable, the version and the user when the session works, with two GETs carrying the session', async () => {
    const { fetch, calls } = fakeFetch({ '/api/v2/version': () => json({ version: '3.1.2' }), '/api/v2/dags': () => json({ dags: [], total_entries: 0 }) });
    const result = await checkAirflowInstance('http://127.0.0.1:8080', { readToken: async () => TOKEN, fetch });
    expect(result).toEqual({ ok: true, version: '3.1.2', user: 'admin', message: 'Reachable: Airflow 3.1.2 at http://127.0.0.1:8080/; your session works as admin.' });
    expect(calls.map((c) => c.url)).toEqual(['http://127.0.0.1:8080/api/v2/version', 'http://127.0.0.1:8080/api/v2/dags?limit=1']);
    expect(calls.every((c) => c.init.method === 'GET' && c.init.credentials === 'omit')).toBe(true);
    expect((calls[1]!.init.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('keeps a base path', async () => {
    const { fetch, calls } = fakeFetch({ '/api/v2/version': () => json({ version: '3.0.6' }), '/api/v2/dags': () => json({}) });
    await checkAirflowInstance('https://example.org/airflow?x=1#y', { readToken: async () => TOKEN, fetch });
    expect(calls[0]!.url).toBe('https://example.org/airflow/api/v2/version');
  });

  it('says the user is not logged in, with the version, and reads nothing else', async () => {
    const { fetch, calls } = fakeFetch({ '/api/v2/version': () => json({ version: '3.1.2' }) });
    const result = await checkAirflowInstance('http://localhost:8080/', { readToken: async () => null, fetch });
    expect(result).toMatchObject({ ok: false, kind: 'signed_out', version: '3.1.2' });
    expect(result.message).toContain('log in to Airflow in a tab');
    expect(calls).toHaveLength(1);
  });

  it('tells an expired session (401) from a role that may not list Dags (403)', async () => {
    for (const [status, kind, words] of [
      [401, 'session_refused', 'probably expired'],
      [403, 'forbidden', 'your role may not list Dags'],
      [500, 'http', 'HTTP 500'],
    ] as const) {
      const { fetch } = fakeFetch({ '/api/v2/version': () => json({ version: '3.1.2' }), '/api/v2/dags': () => json({ detail: 'x' }, status) });
      const result = await checkAirflowInstance('http://localhost:8080/', { readToken: async () => TOKEN, fetch });
      expect(result).toMatchObject({ ok: false, kind });
      expect(result.message).toContain(words);
    }
  });

  it('says when the address is not an Airflow API', async () => {
    const notFound = fakeFetch({ '/api/v2/version': () => new Response('nope', { status: 404 }) });
    expect(await checkAirflowInstance('http://localhost:8080/', { readToken: async () => null, fetch: notFound.fetch })).toMatchObject({
      kind: 'not_airflow',
      message: expect.stringContaining('HTTP 404'),
    });
    const airflow2 = fakeFetch({ '/api/v2/version': () => json({ version: '2.10.5' }) });
    expect(await checkAirflowInstance('http://localhost:8080/', { readToken: async () => null, fetch: airflow2.fetch })).toMatchObject({ kind: 'not_airflow' });
  });

  it('checks an Airflow 2 through api/v1 with the browser\'s own session, no header carrying it', async () => {
    const session = 'ae866b97-845e-424d-a220-620c8fa275fa.180t2J4aXJUc3pctG1SYHrMzOes';
    rememberSessionClaims(session, { subject: 'viewer', role: 'Viewer', expiresAt: null });
    const { fetch, calls } = fakeFetch({
      '/api/v2/version': () => new Response('not found', { status: 404 }),
      '/api/v1/version': () => json({ version: '2.10.5', git_version: '.release:b93c' }),
      '/api/v1/dags': () => json({ dags: [], total_entries: 0 }),
    });
    const result = await checkAirflowInstance('http://127.0.0.1:8080/', { readToken: async () => session, fetch });
    expect(result).toEqual({ ok: true, version: '2.10.5', user: 'viewer', message: 'Reachable: Airflow 2.10.5 at http://127.0.0.1:8080/; your session works as viewer.' });
    expect(calls.map((c) => c.url)).toEqual(['http://127.0.0.1:8080/api/v2/version', 'http://127.0.0.1:8080/api/v1/version', 'http://127.0.0.1:8080/api/v1/dags?limit=1']);
    expect(calls.every((c) => c.init.method === 'GET' && !JSON.stringify(c.init.headers ?? {}).includes(session))).toBe(true);
    expect(calls[2]!.init.credentials).toBe('include');
  });

  it('says when an Airflow 2 API does not take the browser session', async () => {
    const session = 'b1.refused';
    rememberSessionClaims(session, { subject: null, role: null, expiresAt: null, refusedBecause: 'its REST API does not accept your browser session.' });
    const { fetch, calls } = fakeFetch({ '/api/v2/version': () => new Response('', { status: 404 }), '/api/v1/version': () => json({ version: '2.10.5' }) });
    const result = await checkAirflowInstance('http://127.0.0.1:8080/', { readToken: async () => session, fetch });
    expect(result).toMatchObject({ ok: false, kind: 'session_refused', version: '2.10.5', message: expect.stringContaining('does not accept your browser session') });
    expect(calls).toHaveLength(2);
  });

  it('says nothing answered, or that the assistant is not enabled there, or that it timed out', async () => {
    const down = fakeFetch({});
    expect(await checkAirflowInstance('http://localhost:1/', { readToken: async () => null, fetch: down.fetch })).toEqual({
      ok: false,
      kind: 'unreachable',
      message: 'Nothing answered at http://localhost:1/. Is Airflow running, and is the address right?',
    });
    expect(
      await checkAirflowInstance('https://airflow.example.com', { readToken: async () => null, fetch: down.fetch, hasHostPermission: async () => false }),
    ).toMatchObject({ kind: 'not_enabled', message: expect.stringContaining('not enabled on https://airflow.example.com/') });
    const hang = vi.fn((_url: unknown, init?: RequestInit) => new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))));
    expect(await checkAirflowInstance('http://localhost:8080/', { readToken: async () => null, fetch: hang as unknown as typeof fetch, timeoutMs: 20 })).toMatchObject({
      kind: 'no_answer',
      message: 'http://localhost:8080/ did not answer within 0 seconds.',
    });
  });

  it('refuses an address that is not http(s)', async () => {
    expect(instanceBaseUrl('ftp://x')).toBeNull();
    expect(instanceBaseUrl('not a url')).toBeNull();
    const { fetch, calls } = fakeFetch({});
    expect(await checkAirflowInstance('file:///etc', { readToken: async () => null, fetch })).toMatchObject({ kind: 'bad_url' });
    expect(calls).toHaveLength(0);
  });
});
