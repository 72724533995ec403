import { describe, expect, it } from 'vitest';
import { callRecordedTool, callTool } from '../testing/call-tool';

describe('read_task_log (recorded)', () => {
  it('looks up the latest try, then shows the tail with the exception from error_detail', async () => {
    const { text, data, requests, fixture } = await callRecordedTool('read-task-log-tail');
    const run = encodeURIComponent(String(fixture.arguments.run_id));
    expect(requests.map((r) => r.url)).toEqual([
      `api/v2/dags/fail_python_exception/dagRuns/${run}/taskInstances/transform`,
      `api/v2/dags/fail_python_exception/dagRuns/${run}/taskInstances/transform/logs/1?map_index=-1&full_content=false`,
    ]);
    expect(data).toMatchObject({ try_number: 1, total_lines: 14 });
    // The exception text is only in error_detail: it must be rendered, attached to its event.
    expect(text).toMatch(/^9 \| \[[^\]]+\] ERROR task: Task failed with exception loc=task_runner\.py:\d+$/m);
    expect(text).toContain("9 + ValueError: column 'amount' has 3 nulls");
    expect(text).toMatch(/^9 \+ {3}File ".*e2e\/dags\/fail_python_exception\.py", line 15, in _validate$/m);
    expect(text).toContain('11 | ');
    expect(text).toMatch(/INFO task\.stdout: transform: received 12 rows/);
    // The run's own ids are not repeated on every line.
    expect(text).not.toContain('ti_id=');
    expect(text).not.toMatch(/ dag_id=/);
    // The exception line gets a link that opens it in the UI. The UI does not number the four
    // group markers before it (content[0], [2], [3], [7]), so API line 9 (content[8]) is UI line 4.
    expect(text).toContain(`line 9: http://airflow.test/airflow/dags/fail_python_exception/runs/${run}/tasks/transform?try_number=1#4`);
  });

  it('lets a viewer search, with context and the match marked', async () => {
    const { text, data } = await callRecordedTool('read-task-log-viewer');
    expect(data.match_count).toBe(1);
    expect(data.lines.map((l: any) => l.number)).toEqual([8, 9, 10]);
    expect(text).toMatch(/^9 > .*Task failed with exception/m);
    expect(text).toContain('1 lines match /ValueError/, shown with context: 9.');
  });

  it('reads a given try and a mapped instance', async () => {
    const retry = await callRecordedTool('read-task-log-retry-2');
    expect(retry.requests[0]!.url).toMatch(/\/taskInstances\/flaky_api_call\/logs\/2\?map_index=-1&full_content=false$/);
    expect(retry.text).toContain('ConnectionError: attempt 2: upstream API returned HTTP 503 Service Unavailable');
    const mapped = await callRecordedTool('read-task-log-mapped');
    expect(mapped.requests[0]!.url).toMatch(/\/taskInstances\/process_partition\/logs\/1\?map_index=1&full_content=false$/);
    expect(mapped.text).toContain('ValueError: partition 2: schema mismatch, expected 5 columns got 4');
  });

  it('finds the buried error in a 60,000-line log and stays bounded', async () => {
    const { text, data } = await callRecordedTool('read-task-log-long-search');
    expect(data.total_lines).toBe(60_012);
    expect(data.lines.filter((l: any) => l.match).map((l: any) => l.number)).toEqual([30_009, 60_010]);
    expect(text).toContain('30009 + RuntimeError: checksum mismatch in partition 2024-06-01');
    expect(text).toContain('\n--\n');
    expect(text.length).toBeLessThan(45_000);
    // Checked in Chromium on the rig: `#30004` highlights content[30008], the buried error.
    expect(text).toMatch(/^line 30009: http:\/\/airflow\.test\/airflow\/dags\/fail_long_log\/runs\/[^/]+\/tasks\/[^?]+\?try_number=1#30004$/m);
    // 20 MB of recorded log, turned into NDJSON by the replay and streamed: seconds on a loaded machine.
  }, 20_000);

  it('turns a missing task instance into an error result', async () => {
    const { result, text } = await callRecordedTool('read-task-log-404');
    expect(result.isError).toBe(true);
    expect(text).toBe('Not found in Airflow (HTTP 404): TaskInstance not found');
  });
});

// Synthetic logs in the documented shape, for the bounds and the paging.
const LOG_URL = 'api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1';
const event = (i: number) => ({ timestamp: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, event: `row ${i}`, level: 'info', logger: 'task' });
const page = (url: string, content: unknown[], token: string | null = null) => ({ method: 'GET' as const, url, status: 200, body: { content, continuation_token: token } });
const base = { dag_id: 'd', run_id: 'r', task_id: 't', try_number: 1 };

