/**
 * The browser half of `npm run demo`, in functions the demo e2e test (e2e/demo.spec.ts) runs too:
 * a profile without the password bubble and with the assistant's icon pinned, the model settings
 * saved through the real options page and read back before anything else happens, the user
 * logged in on a failed task in the browser's first tab, and the side panel opened for the user.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { loginThroughUi, type LoginUser } from '../e2e/airflow/login.ts';

export interface DemoModelSettings {
  apiKey: string;
  baseURL: string;
  model: string;
}

/**
 * The id Chromium gives an unpacked extension without a manifest `key`: the first 32 hex digits
 * of the SHA-256 of its absolute path, each digit shifted into a-p. Known before launch, so the
 * profile can pin the icon.
 */
export function unpackedExtensionId(extensionDir: string): string {
  const hex = createHash('sha256').update(path.resolve(extensionDir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/**
 * Writes the profile's preferences before Chromium starts: no offer to save the Airflow password
 * (its bubble covered the page), and the assistant's icon pinned to the toolbar instead of hidden
 * under the puzzle menu. Other preferences already in the profile are kept.
 */
export function prepareDemoProfile(profileDir: string, extensionDir: string): void {
  const file = path.join(profileDir, 'Default', 'Preferences');
  mkdirSync(path.dirname(file), { recursive: true });
  let prefs: Record<string, any> = {};
  try {
    prefs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  } catch {
    // A new profile.
  }
  const id = unpackedExtensionId(extensionDir);
  prefs.credentials_enable_service = false;
  prefs.credentials_enable_autosignin = false;
  prefs.profile = { ...prefs.profile, password_manager_enabled: false, password_manager_leak_detection: false };
  const pinned: string[] = prefs.extensions?.pinned_extensions ?? [];
  prefs.extensions = { ...prefs.extensions, pinned_extensions: pinned.includes(id) ? pinned : [...pinned, id] };
  writeFileSync(file, JSON.stringify(prefs));
}

/** Chromium with the built extension on the demo profile; headed unless told otherwise. */
export async function launchDemoBrowser(options: { extensionDir: string; profileDir: string; headless: boolean }): Promise<{ context: BrowserContext; extensionId: string }> {
  prepareDemoProfile(options.profileDir, options.extensionDir);
  const context = await chromium.launchPersistentContext(options.profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: options.headless,
    viewport: options.headless ? { width: 1280, height: 900 } : null,
    args: [
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      // The password bubble, even if a profile's preferences were reset.
      '--disable-features=PasswordManagerOnboarding,PasswordLeakDetection',
      ...(options.headless ? ['--no-sandbox', '--disable-gpu'] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, extensionId: new URL(worker.url()).host };
}

/**
 * The browser's first tab (the one it opens by itself), so no stray about:blank stays behind;
 * every other tab is closed.
 */
export async function firstTab(context: BrowserContext): Promise<Page> {
  const [first, ...rest] = context.pages();
  const page = first ?? (await context.newPage());
  await Promise.all(rest.map((extra) => extra.close()));
  return page;
}

/**
 * Saves the model settings through the real options page, waits for "Saved.", then reloads the
 * page and checks that it reads them back (key configured, same model and base URL). Throws with
 * a sentence when they did not stick, so the demo never opens a task it cannot answer about.
 */
export async function saveModelSettings(page: Page, extensionId: string, settings: DemoModelSettings): Promise<void> {
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByTestId('api-key').fill(settings.apiKey);
  await page.getByTestId('base-url').fill(settings.baseURL);
  await page.getByTestId('model-name').fill(settings.model);
  await page.getByTestId('save-settings').click();
  await page.getByTestId('settings-status').getByText('Saved.').waitFor({ timeout: 15_000 });
  await page.reload();
  const status = page.getByTestId('settings-status');
  await status.getByText('An API key is configured.').waitFor({ timeout: 15_000 }).catch(async () => {
    throw new Error(`The model settings were not saved: the options page says "${await status.textContent()}".`);
  });
  const readBack = { model: await page.getByTestId('model-name').inputValue(), baseURL: await page.getByTestId('base-url').inputValue() };
  if (readBack.model !== settings.model || readBack.baseURL !== settings.baseURL) {
    throw new Error(`The model settings read back differ: ${JSON.stringify(readBack)} instead of model ${settings.model} at ${settings.baseURL || "the provider's endpoint"}.`);
  }
}

/** Logs in through Airflow's own login page and opens the failed task in the same tab. */
export async function openTaskLoggedIn(page: Page, baseUrl: string, user: LoginUser, taskUrl: string): Promise<void> {
  await loginThroughUi(page, baseUrl, user);
  await page.goto(taskUrl);
}

/**
 * Opens the side panel beside the Airflow tab. Chrome opens a side panel only on a user gesture,
 * so the demo clicks (a trusted click, as a person's) into a short-lived extension page of the
 * same window that asks for it, then closes that page. Returns false where the browser refuses
 * (an older or locked-down browser), so the demo prints a one-line hint instead.
 */
export async function openSidePanelFor(context: BrowserContext, extensionId: string, airflow: Page): Promise<boolean> {
  const opener = await context.newPage();
  try {
    await opener.goto(`chrome-extension://${extensionId}/options.html`);
    await opener.evaluate(() => {
      const api = (globalThis as any).chrome;
      (globalThis as any).__panelOpened = new Promise<boolean>((resolve) => {
        document.addEventListener(
          'click',
          () => {
            api.windows
              .getCurrent()
              .then((win: { id: number }) => api.sidePanel.open({ windowId: win.id }))
              .then(() => resolve(true), () => resolve(false));
          },
          { once: true },
        );
      });
    });
    await opener.mouse.click(5, 5);
    return await opener.evaluate(() =>
      Promise.race([(globalThis as any).__panelOpened as Promise<boolean>, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000))]),
    );
  } catch {
    return false;
  } finally {
    await opener.close().catch(() => {});
    await airflow.bringToFront();
  }
}

/** The side panels Chrome shows (their page URLs), as the extension's worker sees them. */
export async function openSidePanels(context: BrowserContext): Promise<string[]> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return worker.evaluate(async () => {
    const contexts = await (globalThis as any).chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] });
    return contexts.map((found: { documentUrl?: string }) => found.documentUrl ?? '');
  });
}

