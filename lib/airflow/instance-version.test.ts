import { describe, expect, it, vi } from 'vitest';
import { airflowMajorOf, createInstanceVersions, parseAirflowVersion, sessionKindOf } from './instance-version';

describe('createInstanceVersions', () => {
  it('asks each instance once and keeps Airflow 3 versions', async () => {
    const fetchVersion = vi.fn(async () => ({ version: '3.3.2', git_version: null }));
    const versionOf = createInstanceVersions(fetchVersion);
    expect(await versionOf('http://127.0.0.1:28080/')).toBe('3.3.2');
    expect(await versionOf('http://127.0.0.1:28080/')).toBe('3.3.2');
    expect(fetchVersion).toHaveBeenCalledTimes(1);
    expect(fetchVersion).toHaveBeenCalledWith('http://127.0.0.1:28080/api/v2/version');
  });
  it('retries after a failure instead of caching it', async () => {
    const fetchVersion = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue({ version: '3.3.2' });
    const versionOf = createInstanceVersions(fetchVersion);
    expect(await versionOf('http://h/airflow/')).toBeNull();
    await Promise.resolve();
    expect(await versionOf('http://h/airflow/')).toBe('3.3.2');
  });
  it('asks api/v1/version when api/v2 has none: Airflow 2', async () => {
    const fetchVersion = vi.fn(async (url: string) => {
      if (url.endsWith('api/v2/version')) throw new Error('HTTP 404');
      return { version: '2.10.5', git_version: '.release:b93c3db' };
    });
    const versionOf = createInstanceVersions(fetchVersion);
    expect(await versionOf('http://h/')).toBe('2.10.5');
    expect(fetchVersion.mock.calls.map(([url]) => url)).toEqual(['http://h/api/v2/version', 'http://h/api/v1/version']);
  });
  it('takes a version only from the endpoint of its major version', async () => {
    // A proxy that answers every path with the same JSON must not pass for the other generation.
    const versionOf = createInstanceVersions(async () => ({ version: '2.10.5' }));
    expect(await versionOf('http://h/')).toBe('2.10.5');
    const odd = createInstanceVersions(async (url) => (url.includes('v1') ? { version: '3.3.2' } : { version: '1.10.15' }));
    expect(await odd('http://h/')).toBeNull();
  });
});

describe('parseAirflowVersion', () => {
  it('accepts the major version asked for only', () => {
    expect(parseAirflowVersion({ version: '3.3.2', git_version: null }, 3)).toBe('3.3.2');
    expect(parseAirflowVersion({ version: '2.11.0' }, 3)).toBeNull();
    expect(parseAirflowVersion({ version: '2.11.0' }, 2)).toBe('2.11.0');
    expect(parseAirflowVersion('nope', 2)).toBeNull();
  });
  it('airflowMajorOf', () => {
    expect(airflowMajorOf('2.10.5')).toBe(2);
    expect(airflowMajorOf('3.0.6')).toBe(3);
    expect(airflowMajorOf(null)).toBeNull();
  });
});

describe('sessionKindOf', () => {
  it('takes the page token on 3.0.x and 3.1.0, the cookie from 3.1.1 on', () => {
    for (const v of ['3.0.0', '3.0.6', '3.1.0']) expect(sessionKindOf(v), v).toBe('page_token');
    for (const v of ['3.1.1', '3.1.8', '3.2.2', '3.3.2', '3.10.0', '3.1.10']) expect(sessionKindOf(v), v).toBe('cookie');
  });
  it("takes Flask's session cookie on Airflow 2", () => {
    for (const v of ['2.10.5', '2.11.0', '2.7.3']) expect(sessionKindOf(v), v).toBe('flask_session');
  });
  it('takes the cookie when the version is unknown', () => {
    expect(sessionKindOf(null)).toBe('cookie');
    expect(sessionKindOf('nonsense')).toBe('cookie');
  });
});
