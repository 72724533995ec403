import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { USERS } from './airflow/harness';
import { expect, extensionDir, test } from './fixtures';
import { demoScript } from './model-stand-in/demo-script';
import { askFirstQuestion, openSidePanels, startDemoBrowser, unpackedExtensionId } from '../scripts/demo-browser';

test.use({ modelStandInOptions: { script: demoScript } });

let profileDir: string;
test.beforeAll(async () => {
  profileDir = mkdtempSync(path.join(os.tmpdir(), 'demo-profile-'));
});
test.afterAll(async () => {
  rmSync(profileDir, { recursive: true, force: true });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The demo's own browser path (scripts/demo-browser.ts, what `npm run demo` runs), headless.
test('the demo saves and verifies the settings, opens the failed task and the side panel in one tab, and its first answer cites the evidence with chips', async ({ rig, model }) => {
  const runId = rig.runs.fail_python_exception!;
  const taskUrl = `${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(runId)}/tasks/transform`;
  const lines: string[] = [];
  const demo = await startDemoBrowser({
    extensionDir,
    profileDir,
    headless: true,
    model: { apiKey: 'stand-in', baseURL: model.baseURL, model: 'gemini-2.5-flash' },
    baseUrl: rig.baseUrl,
    user: USERS.admin,
    taskUrl,
    log: (line) => lines.push(line),
  });
  try {
    expect(lines[0]).toBe(`Model settings saved and read back: gemini-2.5-flash at ${model.baseURL}.`);
    // One tab, on the task; no stray about:blank or options tab.
    expect(demo.context.pages().map((page) => page.url())).toEqual([taskUrl]);
    // The panel is open beside it, and the hint says so.
    expect(demo.panelOpened).toBe(true);
    expect(await openSidePanels(demo.context)).toEqual([`chrome-extension://${demo.extensionId}/sidepanel.html`]);
    expect(lines[1]).toContain('The assistant is open in the side panel');
    // The profile offers no password saving and pins the icon (the id is known before launch).
    expect(demo.extensionId).toBe(unpackedExtensionId(extensionDir));
    const prefs = JSON.parse(readFileSync(path.join(profileDir, 'Default', 'Preferences'), 'utf8'));
    expect(prefs.credentials_enable_service).toBe(false);
    expect(prefs.profile.password_manager_enabled).toBe(false);
    expect(prefs.extensions.pinned_extensions).toContain(demo.extensionId);

    const { answer, chips } = await askFirstQuestion(demo.context, demo.extensionId);
    expect(answer).toContain('What happened:');
    expect(answer).toContain('Stand-in model');
    expect(answer).not.toMatch(/https?:\/\//);
    expect(chips.length).toBeGreaterThanOrEqual(1);
    // The first cites a log line of this try of this task; all point into this Dag of this Airflow.
    expect(chips[0]!.href).toMatch(new RegExp(`^${escapeRegExp(rig.baseUrl)}dags/fail_python_exception/runs/${escapeRegExp(encodeURIComponent(runId))}/tasks/transform\\?try_number=1#\\d+$`));
    expect(chips[0]!.label).toMatch(/line \d+ · try 1/);
    for (const chip of chips) expect(chip.href.startsWith(`${rig.baseUrl}dags/fail_python_exception`)).toBe(true);
    expect(model.requests.length).toBeGreaterThanOrEqual(1);
    expect(model.requests.every((request) => request.apiKey === 'stand-in')).toBe(true);
  } finally {
    await demo.context.close();
  }
});
