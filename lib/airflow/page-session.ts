/**
 * The session of Airflow 3.0.x to 3.1.0, which keep the user's JWT in the page's own
 * `localStorage["token"]` (the UI's `tokenHandler` moves the login's `_token` cookie there and
 * deletes the cookie). Only the content script on the Airflow page's own origin reads it, and
 * only when the worker asks, for each request; the worker keeps it for that request only and
 * never stores it, so a logout or another user's login in the page is seen at the very next
 * request and no token outlives the page's own.
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

/**
 * Worker: the page token of an instance, asked of its open tabs (`tabsOf`, most recent first)
 * through `askTab` until one has it, afresh for every request. Null when no tab of the instance is
 * open or none is signed in.
 *
 * Nothing is kept between requests on purpose: a kept token outlives a logout, and after another
 * Airflow user signs in on that origin (same localStorage) it would be sent on their behalf. Asking
 * the page costs one message to a content script, far below the request it authorizes.
 */
export function createPageTokenReader(deps: {
  tabsOf: (instanceUrl: string) => Promise<number[]>;
  askTab: (tabId: number) => Promise<string | null>;
}) {
  return async function readPageTokenOf(instanceUrl: string): Promise<string | null> {
    for (const tabId of await deps.tabsOf(instanceUrl)) {
      const token = await deps.askTab(tabId).catch(() => null);
      if (token) return token;
    }
    return null;
  };
}

/** Firefox's store of the ordinary (non-container, non-private) tabs. */
const DEFAULT_COOKIE_STORE = 'firefox-default';

/**
 * The ids of the open tabs on an instance, the one looked at last first. Only tabs of the
 * browser's ordinary session store: a private window or a Firefox container has its own
 * localStorage, so possibly another Airflow user, and the cookie path (3.1.1+) reads the ordinary
 * store too; a token of such a tab would be another session than the one the panel shows.
 */
export function instanceTabIds(
  tabs: ReadonlyArray<{ id?: number; url?: string; lastAccessed?: number; incognito?: boolean; cookieStoreId?: string }>,
  instanceUrl: string,
): number[] {
  return tabs
    .filter((tab) => tab.id !== undefined && tab.url?.startsWith(instanceUrl))
    .filter((tab) => !tab.incognito && (tab.cookieStoreId === undefined || tab.cookieStoreId === DEFAULT_COOKIE_STORE))
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
    .map((tab) => tab.id!);
}
