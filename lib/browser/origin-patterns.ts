/**
 * Host-permission match patterns, pure (no browser call): the options page computes the pattern
 * to ask the user for inside the click that asks (the browser's permission prompt must come
 * from the user's gesture), and the worker uses the same patterns when it registers scripts.
 */

/** Local Airflow and local model endpoints: in the manifest, always granted. */
export const BUILT_IN_ORIGIN_PATTERNS = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * The match pattern for a URL: scheme and host, every port and path. (Firefox's match patterns
 * take no port, so none is used anywhere.)
 */
export function originPatternFor(url: string): string {
  const parsed = new URL(url.trim());
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('Airflow runs on http or https.');
  return `${parsed.protocol}//${parsed.hostname}/*`;
}
