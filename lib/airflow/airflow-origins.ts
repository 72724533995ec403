import { browser } from 'wxt/browser';
import { enabledAirflowOriginsItem } from '../storage/items';
import { BUILT_IN_ORIGIN_PATTERNS, originPatternFor } from '../browser/origin-patterns';

/**
 * Any Airflow, not just localhost: the user enables the extension on an Airflow origin, which
 * grants host permission at runtime (optional_host_permissions) and registers the content
 * script there; disabling removes both. Local instances are in the manifest and always on.
 */
export const CONTENT_SCRIPT_FILE = 'content-scripts/airflow.js';
export { BUILT_IN_ORIGIN_PATTERNS, originPatternFor };

const scriptIdFor = (pattern: string) => `airflow:${pattern}`;

/** Must run from a user gesture in an extension page (the browser asks the user). */
export async function enableAirflowOrigin(airflowUrl: string): Promise<{ enabled: boolean; pattern: string }> {
  const pattern = originPatternFor(airflowUrl);
  if (BUILT_IN_ORIGIN_PATTERNS.includes(pattern)) return { enabled: true, pattern };
  const granted = await browser.permissions.request({ origins: [pattern] });
  return { enabled: granted && (await enableGrantedAirflowOrigin(pattern)), pattern };
}

/**
 * The worker's half of enabling an origin, after the options page got the user's grant (the
 * prompt must come from the page's click): registers the content script and keeps the origin.
 * False when the grant is not held (nothing is registered then).
 */
export async function enableGrantedAirflowOrigin(pattern: string): Promise<boolean> {
  if (BUILT_IN_ORIGIN_PATTERNS.includes(pattern)) return true;
  if (!(await browser.permissions.contains({ origins: [pattern] }))) return false;
  await registerContentScript(pattern);
  const enabled = await enabledAirflowOriginsItem.getValue();
  if (!enabled.includes(pattern)) await enabledAirflowOriginsItem.setValue([...enabled, pattern]);
  return true;
}

/** Whether the extension may read answers from a URL's origin (built in, or granted): Airflow's or a model endpoint's. */
export async function hasHostPermission(url: string): Promise<boolean> {
  try {
    const pattern = originPatternFor(url);
    return BUILT_IN_ORIGIN_PATTERNS.includes(pattern) || (await browser.permissions.contains({ origins: [pattern] }));
  } catch {
    return false;
  }
}

export async function disableAirflowOrigin(pattern: string): Promise<void> {
  await unregisterContentScript(pattern);
  await browser.permissions.remove({ origins: [pattern] });
  await enabledAirflowOriginsItem.setValue((await enabledAirflowOriginsItem.getValue()).filter((p) => p !== pattern));
}

/**
 * Brings the registered content scripts in line with the permissions the user holds now (they
 * can also revoke access from the browser's own UI): run at worker start and on every change.
 */
export async function syncAirflowOrigins(): Promise<string[]> {
  const enabled = await enabledAirflowOriginsItem.getValue();
  const { origins = [] } = await browser.permissions.getAll();
  const kept = enabled.filter((pattern) => origins.includes(pattern));
  const registered = new Set((await browser.scripting.getRegisteredContentScripts()).map((script) => script.id));
  for (const pattern of kept) if (!registered.has(scriptIdFor(pattern))) await registerContentScript(pattern);
  for (const pattern of enabled.filter((p) => !kept.includes(p))) await unregisterContentScript(pattern);
  if (kept.length !== enabled.length) await enabledAirflowOriginsItem.setValue(kept);
  return kept;
}

async function registerContentScript(pattern: string) {
  const id = scriptIdFor(pattern);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length > 0) return;
  await browser.scripting.registerContentScripts([
    { id, matches: [pattern], js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
  ]);
}

async function unregisterContentScript(pattern: string) {
  const id = scriptIdFor(pattern);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [id] });
}
