/**
 * Recognises the Airflow 3 single-page UI from its DOM, without trusting the title (it is
 * configurable through `[api] instance_name`). Markers come from `airflow-core/src/airflow/ui/index.html`
 * as built by its Vite config: `<base href>`, `<div id="root">` and the module bundle under
 * `static/assets/`.
 */
export function looksLikeAirflow3Ui(doc: Document): boolean {
  const hasBase = doc.querySelector('base[href]') !== null;
  const hasRoot = doc.getElementById('root') !== null;
  const hasBundle = Array.from(doc.querySelectorAll<HTMLScriptElement>('script[type="module"][src]')).some((script) =>
    /(^|\/)static\/assets\/index-[^/]*\.js$/.test(script.getAttribute('src') ?? ''),
  );
  return hasBase && hasRoot && hasBundle;
}

/** The version endpoint needs no authentication and exists only on Airflow 3 (`/api/v2`). */
export function airflowVersionUrl(instanceUrl: string): string {
  return new URL('api/v2/version', instanceUrl).href;
}

export function parseAirflowVersion(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const version = (body as { version?: unknown }).version;
  return typeof version === 'string' && /^3\./.test(version) ? version : null;
}
