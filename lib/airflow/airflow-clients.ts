import { createAirflowClient, type AirflowClient } from './api-client';

/** One read-only API client per Airflow instance, authenticated with the user's session token. */
export function createAirflowClients(
  readSessionToken: (instanceUrl: string) => Promise<string | null>,
  /** `streamTimeoutMs`: the time limit of streamed reads (task logs), read at each one. */
  options: { streamTimeoutMs?: () => Promise<number> } = {},
) {
  const { streamTimeoutMs } = options;
  const clients = new Map<string, AirflowClient>();
  return function airflowClientFor(instanceUrl: string): AirflowClient {
    let client = clients.get(instanceUrl);
    if (!client) {
      // The token is read at every request, so a new login is picked up at once.
      client = createAirflowClient({ baseUrl: instanceUrl, getToken: () => readSessionToken(instanceUrl), ...(streamTimeoutMs ? { streamTimeoutMs } : {}) });
      clients.set(instanceUrl, client);
    }
    return client;
  };
}
