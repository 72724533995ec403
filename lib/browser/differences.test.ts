import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { browserDifferencesFor } from './differences';

const cookie = (fields: Partial<Browser.cookies.Cookie> & Record<string, unknown>) =>
  ({ name: '_token', value: 'v', domain: '127.0.0.1', path: '/', ...fields }) as Browser.cookies.Cookie;

describe('readCookie', () => {
  beforeEach(() => fakeBrowser.reset());

  it('Chrome: reads the cookie with cookies.get', async () => {
    vi.spyOn(fakeBrowser.cookies, 'get').mockImplementation(async ({ url, name }) => (url === 'http://127.0.0.1:8080/' && name === '_token' ? cookie({ value: 'abc' }) : null));
    const chrome = browserDifferencesFor('chrome');
    expect(await chrome.readCookie('http://127.0.0.1:8080/', '_token')).toBe('abc');
    expect(await chrome.readCookie('http://127.0.0.1:9999/', '_token')).toBeNull();
  });

  it('Firefox: lists every first-party jar (first-party isolation needs it) and takes the page site own, unpartitioned cookie', async () => {
    const getAll = vi.spyOn(fakeBrowser.cookies, 'getAll').mockResolvedValue(<never>[
      cookie({ value: 'other-site', firstPartyDomain: 'evil.example' }),
      cookie({ value: 'embedded', partitionKey: { topLevelSite: 'https://evil.example' } }),
      cookie({ value: 'root-path', firstPartyDomain: 'example.com' }),
      cookie({ value: 'base-path', firstPartyDomain: 'example.com', path: '/airflow/' }),
    ]);
    const firefox = browserDifferencesFor('firefox');
    expect(await firefox.readCookie('https://airflow.example.com/airflow/', '_token')).toBe('base-path');
    expect(getAll).toHaveBeenCalledWith({ url: 'https://airflow.example.com/airflow/', name: '_token', firstPartyDomain: null });
  });

  it('Firefox: no cookie of its own site means no session', async () => {
    vi.spyOn(fakeBrowser.cookies, 'getAll').mockResolvedValue(<never>[cookie({ value: 'embedded', partitionKey: { topLevelSite: 'https://x.example' } })]);
    expect(await browserDifferencesFor('firefox').readCookie('http://127.0.0.1:8080/', '_token')).toBeNull();
  });
});

describe('browserDifferences', () => {
  beforeEach(() => fakeBrowser.reset());
  it('follows the browser running the extension (its origin scheme)', async () => {
    const { browserDifferences } = await import('./differences');
    expect(browserDifferences.kind).toBe('chrome');
    vi.spyOn(fakeBrowser.runtime, 'getURL').mockReturnValue('moz-extension://5f0e2d9a/');
    expect(browserDifferences.kind).toBe('firefox');
  });
});
