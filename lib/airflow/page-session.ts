/**
 * The session of Airflow 3.0.x to 3.1.0, which keep the user's JWT in the page's own
 * `localStorage["token"]` (the UI's `tokenHandler` moves the login's `_token` cookie there and
 * deletes the cookie). Only the content script on the Airflow page's own origin reads it, and
 * only when the worker asks; the worker holds it in memory for a few seconds and never stores it,
 * so a logout in the page is seen at the next read and no token outlives the page's own.
 */

/** The localStorage key the Airflow 3.0 UI keeps the session JWT under. */
export const PAGE_TOKEN_KEY = 'token';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Content script: the page's stored session token, if it looks like a JWT. */
export function readPageToken(storage: Pick<Storage, 'getItem'>): string | null {
  let value: string | null;
  try {
    value = storage.getItem(PAGE_TOKEN_KEY);
  } catch {
    return null; // storage blocked by the browser's settings
  }
  return value && JWT.test(value) ? value : null;
}

/** How long the worker re-uses a token it was given before asking the page again. */
export const PAGE_TOKEN_TTL_MS = 5_000;

/**
 * Worker: the page token of an instance, asked of its open tabs (`tabsOf`, most recent first)
 * through `askTab` until one has it. Null when no tab of the instance is open or none is signed in.
 */
export function createPageTokenReader(deps: {
  tabsOf: (instanceUrl: string) => Promise<number[]>;
  askTab: (tabId: number) => Promise<string | null>;
  now?: () => number;
  ttlMs?: number;
}) {
  const now = deps.now ?? Date.now;
  const ttlMs = deps.ttlMs ?? PAGE_TOKEN_TTL_MS;
  const recent = new Map<string, { token: string | null; at: number }>();
  return async function readPageTokenOf(instanceUrl: string): Promise<string | null> {
    const hit = recent.get(instanceUrl);
    if (hit && now() - hit.at < ttlMs) return hit.token;
    let token: string | null = null;
    for (const tabId of await deps.tabsOf(instanceUrl)) {
      token = await deps.askTab(tabId).catch(() => null);
      if (token) break;
    }
    recent.set(instanceUrl, { token, at: now() });
    return token;
  };
}

/** The ids of the open tabs on an instance, the one looked at last first. */
export function instanceTabIds(tabs: ReadonlyArray<{ id?: number; url?: string; lastAccessed?: number }>, instanceUrl: string): number[] {
  return tabs
    .filter((tab) => tab.id !== undefined && tab.url?.startsWith(instanceUrl))
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
    .map((tab) => tab.id!);
}
