import { createAirflowClient, type AirflowClient } from './api-client';
import { createAirflow2Client } from './airflow2-rest';
import { airflowUserOf } from './airflow-user';
import { airflowMajorOf } from './instance-version';
import { createReadOnceCache } from './read-once';

/** The instance's Airflow version (`2.10.5`, `3.1.0`), or null when not known yet. */
export type VersionOf = (instanceUrl: string) => string | null | Promise<string | null>;

/** Airflow 2 serves its REST API under `api/v1`; 3 and an unknown version under `api/v2`. */
export function speaksV1(version: string | null): boolean {
  return airflowMajorOf(version) === 2;
}

/**
 * A client that asks which Airflow the instance is at each request, so a version found (or
 * changed by an upgrade) applies at once: Airflow 2 is read through the translating v1 client,
 * anything else through v2. Both answer in the v2 shapes; the read-once cache is shared.
 */
export function createVersionedAirflowClient(options: { v2: AirflowClient; v1: AirflowClient; versionOf: () => string | null | Promise<string | null> }): AirflowClient {
  const translated = createAirflow2Client(options.v1);
  const choose = async () => (speaksV1(await options.versionOf()) ? translated : options.v2);
  const readOnce = options.v2.readOnce;
  return Object.freeze({
    baseUrl: options.v2.baseUrl,
    get: async <T>(...args: Parameters<AirflowClient['get']>) => (await choose()).get<T>(...args),
    getStream: async (...args: Parameters<AirflowClient['getStream']>) => (await choose()).getStream(...args),
    ...(readOnce ? { readOnce } : {}),
  });
}

/** One read-only API client per Airflow instance, authenticated with the user's session token. */
export function createAirflowClients(
  readSessionToken: (instanceUrl: string) => Promise<string | null>,
  /**
   * `timeoutMs`: the time limit of reads that should be fast; `streamTimeoutMs`: that of streamed
   * reads (task logs). Both are read at each request, so a changed setting applies at once.
   * `versionOf`: the instance's Airflow version, asked at each request; without it, v2.
   * The read-once cache is kept per user of the session (`airflowUserOf`: the JWT's subject, or
   * on Airflow 2 the user its session reader found for the session cookie).
   */
  options: {
    timeoutMs?: () => number;
    streamTimeoutMs?: () => Promise<number>;
    versionOf?: VersionOf;
  } = {},
) {
  const { timeoutMs, streamTimeoutMs, versionOf } = options;
  const currentUser = async (instanceUrl: string) => airflowUserOf(instanceUrl, await readSessionToken(instanceUrl));
  const clients = new Map<string, AirflowClient>();
  return function airflowClientFor(instanceUrl: string): AirflowClient {
    let client = clients.get(instanceUrl);
    if (!client) {
      const limits = { ...(timeoutMs ? { timeoutMs } : {}), ...(streamTimeoutMs ? { streamTimeoutMs } : {}) };
      // One cache per instance, keyed inside by the user of the session token at each read.
      const readOnce = createReadOnceCache(() => currentUser(instanceUrl));
      // The token is read at every request, so a new login is picked up at once.
      const v2 = createAirflowClient({ baseUrl: instanceUrl, getToken: () => readSessionToken(instanceUrl), ...limits, readOnce });
      client = versionOf
        ? createVersionedAirflowClient({
            v2,
            // Airflow 2: the browser's session cookie, no token.
            v1: createAirflowClient({ baseUrl: instanceUrl, api: 'v1', ...limits }),
            versionOf: () => versionOf(instanceUrl),
          })
        : v2;
      clients.set(instanceUrl, client);
    }
    return client;
  };
}
