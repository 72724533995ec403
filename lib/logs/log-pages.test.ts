import { describe, expect, it } from 'vitest';
import { replayClient } from '../airflow/testing/replay-fixture';
import { readLogPages, textChunkLines } from './log-pages';
import { triageLines, triageLog } from './log-triage';
import { loadRigFixture, rigLogContent } from './testing/rig-fixtures';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('textChunkLines', () => {
  it('splits lines across chunk borders, also inside a multi-byte character, and drops blank lines', async () => {
    const bytes = new TextEncoder().encode('first line\r\n\n  \nsecond: café ☕\nthird');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3));
    expect((await collect(textChunkLines(chunks))).flat()).toEqual(['first line', 'second: café ☕', 'third']);
  });

  it('gives the same lines from large network chunks (decoded in pieces) as from the text itself', async () => {
    // Lines of every length around the 16 kB decoding piece, with multi-byte characters that fall
    // on piece borders, and one line longer than several pieces.
    const lines = Array.from({ length: 400 }, (_, i) => `${i} ${'é☕x'.repeat((i * 97) % 700)}`);
    lines.splice(200, 0, `long ${'y'.repeat(50_000)}`);
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const chunk = 100_003;
    const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
    expect((await collect(textChunkLines(chunks))).flat()).toEqual(lines);
  });

  it('drops the unterminated last line of a text that was cut off (a fragment, not a line)', async () => {
    expect((await collect(textChunkLines(['a\nb\nhalf a li'], 200, () => true))).flat()).toEqual(['a', 'b']);
    expect((await collect(textChunkLines(['a\nb\nlast'], 200, () => false))).flat()).toEqual(['a', 'b', 'last']);
  });

  it('pages the lines', async () => {
    const text = Array.from({ length: 5 }, (_, i) => `line ${i}\n`).join('');
    expect(await collect(textChunkLines([text], 2))).toEqual([['line 0', 'line 1'], ['line 2', 'line 3'], ['line 4']]);
  });
});

describe('triageLines (raw NDJSON, parsed only where it may matter)', () => {
  it('gives the same triage as the parsed events, on every rig log', async () => {
    for (const [fixture, task, tries] of [
      ['python-exception', 'transform', 1],
      ['sensor-timeout', 'wait_for_partition', 1],
      ['sigkill', 'build_features', 1],
      ['retries', 'flaky_api_call', 3],
      ['long-log', 'reconcile_partitions', 1],
      ['heartbeat-timeout', 'stream_events', 1],
    ] as const) {
      for (let t = 1; t <= tries; t++) {
        const content = rigLogContent(loadRigFixture(fixture), task, t);
        const ndjson = content.map((event) => JSON.stringify(event)).join('\n');
        const fromLines = await triageLines(textChunkLines([ndjson]));
        expect(fromLines, `${fixture} try ${t}`).toEqual(await triageLog([content]));
      }
    }
  });
});

describe('readLogPages', () => {
  const url = 'api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1';
  const page = (query: string, content: unknown[], token: string | null) => ({ method: 'GET' as const, url: `${url}?map_index=-1&full_content=false${query}`, status: 200, body: { content, continuation_token: token } });
  const ids = { dagId: 'd', runId: 'r', taskId: 't', mapIndex: -1, tryNumber: 1 };

  it('follows continuation tokens one page at a time', async () => {
    const { client, requests } = replayClient([page('', [{ event: 'a' }], 'tok1'), page('&token=tok1', [{ event: 'b' }], 'tok2'), page('&token=tok2', [], 'tok3')]);
    const source = readLogPages(client, ids);
    expect(requests).toHaveLength(0);
    expect(await collect(source.pages)).toEqual([[{ event: 'a' }], [{ event: 'b' }], []]);
    expect(source.complete).toBe(true);
    expect(source.pagesRead).toBe(3);
  });

  it('stops a log that keeps growing after maxPages', async () => {
    const { client } = replayClient([page('', [{ event: 'a' }], 'tok1'), page('&token=tok1', [{ event: 'b' }], 'tok1')]);
    const source = readLogPages(client, ids, undefined, 2);
    expect((await collect(source.pages)).flat()).toHaveLength(2);
    expect(source.complete).toBe(false);
  });

  it('splits a text blob from an older server into lines', async () => {
    const { client } = replayClient([{ method: 'GET', url: `${url}?map_index=-1&full_content=false`, status: 200, body: { content: 'a\nb', continuation_token: null } }]);
    expect(await collect(readLogPages(client, ids).pages)).toEqual([['a', 'b']]);
  });
});
