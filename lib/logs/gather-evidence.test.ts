import { describe, expect, it } from 'vitest';
import { AirflowApiError, type AirflowClient } from '../airflow/api-client';
import { gatherEvidence } from './gather-evidence';

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
