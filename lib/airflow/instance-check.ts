import { airflowVersionUrls, parseAirflowVersion } from './instance-version';
import { readSessionClaims } from './session';

/**
 * "Test connection" for an Airflow instance on the options page: is Airflow there, which
 * version, and does the user's own session (the one the assistant borrows) work? GETs only:
 * `api/v2/version` (Airflow 3) or else `api/v1/version` (Airflow 2), then `dags?limit=1` of that
 * API with the session, the cheapest read that tells a live session from an expired one. Every
 * outcome is one sentence.
 */
export type InstanceCheck =
  | { ok: true; version: string; user: string | null; message: string }
  | {
      ok: false;
      kind: 'bad_url' | 'not_enabled' | 'unreachable' | 'no_answer' | 'not_airflow' | 'signed_out' | 'session_refused' | 'forbidden' | 'http';
      version?: string;
      message: string;
    };

export interface InstanceCheckDeps {
  /** The user's Airflow session token for the instance, or null (lib/airflow/session.ts). */
  readToken: (instanceUrl: string) => Promise<string | null>;
  /** Whether the extension may read answers from the instance's origin. */
  hasHostPermission?: (instanceUrl: string) => Promise<boolean>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export const INSTANCE_CHECK_TIMEOUT_MS = 10_000;

/** The instance's base URL with a trailing slash (Airflow may live under a path), or null. */
export function instanceBaseUrl(typed: string): string | null {
  try {
    const url = new URL(typed.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return null;
  }
}

export async function checkAirflowInstance(typedUrl: string, deps: InstanceCheckDeps): Promise<InstanceCheck> {
  const base = instanceBaseUrl(typedUrl);
  if (!base) return { ok: false, kind: 'bad_url', message: 'Enter the Airflow address as a full http(s) URL, e.g. https://airflow.example.com/.' };
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? INSTANCE_CHECK_TIMEOUT_MS;
  const get = (url: string, token: string | null) =>
    doFetch(url, {
      method: 'GET',
      credentials: 'omit',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
  // Airflow 2's session is the browser's own cookie, sent by the browser; no header carries it.
  const getWithBrowserSession = (url: string) => doFetch(url, { method: 'GET', credentials: 'include', signal: AbortSignal.timeout(timeoutMs) });

  let versionResponse: Response;
  let version: string | null = null;
  try {
    const [v2Url, v1Url] = airflowVersionUrls(base) as [string, string];
    versionResponse = await get(v2Url, null);
    version = versionResponse.ok ? parseAirflowVersion(await versionResponse.json().catch(() => null), 3) : null;
    if (!version) {
      // Something answered; whether it is an Airflow 2 is not worth a second failure sentence.
      const v1 = await get(v1Url, null).catch(() => null);
      version = v1?.ok ? parseAirflowVersion(await v1.json().catch(() => null), 2) : null;
    }
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, kind: 'no_answer', message: `${base} did not answer within ${Math.round(timeoutMs / 1000)} seconds.` };
    }
    if (deps.hasHostPermission && !(await deps.hasHostPermission(base))) {
      return { ok: false, kind: 'not_enabled', message: `The assistant is not enabled on ${base} yet: enable it above, then test again.` };
    }
    return { ok: false, kind: 'unreachable', message: `Nothing answered at ${base}. Is Airflow running, and is the address right?` };
  }
  if (!version) {
    return {
      ok: false,
      kind: 'not_airflow',
      message: versionResponse.ok
        ? `${base} answered, but not as Airflow (neither api/v2/version nor api/v1/version gave an Airflow 3 or 2 version). Check the address, including any base path.`
        : `${base} answered HTTP ${versionResponse.status} for api/v2/version and gave no Airflow 2 version at api/v1/version: it is not an Airflow API at this address. Check the address, including any base path.`,
    };
  }
  const airflow2 = version.startsWith('2.');
  const token = await deps.readToken(base);
  if (!token) {
    return {
      ok: false,
      kind: 'signed_out',
      version,
      message: `Airflow ${version} answers at ${base}, but this browser has no Airflow session there: log in to Airflow in a tab, then test again.`,
    };
  }

  const claims = readSessionClaims(token);
  if (claims?.refusedBecause) return { ok: false, kind: 'session_refused', version, message: `Airflow ${version} answers at ${base}, but: ${claims.refusedBecause}` };
  let dags: Response;
  try {
    dags = airflow2 ? await getWithBrowserSession(new URL('api/v1/dags?limit=1', base).href) : await get(new URL('api/v2/dags?limit=1', base).href, token);
  } catch {
    return { ok: false, kind: 'unreachable', version, message: `Airflow ${version} answered once at ${base}, then stopped answering. Try again.` };
  }
  const user = claims?.subject ?? null;
  const who = user ? ` as ${user}` : '';
  if (dags.ok) return { ok: true, version, user, message: `Reachable: Airflow ${version} at ${base}; your session works${who}.` };
  if (dags.status === 401) {
    return {
      ok: false,
      kind: 'session_refused',
      version,
      message: `Airflow ${version} answers at ${base}, but it refused your session (HTTP 401); it has probably expired: log in again, then test again.`,
    };
  }
  if (dags.status === 403) {
    return {
      ok: false,
      kind: 'forbidden',
      version,
      message: `Airflow ${version} answers at ${base} and knows you${who}, but your role may not list Dags (HTTP 403), so the assistant can read little.`,
    };
  }
  return { ok: false, kind: 'http', version, message: `Airflow ${version} answers at ${base}, but listing Dags gave HTTP ${dags.status}.` };
}
