// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { describe, expect, it } from 'vitest';
import { apiIndexesForUiLines } from '../logs/ui-log-lines';
import { MAX_SELECTION_TEXT, readLogSelection } from './log-selection';
import { loadManifest, loadPageHtml, type Deployment } from './__fixtures__/pages';
import longLogSparse from '../logs/__fixtures__/log-ui/fail_long_log.reconcile_partitions.sparse.json';

/** A captured page (real Airflow 3.3.2 DOM) as the live document, so `getSelection()` works. */
function openPage(name: string, deployment: Deployment = 'root') {
  const manifest = loadManifest(deployment);
  const page = manifest.pages.find((p) => p.name === name)!;
  const parsed = new DOMParser().parseFromString(loadPageHtml(deployment, page), 'text/html');
  document.head.replaceWith(document.adoptNode(parsed.head));
  document.body.replaceWith(document.adoptNode(parsed.body));
  return page;
}

/** The text node of the message of line `line` (`<span class="event"><code><span>text`). */
const messageOf = (line: number, root: ParentNode = document) =>
  root.querySelector(`a[id="${line}"]`)!.parentElement!.querySelector('.event span')!.firstChild!;

function select(start: [Node, number], end: [Node, number]) {
  const range = document.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  return selection;
}

describe('readLogSelection on the virtualized 60,012-event log', () => {
  it('gives the lines of partly selected rows and the text Chromium gives for the same selection', () => {
    const page = openPage('long-log-line');
    const probe = page.selectionProbe!;
    select([messageOf(probe.from.line), probe.from.offset], [messageOf(probe.to.line), probe.to.offset]);
    expect(readLogSelection(document)).toEqual({ text: probe.text, uiLines: [30002, 30003, 30004], tryNumber: 1 });
    expect(probe.text).toMatch(/^29998 ok\n\[[\d-]+ [\d:]+\] INFO - row 29999 ok\n\[[\d-]+ [\d:]+\] ERROR - reconcile$/);
  });

  it('does not count the next row when the selection ends at its very start (triple click)', () => {
    openPage('long-log-line');
    const row = messageOf(30001).parentElement!.closest('[data-testid^="virtualized-item-"]')!;
    const next = row.nextElementSibling!;
    select([row, 0], [next, 0]);
    const selection = readLogSelection(document)!;
    expect(selection.uiLines).toEqual([30001]);
    expect(selection.text).toMatch(/^\[[\d-]+ [\d:]+\] INFO - row 29997 ok$/);
  });

  it('leaves out a folded traceback but keeps its summary', () => {
    openPage('long-log-line');
    const details = messageOf(30004).parentElement!.closest('[data-testid^="virtualized-item-"]')!.querySelector('details')!;
    details.removeAttribute('open');
    select([messageOf(30004), 0], [messageOf(30005), 3]);
    const { text } = readLogSelection(document)!;
    expect(text).toContain('RuntimeError: checksum mismatch in partition 2024-06-01');
    expect(text).not.toContain('_verify_partition');
    expect(text.split('\n')).toHaveLength(2);
  });

  it('maps the selected UI line back to the API event it shows', () => {
    openPage('long-log-line');
    select([messageOf(30004), 0], [messageOf(30004), 9]);
    const { uiLines, text } = readLogSelection(document)!;
    expect(text).toBe('reconcile');
    // The same Dag's log as the API returns it (another run: the events are the same).
    const content = rebuildContent(longLogSparse);
    const [index] = apiIndexesForUiLines(content, uiLines);
    expect(index).toBe(30008);
    expect((content[index!] as { event: string }).event).toBe('reconcile failed for partition 2024-06-01');
  });
});

