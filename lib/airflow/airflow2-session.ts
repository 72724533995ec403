import { rememberSessionClaims, type SessionClaims } from './session';

/**
 * The user's own session on Airflow 2, which is not a token: the Flask UI keeps a server-side
 * session whose id is the `session` cookie (httpOnly, SameSite=Lax), and `/api/v1` reads it
 * through the `airflow.api.auth.backend.session` auth backend (in `[api] auth_backends` by
 * default). The extension never sees a password or a token; the browser sends the cookie with
 * the worker's `credentials: 'include'` reads, so Airflow's RBAC decides what is read.
 *
 * The cookie says neither whether anyone is logged in (Flask gives a visitor of the login page
 * a session too) nor who, and `/api/v1` has no "me" endpoint, so one probe per session answers
 * both, with two GETs:
 * - `api/v1/dags?limit=1`: 200 or 403 means the API takes this session; 401 means nobody is
 *   logged in, or the API does not take browser sessions at all;
 * - `users/userinfo/` (FAB's "My Profile", which every built-in role but Public may open): the
 *   user name, the first field of its first table by Airflow's own view definition
 *   (`user_show_fieldsets`: username, active, roles, login count), so no label is read.
 * A login rotates the session id (checked on 2.10.5), so a probe's answer belongs to that cookie
 * value: another user's login is another value and is probed afresh. A logout may keep the id,
 * so answers are believed for `FLASK_PROBE_TTL_MS` only.
 */
export const FLASK_SESSION_COOKIE_NAME = 'session';

export type FlaskSessionProbe =
  | { state: 'signed_out' }
  | { state: 'signed_in'; user: string | null; role: string | null }
  /** Logged in to the UI, but `/api/v1` refuses the browser's session: the API's auth backends exclude it. */
  | { state: 'api_refuses_session'; user: string | null };

export const FLASK_PROBE_TTL_MS = 30_000;
const PROBE_TIMEOUT_MS = 10_000;
/** Sessions whose probe is kept; more are probed again (a browser has few Airflow sessions). */
const KEPT_PROBES = 16;

/** The sentence for an Airflow 2 whose API does not take the browser's session. */
export const API_REFUSES_SESSION =
  "This Airflow's REST API does not accept your browser session (HTTP 401 while you are logged in), so the assistant cannot read Airflow as you. " +
  'An Airflow admin can allow it by adding airflow.api.auth.backend.session to [api] auth_backends. The assistant never asks for a password.';

export async function probeFlaskSession(instanceUrl: string, doFetch: typeof fetch = fetch): Promise<FlaskSessionProbe> {
  // GET only; `redirect: 'manual'` so a login redirect is seen, never followed.
  const get = (path: string, accept: string) =>
    doFetch(new URL(path, instanceUrl).href, {
      method: 'GET',
      credentials: 'include',
      redirect: 'manual',
      headers: { Accept: accept },
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
  const [api, profile] = await Promise.all([get('api/v1/dags?limit=1', 'application/json'), get('users/userinfo/', 'text/html')]);
  const who = profile.ok ? userInfoOf(await profile.text()) : null;
  if (api.status === 401) return who ? { state: 'api_refuses_session', user: who.user } : { state: 'signed_out' };
  if (!api.ok && api.status !== 403) throw new Error(`Airflow answered HTTP ${api.status}`);
  return { state: 'signed_in', user: who?.user ?? null, role: who?.role ?? null };
}

/** The user name and role on FAB's "My Profile" page (`users/userinfo/`), or null. */
export function userInfoOf(html: string): { user: string; role: string | null } | null {
  const values = [...html.matchAll(/<td>\s*<span[^>]*>([^<]*)<\/span>\s*<\/td>/g)].map((m) => decodeEntities(m[1]!.trim()));
  const user = values[0];
  if (!user) return null;
  // `[Viewer]` or `[Admin, Op]`: the roles field, third of the first table.
  const roles = /^\[(.*)\]$/.exec(values[2] ?? '')?.[1]?.trim();
  return { user, role: roles ? roles : null };
}

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[\da-f]+|amp|lt|gt|quot|apos|#39);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? entity;
  });
}

/**
 * The session reader of Airflow 2 instances: the `session` cookie's value when someone is logged
 * in (null otherwise), with the claims of that session remembered for `readSessionClaims`, so the
 * panel, the history and every cache key the user as on Airflow 3. The value is never sent by
 * the extension itself (the /api/v1 client sends no Authorization header; the browser attaches
 * the cookie); it only names the session.
 */
export function createFlaskSessionReader(deps: {
  readCookie: (instanceUrl: string, name: string) => Promise<string | null>;
  probe?: (instanceUrl: string) => Promise<FlaskSessionProbe>;
  now?: () => number;
}) {
  const probe = deps.probe ?? ((instanceUrl: string) => probeFlaskSession(instanceUrl));
  const now = deps.now ?? Date.now;
  const probes = new Map<string, { at: number; answer: Promise<FlaskSessionProbe> }>();
  return async function readFlaskSession(instanceUrl: string): Promise<string | null> {
    const cookie = await deps.readCookie(instanceUrl, FLASK_SESSION_COOKIE_NAME);
    if (!cookie) return null;
    const key = JSON.stringify([instanceUrl, cookie]);
    let kept = probes.get(key);
    if (!kept || now() - kept.at > FLASK_PROBE_TTL_MS) {
      kept = { at: now(), answer: probe(instanceUrl) };
      probes.set(key, kept);
      // A failed probe (Airflow down) is not kept; the oldest probes go first.
      kept.answer.catch(() => probes.delete(key));
      while (probes.size > KEPT_PROBES) probes.delete(probes.keys().next().value!);
    }
    const answer = await kept.answer.catch(() => null);
    if (answer?.state === 'signed_out') return null;
    // Unreachable: the session may be fine, but whose it is is unknown, so nothing user-specific shows.
    const claims: SessionClaims = !answer
      ? { subject: null, role: null, expiresAt: null, refusedBecause: `Airflow at ${instanceUrl} did not answer when asked who is logged in. Check that it is running, then reopen the panel.` }
      : answer.state === 'signed_in'
        ? { subject: answer.user, role: answer.role, expiresAt: null }
        : { subject: null, role: null, expiresAt: null, refusedBecause: API_REFUSES_SESSION };
    rememberSessionClaims(cookie, claims);
    return cookie;
  };
}

/** What `cookies.onChanged` reports, as far as the filter reads it. */
export interface CookieChange {
  removed: boolean;
  cause: string;
  cookie: { name: string; value: string; domain: string; path: string; storeId?: string };
}

/**
 * Whether a change of a Flask `session` cookie is a new session (a login, a logout, another user).
 * Flask sends the cookie again with every response to refresh its expiry, the same value each
 * time; taking each of those for a login would refresh every panel on every Airflow 2 page load.
 */
export function createFlaskSessionChangeFilter() {
  const lastValues = new Map<string, string>();
  return function isNewFlaskSession({ removed, cause, cookie }: CookieChange): boolean {
    if (cookie.name !== FLASK_SESSION_COOKIE_NAME) return false;
    const where = JSON.stringify([cookie.storeId ?? '', cookie.domain, cookie.path]);
    // An overwrite reports the old cookie removed, then the new one added: the addition decides.
    if (removed && cause === 'overwrite') return false;
    if (removed) return lastValues.delete(where) || true;
    if (lastValues.get(where) === cookie.value) return false;
    lastValues.set(where, cookie.value);
    return true;
  };
}
