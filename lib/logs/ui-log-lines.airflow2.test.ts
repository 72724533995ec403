// Airflow 2's log view against the real thing. The fixtures (`__fixtures__/airflow2/log-view/`)
// were captured from Airflow 2.10.5 (the rig's runs of `e2e/airflow/dags-airflow2/`) in headless
// Chromium: `restText` is `GET api/v1/…/logs/{try}?full_content=true` with `Accept: text/plain`
// (what the worker reads; `restTextSameWithoutFullContent`: the grid's own request without
// `full_content` got the same text), `logViewText` the `textContent` of the grid log tab's
// `<code>` block for that try (groups folded, as it opens). Checkout paths rewritten to /opt/rig/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { triageText } from './log-triage';
import { citationFromUrl } from './citations';
import { logLineUrl } from './log-evidence-items';
import {
  AIRFLOW2_UI_LOG_DIALECT,
  CURRENT_UI_LOG_DIALECT,
  logLineUiUrl,
  noteInstanceVersion,
  taskInstanceTabUiUrl,
  taskInstanceUiUrl,
  uiLogDialectFor,
  uiLogDialectOf,
  uiLogLocation,
} from './ui-log-lines';

interface LogViewFixture {
  dagId: string;
  taskId: string;
  mapIndex: number;
  tryNumber: number;
  restText: string;
  restTextSameWithoutFullContent: boolean;
  logViewText: string;
}

const dir = path.join(import.meta.dirname, '__fixtures__', 'airflow2', 'log-view');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as LogViewFixture] as const);

/**
 * What the grid shows for one line of the text (utils.ts `parseLogs`, default view): the time
 * in the UI's zone (UTC here, `YYYY-MM-DD, HH:mm:ss UTC`), a group start as "▶ NAME" (with the
 * "▼ NAME" of the hidden unfolded header after it), a group end as "▲▲▲ Log group end".
 */
