import type { PageContext } from './page-context';
import { lastAirflowTabByWindowItem, tabContextsItem } from '../storage/items';

/** Key of the Airflow tab looked at last in any window. */
const ANY_WINDOW = 'any';

export interface TabContext {
  tabId: number;
  context: PageContext;
}

/** Stores what a tab's content script reported; `null` means the tab left Airflow. */
// Stored values are copied before they change: WXT hands out the fallback object itself when
// nothing is stored, and mutating it would leak state into every later read.
export async function recordTabContext(tabId: number, windowId: number | undefined, context: PageContext | null) {
  const contexts = { ...(await tabContextsItem.getValue()) };
  if (context) contexts[tabId] = context;
  else delete contexts[tabId];
  await tabContextsItem.setValue(contexts);
  if (context && windowId !== undefined) await rememberAirflowTab(windowId, tabId);
}

export async function rememberAirflowTab(windowId: number, tabId: number) {
  const contexts = await tabContextsItem.getValue();
  if (!contexts[tabId]) return;
  const lastByWindow = { ...(await lastAirflowTabByWindowItem.getValue()) };
  lastByWindow[windowId] = tabId;
  lastByWindow[ANY_WINDOW] = tabId;
  await lastAirflowTabByWindowItem.setValue(lastByWindow);
}

export async function forgetTab(tabId: number) {
  const contexts = { ...(await tabContextsItem.getValue()) };
  delete contexts[tabId];
  await tabContextsItem.setValue(contexts);
}

/**
 * A tab started loading a page (a full navigation: the SPA's own route changes are reported by
 * its content script). If the new address is not a page of the Airflow instance the tab showed,
 * the tab left Airflow: its context goes, so no panel keeps showing (or asks about) a page that
 * is no longer there. No content script runs on the new page to say so itself. `url` is
 * undefined where the browser hides the address (a site the extension has no access to), which
 * is never an Airflow instance it reads. True when the tab's context was dropped.
 */
export async function tabNavigated(tabId: number, url: string | undefined): Promise<boolean> {
  const known = (await tabContextsItem.getValue())[tabId];
  if (!known) return false;
  if (url !== undefined && isInstancePage(url, known.instanceUrl)) return false;
  await recordTabContext(tabId, undefined, null);
  return true;
}

/** The Airflow instance a tab was last seen showing, if any. */
export async function instanceOfTab(tabId: number): Promise<string | null> {
  return (await tabContextsItem.getValue())[tabId]?.instanceUrl ?? null;
}

/** True for a URL under the instance's base (same origin, same base path). */
export function isInstancePage(url: string, instanceUrl: string): boolean {
  try {
    const target = new URL(url);
    const base = new URL(instanceUrl);
    return target.origin === base.origin && target.pathname.startsWith(base.pathname) && (target.protocol === 'http:' || target.protocol === 'https:');
  } catch {
    return false;
  }
}

/**
 * The context the side panel of a window shows: the active tab's when it is an Airflow page;
 * otherwise the Airflow tab last looked at in that window, so that the panel (or the panel
 * opened as a tab) keeps its subject while the user glances elsewhere. A window with no Airflow
 * tab at all (a panel page opened in a window of its own) follows the last Airflow tab anywhere.
 */
export async function panelContextForWindow(windowId: number | undefined, activeTabId: number | undefined): Promise<TabContext | null> {
  const contexts = await tabContextsItem.getValue();
  const active = activeTabId !== undefined ? contexts[activeTabId] : undefined;
  if (active && activeTabId !== undefined) return { tabId: activeTabId, context: active };
  const lastByWindow = await lastAirflowTabByWindowItem.getValue();
  for (const key of [windowId, ANY_WINDOW]) {
    const lastTabId = key !== undefined ? lastByWindow[key] : undefined;
    const last = lastTabId !== undefined ? contexts[lastTabId] : undefined;
    if (last && lastTabId !== undefined) return { tabId: lastTabId, context: last };
  }
  return null;
}

/**
 * Reports from one tab are enriched asynchronously (version, try number), so an older report can
 * finish after a newer one. `begin(tabId)` returns a check that is true only while no newer
 * report from that tab has begun; a stale report is dropped instead of overwriting a newer page.
 */
export function createReportSequencer() {
  const latest = new Map<number, number>();
  let counter = 0;
  return {
    begin(tabId: number): () => boolean {
      const ticket = ++counter;
      latest.set(tabId, ticket);
      return () => latest.get(tabId) === ticket;
    },
  };
}
