// @vitest-environment happy-dom
// The captured heads link stylesheets; happy-dom does not load them, quietly.
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { describe, expect, it } from 'vitest';
import { readPageContext } from './read-page-context';
import { DEPLOYMENTS, DOM_EXTRAS, EXPECTED_ROUTES, loadManifest, loadPageHtml } from './__fixtures__/pages';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe.each(DEPLOYMENTS)('readPageContext on the pages captured at %s', (deployment) => {
  const manifest = loadManifest(deployment);

  it.each(manifest.pages.map((page) => [page.name, page] as const))('%s', (name, page) => {
    const doc = parse(loadPageHtml(deployment, page));
    const route = EXPECTED_ROUTES[name]!(manifest.runs);
    const expected = route && { instanceUrl: manifest.instanceUrl, pageUrl: page.url, ...route, ...DOM_EXTRAS[name] };
    expect(readPageContext(doc, page.url)).toEqual(expected);
  });

  it('passes the version through', () => {
    const page = manifest.pages.find((p) => p.name === 'dag')!;
    expect(readPageContext(parse(loadPageHtml(deployment, page)), page.url, '3.3.2')).toMatchObject({ airflowVersion: '3.3.2' });
  });
});

describe('dialogs', () => {
  const manifest = loadManifest('root');
  const load = (name: string) => {
    const page = manifest.pages.find((p) => p.name === name)!;
    return { doc: parse(loadPageHtml('root', page)), url: page.url };
  };

  it('goes back to the page kind once the dialog is closed', () => {
    const { doc, url } = load('dag-list-import-errors-dialog');
    doc.querySelector('[role="dialog"][data-scope="dialog"]')!.setAttribute('data-state', 'closed');
    expect(readPageContext(doc, url)?.pageKind).toBe('dag_list');
  });

  it('knows the import errors dialog by its structure in any language', () => {
    const { doc, url } = load('home-import-errors-dialog');
    doc.querySelector('[role="dialog"] h2')!.textContent = 'Erreurs d’importation de Dag';
    expect(readPageContext(doc, url)?.pageKind).toBe('import_errors');
    // … and by its English title if the structure changes.
    doc.querySelector('[role="dialog"] [data-scope="accordion"]')!.remove();
    doc.querySelector('[role="dialog"] h2')!.textContent = '1 Dag Import Error';
    expect(readPageContext(doc, url)?.pageKind).toBe('import_errors');
  });

  it('does not take the fullscreen log or closed popovers (also role="dialog") for one', () => {
    const { doc } = load('task-instance-fullscreen-log');
    expect(doc.querySelectorAll('[role="dialog"]').length).toBeGreaterThan(1);
    expect(doc.querySelectorAll('[role="dialog"][data-state="closed"]').length).toBeGreaterThan(0);
  });
});