export interface DemoBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The browser's one tab: Airflow, logged in, on the failed task. */
  airflow: Page;
  /** Whether Chrome shows the side panel; false: the demo printed a hint instead. */
  panelOpened: boolean;
}

/**
 * The whole browser side of the demo, in order: settings saved and verified in the first tab,
 * the same tab logged in on the failed task, then the side panel opened beside it.
 */
export async function startDemoBrowser(options: {
  extensionDir: string;
  profileDir: string;
  headless: boolean;
  model: DemoModelSettings;
  baseUrl: string;
  user: LoginUser;
  taskUrl: string;
  log?: (line: string) => void;
}): Promise<DemoBrowser> {
  const log = options.log ?? console.log;
  const { context, extensionId } = await launchDemoBrowser(options);
  const tab = await firstTab(context);
  await saveModelSettings(tab, extensionId, options.model);
  log(`Model settings saved and read back: ${options.model.model} at ${options.model.baseURL || "the provider's endpoint"}.`);
  await openTaskLoggedIn(tab, options.baseUrl, options.user, options.taskUrl);
  const panelOpened = await openSidePanelFor(context, extensionId, tab);
  log(
    panelOpened
      ? 'The assistant is open in the side panel beside the failed task: ask "Why did this task fail?".'
      : 'Open the assistant with its pinned toolbar icon (or Alt+Shift+Y), then ask "Why did this task fail?".',
  );
  return { context, extensionId, airflow: tab, panelOpened };
}

export const FIRST_QUESTION = 'Why did this task fail?';

/**
 * Asks the demo's first question in the panel's page and waits for the whole answer. Playwright
 * cannot drive Chrome's side panel itself, so this opens the same page as a tab of the window
 * (it follows the Airflow tab last looked at, as the panel does); the headless demo and the demo
 * test use it. Returns the answer's text and its citation chips.
 */
export async function askFirstQuestion(context: BrowserContext, extensionId: string, timeoutMs = 120_000): Promise<{ answer: string; chips: { label: string; href: string }[] }> {
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  // The panel knows the task (its context header may be folded, so attached, not visible).
  await panel.getByTestId('context-task').waitFor({ state: 'attached', timeout: 30_000 });
  await panel.getByTestId('chat-input').fill(FIRST_QUESTION);
  await panel.getByTestId('chat-send').click();
  const answer = panel.getByTestId('message-assistant').last();
  await answer.waitFor({ timeout: timeoutMs });
  // Done when the answer no longer streams and the Stop button is gone.
  await panel.waitForFunction(
    () => {
      const answers = document.querySelectorAll('[data-testid="message-assistant"]');
      return answers.length > 0 && answers[answers.length - 1]!.getAttribute('aria-busy') === 'false' && !document.querySelector('[data-testid="chat-stop"]');
    },
    undefined,
    { timeout: timeoutMs },
  );
  const chips = await answer.getByTestId('evidence-chip').evaluateAll((links) =>
    links.map((link) => ({ label: link.textContent ?? '', href: link.getAttribute('href') ?? '' })),
  );
  return { answer: (await answer.innerText()).trim(), chips };
}
