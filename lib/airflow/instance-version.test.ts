import { describe, expect, it, vi } from 'vitest';
import { createInstanceVersions, sessionKindOf } from './instance-version';

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
});

describe('sessionKindOf', () => {
  it('takes the page token on 3.0.x and 3.1.0, the cookie from 3.1.1 on', () => {
    for (const v of ['3.0.0', '3.0.6', '3.1.0']) expect(sessionKindOf(v), v).toBe('page_token');
    for (const v of ['3.1.1', '3.1.8', '3.2.2', '3.3.2', '3.10.0', '3.1.10']) expect(sessionKindOf(v), v).toBe('cookie');
  });
  it('takes the cookie when the version is unknown', () => {
    expect(sessionKindOf(null)).toBe('cookie');
    expect(sessionKindOf('nonsense')).toBe('cookie');
  });
});
