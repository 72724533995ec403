import { describe, expect, it } from 'vitest';
import { createAirflowClient } from '../airflow/api-client';
import { REPLAY_BASE_URL, type RecordedExchange } from '../airflow/testing/replay-fixture';
import type { LogContentItem } from './render-log-event';
import { buildEvidencePack } from './evidence-pack';
import { triageLog } from './log-triage';
import { readTryLog, triageTryLog } from './read-try-log';
import { loadRigFixture, rigLogContent } from './testing/rig-fixtures';
import { triageCardModel } from './triage-card-model';

type LogServing = 'ndjson' | 'json' | { stallAfterBytes: number } | { failAfterBytes: number } | { status: number; detail: string };

/**
 * An api-client answered from a recorded rig fixture, the log endpoint the way Airflow answers
 * it (NDJSON when asked for it, in 64 kB chunks), optionally stalling or breaking part-way.
 */
function rigClient(name: string, serving: LogServing = 'ndjson', timeoutMs = 200) {
  const fixture = loadRigFixture(name);
  const accepts: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input).slice(REPLAY_BASE_URL.length);
    const accept = ((init?.headers ?? {}) as Record<string, string>).Accept ?? '';
    const exchange = fixture.exchanges.find((e) => e.url === url) as RecordedExchange | undefined;
    if (!exchange) throw new Error(`No recorded response for ${url}`);
    if (!url.includes('/logs/')) return Response.json(exchange.body, { status: exchange.status });
    accepts.push(accept);
    if (typeof serving === 'object' && 'status' in serving) return Response.json({ detail: serving.detail }, { status: serving.status });
    const content = (exchange.body as { content: LogContentItem[] }).content;
    if (serving === 'json') return Response.json(exchange.body);
    const bytes = new TextEncoder().encode(content.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const limit = typeof serving === 'object' ? ('stallAfterBytes' in serving ? serving.stallAfterBytes : serving.failAfterBytes) : bytes.length;
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= limit) {
          if (typeof serving === 'object' && 'failAfterBytes' in serving) return controller.error(new TypeError('network error'));
          if (typeof serving === 'object') {
            // Stalls until the client gives up, as a slow Airflow does.
            return new Promise<void>((resolve) => init?.signal?.addEventListener('abort', () => (controller.error(init.signal!.reason), resolve())));
          }
          return controller.close();
        }
        const end = Math.min(limit, at + 64 * 1024);
        controller.enqueue(bytes.slice(at, end));
        at = end;
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
  };
  const client = createAirflowClient({ baseUrl: REPLAY_BASE_URL, getToken: async () => 't', fetch: fetch as typeof globalThis.fetch, streamTimeoutMs: () => timeoutMs });
  const args = fixture.arguments as { dag_id: string; run_id: string; task_id: string; map_index: number };
  const target = { dagId: args.dag_id, runId: args.run_id, taskId: args.task_id, mapIndex: args.map_index };
  return { client, fixture, target, accepts };
}

