import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { createSessionReader, installSessionReader, isSessionExpired, readSessionClaims, readSessionToken } from './session';

const jwt = (claims: object) =>
  `eyJhbGciOiJIUzUxMiJ9.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2ln`;

describe('readSessionClaims', () => {
  it('reads subject, role and expiry of an Airflow JWT', () => {
    const claims = readSessionClaims(jwt({ sub: 'viewer', role: 'viewer', exp: 2_000_000_000 }));
    expect(claims).toEqual({ subject: 'viewer', role: 'viewer', expiresAt: 2_000_000_000_000 });
    expect(isSessionExpired(claims, 1_000)).toBe(false);
    expect(isSessionExpired(claims, 2_000_000_000_001)).toBe(true);
  });
  it('returns null for something that is not a JWT', () => {
    expect(readSessionClaims('not-a-token')).toBeNull();
    expect(readSessionClaims('a.%%%.c')).toBeNull();
  });
});

describe('readSessionToken', () => {
  beforeEach(() => fakeBrowser.reset());
  it('reads the _token cookie of the instance origin', async () => {
    // The fake browser has no cookie jar; stand in for the one cookie the browser would hold.
    vi.spyOn(fakeBrowser.cookies, 'get').mockImplementation(async ({ url, name }) =>
      url === 'http://127.0.0.1:28080/' && name === '_token' ? ({ name, value: 'abc' } as Browser.cookies.Cookie) : null,
    );
    expect(await readSessionToken('http://127.0.0.1:28080/')).toBe('abc');
    expect(await readSessionToken('http://127.0.0.1:9999/')).toBeNull();
  });
});

describe('createSessionReader', () => {
  it('reads the page token on 3.0.x-3.1.0, the cookie from 3.1.1 on, the Flask session on Airflow 2', async () => {
    const versions: Record<string, string> = { 'http://a/': '3.0.6', 'http://b/': '3.1.0', 'http://c/': '3.1.8', 'http://d/': '3.3.2', 'http://e/': '2.10.5' };
    const read = createSessionReader({
      versionOf: async (url) => versions[url] ?? null,
      readCookie: async (url) => `cookie of ${url}`,
      readPageToken: async (url) => `page token of ${url}`,
      readFlaskSession: async (url) => `flask session of ${url}`,
    });
    expect(await read('http://e/')).toBe('flask session of http://e/');
    expect(await read('http://a/')).toBe('page token of http://a/');
    expect(await read('http://b/')).toBe('page token of http://b/');
    expect(await read('http://c/')).toBe('cookie of http://c/');
    expect(await read('http://d/')).toBe('cookie of http://d/');
    expect(await read('http://unknown/')).toBe('cookie of http://unknown/');
  });
  it('becomes what readSessionToken reads once installed', async () => {
    installSessionReader(async () => 'installed');
    try {
      expect(await readSessionToken('http://x/')).toBe('installed');
    } finally {
      installSessionReader(undefined);
    }
  });
});
