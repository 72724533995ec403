import { describe, expect, it } from 'vitest';
import {
  logLineUiUrl,
  nearestUiLogLine,
  taskInstanceUiUrl,
  uiLogLineNumber,
  uiLogLocation,
  apiIndexesForUiLines,
} from './ui-log-lines';
import transformLog from './__fixtures__/log-ui/fail_python_exception.transform.json';
import mappedLog from './__fixtures__/log-ui/fail_mapped.process_partition.1.json';
import longLogSparse from './__fixtures__/log-ui/fail_long_log.reconcile_partitions.sparse.json';

// Fixtures: real `GET …/logs/1` responses from the Airflow 3.3.2 test rig (e2e/airflow/harness.ts).
// Expected numbers below were OBSERVED in headless Chromium on the same runs: the row's
// `data-index`, the `<a id>` of its line link, and which row `…?try_number=1#N` highlights
// (background `brand.emphasized`) and scrolls into view.

type Event = { event: string } & Record<string, unknown>;

/** The long log's real content had 60,012 events; the fixture keeps the interesting ones. */
function rebuildContent(sparse: { total: number; filler: Record<string, unknown>; events: Record<string, unknown> }): Event[] {
  return Array.from({ length: sparse.total }, (_, i) =>
    (sparse.events[String(i)] as Event | undefined) ?? ({ ...sparse.filler, event: `row (filler ${i}) ok` } as Event),
  );
}

const transform = transformLog.content as Event[];
const mapped = mappedLog.content as Event[];
const longLog = rebuildContent(longLogSparse);

describe('uiLogLocation / uiLogLineNumber on fail_python_exception.transform (14 events)', () => {
  it('matches the rows seen in the browser', () => {
    // Observed with groups collapsed (the default): 5 rows.
    // row 0 header "Log message source details", row 1 header "Pre Execute",
    // row 2 <a id="4"> "transform: received 12 rows", row 3 <a id="5"> "Task failed with exception",
    // row 4 header "Post Execute".
    const rows = transform
      .map((_, i) => ({ i, loc: uiLogLocation(transform, i)! }))
      .filter(({ loc }) => loc.rowIndex !== null)
      .map(({ i, loc }) => [loc.rowIndex, i, loc.linkable ? loc.lineNumber : null]);
    expect(rows).toEqual([
      [0, 0, null],
      [1, 3, null],
      [2, 8, 4],
      [3, 9, 5],
      [4, 10, null],
    ]);
    expect(transform[9]!.event).toBe('Task failed with exception');
    expect(uiLogLineNumber(transform, 9)).toBe(5);
    expect(uiLogLineNumber(transform, 8)).toBe(4);
  });

  it('numbers folded events as the UI does once their group is expanded', () => {
    // Observed after clicking every header: id 0 = log file path (event 1), 1–3 = events 4–6,
    // 6–7 = the two late stdout lines inside "Post Execute" (events 11, 12).
    const numbers = transform.map((_, i) => uiLogLocation(transform, i)!.lineNumber);
    expect(numbers).toEqual([null, 0, null, null, 1, 2, 3, null, 4, 5, null, 6, 7, null]);
    expect(uiLogLocation(transform, 11)!.groups).toEqual(['Post Execute']);
  });

  it('gives no linkable number for folded events and markers (#N does nothing there)', () => {
    // Observed: `#1` (event 4, inside "Pre Execute") and `#7` (event 12) highlight no row.
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13]) expect(uiLogLineNumber(transform, i)).toBeNull();
  });

  it('nearestUiLogLine lands next to the folded group', () => {
    // Observed: `#4` highlights row 2, right below the "Pre Execute" header (row 1);
    // `#5` highlights row 3, right above the "Post Execute" header (row 4).
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7]) expect(nearestUiLogLine(transform, i)).toBe(4);
    for (const i of [10, 11, 12, 13]) expect(nearestUiLogLine(transform, i)).toBe(5);
    expect(nearestUiLogLine(transform, 9)).toBe(5);
  });

  it('rejects out-of-range indexes', () => {
    expect(uiLogLineNumber(transform, -1)).toBeNull();
    expect(uiLogLineNumber(transform, 14)).toBeNull();
    expect(uiLogLineNumber(transform, 1.5)).toBeNull();
    expect(nearestUiLogLine(transform, 14)).toBeNull();
  });
});

