import { browserDifferences } from '../browser/differences';
import { sessionKindOf, type SessionKind } from './instance-version';

/**
 * The user's own Airflow session, as Airflow >= 3.1.1 keeps it: the `_token` cookie (a JWT) on
 * the instance's origin. The extension never logs in and stores no password; it borrows the
 * session the user already has, so Airflow's RBAC decides what the assistant may read.
 *
 * Why the cookie is read and sent as `Authorization: Bearer` instead of relying on
 * `fetch(…, { credentials: 'include' })`: the cookie is `SameSite=Lax`, and whether a browser
 * attaches a Lax cookie to a request from an extension's worker differs between Chrome and
 * Firefox. The cookies API with host permission reads the cookie (httpOnly or not) in both (how
 * the lookup differs, first-party isolation and partitioned cookies in Firefox, is in
 * lib/browser/differences.ts), and
 * Airflow's `get_user` takes a Bearer header before the cookie. The same token also
 * authenticates the MCP plugins that forward Bearer tokens to `/api/v2`.
 */
export const SESSION_COOKIE_NAME = '_token';

/** The `_token` cookie of the instance (Airflow 3.1.1 and later keep the session there). */
export async function readSessionCookie(instanceUrl: string): Promise<string | null> {
  return browserDifferences.readCookie(instanceUrl, SESSION_COOKIE_NAME);
}

export type SessionReader = (instanceUrl: string) => Promise<string | null>;

/**
 * The session of each instance where its version keeps it (`sessionKindOf`): the cookie on
 * 3.1.1+, the page's own stored token on 3.0.x-3.1.0 (asked of an open tab of that instance by
 * `readPageToken`, held in memory only), the Flask session cookie on Airflow 2. The version is
 * asked once per instance.
 */
export function createSessionReader(sources: {
  versionOf: (instanceUrl: string) => Promise<string | null>;
  readCookie?: SessionReader;
  readPageToken: SessionReader;
  /** Airflow 2: the Flask session (airflow2-session.ts). */
  readFlaskSession: SessionReader;
}): SessionReader {
  const readCookie = sources.readCookie ?? readSessionCookie;
  const readers: Record<SessionKind, SessionReader> = { cookie: readCookie, page_token: sources.readPageToken, flask_session: sources.readFlaskSession };
  return async (instanceUrl) => readers[sessionKindOf(await sources.versionOf(instanceUrl))](instanceUrl);
}

let installedReader: SessionReader | undefined;

/**
 * Makes `readSessionToken` version-aware in this context (the worker installs one reader at
 * start). Every caller of `readSessionToken` then reads the same session, so the user the panel
 * names is the user every request is sent as. Elsewhere (an extension page) the cookie is read.
 */
export function installSessionReader(reader: SessionReader | undefined): void {
  installedReader = reader;
}

export async function readSessionToken(instanceUrl: string): Promise<string | null> {
  return (installedReader ?? readSessionCookie)(instanceUrl);
}

export interface SessionClaims {
  /** Airflow's user id (`sub`); for the simple auth manager this is the user name. */
  subject: string | null;
  role: string | null;
  expiresAt: number | null;
  /** Someone is logged in, but the extension cannot read Airflow with this session: why, for the user. */
  refusedBecause?: string;
}

/**
 * What the worker learned of sessions that are not JWTs (Airflow 2's Flask session ids), by
 * session value, so `readSessionClaims` answers for them as for a token. Memory only; the
 * Airflow 2 session reader fills it before it hands a session out.
 */
const claimsOfOpaqueSessions = new Map<string, SessionClaims>();
const KEPT_OPAQUE_SESSIONS = 32;

export function rememberSessionClaims(session: string, claims: SessionClaims): void {
  claimsOfOpaqueSessions.delete(session);
  claimsOfOpaqueSessions.set(session, claims);
  while (claimsOfOpaqueSessions.size > KEPT_OPAQUE_SESSIONS) claimsOfOpaqueSessions.delete(claimsOfOpaqueSessions.keys().next().value!);
}

/** Reads the JWT's claims for display only; Airflow verifies the token, the extension doesn't. */
export function readSessionClaims(token: string): SessionClaims | null {
  const opaque = claimsOfOpaqueSessions.get(token);
  if (opaque) return opaque;
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    return {
      subject: typeof json.sub === 'string' ? json.sub : null,
      role: typeof json.role === 'string' ? json.role : null,
      expiresAt: typeof json.exp === 'number' ? json.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}

export function isSessionExpired(claims: SessionClaims | null, now = Date.now()): boolean {
  return claims?.expiresAt != null && claims.expiresAt <= now;
}
