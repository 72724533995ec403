import { createAirflowClient, type AirflowClient } from './api-client';
import { airflowUserOf } from './airflow-user';
import { createReadOnceCache } from './read-once';

/** One read-only API client per Airflow instance, authenticated with the user's session token. */
export function createAirflowClients(
  readSessionToken: (instanceUrl: string) => Promise<string | null>,
  /**
   * `timeoutMs`: the time limit of reads that should be fast; `streamTimeoutMs`: that of streamed
   * reads (task logs). Both are read at each request, so a changed setting applies at once.
   */
  options: { timeoutMs?: () => number; streamTimeoutMs?: () => Promise<number> } = {},
) {
  const { timeoutMs, streamTimeoutMs } = options;
  const clients = new Map<string, AirflowClient>();
  return function airflowClientFor(instanceUrl: string): AirflowClient {
    let client = clients.get(instanceUrl);
    if (!client) {
      // The token is read at every request, so a new login is picked up at once.
      client = createAirflowClient({
        baseUrl: instanceUrl,
        getToken: () => readSessionToken(instanceUrl),
        ...(timeoutMs ? { timeoutMs } : {}),
        ...(streamTimeoutMs ? { streamTimeoutMs } : {}),
        // One cache per instance, keyed inside by the user of the session token at each read.
        readOnce: createReadOnceCache(async () => airflowUserOf(instanceUrl, await readSessionToken(instanceUrl))),
      });
      clients.set(instanceUrl, client);
    }
    return client;
  };
}