describe('fail_mapped.process_partition map_index 1 (12 events)', () => {
  it('matches the rows seen in the browser', () => {
    // Observed: rows 0,1 headers; row 2 <a id="4"> "processing partition 2";
    // row 3 <a id="5"> "Task failed with exception"; row 4 header "Post Execute" (empty group).
    expect(uiLogLocation(mapped, 8)).toEqual({ lineNumber: 4, rowIndex: 2, linkable: true, groups: [] });
    expect(uiLogLocation(mapped, 9)).toEqual({ lineNumber: 5, rowIndex: 3, linkable: true, groups: [] });
    expect(uiLogLocation(mapped, 10)).toEqual({ lineNumber: null, rowIndex: 4, linkable: false, groups: ['Post Execute'] });
    expect(uiLogLocation(mapped, 11)!.rowIndex).toBeNull();
    expect(nearestUiLogLine(mapped, 5)).toBe(4);
  });
});

describe('fail_long_log.reconcile_partitions (60,012 events)', () => {
  it('first lines', () => {
    // Observed: `#4` highlights row 2 "row 00000 ok" (event 8), `#5` row 3 (event 9).
    expect(uiLogLocation(longLog, 8)).toMatchObject({ lineNumber: 4, rowIndex: 2, linkable: true });
    expect(uiLogLocation(longLog, 9)).toMatchObject({ lineNumber: 5, rowIndex: 3, linkable: true });
    expect(longLog[8]!.event).toBe('row 00000 ok');
  });

  it('the logged error in the middle', () => {
    // Observed: `#30004` highlights row 30002 "reconcile failed for partition 2024-06-01", in view.
    expect(longLog[30008]!.event).toBe('reconcile failed for partition 2024-06-01');
    expect(uiLogLocation(longLog, 30008)).toMatchObject({ lineNumber: 30004, rowIndex: 30002, linkable: true });
  });

  it('the failure at the end', () => {
    // Observed: `#60005` highlights row 60003 "Task failed with exception"; without a hash the
    // page opens at the end with the same row/id, followed by the "Post Execute" header (60004).
    expect(longLog[60009]!.event).toBe('Task failed with exception');
    expect(uiLogLineNumber(longLog, 60009)).toBe(60005);
    expect(uiLogLocation(longLog, 60009)!.rowIndex).toBe(60003);
    expect(uiLogLocation(longLog, 60010)).toMatchObject({ lineNumber: null, rowIndex: 60004 });
    expect(nearestUiLogLine(longLog, 60011)).toBe(60005);
  });
});

