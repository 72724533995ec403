import { describe, expect, it, vi } from 'vitest';
import { createPageTokenReader, instanceTabIds, readPageToken } from './page-session';

const JWT = 'eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ2aWV3ZXIifQ.c2ln';

describe('readPageToken', () => {
  it('reads the JWT the Airflow 3.0 UI keeps in localStorage["token"]', () => {
    expect(readPageToken({ getItem: (k) => (k === 'token' ? JWT : null) })).toBe(JWT);
  });
  it('gives null for no token, something that is not a JWT, or blocked storage', () => {
    expect(readPageToken({ getItem: () => null })).toBeNull();
    expect(readPageToken({ getItem: () => 'hello world' })).toBeNull();
    expect(readPageToken({ getItem: () => { throw new Error('SecurityError'); } })).toBeNull();
  });
});

describe('createPageTokenReader', () => {
  it('asks the instance tabs in order until one is signed in', async () => {
    const askTab = vi.fn(async (tabId: number) => (tabId === 2 ? JWT : null));
    const read = createPageTokenReader({ tabsOf: async () => [1, 2, 3], askTab });
    expect(await read('http://h/')).toBe(JWT);
    expect(askTab.mock.calls.map(([id]) => id)).toEqual([1, 2]);
  });
  it('gives null when no tab of the instance is open or a tab does not answer', async () => {
    expect(await createPageTokenReader({ tabsOf: async () => [], askTab: async () => JWT })('http://h/')).toBeNull();
    expect(await createPageTokenReader({ tabsOf: async () => [7], askTab: async () => Promise.reject(new Error('gone')) })('http://h/')).toBeNull();
  });
  it('never gives user B the token of user A: a logout and another login in the page count at the very next request', async () => {
    const tokenOf = (user: string) => `eyJhbGciOiJIUzUxMiJ9.${btoa(JSON.stringify({ sub: user })).replace(/=+$/, '')}.c2ln`;
    // The page's own localStorage, as the Airflow 3.0 UI changes it; the content script reads it.
    let pageStorage: string | null = tokenOf('alice');
    const askTab = vi.fn(async () => pageStorage);
    const read = createPageTokenReader({ tabsOf: async () => [1], askTab });
    expect(await read('http://h/')).toBe(tokenOf('alice'));
    pageStorage = null; // alice logs out…
    expect(await read('http://h/')).toBeNull();
    pageStorage = tokenOf('bob'); // …and bob logs in, within the same millisecond as far as the reader knows
    for (let i = 0; i < 3; i++) expect(await read('http://h/')).toBe(tokenOf('bob'));
    // Straight from alice to bob (another user's login over hers, no logout seen in between).
    pageStorage = tokenOf('alice');
    expect(await read('http://h/')).toBe(tokenOf('alice'));
    pageStorage = tokenOf('bob');
    expect(await read('http://h/')).toBe(tokenOf('bob'));
    expect(askTab).toHaveBeenCalledTimes(7); // asked afresh for every request: nothing kept in between
  });
});

describe('instanceTabIds', () => {
  it('keeps the tabs under the instance URL, the one looked at last first', () => {
    const tabs = [
      { id: 1, url: 'http://h/airflow/dags', lastAccessed: 10 },
      { id: 2, url: 'http://h/other/', lastAccessed: 30 },
      { id: 3, url: 'http://h/airflow/', lastAccessed: 20 },
      { url: 'http://h/airflow/x', lastAccessed: 40 },
    ];
    expect(instanceTabIds(tabs, 'http://h/airflow/')).toEqual([3, 1]);
  });
  it('leaves out private windows and Firefox containers (their own localStorage, maybe another user)', () => {
    const tabs = [
      { id: 1, url: 'http://h/dags', lastAccessed: 10 },
      { id: 2, url: 'http://h/dags', lastAccessed: 50, incognito: true },
      { id: 3, url: 'http://h/dags', lastAccessed: 40, cookieStoreId: 'firefox-container-1' },
      { id: 4, url: 'http://h/dags', lastAccessed: 30, cookieStoreId: 'firefox-private' },
      { id: 5, url: 'http://h/dags', lastAccessed: 20, cookieStoreId: 'firefox-default', incognito: false },
    ];
    expect(instanceTabIds(tabs, 'http://h/')).toEqual([5, 1]);
  });
});