describe.each(['root', 'base-path'] as const)('readLogSelection on a task log at %s', (deployment) => {
  it('reports group headers as text without a line number', () => {
    openPage('task-instance', deployment);
    const header = document.querySelector('[data-testid="summary-Pre Execute"]')!;
    select([header.firstChild!, 2], [messageOf(4), 9]);
    expect(readLogSelection(document)).toEqual({ text: `Pre Execute\n${rowTextUpTo(4, 9)}`, uiLines: [4], tryNumber: 1 });
  });

  it('reads a selection in the fullscreen dialog, not the page behind it', () => {
    openPage('task-instance-fullscreen-log', deployment);
    const dialogList = document.querySelector('[role="dialog"] [data-testid="virtualized-list"]')!;
    const pageList = document.querySelector('#root [data-testid="virtualized-list"]')!;
    expect(pageList).not.toBeNull();
    const line = Number(dialogList.querySelector('a[id]')!.id);
    for (const link of Array.from(pageList.querySelectorAll('a[id]'))) link.id = '9999';
    select([messageOf(line, dialogList), 0], [messageOf(line, dialogList), 3]);
    expect(readLogSelection(document)).toMatchObject({ uiLines: [line], tryNumber: 1 });
  });

  it('reads the "Task Identity" row (expanded groups) as text without a number', () => {
    openPage('task-instance-groups-expanded', deployment);
    const identity = Array.from(document.querySelectorAll('#root [data-testid^="virtualized-item-"]')).find(
      (row) => !row.querySelector('a[id]'),
    )!;
    expect(identity.textContent).toContain('Task Identity');
    const next = identity.nextElementSibling!;
    const line = Number(next.querySelector('a[id]')!.id);
    select([identity, 0], [messageOf(line), 3]);
    const selection = readLogSelection(document)!;
    expect(selection.uiLines).toEqual([line]);
    expect(selection.text.split('\n')[0]).toMatch(/^Task Identity ti_id=/);
  });
});

/** The text of line `line`'s row (after its number) up to `offset` into the message. */
function rowTextUpTo(line: number, offset: number) {
  const message = messageOf(line);
  const content = document.querySelector(`a[id="${line}"]`)!.nextElementSibling!.textContent!;
  return content.slice(0, content.indexOf(message.textContent!)) + message.textContent!.slice(0, offset);
}

describe('readLogSelection outside the log', () => {
  it('is null for no selection, a collapsed one, or one outside any log list', () => {
    openPage('task-instance');
    document.getSelection()!.removeAllRanges();
    expect(readLogSelection(document)).toBeNull();
    select([messageOf(4), 2], [messageOf(4), 2]);
    expect(readLogSelection(document)).toBeNull();
    const crumb = document.querySelector('nav[aria-label="breadcrumb"] a')!;
    select([crumb.firstChild!, 0], [crumb.firstChild!, 5]);
    expect(readLogSelection(document)).toBeNull();
  });

  it('keeps only the log rows of a selection that starts outside the log', () => {
    openPage('task-instance');
    const crumb = document.querySelector('nav[aria-label="breadcrumb"] a')!;
    const lines = Array.from(document.querySelectorAll('[data-testid="virtualized-list"] a[id]'), (a) => Number(a.id));
    const last = lines.at(-1)!;
    select([crumb.firstChild!, 0], [messageOf(last), 4]);
    const selection = readLogSelection(document)!;
    expect(selection.uiLines).toEqual(lines);
    expect(selection.text).not.toContain('fail_python_exception');
    expect(selection.text.startsWith('▶ Log message source details\n▶ Pre Execute\n')).toBe(true);
    expect(selection.text.split('\n').at(-1)).toBe(rowTextUpTo(last, 4));
  });

  it('caps the text at the protocol limit', () => {
    openPage('long-log-line');
    messageOf(30003).nodeValue = 'x'.repeat(MAX_SELECTION_TEXT + 10);
    select([messageOf(30003), 0], [messageOf(30004), 3]);
    expect(readLogSelection(document)!.text).toHaveLength(MAX_SELECTION_TEXT);
  });
});

/** The long log's real content had 60,012 events; the fixture keeps the interesting ones. */
function rebuildContent(sparse: { total: number; filler: Record<string, unknown>; events: Record<string, unknown> }): unknown[] {
  return Array.from({ length: sparse.total }, (_, i) => sparse.events[String(i)] ?? { ...sparse.filler, event: `row (filler ${i}) ok` });
}
