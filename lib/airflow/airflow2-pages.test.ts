// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { describe, expect, it } from 'vitest';
import { detectAirflow2Ui, detectAirflow3Ui, detectAirflowUi } from './detect-airflow-page';
import { readPageContext } from './read-page-context';
import { readColorMode } from './color-mode';
import { loadAirflow2Manifest, loadAirflow2Page } from './__fixtures__/pages/versions/2.10';

/**
 * Pages of a real Airflow 2.10.5 (__fixtures__/pages/versions/2.10): the extension recognises the
 * Flask UI and reads the same page context from it as from Airflow 3's.
 */
const manifest = loadAirflow2Manifest();
const runs = manifest.runs;
const read = (name: string) => {
  const { doc, url } = loadAirflow2Page(name);
  return readPageContext(doc, url);
};

describe('pages of Airflow 2.10', () => {
  it('is the version it says', () => {
    expect(manifest.airflowVersion).toMatch(/^2\.10\./);
  });

  it.each(manifest.pages.map((p) => p.name))('%s is recognised as the Airflow 2 UI, with its instance URL, and not as Airflow 3', (name) => {
    const { doc, url } = loadAirflow2Page(name);
    expect(detectAirflow2Ui(doc, url)).toEqual({ instanceUrl: manifest.instanceUrl });
    expect(detectAirflow3Ui(doc, url)).toBeNull();
    expect(detectAirflowUi(doc, url)).toEqual({ generation: 2, instanceUrl: manifest.instanceUrl });
  });

  it('does not depend on the title', () => {
    const { doc, url } = loadAirflow2Page('home');
    doc.title = 'Production scheduler';
    expect(detectAirflow2Ui(doc, url)).not.toBeNull();
  });

  it('reads the login page as an Airflow page without context', () => {
    expect(read('login')).toEqual({ instanceUrl: manifest.instanceUrl, pageUrl: expect.stringContaining('/login/'), pageKind: 'other', tab: 'login' });
  });

  it('reads the Dag list, a Dag and a run from the grid', () => {
    expect(read('home')).toMatchObject({ pageKind: 'dag_list' });
    expect(read('dag')).toEqual({ instanceUrl: manifest.instanceUrl, pageUrl: expect.any(String), pageKind: 'dag', dagId: 'fail_python_exception' });
    expect(read('dag-run')).toMatchObject({ pageKind: 'dag_run', dagId: 'fail_python_exception', runId: runs.fail_python_exception });
  });

  it("reads the failed task instance on its Logs tab as the log view, with the try the Download link names", () => {
    const context = read('task-instance-logs');
    expect(context).toMatchObject({ pageKind: 'task_instance', dagId: 'fail_python_exception', runId: runs.fail_python_exception, taskId: 'transform', mapIndex: -1, tryNumber: 1 });
    expect(context).not.toHaveProperty('tab');
  });

  it('reads the try shown after another try button was pressed (the URL does not change)', () => {
    const latest = read('task-instance-retries-latest');
    const first = read('task-instance-retries-try1');
    expect(first!.pageUrl).toBe(latest!.pageUrl);
    expect(latest).toMatchObject({ pageKind: 'task_instance', dagId: 'fail_retries', taskId: 'flaky_api_call', tryNumber: 3 });
    expect(first).toMatchObject({ pageKind: 'task_instance', dagId: 'fail_retries', taskId: 'flaky_api_call', tryNumber: 1 });
  });

  it("reads a mapped task's summary from the DOM (its URL looks like an unmapped task instance's)", () => {
    const context = read('mapped-task-list');
    expect(context).toEqual({
      instanceUrl: manifest.instanceUrl,
      pageUrl: expect.any(String),
      pageKind: 'mapped_task_list',
      dagId: 'fail_mapped',
      runId: runs.fail_mapped,
      taskId: 'process_partition',
    });
  });

  it('reads a mapped instance on its log (the grid keeps `tab=mapped_tasks`, which is the Logs tab there)', () => {
    const context = read('mapped-task-instance-logs');
    expect(context).toMatchObject({ pageKind: 'task_instance', dagId: 'fail_mapped', runId: runs.fail_mapped, taskId: 'process_partition', mapIndex: 1, tryNumber: 1 });
    expect(context).not.toHaveProperty('tab');
  });

  it('reads the legacy log page: no run id in its URL, the try from its active pill', () => {
    const context = read('legacy-log');
    expect(context).toMatchObject({ pageKind: 'task_instance', dagId: 'fail_python_exception', taskId: 'transform', mapIndex: -1, tryNumber: 1 });
    expect(context).not.toHaveProperty('runId');
  });

  it('reads the color mode from data-color-scheme, not from the grid\'s Chakra (always "light")', () => {
    const { doc } = loadAirflow2Page('dag');
    expect(doc.documentElement.getAttribute('data-theme')).toBe('light');
    expect(readColorMode(doc)).toBe('light');
    doc.documentElement.setAttribute('data-color-scheme', 'dark');
    expect(readColorMode(doc)).toBe('dark');
  });
});

describe('pages of Airflow 2.10 under [webserver] base_url /airflow/', () => {
  const based = loadAirflow2Manifest('base-path');
  it.each(based.pages.map((p) => p.name))('%s has the base path in its instance URL', (name) => {
    const { doc, url } = loadAirflow2Page(name, 'base-path');
    expect(based.instanceUrl).toMatch(/\/airflow\/$/);
    expect(detectAirflow2Ui(doc, url)).toEqual({ instanceUrl: based.instanceUrl });
  });

  it('reads the failed task instance', () => {
    const { doc, url } = loadAirflow2Page('task-instance-logs', 'base-path');
    expect(readPageContext(doc, url)).toMatchObject({ instanceUrl: based.instanceUrl, pageKind: 'task_instance', dagId: 'fail_python_exception', runId: based.runs.fail_python_exception, taskId: 'transform', tryNumber: 1 });
    const login = loadAirflow2Page('login', 'base-path');
    expect(readPageContext(login.doc, login.url)).toMatchObject({ pageKind: 'other', tab: 'login' });
  });
});
