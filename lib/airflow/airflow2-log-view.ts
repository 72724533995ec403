/**
 * The task log in Airflow 2's grid (the log tab of `{base}dags/{dag}/grid?…&tab=logs`): finding a
 * cited line in it, showing it, and reading what the user selected there.
 *
 * What the 2.10.5 UI renders (its sources ship in the wheel, `airflow/www/static/js/dag/details/
 * taskInstance/Logs/`; checked in headless Chromium, fixtures in `__fixtures__/airflow2-log-tab/`):
 * - The grid's React tree lives in the OPEN shadow root of `#root`: `document.querySelector` does
 *   not see it.
 * - The log is ONE text block: `<code class="chakra-code"><div>{every line of the plain-text log,
 *   joined by \n, as HTML}</div><div/></code>` (the `<code>` scrolls). No rows, no numbers, no
 *   anchors, no `#N` of its own: line N (0-based, the numbering of lib/logs/ui-log-lines.ts's
 *   `AIRFLOW2_UI_LOG_DIALECT`) is the text after the N-th `\n` of the block's text.
 * - Lines are plain text, or wrapped in coloured `<span>`s (error and warning keywords); a group
 *   start line ends in `<span id="{g}_unfold">▶ name</span><span style="display:none;"><span
 *   id="{g}_fold">▼ name</span>` and that hidden span holds the group's lines up to the group end.
 *   Groups start folded; a click on `{g}_unfold` unfolds (the block's own click handler).
 * - Tries: the URL cannot choose one. With 2+ tries the tab shows buttons
 *   `[data-testid="log-attempt-select-button-N"]` (a `<select>` past 10 tries); the try shown is the
 *   `try_number=` of the tab's "Download" link (`…get_logs_with_metadata?…&try_number=N&format=file`).
 *
 * The extension never rewrites the UI's text: the cited line's text nodes are split and wrapped in
 * marker spans (`REVEALED_ROW_ATTRIBUTE`), which the UI's own re-render simply replaces.
 */
import { REVEALED_ROW_ATTRIBUTE, type RevealOptions, type RevealOutcome } from './reveal-log-line';

export const airflow2GridSelectors = {
  /** The element whose open shadow root holds the grid app. */
  shadowHost: '#root',
  /** A meta tag only Airflow 2's Dag pages (grid, graph) carry. */
  gridPageMeta: 'meta[name="task_log_api"]',
  /** The log block: the `<div>` the UI fills with the log's HTML. */
  logText: 'code.chakra-code > div:first-child',
  tryButton: (tryNumber: number) => `[data-testid="log-attempt-select-button-${tryNumber}"]`,
  /** The tab's "Download" link: its `try_number` is the try shown. */
  downloadLink: 'a[href*="format=file"][href*="try_number="]',
} as const;

const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The grid app's shadow root on an Airflow 2 Dag page, or null elsewhere. */
export function airflow2GridRoot(doc: Document): ShadowRoot | null {
  if (!doc.querySelector(airflow2GridSelectors.gridPageMeta)) return null;
  return doc.querySelector(airflow2GridSelectors.shadowHost)?.shadowRoot ?? null;
}

/** True on an Airflow 2 grid (or graph) page. */
export function isAirflow2GridPage(doc: Document): boolean {
  return airflow2GridRoot(doc) !== null;
}

function logTextOf(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>(airflow2GridSelectors.logText);
}

/** The try whose log the tab shows, from its "Download" link; null when the tab shows none. */
export function shownTryNumber(root: ParentNode): number | null {
  const href = root.querySelector(airflow2GridSelectors.downloadLink)?.getAttribute('href');
  const found = href ? /[?&]try_number=(\d+)/.exec(href) : null;
  return found ? Number(found[1]) : null;
}

interface TextPiece {
  node: Text;
  start: number;
  end: number;
}

