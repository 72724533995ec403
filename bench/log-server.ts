// A local HTTP server that answers the diagnosis of the rig's long-log task the way Airflow 3.3.2
// does: every read but the log from the recorded responses (lib/logs/__fixtures__/rig/long-log),
// and the log itself as a synthetic log of any size (synthetic-log.ts), in the two forms the log
// endpoint has: NDJSON, streamed, for `accept: application/x-ndjson` (what the UI and the extension
// ask for), else the JSON page `{"content": [...], "continuation_token": null}` with its length.
// `jsonOnly` serves the JSON page whatever is asked (a server without the NDJSON form).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SyntheticLog } from './synthetic-log.ts';

const { loadRigFixture } = await import('../lib/logs/testing/rig-fixtures.ts');

export interface LogServer {
  baseUrl: string;
  /** The task the recorded responses are about. */
  target: { dagId: string; runId: string; taskId: string; mapIndex: number };
  /** Swaps the log served (the size measured). */
  setLog(log: SyntheticLog, options?: { jsonOnly?: boolean }): void;
  close(): Promise<void>;
}

const JSON_HEAD = new TextEncoder().encode('{"content":[');
const JSON_TAIL = new TextEncoder().encode('],"continuation_token":null}');

export async function startLogServer(): Promise<LogServer> {
  const fixture = loadRigFixture('long-log');
  const args = fixture.arguments as { dag_id: string; run_id: string; task_id: string; map_index: number };
  let log: SyntheticLog | null = null;
  let jsonOnly = false;
  const server = http.createServer((request, response) => {
    const url = (request.url ?? '/').replace(/^\/airflow\//, '');
    if (/\/logs\/\d+\?/.test(url)) {
      if (!log) return void response.writeHead(404).end();
      if (!jsonOnly && request.headers.accept === 'application/x-ndjson') return void serveNdjson(log, response);
      return void serveJsonPage(log, response);
    }
    const exchange = fixture.exchanges.find((e) => e.url === url);
    if (!exchange) return void response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    response.writeHead(exchange.status, { 'content-type': 'application/json' }).end(JSON.stringify(exchange.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // The recorded URLs are relative to the replay base `http://airflow.test/airflow/`.
    baseUrl: `http://127.0.0.1:${port}/airflow/`,
    target: { dagId: args.dag_id, runId: args.run_id, taskId: args.task_id, mapIndex: args.map_index },
    setLog(next, options = {}) {
      log = next;
      jsonOnly = options.jsonOnly ?? false;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** As Airflow's StreamingResponse: chunked, `application/x-ndjson`, written as fast as the reader takes it. */
function serveNdjson(log: SyntheticLog, response: http.ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  pump(response, log.chunks());
}

/** As Airflow's JSON answer: one document with its length; the events are the NDJSON lines joined by commas. */
function serveJsonPage(log: SyntheticLog, response: http.ServerResponse): void {
  // The NDJSON text ends with a newline: n lines, n newlines; the JSON list has n - 1 commas.
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(JSON_HEAD.length + log.bytes - 1 + JSON_TAIL.length) });
  function* body(): Generator<Uint8Array> {
    yield JSON_HEAD;
    let previous: Uint8Array | null = null;
    for (const chunk of log.chunks()) {
      if (previous) yield commas(previous);
      previous = chunk;
    }
    if (previous) yield commas(previous.subarray(0, previous.length - 1));
    yield JSON_TAIL;
  }
  pump(response, body());
}

function commas(chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(chunk);
  for (let i = out.indexOf(10); i >= 0; i = out.indexOf(10, i + 1)) out[i] = 44;
  return out;
}

/** Writes the chunks with backpressure. */
function pump(response: http.ServerResponse, chunks: Iterator<Uint8Array>): void {
  const write = () => {
    for (;;) {
      const next = chunks.next();
      if (next.done) return void response.end();
      if (!response.write(next.value)) return void response.once('drain', write);
    }
  };
  response.on('error', () => {});
  write();
}
