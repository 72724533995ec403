import { describe, expect, it, vi } from 'vitest';
import { createInstanceVersions } from './instance-version';

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
