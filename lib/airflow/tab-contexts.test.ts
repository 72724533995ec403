import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageContext } from './page-context';
import { forgetTab, panelContextForWindow, recordTabContext } from './tab-contexts';

const taskPage: PageContext = {
  instanceUrl: 'http://127.0.0.1:28080/',
  pageUrl: 'http://127.0.0.1:28080/dags/d/runs/r/tasks/t',
  pageKind: 'task_instance',
  dagId: 'd',
  runId: 'r',
  taskId: 't',
  mapIndex: -1,
  tryNumber: 1,
};
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
