import { browser, type Browser } from 'wxt/browser';
import { panelContextForWindow } from '../airflow/tab-contexts';
import { isSessionExpired, readSessionClaims, readSessionToken } from '../airflow/session';
import type { SessionStatus } from './protocol';
import {
  PANEL_PORT_NAME,
  PanelToWorkerSchema,
  WorkerToPanelSchema,
  onPortMessages,
  postToPort,
  type PanelState,
} from './panel-port';

/** The state a window's side panel shows: the Airflow page it follows and the session there. */
export async function computePanelState(windowId: number | undefined): Promise<PanelState> {
  const [activeTab] = await browser.tabs.query(windowId !== undefined ? { active: true, windowId } : { active: true, lastFocusedWindow: true });
  const tab = await panelContextForWindow(windowId ?? activeTab?.windowId, activeTab?.id);
  const session = tab ? await sessionStatusFor(tab.context.instanceUrl) : null;
  return { tab, session };
}

export async function sessionStatusFor(instanceUrl: string): Promise<SessionStatus> {
  const token = await readSessionToken(instanceUrl);
  if (!token) return { state: 'signed_out' };
  const claims = readSessionClaims(token);
  if (isSessionExpired(claims)) return { state: 'expired' };
  return { state: 'signed_in', user: claims?.subject ?? null, role: claims?.role ?? null };
}

/** Tracks open side panels and pushes each its state when anything it shows may have changed. */
export function createPanelHub() {
  const panels = new Map<Browser.runtime.Port, number | undefined>();

  async function push(port: Browser.runtime.Port) {
    if (!panels.has(port)) return;
    const state = await computePanelState(panels.get(port));
    if (panels.has(port)) postToPort(port, WorkerToPanelSchema, { type: 'panel/state', state });
  }

  return {
    accept(port: Browser.runtime.Port) {
      if (port.name !== PANEL_PORT_NAME) return false;
      onPortMessages(port, PanelToWorkerSchema, {
        'panel/subscribe': ({ windowId }) => {
          panels.set(port, windowId);
          void push(port);
        },
      });
      port.onDisconnect.addListener(() => panels.delete(port));
      return true;
    },
    /** Something changed (a page context, the active tab, a session cookie): refresh every panel. */
    refreshAll() {
      for (const port of panels.keys()) void push(port);
    },
  };
}
