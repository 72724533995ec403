import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAirflowClients, speaksV1 } from './airflow-clients';
import { rememberSessionClaims } from './session';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('createAirflowClients with versionOf', () => {
  const seen: { url: string; authorization: string | undefined }[] = [];
  afterEach(() => {
    seen.length = 0;
    vi.unstubAllGlobals();
  });
  function stubFetch() {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), authorization: (init?.headers as Record<string, string>).Authorization });
      return json({ version: 'x', git_version: null });
    });
  }

  it('speaks v1 to Airflow 2 only; 3.x and an unknown version get v2', () => {
    expect(speaksV1('2.10.5')).toBe(true);
    expect(speaksV1('2.11.0')).toBe(true);
    expect(speaksV1('3.0.6')).toBe(false);
    expect(speaksV1('3.3.2')).toBe(false);
    expect(speaksV1(null)).toBe(false);
  });

  it('asks the version at each request: v2 with the token, then v1 with the cookie only once it is known to be 2.x', async () => {
    stubFetch();
    let version: string | null = null;
    const clientFor = createAirflowClients(async () => 'tok', { versionOf: (url) => (url === 'http://af/' ? version : '3.3.2') });
    const client = clientFor('http://af/');
    await client.get('api/v2/version');
    version = '2.10.5';
    await client.get('api/v2/monitor/health');
    expect(seen).toEqual([
      { url: 'http://af/api/v2/version', authorization: 'Bearer tok' },
      { url: 'http://af/api/v1/health', authorization: undefined },
    ]);
    expect(clientFor('http://af/')).toBe(client);
  });

  it('keeps one read-once cache per instance whichever API answers', () => {
    const clientFor = createAirflowClients(async () => null, { versionOf: () => '2.10.5' });
    expect(clientFor('http://af/').readOnce).toBeDefined();
    expect(clientFor('http://af/').readOnce).toBe(clientFor('http://af/').readOnce);
  });

  it("keeps an Airflow 2 read for the user its session reader found for the session cookie", async () => {
    stubFetch();
    rememberSessionClaims('flask-sid.sig', { subject: 'admin', role: 'Admin', expiresAt: null });
    const clientFor = createAirflowClients(async () => 'flask-sid.sig', { versionOf: () => '2.10.5' });
    const client = clientFor('http://af/');
    const read = () => client.get<{ version: string }>('api/v2/version');
    await client.readOnce!.remember(['version'], read, () => true);
    await client.readOnce!.remember(['version'], read, () => true);
    expect(seen).toHaveLength(1);
  });

  it('without versionOf, is the v2 client it always was', async () => {
    stubFetch();
    const client = createAirflowClients(async () => 'tok')('http://af/');
    expect(Object.keys(client).sort()).toEqual(['baseUrl', 'get', 'getStream', 'readOnce']);
    await client.get('api/v2/version');
    expect(seen[0]).toEqual({ url: 'http://af/api/v2/version', authorization: 'Bearer tok' });
  });
});
