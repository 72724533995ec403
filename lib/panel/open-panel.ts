import type { Browser } from 'wxt/browser';
import { browserDifferences } from '../browser/differences';

/**
 * The toolbar button opens the assistant: Chrome's side panel, or Firefox's sidebar (declared in
 * the manifest as `sidebar_action`). The browsers differ here; lib/browser/differences.ts says how.
 */
export function openPanelOnActionClick() {
  browserDifferences.openPanelOnActionClick();
}

/**
 * Opens the assistant next to the tab. Must be called synchronously in the click handler: the
 * browsers only allow it during the user's gesture.
 */
export function openAssistantFor(tab: Browser.tabs.Tab | undefined) {
  browserDifferences.openAssistantFor(tab);
}
