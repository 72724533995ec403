import type { AirflowUser } from '../airflow/airflow-user';

/**
 * Conversations are kept per side-panel window AND per Airflow instance and user: a user who
 * logs out and another who logs in in the same window get different conversations, and the
 * first user gets theirs back after logging in again. No user (no session): no conversation.
 */
export function conversationKey(windowId: number | undefined, owner: AirflowUser | null): string | null {
  return owner ? JSON.stringify([windowId ?? 'default', owner.instanceUrl, owner.user]) : null;
}

/** The owner a key was made for (for stopping answers of a user who is no longer logged in). */
export function conversationOwner(key: string): AirflowUser | null {
  try {
    const parsed: unknown = JSON.parse(key);
    if (Array.isArray(parsed) && parsed.length === 3 && typeof parsed[1] === 'string' && typeof parsed[2] === 'string') {
      return { instanceUrl: parsed[1], user: parsed[2] };
    }
  } catch {
    // Not a key of this shape.
  }
  return null;
}
