import { readSessionClaims, type SessionClaims } from './session';

/**
 * Whose Airflow data something is: one Airflow instance and one Airflow user of it. Everything
 * the extension keeps about what it read from Airflow (conversations, page facts, triage cards,
 * redaction state) is keyed by it, so another user logging in in the same browser sees none of
 * it and sends none of it to a model.
 */
export interface AirflowUser {
  instanceUrl: string;
  /** The session token's `sub` claim: the user name (simple auth manager) or user id (FAB). */
  user: string;
}

/**
 * The user of a session token, or null when there is none or it names nobody: then nothing
 * user-specific may be shown. The claims are read, not verified (Airflow verifies the token on
 * every read); a forged cookie would need the browser profile, which holds this data anyway.
 */
export function airflowUserOf(instanceUrl: string, token: string | null): AirflowUser | null {
  return token ? airflowUserFromClaims(instanceUrl, readSessionClaims(token)) : null;
}

export function airflowUserFromClaims(instanceUrl: string, claims: SessionClaims | null): AirflowUser | null {
  const user = claims?.subject;
  // A session the extension cannot read Airflow with is no one's, for what the extension keeps.
  return user && !claims.refusedBecause ? { instanceUrl, user } : null;
}

/** A string key for caches; JSON, so no instance URL or user name can collide with another pair. */
export const airflowUserKey = (owner: AirflowUser): string => JSON.stringify([owner.instanceUrl, owner.user]);
