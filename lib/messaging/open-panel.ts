import { browser, type Browser } from 'wxt/browser';

/** Chrome's side panel API (absent in Firefox, which has `sidebarAction` instead). */
interface ChromeSidePanel {
  setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void>;
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}
interface FirefoxSidebarAction {
  open(): Promise<void>;
  toggle(): Promise<void>;
}

const chromeSidePanel = () => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
const firefoxSidebar = () => (browser as unknown as { sidebarAction?: FirefoxSidebarAction }).sidebarAction;

/**
 * The toolbar button opens the assistant: Chrome's side panel, or Firefox's sidebar (declared in
 * the manifest as `sidebar_action`, which Firefox toggles itself).
 */
export function openPanelOnActionClick() {
  const sidePanel = chromeSidePanel();
  if (sidePanel) {
    void sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
    return;
  }
  const sidebar = firefoxSidebar();
  if (sidebar) browser.action.onClicked.addListener(() => void sidebar.toggle());
}

/**
 * Opens the assistant next to the tab. Must be called synchronously in the click handler: the
 * browsers only allow it during the user's gesture.
 */
export function openAssistantFor(tab: Browser.tabs.Tab | undefined) {
  const sidePanel = chromeSidePanel();
  if (sidePanel && tab?.id !== undefined) {
    void sidePanel.open({ tabId: tab.id }).catch(() => {});
    return;
  }
  void firefoxSidebar()?.open().catch(() => {});
}
