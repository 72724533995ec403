import { browser, type Browser } from 'wxt/browser';
import { panelContextForWindow } from '../airflow/tab-contexts';
import { isSessionExpired, readSessionClaims, readSessionToken } from '../airflow/session';
import type { ChatService } from '../agent/chat-service';
import type { PageContext } from '../airflow/page-context';
import type { TriageCardModel } from '../logs/triage-card-model';
import { modelSettingsItem } from '../storage/items';
import { isLocalEndpoint, isModelConfigured, recipientOf } from '../agent/providers';
import type { SessionStatus } from './protocol';
import { explainLogInTab } from './explain-log-menu';
import { conversationKey } from './conversation-key';
import {
  PANEL_PORT_NAME,
  PanelToWorkerSchema,
  WorkerToPanelSchema,
  onPortMessages,
  postToPort,
  type PanelState,
} from './panel-port';

export { conversationKey } from './conversation-key';

export async function panelTabFor(windowId: number | undefined) {
  const [activeTab] = await browser.tabs.query(windowId !== undefined ? { active: true, windowId } : { active: true, lastFocusedWindow: true });
  return panelContextForWindow(windowId ?? activeTab?.windowId, activeTab?.id);
}

/** The state a window's side panel shows: the Airflow page it follows, the session, the chat. */
export interface PanelSources {
  /** Which MCP server the tools go through for an instance, in words (null until first used). */
  mcpServerFor: (instanceUrl: string) => string | null;
  suggestionsFor: (context: PageContext | null) => Promise<string[]>;
  triageFor: (context: PageContext | null) => Promise<TriageCardModel | null>;
}

export async function computePanelState(windowId: number | undefined, chat: ChatService, sources: PanelSources): Promise<PanelState> {
  const tab = await panelTabFor(windowId);
  const session = tab ? await sessionStatusFor(tab.context.instanceUrl) : null;
  const key = conversationKey(windowId);
  const signedIn = session?.state === 'signed_in';
  return {
    tab,
    session,
    conversation: await chat.conversation(key),
    busy: chat.isBusy(key),
    ...(await modelStatus()),
    suggestions: signedIn ? await sources.suggestionsFor(tab?.context ?? null) : [],
    triage: signedIn ? await sources.triageFor(tab?.context ?? null) : null,
    mcpServer: tab ? sources.mcpServerFor(tab.context.instanceUrl) : null,
  };
}

async function modelStatus(): Promise<Pick<PanelState, 'modelConfigured' | 'modelDestination'>> {
  const settings = await modelSettingsItem.getValue();
  const modelConfigured = isModelConfigured(settings);
  return {
    modelConfigured,
    modelDestination: modelConfigured ? { local: isLocalEndpoint(settings), recipient: recipientOf(settings), model: settings.model } : null,
  };
}

export async function sessionStatusFor(instanceUrl: string): Promise<SessionStatus> {
  const token = await readSessionToken(instanceUrl);
  if (!token) return { state: 'signed_out' };
  const claims = readSessionClaims(token);
  if (isSessionExpired(claims)) return { state: 'expired' };
  return { state: 'signed_in', user: claims?.subject ?? null, role: claims?.role ?? null };
}

/**
 * Tracks open side panels, pushes each its state when anything it shows may have changed, and
 * passes their chat requests to the chat service with the page context of their window.
 */
export function createPanelHub(getChat: () => ChatService, sources: PanelSources) {
  const panels = new Map<Browser.runtime.Port, number | undefined>();
  const pushing = new Set<Browser.runtime.Port>();
  const again = new Set<Browser.runtime.Port>();

  // Coalesces bursts (every streamed word changes the conversation) into one push at a time.
  async function push(port: Browser.runtime.Port) {
    if (!panels.has(port)) return;
    if (pushing.has(port)) {
      again.add(port);
      return;
    }
    pushing.add(port);
    try {
      const state = await computePanelState(panels.get(port), getChat(), sources);
      if (panels.has(port)) postToPort(port, WorkerToPanelSchema, { type: 'panel/state', state });
    } finally {
      pushing.delete(port);
      if (again.delete(port)) void push(port);
    }
  }

  const contextOf = async (port: Browser.runtime.Port) => (await panelTabFor(panels.get(port)))?.context ?? null;
  const keyOf = (port: Browser.runtime.Port) => conversationKey(panels.get(port));

  return {
    accept(port: Browser.runtime.Port) {
      if (port.name !== PANEL_PORT_NAME) return false;
      onPortMessages(port, PanelToWorkerSchema, {
        'panel/subscribe': ({ windowId }) => {
          panels.set(port, windowId);
          void push(port);
        },
        'chat/ask': async ({ text }) => getChat().ask(keyOf(port), text, await contextOf(port)),
        'chat/retry': async () => getChat().retry(keyOf(port), await contextOf(port)),
        'chat/stop': () => getChat().stop(keyOf(port)),
        'chat/clear': () => void getChat().clear(keyOf(port)),
        'chat/explain-log': async () => {
          const tab = await panelTabFor(panels.get(port));
          if (tab) await explainLogInTab(getChat(), tab.tabId, keyOf(port));
        },
        'panel/open-options': () => void browser.runtime.openOptionsPage(),
        'panel/navigate': async ({ url }) => {
          const tab = await panelTabFor(panels.get(port));
          // Only pages of the same Airflow instance, in the Airflow tab the panel follows.
          if (tab && isInstancePage(url, tab.context.instanceUrl)) await browser.tabs.update(tab.tabId, { url, active: true });
        },
      });
      port.onDisconnect.addListener(() => panels.delete(port));
      return true;
    },
    /** Something changed (a page context, the active tab, a session cookie): refresh every panel. */
    refreshAll() {
      for (const port of panels.keys()) void push(port);
    },
    /** A conversation changed: refresh the panels of its window. */
    refreshConversation(key: string) {
      for (const [port, windowId] of panels) if (conversationKey(windowId) === key) void push(port);
    },
  };
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
