// @vitest-environment happy-dom
// The captured heads link stylesheets; happy-dom does not load them, quietly.
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { describe, expect, it } from 'vitest';
import { detectAirflow3Ui } from './detect-airflow-page';
import { DEPLOYMENTS, loadManifest, loadPageHtml } from './__fixtures__/pages';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe.each(DEPLOYMENTS)('detectAirflow3Ui on the pages captured at %s', (deployment) => {
  const manifest = loadManifest(deployment);

  it.each(manifest.pages.filter((p) => p.name !== 'login').map((page) => [page.name, page] as const))('%s', (_, page) => {
    expect(detectAirflow3Ui(parse(loadPageHtml(deployment, page)), page.url)).toEqual({ instanceUrl: manifest.instanceUrl });
  });

  it('does not take the auth manager login page (same shell, its own bundle) for the UI', () => {
    const login = manifest.pages.find((p) => p.name === 'login')!;
    const doc = parse(loadPageHtml(deployment, login));
    expect(doc.querySelector('script[type="module"]')?.getAttribute('src')).toMatch(/^\.\/auth\/static\/assets\/index-/);
    expect(detectAirflow3Ui(doc, login.url) !== null).toBe(false);
  });

  it('does not depend on the title (it is "{page} - {instance_name}")', () => {
    const page = manifest.pages.find((p) => p.name === 'dag')!;
    const doc = parse(loadPageHtml(deployment, page));
    doc.title = 'Production scheduler';
    expect(detectAirflow3Ui(doc, page.url) !== null).toBe(true);
  });
});

describe('detectAirflow3Ui, by markup alone', () => {
  it('rejects an ordinary page titled Airflow, with a root and a base', () => {
    const doc = parse(
      '<html><head><base href="/"><title>Airflow</title><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>',
    );
    expect(detectAirflow3Ui(doc, 'https://example.com/') !== null).toBe(false);
  });
});
