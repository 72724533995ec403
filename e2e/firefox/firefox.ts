/**
 * Firefox for the e2e subset (issue 19): Debian's `firefox-esr`, driven over WebDriver BiDi by
 * `puppeteer-core` (Playwright's own Firefox is a patched build that can't be downloaded here).
 *
 * How the built add-on (`.output/firefox-mv3`) gets into Firefox, and how its pages are reached:
 * - It is installed into a fresh profile the way a sideloaded add-on is: the zipped build as
 *   `extensions/<gecko id>.xpi`, with `xpinstall.signatures.required=false` (honoured by ESR) and
 *   `extensions.autoDisableScopes=0` (so the profile scope isn't disabled). Installed like that,
 *   Firefox grants the manifest's `host_permissions` (127.0.0.1, localhost) at install, as it does
 *   for a user who accepts the install prompt; nothing is granted by the test.
 * - BiDi refuses to navigate a tab to `moz-extension://…` ("not allowed in this context"), and a
 *   page can't navigate there either. So the add-on's internal UUID is pinned with the
 *   `extensions.webextensions.uuids` pref and the panel page is the URL Firefox is started with
 *   (a command-line URL, as a user starting `firefox-esr moz-extension://…` would). Every other
 *   extension page (the options page) is opened by the add-on itself: `tabs.create` run in the
 *   extension's realm, i.e. in the panel page.
 * - Firefox opens the add-on's sidebar (`sidebar_action`) on install: that real sidebar is read
 *   through `extension.getViews({ type: 'sidebar' })` from the panel page (same origin).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';
import type { browser as wxtBrowser } from 'wxt/browser';
import { REPO_ROOT } from '../airflow/harness.ts';

/**
 * The add-on's realm as code passed to `page.evaluate()` on its pages sees it: Firefox's
 * `browser` namespace, with the Firefox-only parts the tests use. Use it as
 * `(globalThis as unknown as AddonRealm).browser` (a cast only: the code runs in the page).
 */
export interface AddonRealm {
  browser: typeof wxtBrowser & {
    sidebarAction: { isOpen(details: object): Promise<boolean>; toggle(): Promise<void> };
    extension: { getViews(details: { type: 'sidebar' | 'tab' | 'popup' }): (Window & typeof globalThis)[] };
  };
}

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const firefoxExtensionDir = path.join(REPO_ROOT, '.output', 'firefox-mv3');
export const GECKO_ID = 'airflow-ai-assistant@example.org';
/** The add-on's internal UUID, pinned so its pages have a known origin. */
export const EXTENSION_UUID = '5f0e2d9a-7c41-4b8e-9a3d-a1f10e2e0019';
export const extensionOrigin = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxWithAddon {
  browser: Browser;
  /** The add-on's panel page (sidepanel.html) in a tab: the extension's own realm. */
  panel: Page;
  /** Opens an extension page the way the add-on does (`tabs.create` from its own page). */
  openExtensionPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefoxWithAddon(): Promise<FirefoxWithAddon> {
  if (!fs.existsSync(FIREFOX_PATH)) throw new Error(`Firefox not found at ${FIREFOX_PATH}: run scripts/ensure-firefox.sh (npm test does)`);
  if (!fs.existsSync(path.join(firefoxExtensionDir, 'manifest.json'))) throw new Error(`No Firefox build in ${firefoxExtensionDir}: run npx wxt build -b firefox`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'airflow-assistant-firefox-'));
  fs.mkdirSync(path.join(profile, 'extensions'));
  execFileSync('zip', ['-qr', path.join(profile, 'extensions', `${GECKO_ID}.xpi`), '.'], { cwd: firefoxExtensionDir });
  const panelUrl = `${extensionOrigin}/sidepanel.html`;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    args: [panelUrl],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'xpinstall.signatures.required': false,
      'extensions.autoDisableScopes': 0,
    },
  });
  const close = async () => {
    await browser.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  try {
    const target = await browser.waitForTarget((t) => t.url() === panelUrl, { timeout: 20_000 });
    const panel = (await target.page())!;
    await panel.waitForSelector('[data-testid="chat-input"]', { timeout: 20_000 });
    // BiDi reports no navigation of a tab the add-on opens to its own page (the page's `url()`
    // stays about:blank), but the page is there: take the new tab and wait for its document.
    const openExtensionPage = async (file: string) => {
      const url = `${extensionOrigin}/${file}`;
      const created = new Promise<Target>((resolve) => browser.once('targetcreated', resolve));
      await panel.evaluate((u) => void (globalThis as unknown as AddonRealm).browser.tabs.create({ url: u }), url);
      const page = (await (await created).page())!;
      await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { timeout: 15_000 }, url);
      return page;
    };
    return { browser, panel, openExtensionPage, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Logs in through Airflow's real login page (see e2e/airflow/login.ts for the Playwright twin). */
export async function loginInFirefox(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}auth/login`);
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  const token = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/auth/token'));
  await page.locator('form button[type="submit"]').click();
  const response = await token;
  if (!response.ok()) throw new Error(`login as ${user.username} failed: POST auth/token -> ${response.status()}`);
  await page.waitForSelector('[data-testid="nav-sidebar"]', { timeout: 30_000 });
}

/** The text of the element with this test id, or null when there is none. */
export function textOf(page: Page, testId: string): Promise<string | null> {
  return page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId);
}

/** Points the add-on at the Gemini stand-in through its real options page. */
export async function configureModelInFirefox(firefox: FirefoxWithAddon, settings: { apiKey: string; baseURL: string }): Promise<void> {
  const options = await firefox.openExtensionPage('options.html');
  await options.locator('[data-testid="api-key"]').fill(settings.apiKey);
  await options.locator('[data-testid="base-url"]').fill(settings.baseURL);
  await options.locator('[data-testid="save-settings"]').click();
  await options.waitForFunction(() => document.querySelector('[data-testid="settings-status"]')?.textContent?.includes('Saved.'), { timeout: 15_000 });
  await options.close();
}
