import { airflowVersionUrl, parseAirflowVersion } from './detect-airflow-page';

/**
 * The Airflow version of each instance, asked once per worker lifetime from `api/v2/version`
 * (no authentication needed, and only Airflow 3 answers it). Confirms the page really is an
 * Airflow 3 instance and tells the agent which version's semantics apply.
 */
export function createInstanceVersions(
  fetchVersion: (url: string) => Promise<unknown> = defaultFetchVersion,
  /** Told each version once it is known (e.g. to number log lines as that version's UI does). */
  onVersion?: (instanceUrl: string, version: string) => void,
) {
  const known = new Map<string, Promise<string | null>>();
  return async function versionOf(instanceUrl: string): Promise<string | null> {
    let pending = known.get(instanceUrl);
    if (!pending) {
      pending = fetchVersion(airflowVersionUrl(instanceUrl)).then(parseAirflowVersion, () => null);
      known.set(instanceUrl, pending);
      // A failed look-up (Airflow down) is retried next time instead of being cached.
      void pending.then((version) => (version === null ? known.delete(instanceUrl) : onVersion?.(instanceUrl, version)));
    }
    return pending;
  };
}

async function defaultFetchVersion(url: string): Promise<unknown> {
  const response = await fetch(url, { method: 'GET', credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/**
 * Where an Airflow version keeps the user's session JWT (docs: research airflow-ui-auth-api.md §3):
 * - `page_token`: 3.0.0 to 3.1.0. The UI moves the login's `_token` cookie into the page's
 *   `localStorage["token"]` and deletes the cookie; it sends the token as Bearer itself.
 * - `cookie`: 3.1.1 and later. `_token` stays an (httpOnly) cookie that `/api/v2` reads.
 * An unknown version (the look-up failed) is taken as the current behaviour, the cookie.
 */
export type SessionKind = 'page_token' | 'cookie';

export function sessionKindOf(version: string | null): SessionKind {
  const parts = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!parts) return 'cookie';
  const [major, minor, patch] = parts.slice(1).map(Number) as [number, number, number];
  if (major !== 3) return 'cookie';
  return minor === 0 || (minor === 1 && patch === 0) ? 'page_token' : 'cookie';
}