describe('readTryLog', () => {
  it('streams the log as NDJSON, as the UI reads it, to the same triage as the JSON page', async () => {
    const { client, fixture, target, accepts } = rigClient('long-log');
    const { triage, read } = await triageTryLog(client, { ...target, tryNumber: 1 });
    expect(accepts).toEqual(['application/x-ndjson']);
    expect(read).toMatchObject({ state: 'complete', linesRead: 60_012, note: null });
    expect(triage).toEqual(await triageLog([rigLogContent(fixture, 'reconcile_partitions', 1)]));
  });

  it('reads a JSON answer (a server that ignores the NDJSON accept) the same way', async () => {
    const { client, fixture, target } = rigClient('python-exception', 'json');
    const { triage, read } = await triageTryLog(client, { ...target, tryNumber: 1 });
    expect(read.state).toBe('complete');
    expect(triage).toEqual(await triageLog([rigLogContent(fixture, 'transform', 1)]));
  });

  it('a read that stalls past its time limit keeps what arrived and says so', async () => {
    const { client, target } = rigClient('long-log', { stallAfterBytes: 3 * 64 * 1024 }, 100);
    const lines: string[] = [];
    const read = await readTryLog(client, { ...target, tryNumber: 1 }, { pushLine: (line) => lines.push(line), push: () => {} });
    expect(read.state).toBe('timeout');
    expect(read.bytesRead).toBe(3 * 64 * 1024);
    expect(read.linesRead).toBe(lines.length);
    expect(lines.length).toBeGreaterThan(500);
    expect(read.note).toBe(`The log could not be read in time (0.1 s); showing what was read (${lines.length.toLocaleString('en-US')} lines, 192 kB).`);
  });

  it('a broken connection is a cut read, not the end of the log', async () => {
    const { client, target } = rigClient('long-log', { failAfterBytes: 64 * 1024 });
    const { read } = await triageTryLog(client, { ...target, tryNumber: 1 });
    expect(read.state).toBe('cut');
    expect(read.note).toMatch(/^The connection broke while the log was read; showing what was read \(\d+ lines, 64 kB\)\.$/);
  });

  it("says when Airflow stopped streaming a log it could not find the end of", async () => {
    const stopped = '{"event": "Log stream stopped - End of log marker not found; logs may be incomplete."}\n';
    const fetch = (async () => new Response(`{"event":"a","level":"info"}\n${stopped}`, { headers: { 'content-type': 'application/x-ndjson' } })) as typeof globalThis.fetch;
    const client = createAirflowClient({ baseUrl: REPLAY_BASE_URL, getToken: async () => null, fetch });
    const { read } = await triageTryLog(client, { dagId: 'd', runId: 'r', taskId: 't', mapIndex: -1, tryNumber: 1 });
    expect(read.state).toBe('growing');
    expect(read.linesRead).toBe(2);
  });
});

describe('a diagnosis from a partial or failed log read', () => {
  it('a slow log read: the card says the log could not be read in time and offers Retry, never "never ran" or "no error"', async () => {
    // The failure of fail_python_exception is near the end of its log; the read stalls before it.
    const { client, target } = rigClient('python-exception', { stallAfterBytes: 600 }, 100);
    const pack = await buildEvidencePack(client, target);
    expect(pack.diagnosis.headline).toMatch(/^The log could not be read in time \(0\.1 s\); showing what was read \(\d+ lines, 1 kB\)\.$/);
    expect(pack.diagnosis.headline).not.toMatch(/never ran|stops without an error/);
    expect(pack.diagnosis.logNotice).toBe(pack.diagnosis.headline);
    expect(pack.text).toContain(`Caution: ${pack.diagnosis.logNotice} The rest of the log is unknown.`);
    expect(pack.problems).toEqual([`Log of try 1: ${pack.diagnosis.logNotice}`]);
    const card = triageCardModel(pack);
    expect(card.notice).toEqual({ text: pack.diagnosis.logNotice, retry: true });
  });

  it('a failure found before the read was cut is shown, with the notice beside it', async () => {
    // The long log's first error is half-way through its 20 MB; cut at 12 MB, after it.
    const { client, target } = rigClient('long-log', { failAfterBytes: 12 * 1024 * 1024 });
    const pack = await buildEvidencePack(client, target);
    expect(pack.diagnosis.headline).toBe('RuntimeError: checksum mismatch in partition 2024-06-01');
    expect(triageCardModel(pack).notice?.text).toMatch(/^The connection broke while the log was read; showing what was read/);
  });

  it('a log Airflow refuses to serve is named as unread, not as a task that never ran', async () => {
    const { client, target } = rigClient('python-exception', { status: 500, detail: 'log backend down' });
    const pack = await buildEvidencePack(client, target);
    expect(pack.diagnosis.headline).toBe('The log could not be read: Airflow failed with a server error (HTTP 500): log backend down');
    expect(triageCardModel(pack).notice?.retry).toBe(true);
  });
});
