import { airflow2GridRoot, airflow2Selection, readAirflow2LogSelection } from './airflow2-log-view';
import { tryNumberOfLink } from './read-page-context';
import { airflowSelectors } from './selectors';

/**
 * What the user selected in the task log view. The view is virtualized (only the rows on screen,
 * plus a few, exist in the DOM), so the selection is reported as UI line numbers; the worker
 * reads the surrounding lines from the API (`apiIndexesForUiLines` of lib/logs/ui-log-lines.ts maps them back).
 */
export interface LogSelection {
  /** The selected text, row by row, without the line numbers (as the UI copies it). */
  text: string;
  /** UI line numbers (`<a id>`, `#N`) of the rows the selection touches, ascending. Group
   * headers and the "Task Identity" row have none. */
  uiLines: number[];
  /** The try the log view shows, from its line links' `?try_number=`. */
  tryNumber?: number;
}

/** The messaging protocol caps the text at this length. */
export const MAX_SELECTION_TEXT = 20_000;
/** And the line numbers at this many (Airflow 2's log tab holds the whole log: select-all can pass it). */
export const MAX_SELECTION_LINES = 5_000;

// Range.compareBoundaryPoints modes (numeric: the DOM constants are not on every global).
const START_TO_START = 0;
const END_TO_END = 2;

/**
 * Reads the selection in a task log list: null when nothing is selected or the selection does
 * not touch a log list. On Airflow 2's grid, the selection in its log tab: `uiLines` are then
 * line numbers of the plain-text log (lib/logs/ui-log-lines.ts `AIRFLOW2_UI_LOG_DIALECT`) and
 * `tryNumber` the try the tab shows. A row counts when some of its text is selected (partly selected rows
 * too); the text of rows outside the log list is left out.
 */
export function readLogSelection(doc: Document, given?: Selection | null): LogSelection | null {
  // Airflow 2: the log is one text block in the grid's shadow root (lib/airflow/airflow2-log-view.ts).
  const airflow2 = airflow2GridRoot(doc);
  if (airflow2) {
    const read = readAirflow2LogSelection(airflow2, given !== undefined ? given : (airflow2Selection(airflow2) ?? doc.getSelection()));
    if (!read) return null;
    const text = read.text.length > MAX_SELECTION_TEXT ? `${read.text.slice(0, MAX_SELECTION_TEXT - 1)}…` : read.text;
    return { ...read, text, uiLines: read.uiLines.slice(0, MAX_SELECTION_LINES) };
  }
  const selection = given !== undefined ? given : doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const lines = new Set<number>();
  const texts: string[] = [];
  let tryNumber: number | undefined;
  let touchedList = false;
  for (let r = 0; r < selection.rangeCount; r += 1) {
    const range = selection.getRangeAt(r);
    // The page's list, or the fullscreen dialog's copy of it: whichever holds the selection.
    for (const list of Array.from(doc.querySelectorAll(airflowSelectors.logList))) {
      if (!range.intersectsNode(list)) continue;
      touchedList = true;
      tryNumber ??= tryNumberOfLink(list.querySelector(airflowSelectors.logLineLink));
      for (const row of Array.from(list.querySelectorAll(airflowSelectors.logRow))) {
        if (!range.intersectsNode(row)) continue;
        const text = selectedTextOf(doc, range, row);
        if (!text.trim()) continue;
        texts.push(text);
        const line = lineNumberOf(row);
        if (line !== undefined) lines.add(line);
      }
    }
  }
  if (!touchedList) return null;
  let text = texts.length > 0 ? texts.join('\n') : selection.toString().trim();
  if (!text) return null;
  if (text.length > MAX_SELECTION_TEXT) text = `${text.slice(0, MAX_SELECTION_TEXT - 1)}…`;
  return { text, uiLines: [...lines].sort((a, b) => a - b), ...(tryNumber !== undefined ? { tryNumber } : {}) };
}

/** The row's UI line number, from its line-number link. */
function lineNumberOf(row: Element): number | undefined {
  const id = row.querySelector(airflowSelectors.logLineLink)?.getAttribute('id');
  return id && /^\d+$/.test(id) ? Number(id) : undefined;
}

/**
 * The part of `row` inside `range`, as text: without the line-number link (`user-select: none`
 * in the UI) and without the hidden body of a closed `<details>` (a folded traceback).
 */
function selectedTextOf(doc: Document, range: Range, row: Element): string {
  const rowRange = doc.createRange();
  rowRange.selectNodeContents(row);
  const part = doc.createRange();
  if (range.compareBoundaryPoints(START_TO_START, rowRange) > 0) part.setStart(range.startContainer, range.startOffset);
  else part.setStart(rowRange.startContainer, rowRange.startOffset);
  if (range.compareBoundaryPoints(END_TO_END, rowRange) < 0) part.setEnd(range.endContainer, range.endOffset);
  else part.setEnd(rowRange.endContainer, rowRange.endOffset);
  if (part.collapsed) return '';
  const fragment = part.cloneContents();
  for (const link of Array.from(fragment.querySelectorAll(airflowSelectors.logLineLink))) link.remove();
  for (const details of Array.from(fragment.querySelectorAll('details:not([open])'))) {
    for (const child of Array.from(details.children)) if (child.tagName !== 'SUMMARY') child.remove();
  }
  return (fragment.textContent ?? '').replace(/\s+$/, '');
}
