import { airflowVersionUrl, parseAirflowVersion } from './detect-airflow-page';
import { readSessionClaims } from './session';

/**
 * "Test connection" for an Airflow instance on the options page: is Airflow 3 there, which
 * version, and does the user's own session (the `_token` cookie the assistant borrows) work?
 * Two GETs, nothing else: `api/v2/version`, then `api/v2/dags?limit=1` with the session, the
 * cheapest read that tells a live session from an expired one. Every outcome is one sentence.
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

  const token = await deps.readToken(base);
  let versionResponse: Response;
  try {
    versionResponse = await get(airflowVersionUrl(base), token);
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
  const version = versionResponse.ok ? parseAirflowVersion(await versionResponse.json().catch(() => null)) : null;
  if (!version) {
    return {
      ok: false,
      kind: 'not_airflow',
      message: versionResponse.ok
        ? `${base} answered, but not as Airflow 3 (api/v2/version gave no 3.x version). Check the address, including any base path.`
        : `${base} answered HTTP ${versionResponse.status} for api/v2/version: it is not an Airflow 3 API at this address. Check the address, including any base path.`,
    };
  }
  if (!token) {
    return {
      ok: false,
      kind: 'signed_out',
      version,
      message: `Airflow ${version} answers at ${base}, but this browser has no Airflow session there: log in to Airflow in a tab, then test again.`,
    };
  }

  let dags: Response;
  try {
    dags = await get(new URL('api/v2/dags?limit=1', base).href, token);
  } catch {
    return { ok: false, kind: 'unreachable', version, message: `Airflow ${version} answered once at ${base}, then stopped answering. Try again.` };
  }
  const user = readSessionClaims(token)?.subject ?? null;
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
