import { browser } from 'wxt/browser';
import { BUILT_IN_ORIGIN_PATTERNS } from '../airflow/airflow-origins';
import type { ChatService } from '../agent/chat-service';
import { explainLogRequest } from '../agent/explain-log';
import { tabContextsItem } from '../storage/items';
import { sendRequest } from '../messaging/protocol';
import { airflowUserOf } from '../airflow/airflow-user';
import { readSessionToken } from '../airflow/session';
import { conversationKey } from './conversation-key';

/**
 * The right-click entry "Explain this log", shown on Airflow pages the extension is enabled on,
 * for a selection or (on a task log page with nothing selected) the page itself.
 */
export const EXPLAIN_LOG_MENU_ID = 'explain-this-log';

export async function createExplainLogMenu(enabledPatterns: string[]) {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: EXPLAIN_LOG_MENU_ID,
    title: 'Explain this log',
    contexts: ['selection', 'page'],
    documentUrlPatterns: [...BUILT_IN_ORIGIN_PATTERNS, ...enabledPatterns],
  });
}

/**
 * "Explain this log" for a tab, from the context menu or the panel's button: asks the tab's
 * content script what is selected (as log line numbers), then asks the question with the lines
 * around the selection read through the MCP log tool first.
 */
export async function explainLogInTab(chat: ChatService, tabId: number, windowId: number | undefined, selectionText?: string) {
  const context = (await tabContextsItem.getValue())[tabId] ?? null;
  if (!context) return;
  // The conversation of the Airflow user logged in now; nobody logged in, nothing asked.
  const conversation = conversationKey(windowId, airflowUserOf(context.instanceUrl, await readSessionToken(context.instanceUrl)));
  if (conversation === null) return;
  const { selection } = await sendRequest('readLogSelection', {}, tabId).catch(() => ({ selection: null }));
  const { text, prefetch } = explainLogRequest(context, selection, selectionText);
  await chat.ask(conversation, text, context, { prefetch });
}
