/**
 * Shows one log line in the Airflow 3 log viewer, also when it is folded into a collapsed group.
 *
 * The viewer's `#N` only scrolls to line N when its row is visible: groups start collapsed and
 * the hash never opens them (lib/logs/ui-log-lines.ts, rule 4), so a citation of a line in
 * the "Pre Execute" group (a template error, a log that stops before the group closes) lands
 * nowhere. The content script calls this for the page's `#N`: it opens the group that holds N
 * (and the groups nested in it), scrolls the virtualized list until the row is rendered, puts it
 * in the middle of the view and highlights it. The page's own rows and state are only clicked,
 * never rewritten. Checked against the running Airflow 3.3.2 (e2e/citations.spec.ts).
 */
import { airflowSelectors } from './selectors';

/** Marks the row the extension highlighted (the style is set inline; Chakra classes are generated). */
export const REVEALED_ROW_ATTRIBUTE = 'data-assistant-revealed-line';

export type RevealOutcome = 'shown' | 'no-log' | 'not-found';

export interface RevealOptions {
  /** How long to wait for the log list and its rows (ms). */
  timeoutMs?: number;
  /** Waits between DOM steps; the list re-renders asynchronously (tests pass a fake). */
  wait?: (ms: number) => Promise<void>;
}

const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The line number of a rendered row, or null for a header or the "Task Identity" row. */
function rowLine(row: Element): number | null {
  const link = row.querySelector(airflowSelectors.logLineLink);
  const id = link?.getAttribute('id');
  return id !== null && id !== undefined && /^\d+$/.test(id) ? Number(id) : null;
}

function rowIndex(row: Element): number {
  return Number(row.getAttribute('data-index') ?? -1);
}

function renderedRows(list: Element): Element[] {
  return [...list.querySelectorAll(airflowSelectors.logRow)].sort((a, b) => rowIndex(a) - rowIndex(b));
}

function isCollapsedHeader(row: Element): boolean {
  return row.matches(airflowSelectors.logGroupHeader) && (row.textContent ?? '').trimStart().startsWith('▶');
}

function findLineRow(list: Element, line: number): Element | null {
  return list.querySelector(`a[id="${line}"]`)?.closest(airflowSelectors.logRow) ?? null;
}

/**
 * The collapsed header among the rendered rows whose group must hold `line`: the numbered rows
 * around it bracket the numbers folded inside (a group's lines are numbered between the line
 * before its header and the line after it).
 */
function headerHolding(rows: Element[], line: number): Element | null {
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    if (!isCollapsedHeader(row)) continue;
    let before = -1;
    for (let j = i - 1; j >= 0 && before < 0; j -= 1) before = rowLine(rows[j]!) ?? -1;
    let after: number | null = null;
    for (let j = i + 1; j < rows.length && after === null; j += 1) after = rowLine(rows[j]!);
    if (line > before && (after === null || line < after)) return row;
  }
  return null;
}

/** Opens groups and scrolls until line `line` is rendered, then centres and highlights it. */
export async function revealLogLine(doc: Document, line: number, opts: RevealOptions = {}): Promise<RevealOutcome> {
  const wait = opts.wait ?? defaultWait;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let list: Element | null = null;
  while (!(list = doc.querySelector(airflowSelectors.logList)) || renderedRows(list).length === 0) {
    if (Date.now() > deadline) return 'no-log';
    await wait(100);
  }
  const opened = new Set<string>();
  // Each step either finds the row, opens one group, or scrolls once; bounded by the deadline.
  while (Date.now() <= deadline) {
    // The UI may render a new list element (React re-renders): look it up on every step.
    list = doc.querySelector(airflowSelectors.logList) ?? list;
    const row = findLineRow(list, line);
    if (row) {
      highlight(doc, row);
      return 'shown';
    }
    const rows = renderedRows(list);
    const header = headerHolding(rows, line);
    const key = header?.getAttribute('data-testid');
    if (header && key && !opened.has(`${key}:${header.textContent}`)) {
      opened.add(`${key}:${header.textContent}`);
      (header.querySelector('[data-testid^="summary-"]') ?? header).dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await wait(50);
      continue;
    }
    // Not among the rendered rows: scroll towards it (rows are numbered in order).
    const numbers = rows.map(rowLine).filter((n): n is number => n !== null);
    const scroller = list as HTMLElement;
    const down = numbers.length === 0 || line > Math.max(...numbers) || (header !== null && line > Math.min(...numbers));
    const before = scroller.scrollTop;
    scroller.scrollTop = before + (down ? 1 : -1) * Math.max(200, scroller.clientHeight * 0.8);
    if (scroller.scrollTop === before && !header) return 'not-found';
    await wait(50);
  }
  return 'not-found';
}

function highlight(doc: Document, row: Element): void {
  for (const old of doc.querySelectorAll(`[${REVEALED_ROW_ATTRIBUTE}]`)) {
    old.removeAttribute(REVEALED_ROW_ATTRIBUTE);
    (old as HTMLElement).style.removeProperty('outline');
    (old as HTMLElement).style.removeProperty('background-color');
  }
  row.setAttribute(REVEALED_ROW_ATTRIBUTE, 'true');
  const style = (row as HTMLElement).style;
  style.setProperty('outline', '2px solid #f5a623');
  style.setProperty('background-color', 'rgba(245, 166, 35, 0.18)');
  row.scrollIntoView({ block: 'center' });
}

/** The `#N` of a task log page's URL, when it names a line. */
export function logLineOfHash(hash: string): number | null {
  return /^#\d+$/.test(hash) ? Number(hash.slice(1)) : null;
}

/** True when the UI itself shows line `line`: its row is rendered (the UI scrolled to it) and not folded. */
export function lineIsShown(doc: Document, line: number): boolean {
  const list = doc.querySelector(airflowSelectors.logList);
  return !!list && !!findLineRow(list, line);
}

/**
 * For the page's `#N` (a cited line opened from the panel, or a link opened in a new tab): once the
 * log is rendered, leaves it to the UI when the UI shows the line itself, else reveals it.
 */
export async function revealCitedLine(doc: Document, hash: string, opts: RevealOptions & { settleMs?: number } = {}): Promise<RevealOutcome | 'left-to-the-ui' | null> {
  const line = logLineOfHash(hash);
  if (line === null) return null;
  const wait = opts.wait ?? defaultWait;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  while (!doc.querySelector(airflowSelectors.logList)?.querySelector(airflowSelectors.logRow)) {
    if (Date.now() > deadline) return 'no-log';
    await wait(100);
  }
  // The UI scrolls to a visible line by itself on the same render; give it that render.
  await wait(opts.settleMs ?? 300);
  if (lineIsShown(doc, line)) return 'left-to-the-ui';
  return revealLogLine(doc, line, { ...opts, timeoutMs: Math.max(1_000, deadline - Date.now()) });
}
