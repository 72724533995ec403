// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  airflow2GridRoot,
  citedLineOfUrl,
  linePieces,
  readAirflow2LogSelection,
  revealAirflow2CitedLine,
  revealAirflow2LogLine,
  shownTryNumber,
} from './airflow2-log-view';
import { readLogSelection } from './log-selection';
import { REVEALED_ROW_ATTRIBUTE } from './reveal-log-line';

const panel = (name: string) => readFileSync(path.join(import.meta.dirname, '__fixtures__', 'airflow2-log-tab', `${name}.html`), 'utf8');
const noWait = async () => {};

/**
 * The captured log tab in the grid's shadow root, with a stand-in for the UI's behaviour: the
 * log block's click handler (LogBlock.tsx `onClick`: "▶" unfolds) and the try buttons (a click
 * renders the tab of that try, when captured).
 */
function openLogTab(name: string, tries: Record<number, string> = {}): { clicks: string[]; root: ShadowRoot } {
  document.head.innerHTML = '<meta name="task_log_api" content="/api/v1/dags/x/dagRuns/_DAG_RUN_ID_/taskInstances/_TASK_ID_/logs/-1">';
  document.body.innerHTML = '<div id="root"></div>';
  const root = document.querySelector('#root')!.attachShadow({ mode: 'open' });
  const clicks: string[] = [];
  const render = (html: string) => {
    root.innerHTML = html;
    root.querySelector('code')!.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      clicks.push(target.id || target.tagName);
      if (target.id.endsWith('_unfold')) {
        target.style.display = 'none';
        (target.nextElementSibling as HTMLElement).style.display = 'inline';
      }
    });
    for (const [n, file] of Object.entries(tries)) {
      root.querySelector(`[data-testid="log-attempt-select-button-${n}"]`)?.addEventListener('click', () => {
        clicks.push(`try ${n}`);
        render(panel(file));
      });
    }
  };
  render(panel(name));
  return { clicks, root };
}

const marked = (root: ShadowRoot) => [...root.querySelectorAll(`[${REVEALED_ROW_ATTRIBUTE}]`)];
const markedText = (root: ShadowRoot) => marked(root).map((m) => m.textContent).join('');
const lineOf = (root: ShadowRoot, n: number): string => root.querySelector('code > div')!.textContent!.split('\n')[n] ?? '';

describe('the captured 2.10.5 log tab', () => {
  beforeEach(() => openLogTab('fail_python_exception.transform.try1'));
  it('is found in the shadow root of #root, with the try it shows', () => {
    const root = airflow2GridRoot(document)!;
    expect(root).not.toBeNull();
    expect(shownTryNumber(root)).toBe(1);
  });
  it('line N is the text after the N-th newline of the block (line 19: the failure)', () => {
    const root = airflow2GridRoot(document)!;
    const pieces = linePieces(root.querySelector('code > div')!, 19)!;
    expect(pieces.map((p) => p.node.data.slice(p.start, p.end)).join('')).toMatch(/\{taskinstance\.py:\d+\} ERROR - Task failed with exception$/);
    expect(linePieces(root.querySelector('code > div')!, 5000)).toBeNull();
  });
});

