/**
 * The core e2e subset in real Firefox (issue 19): the built Firefox add-on against the suite's
 * real Airflow, driven over WebDriver BiDi (see ./firefox.ts for how it is installed and how its
 * pages are reached). Runs as the Playwright project `firefox`, sharing the suite's rig and its
 * recording proxy, so the suite's read-only proof (e2e/read-only.spec.ts) covers these requests too;
 * the last test here checks the Firefox requests on their own.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ElementHandle, Page } from 'puppeteer-core';
import { ASTRO_AIRFLOW_MCP_READ_TOOLS, isRestGetOperation, isStateChangingToolName } from '../../lib/mcp/gate';
import { readOnlyViolations } from '../airflow/audit';
import { currentRigState, recordingFiles } from '../airflow/global-setup';
import { USERS, readRecording } from '../airflow/harness';
import { callToolsThenAnswer, startModelStandIn, type ModelStandIn } from '../model-stand-in/server';
import { configureModelInFirefox, launchFirefoxWithAddon, loginInFirefox, textOf, type AddonRealm, type FirefoxWithAddon } from './firefox';

test.describe.configure({ mode: 'serial' });

const rig = () => currentRigState();
const failedTaskUrl = () => `${rig().baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig().runs.fail_python_exception!)}/tasks/transform`;

let firefox: FirefoxWithAddon;
let model: ModelStandIn;
test.beforeAll(async () => {
  model = await startModelStandIn();
});
test.afterAll(async () => model.close());
test.beforeEach(async () => {
  model.reset();
  firefox = await launchFirefoxWithAddon();
});
test.afterEach(async () => firefox.close());

/** A logged-in Airflow tab on `url`, then the panel tab in front again (it follows the Airflow tab). */
async function airflowTab(user: { username: string; password: string }, url: string): Promise<Page> {
  const tab = await firefox.browser.newPage();
  await loginInFirefox(tab, rig().baseUrl, user);
  await tab.goto(url);
  await firefox.panel.bringToFront();
  return tab;
}

test('Firefox: the panel shows the page context chip and who the session is', async () => {
  const airflow = await airflowTab(USERS.admin, failedTaskUrl());
  const { panel } = firefox;
  await expect.poll(() => textOf(panel, 'context-kind')).toBe('Task instance');
  expect(await textOf(panel, 'context-instance')).toContain(rig().baseUrl);
  expect(await textOf(panel, 'context-dag')).toContain('fail_python_exception');
  expect(await textOf(panel, 'context-run')).toContain(rig().runs.fail_python_exception!);
  expect(await textOf(panel, 'context-task')).toContain('transform');
  expect(await textOf(panel, 'context-try')).toContain('1');
  await expect.poll(() => textOf(panel, 'session-status')).toContain('Reading Airflow as admin');

  // SPA navigation in the Airflow tab updates the panel without a reload.
  await airflow.bringToFront();
  const dagLink = await airflow.waitForFunction(() => [...document.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'fail_python_exception'));
  await (dagLink.asElement() as ElementHandle<Element>).click();
  await panel.bringToFront();
  await expect.poll(() => textOf(panel, 'context-kind')).toBe('Dag');
  expect(await textOf(panel, 'context-run')).toBeNull();
});

test('Firefox: the extension reads /api/v2 with the viewer session: a Dag 200, connections 403, no session 401', async () => {
  await airflowTab(USERS.viewer, `${rig().baseUrl}dags/fail_python_exception`);
  // In the extension's own realm (the panel page), as lib/airflow/session.ts does in the worker.
  const result = await firefox.panel.evaluate(async (baseUrl) => {
    const cookie = await (globalThis as unknown as AddonRealm).browser.cookies.get({ url: baseUrl, name: '_token' });
    const asBearer = (p: string) => fetch(new URL(p, baseUrl), { headers: { Authorization: `Bearer ${cookie?.value}` }, credentials: 'omit' }).then((r) => r.status);
    return {
      cookieFound: Boolean(cookie?.value),
      bearerDag: await asBearer('api/v2/dags/fail_python_exception'),
      bearerConnections: await asBearer('api/v2/connections'),
      noSession: await fetch(new URL('api/v2/dags/fail_python_exception', baseUrl), { credentials: 'omit' }).then((r) => r.status),
      includeDag: await fetch(new URL('api/v2/dags/fail_python_exception', baseUrl), { credentials: 'include' }).then((r) => r.status),
    };
  }, rig().baseUrl);
  expect(result).toMatchObject({ cookieFound: true, bearerDag: 200, bearerConnections: 403, noSession: 401 });
  console.log(`[firefox session] GET dag with credentials: 'include' (no Bearer) → HTTP ${result.includeDag}`);
  // And the product's own session read, in the background event page.
  await expect.poll(() => textOf(firefox.panel, 'session-status')).toContain('Reading Airflow as viewer');
});

