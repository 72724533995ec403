import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RIG_FIXTURES_DIR, loadRigFixture, rigLogContent } from './testing/rig-fixtures';
import { uiLogRowModel } from './testing/ui-log-row-model';
import { createUiLineTracker, nearestUiLogLine, uiLogDialectOf, uiLogLineNumber, type UiLogDialect } from './ui-log-lines';

/** Every log recorded from the rig, as [name, content]. */
function rigLogs(): [string, unknown[]][] {
  const names = fs.readdirSync(RIG_FIXTURES_DIR).filter((f) => f.endsWith('.json') && f !== 'import-errors.json');
  return names.flatMap((file) => {
    const fixture = loadRigFixture(file.replace(/\.json$/, ''));
    return fixture.exchanges
      .filter((e) => /\/logs\/\d+\?/.test(e.url))
      .map((e): [string, unknown[]] => [`${file} ${decodeURIComponent(e.url.split('/taskInstances/')[1]!)}`, (e.body as { content: unknown[] }).content]);
  });
}

function streamed(content: unknown[]) {
  const tracker = createUiLineTracker();
  const refs = content.map((e) => tracker.add(typeof e === 'string' ? e : ((e as { event?: unknown }).event as string | undefined)));
  return refs.map((ref) => ({ line: tracker.resolve(ref), exact: ref.linkable && tracker.resolve(ref) !== null }));
}

describe('createUiLineTracker', () => {
  it('gives every event of every rig log the same #N as the UI\'s row model and nearestUiLogLine, in one streaming pass', () => {
    const logs = rigLogs();
    expect(logs.length).toBeGreaterThan(15);
    for (const [name, content] of logs) {
      const lines = streamed(content);
      const rowModel = uiLogRowModel(content);
      expect(lines.map((l) => l.line), name).toEqual(rowModel.nearest);
      expect(lines.map((l) => (l.exact ? l.line : null)), name).toEqual(rowModel.exact);
      // The whole-log answers, from the full events (extra fields searched for markers too).
      expect(content.map((_, i) => nearestUiLogLine(content, i)), name).toEqual(rowModel.nearest);
      expect(content.map((_, i) => uiLogLineNumber(content, i)), name).toEqual(rowModel.exact);
    }
  });

  it('links the long log as checked in Chromium: content[30008] is #30004', () => {
    const content = rigLogContent(loadRigFixture('long-log'), 'reconcile_partitions', 1);
    const lines = streamed(content);
    expect(content.length).toBe(60_012);
    expect(lines[30_008]).toEqual({ line: 30_004, exact: true });
    expect(lines[60_009]).toEqual({ line: 60_005, exact: true });
  });

  it('sends folded events to the next line outside groups, or to the last one before the group at the end', () => {
    const content = ['a', '::group::G', 'in g', '::group::H', 'in h', '::endgroup::', '::endgroup::', 'b', '::group::End', 'late', '::endgroup::'];
    expect(streamed(content).map((l) => l.line)).toEqual(uiLogRowModel(content).nearest);
    expect(streamed(content).map((l) => l.line)).toEqual(content.map((_, i) => nearestUiLogLine(content, i)));
    expect(streamed(content).map((l) => l.line)).toEqual([0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  });

  it('knows the group an event is in', () => {
    const tracker = createUiLineTracker();
    const refs = ['::group::Pre Execute', 'bundle loaded', '::endgroup::', 'task output'].map((t) => tracker.add(t));
    expect(refs.map((r) => r.group)).toEqual(['Pre Execute', 'Pre Execute', 'Pre Execute', null]);
  });

  it('links nothing when an event has no text, as the UI then shows "Unable to show logs"', () => {
    const tracker = createUiLineTracker();
    const first = tracker.add('line');
    tracker.add(undefined);
    expect(tracker.renderable).toBe(false);
    expect(tracker.resolve(first)).toBeNull();
    expect(nearestUiLogLine([{ event: 'line' }, { level: 'info' }], 0)).toBeNull();
  });
});

describe('createUiLineTracker on other Airflow versions (UiLogDialect)', () => {
  const dialects = { '3.0.6': uiLogDialectOf('3.0.6'), '3.1.8': uiLogDialectOf('3.1.8'), '3.2.2': uiLogDialectOf('3.2.2') };
  const textOf = (e: unknown) => (typeof e === 'string' ? e : ((e as { event?: unknown }).event as string | undefined));
  const isMarker = (e: unknown) => /::(end)?group::/.test(textOf(e) ?? '');

  it('gives every line of every rig log the same #N as the UI\'s row model and nearestUiLogLine with the same dialect', () => {
    for (const [version, dialect] of Object.entries(dialects)) {
      for (const [name, content] of rigLogs()) {
        const tracker = createUiLineTracker(dialect);
        const refs = content.map((e) => tracker.add(textOf(e)));
        const lines = refs.map((ref, i) => (isMarker(content[i]) ? null : tracker.resolve(ref)));
        const rowModel = uiLogRowModel(content, dialect);
        const expected = content.map((e, i) => (isMarker(e) ? null : rowModel.nearest[i]));
        expect(lines, `${version} ${name}`).toEqual(expected);
        expect(content.map((e, i) => (isMarker(e) ? null : nearestUiLogLine(content, i, { dialect }))), `${version} ${name}`).toEqual(expected);
      }
    }
    // Every line of every recorded rig log, in three dialects: ~6 s alone, over vitest's 5 s
    // default on a loaded 2-core machine.
  }, 60_000);

  it('3.0 and 3.1 number every event by its API index, 3.2 skips the markers; only 3.0 links lines inside groups', () => {
    const content = ['a', '::group::G', 'in g', '::endgroup::', 'b'];
    const run = (dialect: UiLogDialect) => {
      const tracker = createUiLineTracker(dialect);
      return content.map((e) => tracker.add(e)).map((ref, i) => (isMarker(content[i]) ? null : tracker.resolve(ref)));
    };
    expect(run(dialects['3.0.6'])).toEqual([0, null, 2, null, 4]);
    expect(run(dialects['3.1.8'])).toEqual([0, null, 4, null, 4]);
    expect(run(dialects['3.2.2'])).toEqual([0, null, 2, null, 2]);
    // 3.3 folds the group: the line inside it links to the next line outside.
    const tracker = createUiLineTracker();
    expect(content.map((e) => tracker.add(e)).map((ref) => tracker.resolve(ref))).toEqual([0, 2, 2, 2, 2]);
  });
});
