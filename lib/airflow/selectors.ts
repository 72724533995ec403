/**
 * Every DOM selector the extension uses on Airflow's pages, in one place, each with the UI
 * version it was read from. When Airflow's UI changes, this is the only file to touch.
 * Checked against pages captured from Airflow 3.3.2 (`__fixtures__/pages/`, written by
 * `scripts/capture-page-fixtures.ts`). Chakra v3 class names are generated, so these rely on
 * `data-testid`, roles and the `data-scope`/`data-part` attributes of Chakra's Ark UI parts.
 */
export const airflowSelectors = {
  /** The scroll container of the task log (3.1+: virtualized, `TaskLogContent.tsx`). 3.0 has no
   * testid on its (not virtualized) list and is not supported. */
  logList: '[data-testid="virtualized-list"]',
  /** A rendered log row that is a line (`data-testid="virtualized-item-{row}"`) or a group
   * header (`group-header-{row}`); the "Task Identity" row is a line row without a number. */
  logRow: '[data-testid^="virtualized-item-"], [data-testid^="group-header-"]',
  /** A group header row of the log (3.3.2: `<div data-testid="group-header-{row}"><span
   * data-testid="summary-{name}">▶ {name}</span></div>`; ▶ collapsed, ▼ open; a click toggles it). */
  logGroupHeader: '[data-testid^="group-header-"]',
  /** A log row's line-number link, `<a id="N" data-copy-exclude="true" href="…?try_number=T#N">N</a>`
   * (3.3.2). `user-select: none`: the number is never part of the selected text. */
  logLineLink: 'a[id][href*="try_number="]',
  /** An open modal dialog. Chakra popovers (hover cards, menus) are `role="dialog"` too and stay
   * in the DOM when closed, but they are `data-scope="popover"`. */
  openDialog: '[role="dialog"][data-scope="dialog"][data-state="open"]',
  /** Inside a dialog: one Dag warning (3.3.2; rendered on the Dag page). */
  dagWarning: '[data-testid="warning-alert"]',
  /** Inside a dialog: one entry of the Dag import errors list (3.3.2; dashboard and Dag list),
   * an accordion item whose trigger holds the file name and a copy-to-clipboard button. */
  importErrorEntry: '[data-scope="accordion"][data-part="item"] [data-scope="clipboard"]',
  /** The dialog's title. */
  dialogTitle: 'h2',
} as const;

/** English title of the import errors dialog ("Dag Import Error(s)", 3.3.2 `en` locale), used only
 * when the structure above is not found. (The Dag warnings dialog of 3.3.2 has an empty title.) */
export const importErrorsDialogTitle = /\bdag import errors?\b/i;