function shownAs(line: string): string {
  const timed = line.replace(/^\[(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.\d+\+0000\]/, '[$1, $2 UTC]');
  const start = / INFO - ::group::(.*)$/.exec(timed);
  if (start) return `${timed.slice(0, start.index)} ▶ ${start[1]} ▼ ${start[1]}`;
  return timed.replace(/ INFO - ::endgroup::$/, ' ▲▲▲ Log group end');
}

describe('uiLogDialectOf on Airflow 2', () => {
  it('gives the grid log view: every line numbered, groups folded', () => {
    expect(uiLogDialectOf('2.10.5')).toEqual({ numbering: 'every_event', groupsOpenWithHash: false, logView: 'airflow2_grid' });
    expect(uiLogDialectOf('2.11.0')).toBe(AIRFLOW2_UI_LOG_DIALECT);
    expect(uiLogDialectOf('3.0.6').logView).toBeUndefined();
  });
});

describe('every line of the real 2.10.5 logs: UI line N is line N of the plain text', () => {
  it('has all the rig runs captured', () => {
    expect(fixtures.map(([f]) => f)).toHaveLength(8);
  });
  for (const [file, fx] of fixtures) {
    it(file, () => {
      expect(fx.restTextSameWithoutFullContent).toBe(true);
      const rest = fx.restText.split('\n');
      const view = fx.logViewText.split('\n');
      expect(view).toHaveLength(rest.length);
      let groupLines = 0;
      rest.forEach((line, i) => {
        const location = uiLogLocation(rest, i, { dialect: AIRFLOW2_UI_LOG_DIALECT })!;
        // A group marker is never cited (the triage skips it) but takes its line, as in the view.
        const marker = line.includes('::group::') || line.includes('::endgroup::');
        expect(location.lineNumber, `line ${i}`).toBe(marker ? null : i);
        if (location.groups.length > 0) groupLines += 1;
        expect(view[i], `line ${i}`).toBe(shownAs(line));
      });
      // Each log holds the "Log message source details", "Pre task execution logs" (and, for a
      // failed or finished task, "Post task execution logs") groups.
      expect(groupLines).toBeGreaterThan(4);
    });
  }
});

describe('the triage card of fail_python_exception.transform on 2.10.5', () => {
  const fx = fixtures.find(([f]) => f.startsWith('fail_python_exception.transform'))![1];
  it('cites the line the grid shows "Task failed with exception" on', () => {
    const triage = triageText(fx.restText, { uiLog: AIRFLOW2_UI_LOG_DIALECT });
    expect(triage.failure!.exception).toMatchObject({ type: 'ValueError', message: "column 'amount' has 3 nulls" });
    const line = triage.failure!.line;
    expect(line).toMatchObject({ index: 19, ownLine: 19, uiLine: 19, uiLineExact: true, group: null });
    expect(fx.logViewText.split('\n')[19]).toMatch(/^\[2026-11-30, [\d:]+ UTC\] \{taskinstance\.py:\d+\} ERROR - Task failed with exception$/);
  });
  it('numbers a line inside the folded "Pre task execution logs" group by itself', () => {
    const triage = triageText(fx.restText, { uiLog: AIRFLOW2_UI_LOG_DIALECT });
    const rest = fx.restText.split('\n');
    const starting = rest.findIndex((l) => l.includes('Starting attempt 1 of 1'));
    expect(uiLogLocation(rest, starting, { dialect: AIRFLOW2_UI_LOG_DIALECT })).toMatchObject({ lineNumber: starting, linkable: false, groups: ['Pre task execution logs'] });
    expect(triage.numberedLines).toBeLessThan(rest.length);
  });
});

describe('URLs on an Airflow 2 instance', () => {
  const base = 'http://af2.example/';
  noteInstanceVersion(base, '2.10.5');
  const ids = { dagId: 'fail_python_exception', runId: 'manual__2026-11-30T14:55:56.366654+00:00', taskId: 'transform' };
  it('are remembered per instance, with or without the trailing slash', () => {
    expect(uiLogDialectFor('http://af2.example')).toBe(AIRFLOW2_UI_LOG_DIALECT);
    expect(uiLogDialectFor('http://af3.example/')).toBe(CURRENT_UI_LOG_DIALECT);
  });
  it('the task instance: the grid with its log tab (opened on 2.10.5: that instance’s log)', () => {
    expect(taskInstanceUiUrl(base, ids)).toBe(
      'http://af2.example/dags/fail_python_exception/grid?dag_run_id=manual__2026-11-30T14%3A55%3A56.366654%2B00%3A00&task_id=transform&tab=logs',
    );
    expect(taskInstanceUiUrl('http://af2.example', { ...ids, mapIndex: 1 })).toBe(
      'http://af2.example/dags/fail_python_exception/grid?dag_run_id=manual__2026-11-30T14%3A55%3A56.366654%2B00%3A00&task_id=transform&map_index=1&tab=logs',
    );
    expect(taskInstanceUiUrl(base, { ...ids, mapIndex: -1 })).not.toContain('map_index');
  });
  it('a log line: the try and the line after the grid’s own keys (the grid keeps both on load)', () => {
    const url = logLineUiUrl(base, ids, 1, 19);
    expect(url).toBe(
      'http://af2.example/dags/fail_python_exception/grid?dag_run_id=manual__2026-11-30T14%3A55%3A56.366654%2B00%3A00&task_id=transform&tab=logs&try_number=1#19',
    );
    const parsed = new URL(url);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ dag_run_id: ids.runId, task_id: 'transform', tab: 'logs', try_number: '1' });
    expect(logLineUiUrl(base, ids, 2, null)).toMatch(/&tab=logs&try_number=2$/);
  });
  it("the Dag code and the audit log: the grid's own tabs for that selection", () => {
    expect(taskInstanceTabUiUrl(base, { ...ids, mapIndex: 1 }, 'code')).toBe(
      'http://af2.example/dags/fail_python_exception/grid?dag_run_id=manual__2026-11-30T14%3A55%3A56.366654%2B00%3A00&task_id=transform&map_index=1&tab=code',
    );
    expect(taskInstanceTabUiUrl(base, ids, 'events')).toMatch(/&task_id=transform&tab=event_log$/);
    expect(taskInstanceTabUiUrl('http://af3.example/', ids, 'events')).toBe(`${taskInstanceUiUrl('http://af3.example/', ids)}/events`);
  });
  it('the panel labels each of those links as on Airflow 3', () => {
    expect(citationFromUrl(logLineUiUrl(base, ids, 1, 19), 'transform')).toMatchObject({ label: 'line 19 · try 1', tryNumber: 1, uiLine: 19 });
    expect(citationFromUrl(logLineUiUrl(base, { ...ids, mapIndex: 2 }, 3, 4), 'other').label).toBe('transform[2] line 4 · try 3');
    expect(citationFromUrl(logLineUiUrl(base, ids, 2, null), 'transform').label).toBe('log · try 2');
    expect(citationFromUrl(taskInstanceTabUiUrl(base, ids, 'code'), 'transform').label).toBe('Dag code');
    expect(citationFromUrl(taskInstanceTabUiUrl(base, ids, 'events'), 'transform').label).toBe('audit log');
    expect(citationFromUrl(taskInstanceUiUrl(base, ids), 'x').label).toBe('task transform');
    expect(citationFromUrl('http://af2.example/dags/fail_python_exception/grid?dag_run_id=r', 'x').label).toBe('Airflow');
  });
  it('the triage card’s failure item links that line', () => {
    const fx = fixtures.find(([f]) => f.startsWith('fail_python_exception.transform'))![1];
    const triage = triageText(fx.restText, { uiLog: uiLogDialectFor(base) });
    expect(logLineUrl({ instanceUrl: base, ids, tryNumber: 1 }, triage.failure!.line)).toMatch(/&tab=logs&try_number=1#19$/);
  });
});
