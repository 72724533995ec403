import { browser } from 'wxt/browser';
import { BUILT_IN_ORIGIN_PATTERNS, originPatternFor } from '../airflow/airflow-origins';

/**
 * A model endpoint the user typed (a gateway, Ollama on another machine) may not answer the
 * extension's cross-origin requests: a host permission for that origin only lets the worker read
 * the answers. Loopback hosts are in the manifest already; cloud providers' own endpoints allow
 * cross-origin requests and need none. Must run from a user gesture in an extension page.
 */
export async function requestModelEndpointAccess(baseURL: string): Promise<{ granted: boolean; pattern: string | null }> {
  if (!baseURL.trim()) return { granted: true, pattern: null };
  const pattern = originPatternFor(baseURL);
  if (BUILT_IN_ORIGIN_PATTERNS.includes(pattern)) return { granted: true, pattern };
  // Asked straight away (no await before it): Firefox honours the request only inside the gesture.
  // An origin already granted resolves true without asking again.
  return { granted: await browser.permissions.request({ origins: [pattern] }), pattern };
}
