// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { describe, expect, it, vi } from 'vitest';
import { watchAirflowPageContext, type WatchContext } from './watch-page-context';
import type { PageContext } from './page-context';
import { loadManifest, loadPageHtml } from './__fixtures__/pages';
import { loadAirflow2Manifest, loadAirflow2Page } from './__fixtures__/pages/versions/2.10';

const manifest = loadManifest('base-path');
const page = (name: string) => manifest.pages.find((p) => p.name === name)!;

/** Puts a captured page into the live document, keeping the `<body>` element (it is observed). */
function show(name: string) {
  const parsed = new DOMParser().parseFromString(loadPageHtml('base-path', page(name)), 'text/html');
  // Copy the live lists first: adopting a node removes it from them.
  document.head.replaceChildren(...Array.from(parsed.head.childNodes).map((node) => document.adoptNode(node)));
  document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((node) => document.adoptNode(node)));
}

/** The parts of WXT's ContentScriptContext the watcher uses, on the test window. */
function fakeContext() {
  const onInvalidated: Array<() => void> = [];
  const ctx = {
    addEventListener: (target: EventTarget, type: string, handler: EventListener) => target.addEventListener(type, handler),
    setTimeout: (handler: () => void, ms: number) => window.setTimeout(handler, ms),
    onInvalidated: (callback: () => void) => {
      onInvalidated.push(callback);
      return () => {};
    },
  } as unknown as WatchContext;
  return { ctx, invalidate: () => onInvalidated.forEach((callback) => callback()) };
}

describe('watchAirflowPageContext (Airflow under /airflow/)', () => {
  it('reports the page, SPA navigations, dialogs, then null; each context once', async () => {
    show('dag-list');
    let url = page('dag-list').url;
    const reports: Array<PageContext | null> = [];
    const { ctx, invalidate } = fakeContext();
    watchAirflowPageContext(ctx, (context) => reports.push(context), document, () => url);
    expect(reports).toEqual([expect.objectContaining({ pageKind: 'dag_list', instanceUrl: manifest.instanceUrl })]);

    // SPA navigation (WXT's event) to a task instance; the log view renders afterwards.
    url = page('task-instance-encoded').url;
    window.dispatchEvent(new Event('wxt:locationchange'));
    expect(reports.at(-1)).toMatchObject({ pageKind: 'task_instance', taskId: 'transform' });
    expect(reports.at(-1)).not.toHaveProperty('tryNumber');
    show('task-instance-encoded');
    await vi.waitFor(() => expect(reports.at(-1)).toMatchObject({ pageKind: 'task_instance', tryNumber: 1 }));

    // A `#N` click.
    url = `${url}#4`;
    window.dispatchEvent(new Event('hashchange'));
    expect(reports.at(-1)).toMatchObject({ logLine: 4 });

    // Back on the Dag list, the import errors dialog opens and closes without a route change.
    url = page('dag-list-import-errors-dialog').url;
    show('dag-list-import-errors-dialog');
    await vi.waitFor(() => expect(reports.at(-1)).toMatchObject({ pageKind: 'import_errors' }));
    document.querySelector('[role="dialog"][data-scope="dialog"]')!.setAttribute('data-state', 'closed');
    await vi.waitFor(() => expect(reports.at(-1)).toMatchObject({ pageKind: 'dag_list' }));

    const count = reports.length;
    window.dispatchEvent(new Event('wxt:locationchange'));
    document.body.append(document.createElement('div'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reports).toHaveLength(count);

    invalidate();
    expect(reports.at(-1)).toBeNull();
  });

  it('leaves the auth manager login page alone', () => {
    show('login');
    const reports: unknown[] = [];
    watchAirflowPageContext(fakeContext().ctx, (context) => reports.push(context), document, () => page('login').url);
    expect(reports).toEqual([]);
  });
});

describe('watchAirflowPageContext (Airflow 2.10 pages)', () => {
  const af2 = loadAirflow2Manifest();
  const af2Page = (name: string) => af2.pages.find((p) => p.name === name)!;
  /** Puts a captured 2.10 page into the live document; `#root` brings its grid's shadow root along. */
  function showAirflow2(name: string) {
    const { doc } = loadAirflow2Page(name);
    document.documentElement.setAttribute('data-color-scheme', doc.documentElement.getAttribute('data-color-scheme') ?? 'light');
    document.head.replaceChildren(...Array.from(doc.head.childNodes).map((node) => document.adoptNode(node)));
    document.body.replaceChildren(...Array.from(doc.body.childNodes).map((node) => document.adoptNode(node)));
  }

  it("reports the grid's selection as it changes the query, and another try shown without any navigation", async () => {
    showAirflow2('task-instance-retries-latest');
    let url = af2Page('task-instance-retries-latest').url;
    const reports: Array<PageContext | null> = [];
    const { ctx, invalidate } = fakeContext();
    watchAirflowPageContext(ctx, (context) => reports.push(context), document, () => url);
    expect(reports).toEqual([expect.objectContaining({ instanceUrl: af2.instanceUrl, pageKind: 'task_instance', dagId: 'fail_retries', taskId: 'flaky_api_call', tryNumber: 3 })]);

    // The "1" try button: React rewrites the Download link inside the grid's shadow root.
    const download = document.getElementById('root')!.shadowRoot!.querySelector('a[href*="format=file"]')!;
    download.setAttribute('href', download.getAttribute('href')!.replace('try_number=3', 'try_number=1'));
    await vi.waitFor(() => expect(reports.at(-1)).toMatchObject({ tryNumber: 1 }));

    // The grid pushes another selection into the query string (WXT's location event).
    url = url.replace(/&task_id=[^&]*&tab=logs/, '');
    window.dispatchEvent(new Event('wxt:locationchange'));
    expect(reports.at(-1)).toMatchObject({ pageKind: 'dag_run', dagId: 'fail_retries', runId: af2.runs.fail_retries });
    expect(reports.at(-1)).not.toHaveProperty('taskId');

    invalidate();
    expect(reports.at(-1)).toBeNull();
    document.documentElement.removeAttribute('data-color-scheme');
  });

  it('reports the login page as an Airflow page without context', () => {
    showAirflow2('login');
    const reports: unknown[] = [];
    watchAirflowPageContext(fakeContext().ctx, (context) => reports.push(context), document, () => af2Page('login').url);
    expect(reports).toEqual([expect.objectContaining({ pageKind: 'other', tab: 'login' })]);
    document.documentElement.removeAttribute('data-color-scheme');
  });
});
