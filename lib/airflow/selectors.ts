/**
 * Every DOM selector the extension uses on Airflow's pages, in one place, each with the UI
 * version it was read from. When Airflow's UI changes, this is the only file to touch.
 */
export const airflowSelectors = {
  /** The scroll container of the task log (3.1+: virtualized, `TaskLogContent.tsx`). */
  logList: '[data-testid="virtualized-list"]',
  /** A log row's line-number link, `<a id="N" href="…?try_number=T#N">` (3.0–3.3). */
  logLineLink: 'a[href*="try_number="]',
} as const;
