import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { API_REFUSES_SESSION, FLASK_PROBE_TTL_MS, createFlaskSessionChangeFilter, createFlaskSessionReader, probeFlaskSession, userInfoOf, type FlaskSessionProbe } from './airflow2-session';
import { airflowUserOf } from './airflow-user';
import { readSessionClaims } from './session';

// "My Profile" of the rig's viewer on Airflow 2.10.5 (`users/userinfo/`, captured as served).
const VIEWER_PROFILE = fs.readFileSync(path.join(import.meta.dirname, '__fixtures__/airflow2/userinfo-viewer.html'), 'utf8');
const BASE = 'http://127.0.0.1:8080/';

describe('userInfoOf', () => {
  it("reads the user name and role from Airflow 2.10's My Profile page, not its navbar's full name", () => {
    expect(userInfoOf(VIEWER_PROFILE)).toEqual({ user: 'viewer', role: 'Viewer' });
  });
  it('decodes entities, reads several roles, and gives null for another page', () => {
    const page = (user: string, roles: string) =>
      `<table><tr><th>User Name</th><td><span style="white-space: pre-line">${user}</span></td></tr><tr><th>Is Active?</th><td><span>True</span></td></tr><tr><th>Role</th><td><span>${roles}</span></td></tr></table>`;
    expect(userInfoOf(page('o&#39;brien &amp; co', '[Admin, Op]'))).toEqual({ user: "o'brien & co", role: 'Admin, Op' });
    expect(userInfoOf('<html><body>Sign in</body></html>')).toBeNull();
  });
});

describe('probeFlaskSession', () => {
  const fetchOf = (api: number, profile: Response | null) =>
    vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      expect(init?.method).toBe('GET');
      expect(init?.credentials).toBe('include');
      expect(init?.redirect).toBe('manual');
      return String(url).includes('/api/v1/') ? new Response('{}', { status: api }) : (profile ?? Response.error());
    }) as unknown as typeof fetch;
  const profile = () => new Response(VIEWER_PROFILE, { status: 200 });
  const loginRedirect = () => new Response(null, { status: 302, headers: { location: '/login/' } });

  it('signed in: the API takes the session (200, or 403 for a role without Dags) and the profile names the user', async () => {
    expect(await probeFlaskSession(BASE, fetchOf(200, profile()))).toEqual({ state: 'signed_in', user: 'viewer', role: 'Viewer' });
    expect(await probeFlaskSession(BASE, fetchOf(403, profile()))).toEqual({ state: 'signed_in', user: 'viewer', role: 'Viewer' });
  });
  it('signed in without a profile (a role that may not open it): the user stays unknown', async () => {
    expect(await probeFlaskSession(BASE, fetchOf(200, loginRedirect()))).toEqual({ state: 'signed_in', user: null, role: null });
  });
  it('signed out: 401 from the API and the profile redirects to the login', async () => {
    expect(await probeFlaskSession(BASE, fetchOf(401, loginRedirect()))).toEqual({ state: 'signed_out' });
  });
  it('the API refuses a logged-in user: its auth backends do not take browser sessions', async () => {
    expect(await probeFlaskSession(BASE, fetchOf(401, profile()))).toEqual({ state: 'api_refuses_session', user: 'viewer' });
  });
  it('a server error is a failed probe, not a state', async () => {
    await expect(probeFlaskSession(BASE, fetchOf(500, profile()))).rejects.toThrow('HTTP 500');
  });
});

