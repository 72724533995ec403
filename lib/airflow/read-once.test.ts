import { describe, expect, it } from 'vitest';
import type { AirflowUser } from './airflow-user';
import { createReadOnceCache } from './read-once';

const alice: AirflowUser = { instanceUrl: 'http://airflow.example/', user: 'alice' };
const bob: AirflowUser = { instanceUrl: 'http://airflow.example/', user: 'bob' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createReadOnceCache', () => {
  it("reads a lasting thing once per user and never serves one user's read to another", async () => {
    let user: AirflowUser | null = alice;
    const cache = createReadOnceCache(async () => user);
    let reads = 0;
    const read = async () => `read ${++reads} as ${user?.user}`;
    expect(await cache.remember(['log', 1], read, () => true)).toBe('read 1 as alice');
    await settle();
    expect(await cache.remember(['log', 1], read, () => true)).toBe('read 1 as alice');
    user = bob;
    expect(await cache.remember(['log', 1], read, () => true)).toBe('read 2 as bob');
    expect(await cache.remember(['log', 2], read, () => true)).toBe('read 3 as bob');
    cache.forgetUser(bob);
    user = alice;
    expect(await cache.remember(['log', 1], read, () => true)).toBe('read 1 as alice');
  });

  it('keeps nothing without a known user, nothing that may change, nothing that failed', async () => {
    let user: AirflowUser | null = null;
    const cache = createReadOnceCache(async () => user);
    let reads = 0;
    await cache.remember(['a'], async () => ++reads, () => true);
    await cache.remember(['a'], async () => ++reads, () => true);
    expect(reads).toBe(2);
    user = alice;
    await cache.remember(['running'], async () => ++reads, () => false);
    await settle();
    await cache.remember(['running'], async () => ++reads, () => false);
    expect(reads).toBe(4);
    await expect(cache.remember(['down'], async () => Promise.reject(new Error('down')), () => true)).rejects.toThrow('down');
    await settle();
    expect(await cache.remember(['down'], async () => 'up', () => true)).toBe('up');
  });

  it('shares a read under way and stays within its size (least recently used first out)', async () => {
    const cache = createReadOnceCache(async () => alice, 2);
    let reads = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++reads), 5));
    const [first, second] = await Promise.all([cache.remember(['x'], slow, () => true), cache.remember(['x'], slow, () => true)]);
    expect([first, second, reads]).toEqual([1, 1, 1]);
    await cache.remember(['y'], async () => ++reads, () => true);
    await cache.remember(['x'], async () => ++reads, () => true); // x used again: y is now the oldest
    await cache.remember(['z'], async () => ++reads, () => true);
    expect(cache.size).toBe(2);
    expect(await cache.remember(['x'], async () => ++reads, () => true)).toBe(1);
    expect(await cache.remember(['y'], async () => -1, () => true)).toBe(-1);
  });

  it('keeps nothing read while the session changed hands (another login during the read)', async () => {
    let user: AirflowUser = alice;
    const cache = createReadOnceCache(async () => user);
    let reads = 0;
    const read = async () => {
      user = bob; // the session now belongs to bob; this read may carry his token
      return ++reads;
    };
    await cache.remember(['log'], read, () => true);
    await settle();
    user = alice;
    expect(await cache.remember(['log'], async () => ++reads, () => true)).toBe(2);
  });
});
