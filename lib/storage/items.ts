import { storage } from 'wxt/utils/storage';
import type { PageContext } from '../airflow/page-context';

/**
 * Every value the extension stores, declared once. `session:` items live only as long as the
 * browser session (and survive the MV3 worker being suspended); `local:` items persist.
 */

/** The last page context each tab reported, keyed by tab id. */
export const tabContextsItem = storage.defineItem<Record<string, PageContext>>('session:tabContexts', {
  fallback: {},
});

/** The Airflow tab the user looked at most recently, per window: the panel follows it. */
export const lastAirflowTabByWindowItem = storage.defineItem<Record<string, number>>('session:lastAirflowTabByWindow', {
  fallback: {},
});