describe('createFlaskSessionReader', () => {
  function reader(answers: Record<string, FlaskSessionProbe | Error>) {
    let cookie: string | null = null;
    let clock = 0;
    const probe = vi.fn(async () => {
      const answer = answers[cookie ?? ''];
      if (answer instanceof Error || answer === undefined) throw answer ?? new Error('no answer');
      return answer;
    });
    const read = createFlaskSessionReader({ readCookie: async (_url, name) => (name === 'session' ? cookie : null), probe, now: () => clock });
    return { read, probe, setCookie: (value: string | null) => (cookie = value), tick: (ms: number) => (clock += ms) };
  }

  it("hands out the session of a logged-in user and names that user wherever the extension keys its data", async () => {
    const r = reader({ 'sid-alice.sig': { state: 'signed_in', user: 'alice', role: 'Op' } });
    r.setCookie('sid-alice.sig');
    expect(await r.read(BASE)).toBe('sid-alice.sig');
    expect(readSessionClaims('sid-alice.sig')).toEqual({ subject: 'alice', role: 'Op', expiresAt: null });
    expect(airflowUserOf(BASE, 'sid-alice.sig')).toEqual({ instanceUrl: BASE, user: 'alice' });
  });

  it('probes each session value once within the time it is believed, and again after', async () => {
    const r = reader({ 'sid-1.s': { state: 'signed_in', user: 'alice', role: null } });
    r.setCookie('sid-1.s');
    await r.read(BASE);
    await r.read(BASE);
    expect(r.probe).toHaveBeenCalledTimes(1);
    r.tick(FLASK_PROBE_TTL_MS + 1);
    await r.read(BASE);
    expect(r.probe).toHaveBeenCalledTimes(2);
  });

  it("another user's login (a new session value) is probed afresh: never the previous user's name", async () => {
    const r = reader({ 'sid-alice.s': { state: 'signed_in', user: 'alice', role: null }, 'sid-bob.s': { state: 'signed_in', user: 'bob', role: null } });
    r.setCookie('sid-alice.s');
    expect(airflowUserOf(BASE, await r.read(BASE))?.user).toBe('alice');
    r.setCookie('sid-bob.s');
    expect(airflowUserOf(BASE, await r.read(BASE))?.user).toBe('bob');
  });

  it('no cookie or nobody logged in: no session', async () => {
    const r = reader({ 'anon.s': { state: 'signed_out' } });
    expect(await r.read(BASE)).toBeNull();
    r.setCookie('anon.s');
    expect(await r.read(BASE)).toBeNull();
  });

  it('a session the API refuses, or an Airflow that did not answer, is no one: nothing is kept for it, and the reason is said', async () => {
    const r = reader({ 'refused.s': { state: 'api_refuses_session', user: 'alice' }, 'down.s': new Error('unreachable') });
    r.setCookie('refused.s');
    expect(await r.read(BASE)).toBe('refused.s');
    expect(readSessionClaims('refused.s')?.refusedBecause).toBe(API_REFUSES_SESSION);
    expect(airflowUserOf(BASE, 'refused.s')).toBeNull();
    r.setCookie('down.s');
    expect(await r.read(BASE)).toBe('down.s');
    expect(readSessionClaims('down.s')?.refusedBecause).toContain('did not answer');
    expect(airflowUserOf(BASE, 'down.s')).toBeNull();
    // A failed probe is not kept: the next read asks again.
    await r.read(BASE);
    expect(r.probe).toHaveBeenCalledTimes(3);
  });
});

describe('createFlaskSessionChangeFilter', () => {
  const change = (value: string, removed = false, cause = 'explicit') => ({ removed, cause, cookie: { name: 'session', value, domain: '127.0.0.1', path: '/' } });
  it("takes a new value or a removal as a new session, and Flask's refresh of the same value as none", () => {
    const isNew = createFlaskSessionChangeFilter();
    expect(isNew(change('anon.s'))).toBe(true);
    expect(isNew(change('anon.s', true, 'overwrite'))).toBe(false);
    expect(isNew(change('anon.s'))).toBe(false);
    expect(isNew(change('alice.s'))).toBe(true);
    expect(isNew(change('alice.s', true, 'expired'))).toBe(true);
    expect(isNew({ ...change('x'), cookie: { ...change('x').cookie, name: '_token' } })).toBe(false);
  });
});
