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

/**
 * Recognises the Airflow 2 (2.10/2.11) web UI: Flask-AppBuilder pages rendered by the server, the
 * grid a React app inside an open shadow root of `#root`. Every page of it, the login page
 * included, loads Airflow's webpack bundle `{base}static/dist/main.<hash>.js` and FAB's assets
 * under `{base}static/appbuilder/`; both are written with `url_for`, so their prefix is the
 * instance base (`[webserver] base_url`, e.g. `/airflow/`). The title is not trusted (it is
 * `[webserver] instance_name`). Returns the instance base URL, or null.
 */
export function detectAirflow2Ui(doc: Document, pageUrl: string = doc.URL): { instanceUrl: string } | null {
  const origin = new URL(pageUrl).origin;
  const assetPaths = Array.from(doc.querySelectorAll('script[src], link[href]'), (el) => {
    try {
      const url = new URL(el.getAttribute('src') ?? el.getAttribute('href')!, pageUrl);
      return url.origin === origin ? url.pathname : '';
    } catch {
      return '';
    }
  });
  for (const path of assetPaths) {
    const base = /^(.*\/)static\/dist\/main\.[0-9a-f]+\.js$/.exec(path)?.[1];
    if (base !== undefined && assetPaths.some((other) => other.startsWith(`${base}static/appbuilder/`))) return { instanceUrl: `${origin}${base}` };
  }
  return null;
}

export type AirflowUi = { generation: 2 | 3; instanceUrl: string };

/** The Airflow UI a page belongs to, Airflow 3's SPA or Airflow 2's Flask pages; null if neither. */
export function detectAirflowUi(doc: Document, pageUrl: string = doc.URL): AirflowUi | null {
  const ui3 = detectAirflow3Ui(doc, pageUrl);
  if (ui3) return { generation: 3, ...ui3 };
  const ui2 = detectAirflow2Ui(doc, pageUrl);
  return ui2 ? { generation: 2, ...ui2 } : null;
}
