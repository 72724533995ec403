import { describe, expect, it } from 'vitest';
import { AirflowApiError, type AirflowClient } from '../airflow/api-client';
import { gatherEvidence } from './gather-evidence';
import { createReadOnceCache } from '../airflow/read-once';
import { replayClient } from '../airflow/testing/replay-fixture';
import { loadRigFixture } from './testing/rig-fixtures';

describe('gatherEvidence when the task instance cannot be read', () => {
  it('fails at once and cancels the reads already under way (a hanging log read holds no connection)', async () => {
    const cancelled: string[] = [];
    const client: AirflowClient = {
      baseUrl: 'http://airflow.example/',
      get: (path, _query, options) =>
        new Promise((_resolve, reject) => {
          if (/taskInstances\/t$/.test(path)) {
            setTimeout(() => reject(new AirflowApiError('timeout', 'Airflow did not answer within 2 s.', path)), 10);
            return;
          }
          // Every other read hangs until it is cancelled.
          options?.signal?.addEventListener('abort', () => {
            cancelled.push(path);
            reject(options.signal?.reason);
          });
        }),
      // The log is streamed (getStream): it hangs the same way until it is cancelled.
      getStream: (path, _query, options) =>
        new Promise((_resolve, reject) => {
          options.signal?.addEventListener('abort', () => {
            cancelled.push(path);
            reject(options.signal?.reason);
          });
        }),
    };
    await expect(gatherEvidence(client, { dagId: 'd', runId: 'r', taskId: 't', tryNumber: 1 })).rejects.toMatchObject({ kind: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled.some((path) => path.includes('/logs/1'))).toBe(true);
    expect(cancelled.length).toBeGreaterThanOrEqual(5);
  });
});

describe('gatherEvidence with a read-once cache', () => {
  const owner = (user: string) => ({ instanceUrl: 'http://replay/', user });
  it("reads a finished try's evidence once per Airflow user: a second question reads only the task instance, another user reads it all", async () => {
    const fixture = loadRigFixture('missing-connection');
    const { client, requests } = replayClient(fixture.exchanges);
    let user = 'alice';
    const cached: AirflowClient = { ...client, readOnce: createReadOnceCache(async () => owner(user)) };
    const target = { dagId: 'fail_missing_connection', runId: 'manual__2026-11-25T12:15:10.805031+00:00', taskId: 'load_to_warehouse', mapIndex: -1 };
    const first = await gatherEvidence(cached, target);
    const firstReads = requests.length;
    expect(requests.some((r) => r.url.includes('/logs/1'))).toBe(true);
    const again = await gatherEvidence(cached, target);
    // Only the task instance, to learn which try is the latest; no log, no other read.
    expect(requests.slice(firstReads).map((r) => r.url)).toEqual([requests[0]!.url]);
    expect(again).toBe(first);
    // With the try known, still the task instance (Airflow answers, the session may read it), and nothing else.
    const withTry = await gatherEvidence(cached, { ...target, tryNumber: 1 });
    expect(withTry).toBe(first);
    expect(requests.slice(firstReads).map((r) => r.url)).toEqual([requests[0]!.url, requests[0]!.url]);
    user = 'bob';
    const bobs = await gatherEvidence(cached, { ...target, tryNumber: 1 });
    expect(bobs).not.toBe(first);
    expect(requests.slice(firstReads + 2).some((r) => r.url.includes('/logs/1'))).toBe(true);
  });

  it.each([
    ['unreachable', 'Airflow could not be reached.'],
    ['unauthenticated', 'The Airflow session has expired.'],
  ] as const)('never answers from kept evidence when the task instance read fails (%s): the question ends with that fault', async (kind, message) => {
    const fixture = loadRigFixture('missing-connection');
    const { client } = replayClient(fixture.exchanges);
    const cached: AirflowClient = { ...client, readOnce: createReadOnceCache(async () => owner('alice')) };
    const target = { dagId: 'fail_missing_connection', runId: 'manual__2026-11-25T12:15:10.805031+00:00', taskId: 'load_to_warehouse', mapIndex: -1, tryNumber: 1 };
    await gatherEvidence(cached, target);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cached.readOnce!.size).toBe(1);
    const failing: AirflowClient = {
      ...cached,
      get: async (path) => {
        throw new AirflowApiError(kind, message, path);
      },
    };
    await expect(gatherEvidence(failing, target)).rejects.toMatchObject({ kind });
  });

  it('reads a try that is not finished again each time', async () => {
    const fixture = loadRigFixture('missing-connection');
    const exchanges = fixture.exchanges.map((e) =>
      /taskInstances\/load_to_warehouse$/.test(e.url) ? { ...e, body: { ...(e.body as object), state: 'running' } } : e,
    );
    const { client, requests } = replayClient(exchanges);
    const cached: AirflowClient = { ...client, readOnce: createReadOnceCache(async () => owner('alice')) };
    const target = { dagId: 'fail_missing_connection', runId: 'manual__2026-11-25T12:15:10.805031+00:00', taskId: 'load_to_warehouse', mapIndex: -1, tryNumber: 1 };
    await gatherEvidence(cached, target);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await gatherEvidence(cached, target);
    expect(requests.filter((r) => r.url.includes('/logs/1')).length).toBe(2);
  });
});
