import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageContext } from './page-context';
import { taskInstancePage } from './testing/task-page';
import { forgetTab, instanceOfTab, isInstancePage, panelContextForWindow, recordTabContext, tabNavigated } from './tab-contexts';

const taskPage: PageContext = taskInstancePage('http://127.0.0.1:28080/');
const dagPage: PageContext = { ...taskPage, pageUrl: 'http://127.0.0.1:28080/dags/d', pageKind: 'dag' };

describe('panelContextForWindow', () => {
  beforeEach(() => fakeBrowser.reset());

  it('follows the active Airflow tab', async () => {
    await recordTabContext(1, 10, taskPage);
    await recordTabContext(2, 10, dagPage);
    expect(await panelContextForWindow(10, 1)).toEqual({ tabId: 1, context: taskPage });
    expect(await panelContextForWindow(10, 2)).toEqual({ tabId: 2, context: dagPage });
  });

  it('keeps the last Airflow tab of the window when the active tab is not Airflow', async () => {
    await recordTabContext(1, 10, taskPage);
    expect(await panelContextForWindow(10, 99)).toEqual({ tabId: 1, context: taskPage });
    // A window without Airflow tabs follows the last Airflow tab of any window.
    expect(await panelContextForWindow(11, 99)).toEqual({ tabId: 1, context: taskPage });
    await recordTabContext(2, 11, dagPage);
    expect(await panelContextForWindow(10, 99)).toEqual({ tabId: 1, context: taskPage });
    expect(await panelContextForWindow(11, 99)).toEqual({ tabId: 2, context: dagPage });
  });

  it('forgets closed tabs and tabs that left Airflow', async () => {
    await recordTabContext(1, 10, taskPage);
    await forgetTab(1);
    expect(await panelContextForWindow(10, 1)).toBeNull();
    await recordTabContext(2, 10, dagPage);
    await recordTabContext(2, 10, null);
    expect(await panelContextForWindow(10, 2)).toBeNull();
  });
});

describe('createReportSequencer', () => {
  it('keeps only the newest report of each tab', async () => {
    const { createReportSequencer } = await import('./tab-contexts');
    const sequencer = createReportSequencer();
    const older = sequencer.begin(1);
    const otherTab = sequencer.begin(2);
    const newer = sequencer.begin(1);
    expect(older()).toBe(false);
    expect(newer()).toBe(true);
    expect(otherTab()).toBe(true);
  });
});

describe('tabNavigated', () => {
  beforeEach(() => fakeBrowser.reset());

  it('drops the context of a tab that loaded another site or about:blank, and keeps it within the instance', async () => {
    await recordTabContext(1, 10, taskPage);
    expect(await tabNavigated(1, 'http://127.0.0.1:28080/dags/d')).toBe(false);
    expect(await panelContextForWindow(10, 1)).toEqual({ tabId: 1, context: taskPage });
    expect(await tabNavigated(1, 'about:blank')).toBe(true);
    expect(await panelContextForWindow(10, 1)).toBeNull();
    // Nothing known about the tab: nothing to drop.
    expect(await tabNavigated(1, 'https://example.org/')).toBe(false);
  });

  it("names the instance a tab was last seen on (a 3.0 logout lands on the instance's login page, which reports nothing)", async () => {
    await recordTabContext(3, 10, taskPage);
    expect(await tabNavigated(3, 'http://127.0.0.1:28080/auth/login')).toBe(false);
    expect(await instanceOfTab(3)).toBe(taskPage.instanceUrl);
    expect(await instanceOfTab(4)).toBeNull();
  });

  it('treats an address the browser hides (a site without access) as leaving Airflow', async () => {
    await recordTabContext(2, 10, dagPage);
    expect(await tabNavigated(2, undefined)).toBe(true);
    expect(await panelContextForWindow(10, 99)).toBeNull();
  });

  it('tells pages of the instance from other origins and other base paths', () => {
    expect(isInstancePage('http://127.0.0.1:28080/dags', 'http://127.0.0.1:28080/')).toBe(true);
    expect(isInstancePage('http://127.0.0.1:9999/dags', 'http://127.0.0.1:28080/')).toBe(false);
    expect(isInstancePage('https://host/other/dags', 'https://host/airflow/')).toBe(false);
    expect(isInstancePage('about:blank', 'https://host/airflow/')).toBe(false);
  });
});