test('Firefox: with no API key, the triage card shows and its citation opens the cited log line', async () => {
  const airflow = await airflowTab(USERS.viewer, failedTaskUrl());
  const { panel } = firefox;
  await panel.waitForSelector('[data-testid="triage-card"]', { timeout: 30_000 });
  expect(await textOf(panel, 'triage-class')).toBe('Python exception');
  expect(await textOf(panel, 'triage-headline')).toContain("ValueError: column 'amount' has 3 nulls");
  const chip = await panel.waitForSelector('[data-testid="triage-card"] [data-testid="evidence-chip"]');
  expect(await chip!.evaluate((el) => el.textContent)).toMatch(/line \d+ · try 1/);
  await chip!.click();
  await expect.poll(() => airflow.url()).toMatch(/\/tasks\/transform\?try_number=1#\d+$/);
  // The line the chip named is the line the URL opens.
  const line = /line (\d+)/.exec((await chip!.evaluate((el) => el.textContent)) ?? '')?.[1];
  expect(airflow.url().endsWith(`#${line}`)).toBe(true);
  expect(model.requests).toHaveLength(0);
});

test('Firefox: a chat answer through the model with tool steps; the API key stays out of storage content scripts can read', async () => {
  const API_KEY = 'AIzaSy-firefox-planted-model-key-0123456789';
  model.setScript(
    callToolsThenAnswer({
      calls: [{ name: 'list_task_instances', args: { dag_id: 'fail_python_exception', run_id: rig().runs.fail_python_exception } }],
      answer: (results) => `The run has these tasks: ${JSON.stringify(results[0]?.content).slice(0, 80)}`,
    }),
  );
  await configureModelInFirefox(firefox, { apiKey: API_KEY, baseURL: model.baseURL });
  const storageDump = await firefox.panel.evaluate(async () =>
    JSON.stringify([await (globalThis as unknown as AddonRealm).browser.storage.local.get(null), await (globalThis as unknown as AddonRealm).browser.storage.session.get(null), await (globalThis as unknown as AddonRealm).browser.storage.sync.get(null)]),
  );
  expect(storageDump).not.toContain(API_KEY);
  expect(storageDump).toContain('"apiKeySet":true');

  await airflowTab(USERS.admin, `${rig().baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig().runs.fail_python_exception!)}`);
  const { panel } = firefox;
  await expect.poll(() => textOf(panel, 'context-run')).toContain(rig().runs.fail_python_exception!);
  await panel.locator('[data-testid="chat-input"]').fill('Which tasks ran?');
  await panel.locator('[data-testid="chat-send"]').click();
  await expect.poll(() => panel.evaluate(() => [...document.querySelectorAll('[data-testid="message-assistant"]')].at(-1)?.textContent ?? ''), { timeout: 30_000 }).toContain('The run has these tasks');
  expect(await textOf(panel, 'tool-step')).toBeTruthy();
  expect(model.requests.length).toBeGreaterThan(1);
  expect(model.requests.every((request) => request.apiKey === API_KEY)).toBe(true);
  expect(model.requests.some((request) => request.currentFunctionResponses.some((r) => r.name === 'list_task_instances'))).toBe(true);
});

test('Firefox: the sidebar holds the real panel, follows the Airflow tab, and closes and opens', async () => {
  const { panel } = firefox;
  const sidebarText = (id: string) =>
    panel.evaluate((testId) => (globalThis as unknown as AddonRealm).browser.extension.getViews({ type: 'sidebar' })[0]?.document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null, id);
  const isOpen = () => panel.evaluate(() => (globalThis as unknown as AddonRealm).browser.sidebarAction.isOpen({}));
  // Firefox opens an add-on's sidebar when it is installed.
  expect(await isOpen()).toBe(true);
  await airflowTab(USERS.admin, failedTaskUrl());
  const airflow = (await firefox.browser.pages()).find((p) => p.url().startsWith(rig().baseUrl))!;
  await airflow.bringToFront();
  await expect.poll(() => sidebarText('context-task'), { timeout: 20_000 }).toContain('transform');

  // The toolbar button toggles the sidebar (lib/browser/differences.ts). BiDi can't click the
  // toolbar (browser chrome) and its key events don't reach the Alt+Shift+Y command, and Firefox
  // lets an add-on toggle the sidebar only in a user's input handler: so a real click in the
  // add-on's page runs the same `sidebarAction.toggle()` the toolbar handler runs.
  const clickToToggleSidebar = async () => {
    await panel.evaluate(() => document.addEventListener('click', () => void (globalThis as unknown as AddonRealm).browser.sidebarAction.toggle(), { once: true }));
    await panel.click('[data-testid="chat-input"]');
  };
  await panel.bringToFront();
  await clickToToggleSidebar();
  await expect.poll(isOpen).toBe(false);
  await expect.poll(() => panel.evaluate(() => (globalThis as unknown as AddonRealm).browser.extension.getViews({ type: 'sidebar' }).length)).toBe(0);
  await clickToToggleSidebar();
  await expect.poll(isOpen).toBe(true);
  await expect.poll(() => sidebarText('context-task'), { timeout: 20_000 }).toContain('transform');
});

const REST_GET_TOOLS = new Set(
  (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../lib/mcp/remote/__fixtures__/airflow-mcp-plugin-0.2.0-tools.json'), 'utf8')) as { tools: Tool[] }).tools
    .filter(isRestGetOperation)
    .map((t) => t.name),
);
const isReadToolName = (name: string) => !isStateChangingToolName(name) && (REST_GET_TOOLS.has(name) || (ASTRO_AIRFLOW_MCP_READ_TOOLS as readonly string[]).includes(name));

test('Firefox: the add-on only read from Airflow during the Firefox run', async () => {
  const records = recordingFiles(rig().runTag).flatMap(readRecording).filter((r) => /Firefox\//.test(r.userAgent ?? ''));
  const fromExtension = records.filter((r) => r.client === 'extension');
  const figures = {
    firefoxRequests: records.length,
    byClient: Object.fromEntries(['extension', 'page', 'other'].map((c) => [c, records.filter((r) => r.client === c).length])),
    extensionGets: fromExtension.filter((r) => r.method === 'GET').length,
  };
  console.log(`[firefox read-only] ${JSON.stringify(figures)}`);
  expect(figures.extensionGets).toBeGreaterThan(0);
  expect(readOnlyViolations(records, { isReadToolName })).toEqual([]);
  // Nothing from Firefox went unrecognised: every request is the add-on's or the Airflow UI's.
  expect(records.filter((r) => r.client !== 'extension' && r.client !== 'page').map((r) => `${r.client} ${r.method} ${r.path}`)).toEqual([]);
});