/** The text nodes of the block, in document order (hidden ones too: folding only hides). */
function textNodes(block: Element): Text[] {
  const doc = block.ownerDocument;
  const walker = doc.createTreeWalker(block, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** The pieces of text nodes that make line `line` (without its `\n`); null past the last line. */
export function linePieces(block: Element, line: number): TextPiece[] | null {
  if (!Number.isInteger(line) || line < 0) return null;
  let current = 0;
  const pieces: TextPiece[] = [];
  for (const node of textNodes(block)) {
    const text = node.data;
    let from = 0;
    while (from <= text.length) {
      const newline = text.indexOf('\n', from);
      const to = newline < 0 ? text.length : newline;
      if (current === line && to > from) pieces.push({ node, start: from, end: to });
      if (newline < 0) break;
      if (current === line) return pieces;
      current += 1;
      from = newline + 1;
    }
  }
  return current === line ? pieces : null;
}

/** True when an element between `node` and the block is hidden by the UI (a folded group). */
function hiddenIn(node: Node, block: Element): boolean {
  for (let el = node.parentElement; el && el !== block; el = el.parentElement) {
    if (el.style.display === 'none') return true;
  }
  return false;
}

/** Unfolds every folded group around `node` with the UI's own "▶" headers, outermost first. */
async function unfoldAround(node: Node, block: Element, wait: (ms: number) => Promise<void>): Promise<void> {
  const folded: HTMLElement[] = [];
  for (let el = node.parentElement; el && el !== block; el = el.parentElement) {
    const header = el.previousElementSibling as HTMLElement | null;
    if (el.style.display === 'none' && header?.id.endsWith('_unfold')) folded.unshift(header);
  }
  for (const header of folded) {
    header.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    await wait(0);
  }
}

function clearMarks(root: ParentNode): void {
  for (const mark of Array.from(root.querySelectorAll(`span[${REVEALED_ROW_ATTRIBUTE}]`))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    mark.remove();
    parent.normalize();
  }
}

/** Wraps each piece of the line in a marker span (last piece first: splitting keeps earlier offsets). */
function markLine(doc: Document, pieces: TextPiece[], line: number): HTMLElement[] {
  const marks: HTMLElement[] = [];
  for (const piece of [...pieces].reverse()) {
    const mark = doc.createElement('span');
    mark.setAttribute(REVEALED_ROW_ATTRIBUTE, String(line));
    mark.style.setProperty('background-color', 'rgba(245, 166, 35, 0.35)');
    mark.style.setProperty('box-shadow', '0 0 0 2px rgba(245, 166, 35, 0.9)');
    const range = doc.createRange();
    range.setStart(piece.node, piece.start);
    range.setEnd(piece.node, piece.end);
    range.surroundContents(mark);
    marks.unshift(mark);
  }
  return marks;
}

/** Selects try `tryNumber` with the tab's own try button (or list); true once its log is shown. */
async function selectTry(root: ShadowRoot, tryNumber: number, deadline: number, wait: (ms: number) => Promise<void>): Promise<boolean> {
  if (shownTryNumber(root) === tryNumber) return true;
  // The buttons come with the try history, which the tab may load after the log of the latest try.
  let button: HTMLElement | null = null;
  let list: HTMLSelectElement | undefined;
  for (;;) {
    button = root.querySelector<HTMLElement>(airflow2GridSelectors.tryButton(tryNumber));
    list = Array.from(root.querySelectorAll('select')).find((s) => Array.from(s.options).some((o) => o.value === String(tryNumber)));
    if (button || list) break;
    if (Date.now() > deadline) return false;
    await wait(100);
  }
  if (button) button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
  else if (list) {
    list.value = String(tryNumber);
    list.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }
  // The link changes with the UI's state at once; the log of that try loads after it.
  while (shownTryNumber(root) !== tryNumber) {
    if (Date.now() > deadline) return false;
    await wait(50);
  }
  return true;
}

/**
 * Shows line `line` of try `tryNumber` (null: the try shown) in the grid's log tab: selects the
 * try with the UI's own button, waits for its log, unfolds the groups around the line with the
 * UI's own headers, marks the line and scrolls it to the middle of the log block.
 */
export async function revealAirflow2LogLine(doc: Document, line: number, tryNumber: number | null, opts: RevealOptions & { settleMs?: number } = {}): Promise<RevealOutcome> {
  const wait = opts.wait ?? defaultWait;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const root = airflow2GridRoot(doc);
  if (!root) return 'no-log';
  const logShown = async (): Promise<HTMLElement | null> => {
    let block: HTMLElement | null;
    while (!(block = logTextOf(root)) || shownTryNumber(root) === null) {
      if (Date.now() > deadline) return null;
      await wait(100);
    }
    return block;
  };
  if (!(await logShown())) return 'no-log';
  if (tryNumber !== null && !(await selectTry(root, tryNumber, deadline, wait))) return 'not-found';
  // The log of the try (after a try change: once loaded), then the UI's own scroll to the end.
  if (!(await logShown())) return 'no-log';
  await wait(opts.settleMs ?? 300);
  const block = logTextOf(root);
  if (!block) return 'no-log';
  clearMarks(root);
  const first = linePieces(block, line);
  if (!first) return 'not-found';
  if (first[0] && hiddenIn(first[0].node, block)) await unfoldAround(first[0].node, block, wait);
  // Unfolding only changes styles; the text nodes stay, but read them again in case the UI re-rendered.
  const current = logTextOf(root) ?? block;
  const pieces = linePieces(current, line) ?? [];
  const marks = markLine(doc, pieces, line);
  const target = marks[0] ?? current;
  target.scrollIntoView({ block: 'center' });
  return marks.length > 0 || pieces.length === 0 ? 'shown' : 'not-found';
}

/** `#N` and `try_number=T` of a citation URL of the grid's log tab (see `logLineUiUrl`). */
export function citedLineOfUrl(href: string): { line: number; tryNumber: number | null } | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!/^#\d+$/.test(url.hash)) return null;
  const tryParam = url.searchParams.get('try_number');
  const tryNumber = tryParam !== null && /^\d+$/.test(tryParam) ? Number(tryParam) : null;
  return { line: Number(url.hash.slice(1)), tryNumber };
}

/** For the page's URL: on an Airflow 2 grid with a cited line, reveals it; null when there is none. */
export async function revealAirflow2CitedLine(doc: Document, href: string, opts: RevealOptions & { settleMs?: number } = {}): Promise<RevealOutcome | null> {
  const cited = citedLineOfUrl(href);
  if (!cited || !isAirflow2GridPage(doc)) return null;
  return revealAirflow2LogLine(doc, cited.line, cited.tryNumber, opts);
}

/** What is selected in the grid's log block (see lib/airflow/log-selection.ts, `LogSelection`). */
export interface Airflow2LogSelection {
  /** The selected text of the lines shown (folded groups' hidden lines left out), line by line. */
  text: string;
  /** Line numbers (`AIRFLOW2_UI_LOG_DIALECT`: line N of the plain-text log) with selected text shown. */
  uiLines: number[];
  /** The try the tab shows. */
  tryNumber?: number;
}

/**
 * The selection inside the grid app: Chromium reports a selection in a shadow tree through the
 * shadow root's own `getSelection()` (the document's is retargeted to the host).
 */
export function airflow2Selection(root: ShadowRoot): Selection | null {
  const own = (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection;
  return typeof own === 'function' ? own.call(root) : null;
}

/** Reads the selection in the log block of the grid app `root`; null when it does not touch the log. */
export function readAirflow2LogSelection(root: ShadowRoot, selection: Selection | null): Airflow2LogSelection | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const block = logTextOf(root);
  if (!block) return null;
  const texts = new Map<number, string>();
  for (let r = 0; r < selection.rangeCount; r += 1) {
    const range = selection.getRangeAt(r);
    if (!range.intersectsNode(block)) continue;
    let line = 0;
    for (const node of textNodes(block)) {
      const inRange = range.intersectsNode(node);
      const from = inRange && node === range.startContainer ? range.startOffset : 0;
      const to = inRange && node === range.endContainer ? range.endOffset : node.data.length;
      const shown = !hiddenIn(node, block);
      let offset = 0;
      for (const part of node.data.split('\n')) {
        const start = Math.max(offset, from);
        const end = Math.min(offset + part.length, to);
        if (inRange && shown && end > start) texts.set(line, (texts.get(line) ?? '') + node.data.slice(start, end));
        offset += part.length + 1;
        line += 1;
      }
      line -= 1; // the node's last part goes on in the next node
    }
  }
  const lines = [...texts].filter(([, text]) => text.trim() !== '').sort(([a], [b]) => a - b);
  if (lines.length === 0) return null;
  const tryNumber = shownTryNumber(root);
  return {
    text: lines.map(([, text]) => text.replace(/\s+$/, '')).join('\n'),
    uiLines: lines.map(([n]) => n),
    ...(tryNumber !== null ? { tryNumber } : {}),
  };
}
