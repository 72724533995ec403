import type { PageContext } from './page-context';
import { lastAirflowTabByWindowItem, tabContextsItem } from '../storage/items';

export interface TabContext {
  tabId: number;
  context: PageContext;
}

/** Stores what a tab's content script reported; `null` means the tab left Airflow. */
export async function recordTabContext(tabId: number, windowId: number | undefined, context: PageContext | null) {
  const contexts = await tabContextsItem.getValue();
  if (context) contexts[tabId] = context;
  else delete contexts[tabId];
  await tabContextsItem.setValue(contexts);
  if (context && windowId !== undefined) await rememberAirflowTab(windowId, tabId);
}

export async function rememberAirflowTab(windowId: number, tabId: number) {
  const contexts = await tabContextsItem.getValue();
  if (!contexts[tabId]) return;
  const lastByWindow = await lastAirflowTabByWindowItem.getValue();
  lastByWindow[windowId] = tabId;
  await lastAirflowTabByWindowItem.setValue(lastByWindow);
}

export async function forgetTab(tabId: number) {
  const contexts = await tabContextsItem.getValue();
  delete contexts[tabId];
  await tabContextsItem.setValue(contexts);
}

/**
 * The context the side panel of a window shows: the active tab's when it is an Airflow page;
 * otherwise the Airflow tab last looked at in that window, so that the panel (or the panel
 * opened as a tab) keeps its subject while the user glances elsewhere.
 */
export async function panelContextForWindow(windowId: number | undefined, activeTabId: number | undefined): Promise<TabContext | null> {
  const contexts = await tabContextsItem.getValue();
  const active = activeTabId !== undefined ? contexts[activeTabId] : undefined;
  if (active && activeTabId !== undefined) return { tabId: activeTabId, context: active };
  if (windowId === undefined) return null;
  const lastTabId = (await lastAirflowTabByWindowItem.getValue())[windowId];
  const last = lastTabId !== undefined ? contexts[lastTabId] : undefined;
  return last && lastTabId !== undefined ? { tabId: lastTabId, context: last } : null;
}