describe('revealAirflow2LogLine', () => {
  it('marks the cited line without clicking anything when it is shown', async () => {
    const { clicks, root } = openLogTab('fail_python_exception.transform.try1');
    expect(await revealAirflow2LogLine(document, 19, 1, { wait: noWait, settleMs: 0 })).toBe('shown');
    expect(clicks).toEqual([]);
    expect(markedText(root)).toBe(lineOf(root, 19));
    expect(markedText(root)).toMatch(/ERROR - Task failed with exception$/);
    expect(marked(root).every((m) => m.getAttribute(REVEALED_ROW_ATTRIBUTE) === '19')).toBe(true);
    // The UI's text is unchanged: only wrapped.
    expect(root.querySelector('code > div')!.textContent!.split('\n')).toHaveLength(125);
  });

  it('unfolds the folded group that holds the line with the UI’s own header, then marks it', async () => {
    const { clicks, root } = openLogTab('fail_python_exception.transform.try1');
    const line = lineOf(root, 8);
    expect(line).toMatch(/Starting attempt 1 of 1$/);
    expect(await revealAirflow2LogLine(document, 8, null, { wait: noWait, settleMs: 0 })).toBe('shown');
    expect(clicks).toEqual(['pre_task_execution_logs_unfold']);
    expect(markedText(root)).toBe(line);
    let hidden = false;
    for (let el: HTMLElement | null = marked(root)[0] as HTMLElement; el; el = el.parentElement) if (el.style.display === 'none') hidden = true;
    expect(hidden).toBe(false);
  });

  it('moves the mark to the next cited line (one marked line at a time)', async () => {
    const { root } = openLogTab('fail_python_exception.transform.try1');
    await revealAirflow2LogLine(document, 19, null, { wait: noWait, settleMs: 0 });
    await revealAirflow2LogLine(document, 53, null, { wait: noWait, settleMs: 0 });
    expect(markedText(root)).toBe(lineOf(root, 53));
    expect(lineOf(root, 53)).toMatch(/Marking task as FAILED/);
    expect(new Set(marked(root).map((m) => m.getAttribute(REVEALED_ROW_ATTRIBUTE)))).toEqual(new Set(['53']));
  });

  it('shows try 1 of a task with 3 tries: clicks the try button, waits for that log, marks the line', async () => {
    const { clicks, root } = openLogTab('fail_retries.flaky_api_call.try3', { 1: 'fail_retries.flaky_api_call.try1' });
    expect(shownTryNumber(root)).toBe(3);
    expect(await revealAirflow2LogLine(document, 8, 1, { wait: noWait, settleMs: 0 })).toBe('shown');
    expect(clicks).toEqual(['try 1', 'pre_task_execution_logs_unfold']);
    expect(shownTryNumber(root)).toBe(1);
    expect(markedText(root)).toMatch(/Starting attempt 1 of 3$/);
  });

  it('waits for the try buttons, which come after the log of the latest try', async () => {
    const { clicks, root } = openLogTab('fail_retries.flaky_api_call.try3', { 1: 'fail_retries.flaky_api_call.try1' });
    const buttons = root.querySelector('[data-testid="log-attempt-select-button-1"]')!.parentElement!;
    const parent = buttons.parentElement!;
    buttons.remove();
    let waits = 0;
    const wait = async () => {
      waits += 1;
      if (waits === 3) parent.append(buttons);
    };
    expect(await revealAirflow2LogLine(document, 19, 1, { wait, settleMs: 0 })).toBe('shown');
    expect(clicks[0]).toBe('try 1');
    expect(shownTryNumber(root)).toBe(1);
  });

  it('says not-found for a try the tab has no button for, and for a line past the end', async () => {
    openLogTab('fail_python_exception.transform.try1');
    expect(await revealAirflow2LogLine(document, 3, 2, { wait: noWait, settleMs: 0, timeoutMs: 0 })).toBe('not-found');
    expect(await revealAirflow2LogLine(document, 999, 1, { wait: noWait, settleMs: 0 })).toBe('not-found');
  });

  it('says no-log off the grid (no Airflow 2 page, or no log tab)', async () => {
    document.head.innerHTML = '';
    document.body.innerHTML = '<div id="root"></div>';
    expect(await revealAirflow2LogLine(document, 3, null, { wait: noWait, timeoutMs: 0 })).toBe('no-log');
    expect(await revealAirflow2CitedLine(document, 'http://h/dags/d/grid?tab=logs#3', { wait: noWait })).toBeNull();
  });
});

