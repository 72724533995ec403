// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { describe, expect, it } from 'vitest';
import { loadManifest, loadPageHtml } from './__fixtures__/pages';
import { logLineOfHash, revealCitedLine, revealLogLine, REVEALED_ROW_ATTRIBUTE } from './reveal-log-line';

/** A captured Airflow 3.3.2 page as the live document. */
function bodyOf(name: string): HTMLElement {
  const page = loadManifest('root').pages.find((p) => p.name === name)!;
  return new DOMParser().parseFromString(loadPageHtml('root', page), 'text/html').body;
}

/**
 * The collapsed log page (`task-instance`: only line 4 outside groups) standing in for the UI: a
 * click on a group header renders the same log with the groups open (`task-instance-groups-expanded`).
 */
function openCollapsedLog(): { clicks: string[] } {
  const clicks: string[] = [];
  document.body.replaceWith(document.adoptNode(bodyOf('task-instance')));
  for (const header of document.querySelectorAll('[data-testid^="group-header-"]')) {
    header.addEventListener('click', () => {
      clicks.push(header.textContent ?? '');
      document.body.replaceWith(document.adoptNode(bodyOf('task-instance-groups-expanded')));
    });
  }
  return { clicks };
}

const noWait = async () => {};

describe('revealLogLine on the Airflow 3.3.2 log viewer', () => {
  it('opens the collapsed group that holds the line, then highlights that very row', async () => {
    const { clicks } = openCollapsedLog();
    expect(document.querySelector('a[id="2"]')).toBeNull();
    expect(await revealLogLine(document, 2, { wait: noWait })).toBe('shown');
    // One click: headers with no numbered row between them share a bracket (here lines 0–3, before
    // line 4), so the first of them is opened; this stand-in UI then opens them all.
    expect(clicks).toEqual(['▶ Log message source details']);
    const row = document.querySelector(`[${REVEALED_ROW_ATTRIBUTE}]`)!;
    expect(row.querySelector('a')!.id).toBe('2');
    expect(document.querySelectorAll(`[${REVEALED_ROW_ATTRIBUTE}]`)).toHaveLength(1);
  });

  it('highlights a line already shown without clicking anything', async () => {
    const { clicks } = openCollapsedLog();
    expect(await revealLogLine(document, 4, { wait: noWait })).toBe('shown');
    expect(clicks).toEqual([]);
  });

  it('leaves a line the UI shows by itself to the UI, and reveals a folded one', async () => {
    openCollapsedLog();
    expect(await revealCitedLine(document, '#4', { wait: noWait })).toBe('left-to-the-ui');
    expect(document.querySelector(`[${REVEALED_ROW_ATTRIBUTE}]`)).toBeNull();
    expect(await revealCitedLine(document, '#3', { wait: noWait })).toBe('shown');
    expect(document.querySelector(`[${REVEALED_ROW_ATTRIBUTE}] a`)!.id).toBe('3');
    expect(await revealCitedLine(document, '', { wait: noWait })).toBeNull();
  });

  it('says when the page has no log', async () => {
    document.body.replaceWith(document.adoptNode(bodyOf('dag')));
    expect(await revealLogLine(document, 2, { wait: noWait, timeoutMs: 0 })).toBe('no-log');
  });

  it('reads only a line number from the hash', () => {
    expect(logLineOfHash('#12')).toBe(12);
    expect(logLineOfHash('#L12')).toBeNull();
    expect(logLineOfHash('')).toBeNull();
  });
});