describe('rules read from the UI code (synthetic logs)', () => {
  const ev = (event: string, extra: Record<string, unknown> = {}) => ({ event, level: 'info', ...extra });

  it('nested groups: only the outermost header is a row; inner lines still consume numbers', () => {
    const c = [ev('a'), ev('::group::outer'), ev('b'), ev('::group::inner'), ev('c'), ev('::endgroup::'), ev('::endgroup::'), ev('d')];
    expect(c.map((_, i) => uiLogLocation(c, i)!.lineNumber)).toEqual([0, null, 1, null, 2, null, null, 3]);
    expect(c.map((_, i) => uiLogLocation(c, i)!.rowIndex)).toEqual([0, 1, null, null, null, null, null, 2]);
    expect(uiLogLocation(c, 4)!.groups).toEqual(['outer', 'inner']);
    expect(uiLogLineNumber(c, 7)).toBe(3);
    expect(nearestUiLogLine(c, 4)).toBe(3);
  });

  it('a task-identity row is inserted at row 0 when there is no "Pre Execute" group', () => {
    const c = [ev('x', { task_id: 't' }), ev('y')];
    expect(uiLogLocation(c, 0)).toMatchObject({ lineNumber: 0, rowIndex: 1 });
    expect(uiLogLocation(c, 1)).toMatchObject({ lineNumber: 1, rowIndex: 2 });
  });

  it('plain string events are numbered too', () => {
    const c = ['::group::G', 'in', '::endgroup::', 'out'];
    expect(uiLogLocation(c, 3)).toEqual({ lineNumber: 1, rowIndex: 1, linkable: true, groups: [] });
  });

  it('a marker in a displayed extra field makes a header but still takes a number', () => {
    const c = [ev('a'), ev('note', { detail: '::group::X' }), ev('b'), ev('::endgroup::'), ev('c')];
    expect(c.map((_, i) => uiLogLocation(c, i)!.lineNumber)).toEqual([0, 1, 2, null, 3]);
    expect(uiLogLineNumber(c, 1)).toBeNull();
    expect(uiLogLineNumber(c, 2)).toBeNull();
    expect(uiLogLocation(c, 4)).toMatchObject({ rowIndex: 2, linkable: true });
  });

  it('a log the UI cannot parse (event not a string) has no numbers', () => {
    expect(uiLogLineNumber([ev('a'), { level: 'info' }], 0)).toBeNull();
  });
});

describe('apiIndexesForUiLines', () => {
  it('inverts the UI numbering on the real fail_python_exception.transform log', () => {
    const content = transform;
    // Numbers observed in the browser (above): events 1, 4–6, 8, 9, 11, 12 are
    // lines 0–7; group markers have none.
    expect(apiIndexesForUiLines(content, [0, 1, 2, 3, 4, 5, 6, 7])).toEqual([1, 4, 5, 6, 8, 9, 11, 12]);
    expect(apiIndexesForUiLines(content, [5, 99, -1])).toEqual([9, null, null]);
    expect(apiIndexesForUiLines(content, [])).toEqual([]);
  });
});

describe('URLs', () => {
  const ids = {
    dagId: 'fail_python_exception',
    runId: 'manual__2026-11-25T11:55:32.779562+00:00',
    taskId: 'transform',
    mapIndex: -1,
  };

  it('task instance page (opened in Chromium: it showed this task instance’s log)', () => {
    expect(taskInstanceUiUrl('http://127.0.0.1:32999/', ids)).toBe(
      'http://127.0.0.1:32999/dags/fail_python_exception/runs/manual__2026-11-25T11%3A55%3A32.779562%2B00%3A00/tasks/transform',
    );
    expect(taskInstanceUiUrl('https://h/airflow', { ...ids, taskId: 'process partition', mapIndex: 1 })).toBe(
      'https://h/airflow/dags/fail_python_exception/runs/manual__2026-11-25T11%3A55%3A32.779562%2B00%3A00/tasks/process%20partition/mapped/1',
    );
    expect(taskInstanceUiUrl('https://h/', { ...ids, mapIndex: 0 })).toMatch(/\/tasks\/transform\/mapped\/0$/);
    expect(taskInstanceUiUrl('https://h/', { ...ids, mapIndex: undefined })).toMatch(/\/tasks\/transform$/);
  });

  it('log line link', () => {
    const n = uiLogLineNumber(transform, 9);
    expect(logLineUiUrl('http://127.0.0.1:32999/', ids, 1, n)).toBe(
      'http://127.0.0.1:32999/dags/fail_python_exception/runs/manual__2026-11-25T11%3A55%3A32.779562%2B00%3A00/tasks/transform?try_number=1#5',
    );
    expect(logLineUiUrl('http://h/', ids, 2, null)).toBe(
      'http://h/dags/fail_python_exception/runs/manual__2026-11-25T11%3A55%3A32.779562%2B00%3A00/tasks/transform?try_number=2',
    );
  });
});
