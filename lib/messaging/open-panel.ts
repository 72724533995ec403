import { browser } from 'wxt/browser';

/**
 * The toolbar button opens the assistant: Chrome's side panel, or Firefox's sidebar (declared in
 * the manifest as `sidebar_action`, which Firefox toggles itself).
 */
export function openPanelOnActionClick() {
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } } }).chrome?.sidePanel;
  if (chromeSidePanel) {
    void chromeSidePanel.setPanelBehavior({ openPanelOnActionClick: true });
    return;
  }
  const sidebarAction = (browser as unknown as { sidebarAction?: { toggle(): Promise<void> } }).sidebarAction;
  if (sidebarAction) browser.action.onClicked.addListener(() => void sidebarAction.toggle());
}