describe('read_task_log (bounds and paging)', () => {
  const long = Array.from({ length: 1000 }, (_, i) => event(i + 1));
  const exchanges = [page(`${LOG_URL}?map_index=-1&full_content=false`, long)];

  it('tails at most 400 lines', async () => {
    const { data, text } = await callTool('read_task_log', { ...base, line_count: 400 }, exchanges);
    expect(data.lines).toHaveLength(400);
    expect(data.lines[0].number).toBe(601);
    expect(text).toMatch(/^1000 \| \[2026-01-01T00:00:40Z\] INFO task: row 1000$/m);
  });

  it('rejects more than 400 lines at the schema', async () => {
    const { result } = await callTool('read_task_log', { ...base, line_count: 5000 }, exchanges);
    expect(result.isError).toBe(true);
  });

  it('returns a window from a line', async () => {
    const { data } = await callTool('read_task_log', { ...base, mode: 'window', from_line: 500, line_count: 3 }, exchanges);
    expect(data.lines.map((l: any) => [l.number, l.text])).toEqual([
      [500, '[2026-01-01T00:00:20Z] INFO task: row 500'],
      [501, '[2026-01-01T00:00:21Z] INFO task: row 501'],
      [502, '[2026-01-01T00:00:22Z] INFO task: row 502'],
    ]);
  });

  it('cuts long lines to the character budget', async () => {
    const wide = Array.from({ length: 300 }, (_, i) => ({ event: `${i} ${'x'.repeat(5000)}` }));
    const { text, data } = await callTool('read_task_log', base, [page(`${LOG_URL}?map_index=-1&full_content=false`, wide)]);
    expect(text.length).toBeLessThan(45_000);
    expect(data.lines.at(-1).number).toBe(300);
    expect(data.notes.join(' ')).toMatch(/Cut to 40000 characters/);
  });

  it('reads the log in one streamed request, as the UI does (Airflow streams NDJSON to the end: no continuation pages)', async () => {
    const pages = [page(`${LOG_URL}?map_index=-1&full_content=false`, [event(1), event(2), event(3)], 'tok1')];
    const { data, requests } = await callTool('read_task_log', base, pages);
    expect(requests).toHaveLength(1);
    expect(data.total_lines).toBe(3);
  });

  it('reads a log of 150,000 events (spreading them into push() overflowed the call stack)', async () => {
    const huge = Array.from({ length: 150_000 }, (_, i) => `line ${i + 1}`);
    const { data, result } = await callTool('read_task_log', { ...base, line_count: 2 }, [page(`${LOG_URL}?map_index=-1&full_content=false`, huge)]);
    expect(result.isError).toBeFalsy();
    expect(data.total_lines).toBe(150_000);
    expect(data.lines.map((l: any) => l.text)).toEqual(['line 149999', 'line 150000']);
  }, 20_000);

  it('asks for a pattern in search mode', async () => {
    const { result, text } = await callTool('read_task_log', { ...base, mode: 'search' }, exchanges);
    expect(result.isError).toBe(true);
    expect(text).toBe('read_task_log: mode "search" needs a pattern.');
  });

  it('searches plain text when the pattern is not a valid regular expression', async () => {
    const logs = [page(`${LOG_URL}?map_index=-1&full_content=false`, [{ event: 'a (b' }, { event: 'c' }])];
    const { data } = await callTool('read_task_log', { ...base, mode: 'search', pattern: '(b', context: 0 }, logs);
    expect(data.lines.map((l: any) => l.number)).toEqual([1]);
  });
});

describe('read_task_log around a UI line', () => {
  it('finds the line the UI shows as N (group markers are not numbered there) and shows its context', async () => {
    const fixture = (await import('../../airflow/testing/replay-fixture')).loadFixture('read-task-log-tail');
    const args = { ...fixture.arguments, mode: 'around_ui_line', ui_line: 4, context: 1 };
    const { data, text } = await callTool('read_task_log', args, fixture.exchanges);
    // UI line 4 is content[8] (API line 9): four markers come before it.
    expect(data.lines.filter((l: any) => l.match).map((l: any) => l.number)).toEqual([9]);
    expect(data.lines.map((l: any) => l.number)).toEqual([8, 9, 10]);
    expect(text).toContain('UI line 4 is line 9');
    expect(text).toMatch(/^9 > .*Task failed with exception/m);
  });

  it('says so when the UI has no such line', async () => {
    const fixture = (await import('../../airflow/testing/replay-fixture')).loadFixture('read-task-log-tail');
    const { result, text } = await callTool('read_task_log', { ...fixture.arguments, mode: 'around_ui_line', ui_line: 999 }, fixture.exchanges);
    expect(result.isError).toBe(true);
    expect(text).toContain('no UI line 999');
  });
});
