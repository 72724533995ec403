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
  it('asks the instance tabs in order until one is signed in, and re-uses the answer briefly', async () => {
    let t = 0;
    const askTab = vi.fn(async (tabId: number) => (tabId === 2 ? JWT : null));
    const read = createPageTokenReader({ tabsOf: async () => [1, 2, 3], askTab, now: () => t, ttlMs: 5_000 });
    expect(await read('http://h/')).toBe(JWT);
    expect(askTab.mock.calls.map(([id]) => id)).toEqual([1, 2]);
    t = 4_000;
    expect(await read('http://h/')).toBe(JWT);
    expect(askTab).toHaveBeenCalledTimes(2);
    t = 6_000;
    askTab.mockResolvedValue(null); // signed out in the page meanwhile
    expect(await read('http://h/')).toBeNull();
  });
  it('gives null when no tab of the instance is open or a tab does not answer', async () => {
    expect(await createPageTokenReader({ tabsOf: async () => [], askTab: async () => JWT })('http://h/')).toBeNull();
    expect(await createPageTokenReader({ tabsOf: async () => [7], askTab: async () => Promise.reject(new Error('gone')) })('http://h/')).toBeNull();
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
});