describe('citedLineOfUrl', () => {
  it('reads the line and the try of a citation (lib/logs/ui-log-lines.ts logLineUiUrl)', () => {
    expect(citedLineOfUrl('http://h/dags/d/grid?dag_run_id=r&task_id=t&tab=logs&try_number=2#19')).toEqual({ line: 19, tryNumber: 2 });
    expect(citedLineOfUrl('http://h/dags/d/grid?dag_run_id=r&task_id=t&tab=logs#0')).toEqual({ line: 0, tryNumber: null });
    expect(citedLineOfUrl('http://h/dags/d/grid?tab=logs')).toBeNull();
    expect(citedLineOfUrl('http://h/dags/d/grid#top')).toBeNull();
  });
  it('reveals through the page URL', async () => {
    const { root } = openLogTab('fail_python_exception.transform.try1');
    expect(await revealAirflow2CitedLine(document, 'http://h/dags/d/grid?tab=logs&try_number=1#19', { wait: noWait, settleMs: 0 })).toBe('shown');
    expect(markedText(root)).toMatch(/Task failed with exception$/);
  });
});

describe('readAirflow2LogSelection', () => {
  function select(root: ShadowRoot, fromLine: number, fromOffset: number, toLine: number, toOffset: number): Selection {
    const block = root.querySelector('code > div')!;
    const a = linePieces(block, fromLine)![0]!;
    const b = linePieces(block, toLine)!.at(-1)!;
    const range = document.createRange();
    range.setStart(a.node, a.start + fromOffset);
    range.setEnd(b.node, b.start + toOffset);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    return selection;
  }

  it('gives the lines (the plain text’s numbers), their selected text and the try shown', () => {
    const { root } = openLogTab('fail_retries.flaky_api_call.try1');
    const failure = lineOf(root, 19);
    const selection = select(root, 16, 0, 19, failure.length);
    const read = readAirflow2LogSelection(root, selection)!;
    expect(read.uiLines).toEqual([16, 17, 18, 19]);
    expect(read.tryNumber).toBe(1);
    expect(read.text.split('\n')).toEqual([16, 17, 18, 19].map((n) => lineOf(root, n)));
  });

  it('leaves out the lines of a folded group the selection spans', () => {
    const { root } = openLogTab('fail_python_exception.transform.try1');
    // From the host line (0) to the first line after the "Pre task execution logs" group (16).
    const selection = select(root, 0, 0, 16, 10);
    const read = readAirflow2LogSelection(root, selection)!;
    expect(read.uiLines).toEqual([0, 1, 5, 16]);
    expect(read.text.split('\n')[0]).toBe('vm');
    expect(read.text.split('\n')[3]).toBe(lineOf(root, 16).slice(0, 10));
  });

  it('is what readLogSelection (the "Explain this log" menu) reads on an Airflow 2 grid page', () => {
    const { root } = openLogTab('fail_retries.flaky_api_call.try1');
    select(root, 19, 0, 21, 5);
    expect(readLogSelection(document)).toMatchObject({ uiLines: [19, 20, 21], tryNumber: 1 });
    expect(readLogSelection(document)!.text).toBe([lineOf(root, 19), lineOf(root, 20), lineOf(root, 21).slice(0, 5)].join('\n'));
  });

  it('keeps within the protocol’s limits when the whole log is selected', () => {
    const { root } = openLogTab('fail_retries.flaky_api_call.try1');
    const block = root.querySelector('code > div')!;
    block.textContent = Array.from({ length: 6_000 }, (_, i) => `[2026-11-30T14:56:06.407+0000] {x.py:1} INFO - line ${i}`).join('\n');
    const range = document.createRange();
    range.selectNodeContents(block);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    const read = readLogSelection(document)!;
    expect(read.uiLines).toHaveLength(5_000);
    expect(read.uiLines[0]).toBe(0);
    expect(read.text.length).toBeLessThanOrEqual(20_000);
  });

  it('is null without a selection in the log', () => {
    const { root } = openLogTab('fail_python_exception.transform.try1');
    document.getSelection()!.removeAllRanges();
    expect(readAirflow2LogSelection(root, document.getSelection())).toBeNull();
  });
});
