import { describe, expect, it } from 'vitest';
import type { AirflowClient } from './api-client';
import type { PageContext } from './page-context';
import { createPageFactsSource } from './page-facts';
import { taskInstancePage } from './testing/task-page';

const instanceUrl = 'http://127.0.0.1:28080/';
const context: PageContext = taskInstancePage(instanceUrl);

describe('createPageFactsSource', () => {
  it('reads a page once per Airflow user: one user never gets facts read for another', async () => {
    let reads = 0;
    // What each read returns stands for "what the user logged in at that moment may see".
    const client = { get: async () => ({ state: ++reads === 1 ? 'failed' : 'success' }) } as unknown as AirflowClient;
    const factsFor = createPageFactsSource(() => client);
    const admin = { instanceUrl, user: 'admin' };
    const viewer = { instanceUrl, user: 'viewer' };

    expect(await factsFor(context, admin)).toEqual({ taskState: 'failed' });
    expect(await factsFor(context, admin)).toEqual({ taskState: 'failed' });
    expect(reads).toBe(1);
    expect(await factsFor(context, viewer)).toEqual({ taskState: 'success' });
    expect(reads).toBe(2);
  });
});
