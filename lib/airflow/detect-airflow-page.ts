import { instanceUrlFromBaseHref } from './page-context';

/**
 * Recognises the Airflow 3 single-page UI from its DOM, without trusting the title (it is
 * configurable through `[api] instance_name`, and the UI rewrites it per page). Markers, as
 * served by Airflow 3.3.2 (`airflow/ui/dist/index.html`, captured in `__fixtures__/pages/`):
 * `<base href>` (the instance base), `<div id="root">`, and the module bundle at
 * `{base}static/assets/index-<hash>.js`. The auth manager's login page has the same shell but
 * its bundle lives under `{base}auth/static/`, so it is not taken for the UI.
 *
 * Only the DOM is read here (content script). The worker confirms the instance and learns its
 * version from the unauthenticated version endpoint (`instance-version.ts`).
 * Returns the instance base URL, or null.
 */
export function detectAirflow3Ui(doc: Document, pageUrl: string = doc.URL): { instanceUrl: string } | null {
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href');
  if (baseHref === undefined || baseHref === null || doc.getElementById('root') === null) return null;
  let instanceUrl: string;
  try {
    instanceUrl = instanceUrlFromBaseHref(baseHref, pageUrl);
  } catch {
    return null;
  }
  const bundlePrefix = `${instanceUrl}static/assets/`;
  const hasBundle = Array.from(doc.querySelectorAll('script[type="module"][src]')).some((script) => {
    try {
      const src = new URL(script.getAttribute('src')!, instanceUrl).href;
      return src.startsWith(bundlePrefix) && /^index-[\w-]+\.js$/.test(src.slice(bundlePrefix.length));
    } catch {
      return false;
    }
  });
  return hasBundle ? { instanceUrl } : null;
}

export function looksLikeAirflow3Ui(doc: Document, pageUrl: string = doc.URL): boolean {
  return detectAirflow3Ui(doc, pageUrl) !== null;
}
