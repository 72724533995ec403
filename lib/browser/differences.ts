import { browser, type Browser } from 'wxt/browser';

/**
 * Everything this extension does differently in Chrome and Firefox, in one place (issue 19).
 * Checked in real Firefox 153 ESR by e2e/firefox/core.firefox.ts. What is the same in both and
 * needs nothing here: MV3 with one background script (Chrome runs it as a service worker,
 * Firefox as an event page; both may stop it when idle, so neither keeps state only in memory),
 * `storage.session`, the extension origin's IndexedDB, `permissions.request` from the options
 * form's submit handler (Firefox requires a user's input handler, which that is), and match
 * patterns without ports.
 */
export type BrowserKind = 'chrome' | 'firefox';

/** Chrome's side panel API (absent in Firefox). */
interface ChromeSidePanel {
  setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void>;
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}
/** Firefox's sidebar (the manifest's `sidebar_action`; absent in Chrome). */
interface FirefoxSidebarAction {
  open(): Promise<void>;
  toggle(): Promise<void>;
}
/** Firefox's `cookies.getAll` filter takes first-party and partition keys that Chrome rejects. */
type FirefoxCookieQuery = Browser.cookies.GetAllDetails & { firstPartyDomain?: string | null };
type FirefoxCookie = Browser.cookies.Cookie & { firstPartyDomain?: string; partitionKey?: unknown };

export interface BrowserDifferences {
  kind: BrowserKind;
  /** The toolbar button opens the assistant: Chrome's side panel, or toggles Firefox's sidebar. */
  openPanelOnActionClick(): void;
  /**
   * Opens the assistant next to the tab. Call synchronously in the user's click handler: both
   * browsers only allow it during the gesture.
   */
  openAssistantFor(tab: Browser.tabs.Tab | undefined): void;
  /**
   * The value of the first-party cookie `name` for `url`, as the user's own tab holds it.
   * Firefox: with first-party isolation on, `cookies.get` throws unless `firstPartyDomain` is
   * given, so every jar is listed (`firstPartyDomain: null`) and the one of the page's own site
   * taken; a partitioned cookie (Airflow embedded in another site's frame, a different session)
   * is never taken. Chrome: `cookies.get` returns the unpartitioned cookie.
   */
  readCookie(url: string, name: string): Promise<string | null>;
}

const chromeSidePanel = () => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
const firefoxSidebar = () => (browser as unknown as { sidebarAction?: FirefoxSidebarAction }).sidebarAction;

const chrome: BrowserDifferences = {
  kind: 'chrome',
  openPanelOnActionClick() {
    void chromeSidePanel()?.setPanelBehavior({ openPanelOnActionClick: true });
  },
  openAssistantFor(tab) {
    if (tab?.id !== undefined) void chromeSidePanel()?.open({ tabId: tab.id }).catch(() => {});
  },
  async readCookie(url, name) {
    return (await browser.cookies.get({ url, name }))?.value || null;
  },
};

const firefox: BrowserDifferences = {
  kind: 'firefox',
  openPanelOnActionClick() {
    const sidebar = firefoxSidebar();
    if (sidebar) browser.action.onClicked.addListener(() => void sidebar.toggle());
  },
  openAssistantFor() {
    void firefoxSidebar()?.open().catch(() => {});
  },
  async readCookie(url, name) {
    const site = new URL(url).hostname;
    const cookies = (await browser.cookies.getAll({ url, name, firstPartyDomain: null } as FirefoxCookieQuery)) as FirefoxCookie[];
    const own = cookies.filter((c) => !c.partitionKey && (!c.firstPartyDomain || c.firstPartyDomain === site || site.endsWith(`.${c.firstPartyDomain}`)));
    // As `cookies.get` does: the most specific path first (an Airflow under a base path).
    own.sort((a, b) => b.path.length - a.path.length);
    return own.find((c) => c.value)?.value ?? null;
  },
};

export function browserDifferencesFor(kind: BrowserKind): BrowserDifferences {
  return kind === 'firefox' ? firefox : chrome;
}

/** Which browser runs the extension, by its own origin's scheme (`moz-extension:` in Firefox). */
export function currentBrowserKind(): BrowserKind {
  return browser.runtime.getURL('/').startsWith('moz-extension:') ? 'firefox' : 'chrome';
}

/** The differences of the browser running the extension. */
export const browserDifferences: BrowserDifferences = {
  get kind() {
    return currentBrowserKind();
  },
  openPanelOnActionClick: () => browserDifferencesFor(currentBrowserKind()).openPanelOnActionClick(),
  openAssistantFor: (tab) => browserDifferencesFor(currentBrowserKind()).openAssistantFor(tab),
  readCookie: (url, name) => browserDifferencesFor(currentBrowserKind()).readCookie(url, name),
};
