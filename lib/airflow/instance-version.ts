/**
 * The Airflow version of each instance, asked once per worker lifetime. Both version endpoints
 * need no authentication: `api/v2/version` answers on Airflow 3 only, `api/v1/version` on Airflow
 * 2 only (3 removed `/api/v1`), so the one that answers is also the API generation to read. A
 * version confirms the page really is Airflow and decides how its session and API are read.
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
      pending = askVersion(instanceUrl, fetchVersion);
      known.set(instanceUrl, pending);
      // A failed look-up (Airflow down) is retried next time instead of being cached.
      void pending.then((version) => (version === null ? known.delete(instanceUrl) : onVersion?.(instanceUrl, version)));
    }
    return pending;
  };
}

/** The version endpoints, Airflow 3's first: it is what most instances run. */
export function airflowVersionUrls(instanceUrl: string): string[] {
  return [new URL('api/v2/version', instanceUrl).href, new URL('api/v1/version', instanceUrl).href];
}

async function askVersion(instanceUrl: string, fetchVersion: (url: string) => Promise<unknown>): Promise<string | null> {
  const [v2, v1] = airflowVersionUrls(instanceUrl) as [string, string];
  const fromV2 = await fetchVersion(v2).then((body) => parseAirflowVersion(body, 3), () => null);
  if (fromV2) return fromV2;
  return fetchVersion(v1).then((body) => parseAirflowVersion(body, 2), () => null);
}

/** The version in a version endpoint's answer, if it is of the major version that endpoint belongs to. */
export function parseAirflowVersion(body: unknown, major: 2 | 3): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const version = (body as { version?: unknown }).version;
  return typeof version === 'string' && version.startsWith(`${major}.`) ? version : null;
}

async function defaultFetchVersion(url: string): Promise<unknown> {
  const response = await fetch(url, { method: 'GET', credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** The major version (2 or 3) of a known version; null when unknown. */
export function airflowMajorOf(version: string | null): number | null {
  const major = /^(\d+)\./.exec(version ?? '')?.[1];
  return major === undefined ? null : Number(major);
}

/**
 * Where an Airflow version keeps the user's session (docs: research airflow-ui-auth-api.md §3, §5):
 * - `flask_session`: Airflow 2. The Flask `session` cookie (a server-side session id) that the
 *   browser sends to `/api/v1` itself; the API's `session` auth backend reads it.
 * - `page_token`: 3.0.0 to 3.1.0. The UI moves the login's `_token` cookie into the page's
 *   `localStorage["token"]` and deletes the cookie; it sends the token as Bearer itself.
 * - `cookie`: 3.1.1 and later. `_token` stays an (httpOnly) cookie that `/api/v2` reads.
 * An unknown version (the look-up failed) is taken as the current behaviour, the cookie.
 */
export type SessionKind = 'flask_session' | 'page_token' | 'cookie';

export function sessionKindOf(version: string | null): SessionKind {
  const parts = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!parts) return 'cookie';
  const [major, minor, patch] = parts.slice(1).map(Number) as [number, number, number];
  if (major === 2) return 'flask_session';
  if (major !== 3) return 'cookie';
  return minor === 0 || (minor === 1 && patch === 0) ? 'page_token' : 'cookie';
}
