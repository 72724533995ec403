import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { echoScript, startModelStandIn, type ModelStandIn, type ModelStandInOptions } from './model-stand-in/server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const extensionDir = path.join(repoRoot, '.output', 'chrome-mv3');

export interface RigState {
  baseUrl: string;
  runs: Record<string, string>;
}

/** What the global setup left for the tests: the Airflow base URL and the finished runs. */
export function readRigState(): RigState {
  const fromSetup = process.env.AIRFLOW_E2E_STATE_JSON;
  if (fromSetup) return JSON.parse(fromSetup) as RigState;
  return JSON.parse(readFileSync(path.join(repoRoot, 'e2e', '.state', 'airflow.json'), 'utf8')) as RigState;
}

/**
 * Debian's Chromium, headless, with the built extension and nothing that phones home. A fresh
 * profile unless `userDataDir` names one (to restart the browser on the same profile).
 */
export async function launchWithExtension(extraArgs: string[] = [], userDataDir = ''): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** The worker's model stand-in and the test file whose state it holds (see `model`). */
interface WorkerModelStandIn {
  standIn: ModelStandIn;
  file?: string;
}

export const test = base.extend<
  {
    context: BrowserContext;
    serviceWorker: Worker;
    extensionId: string;
    rig: RigState;
    openSidePanel: () => Promise<Page>;
    /**
     * The model stand-in (Gemini wire protocol), as a test file knows it: started once per
     * worker, and fresh for each test file - no requests, turn 0 and the file's script - as if
     * the file had started its own. Within a file, requests and scripts carry over from test
     * to test (a file resets it in a `beforeEach` when its tests need that).
     */
    model: ModelStandIn;
  },
  {
    /** How the file's model stand-in starts: its script (default `echoScript`), chunk delay. */
    modelStandInOptions: ModelStandInOptions;
    workerModelStandIn: WorkerModelStandIn;
  }
>({
  // A worker option: `test.use({ modelStandInOptions: { script } })` at the top of a spec file.
  modelStandInOptions: [{}, { scope: 'worker', option: true }],
  workerModelStandIn: [
    async ({ modelStandInOptions }, use) => {
      const standIn = await startModelStandIn(modelStandInOptions);
      await use({ standIn });
      await standIn.close();
    },
    { scope: 'worker' },
  ],
  model: async ({ workerModelStandIn, modelStandInOptions }, use, testInfo) => {
    // One worker runs test files one after another: what one file scripted or recorded is not
    // the next file's.
    if (workerModelStandIn.file !== testInfo.file) {
      workerModelStandIn.standIn.reset();
      workerModelStandIn.standIn.setScript(modelStandInOptions.script ?? echoScript);
      workerModelStandIn.file = testInfo.file;
    }
    await use(workerModelStandIn.standIn);
  },
  context: async ({}, use) => {
    const context = await launchWithExtension();
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  rig: async ({}, use) => {
    await use(readRigState());
  },
  // Chrome's side panel can't be opened by automation; the same page opened as a tab runs the
  // same code and follows the Airflow tab last looked at in its window.
  openSidePanel: async ({ context, extensionId }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      return page;
    });
  },
});

export { expect } from '@playwright/test';
