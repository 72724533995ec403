// A synthetic task log of any size, as NDJSON bytes (what the log endpoint sends with
// `accept: application/x-ndjson`), built from the real event shapes of the rig's logs: Airflow's
// startup groups, `logging` rows, the task's prints, a sensor's pokes, deprecation warnings, a
// retried request logged as an error, one buried error with its traceback half-way, and the
// failure with the Post Execute group at the end.
//
// The body is a fixed 256 KB pool of lines cycled as often as needed, so a 100 MB log costs no more
// memory to produce than a 1 MB one: the bench measures the triage, not the generator.
import fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

const RIG = path.resolve(import.meta.dirname, '../lib/logs/__fixtures__/rig');
const CHUNK_BYTES = 64 * 1024;
const POOL_BYTES = 256 * 1024;

type Event = Record<string, unknown>;

function recordedLog(fixture: string, match: RegExp): Event[] {
  const { exchanges } = JSON.parse(fs.readFileSync(path.join(RIG, `${fixture}.json`), 'utf8')) as { exchanges: { url: string; body?: unknown; bodyFile?: string }[] };
  const exchange = exchanges.find((e) => match.test(e.url))!;
  const body = exchange.bodyFile ? JSON.parse(brotliDecompressSync(fs.readFileSync(path.join(RIG, exchange.bodyFile))).toString('utf8')) : exchange.body;
  return (body as { content: Event[] }).content;
}

export type EventShapes = ReturnType<typeof readEventShapes>;

/**
 * The real events the synthetic log is made of, read from the recorded rig logs. Reading the
 * 20 MB long log takes memory: do it in the parent and hand the shapes (a few KB) to children.
 */
export function readEventShapes() {
  const long = recordedLog('long-log', /\/logs\/1\?/);
  const sensor = recordedLog('sensor-timeout', /\/logs\/1\?/);
  const failureAt = long.findIndex((e) => e.event === 'Task failed with exception');
  return {
    header: long.slice(0, 8),
    row: long[8]!,
    buriedError: long[30_008]!,
    failure: long[failureAt]!,
    footer: long.slice(failureAt + 1),
    poke: sensor.find((e) => String(e.event).startsWith('Poking callable'))!,
    print: sensor.find((e) => e.logger === 'task.stdout')!,
    warning: sensor.find((e) => e.level === 'warning')!,
  };
}

const line = (event: Event) => `${JSON.stringify(event)}\n`;

/** About 256 KB of body lines: rows, prints, pokes, a warning now and then, a logged retry error. */
function bodyPool(s: EventShapes): string {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < POOL_BYTES; i++) {
    const ts = `2026-11-25T12:${String(16 + Math.floor(i / 6000) % 40).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}123Z`;
    let event: Event;
    if (i % 500 === 499) event = { ...s.row, timestamp: ts, level: 'error', event: `request ${i} to https://api.example.invalid/v1/orders failed with HTTP 503, retrying in 2s` };
    else if (i % 97 === 0) event = { ...s.warning, timestamp: ts };
    else if (i % 13 === 0) event = { ...s.poke, timestamp: ts };
    else if (i % 7 === 0) event = { ...s.print, timestamp: ts, event: `processed batch ${i} of orders_raw: ${i * 17 % 1000} rows, ${i % 3} rejected` };
    else event = { ...s.row, timestamp: ts, event: `row ${String(i).padStart(5, '0')} ok` };
    const text = line(event);
    lines.push(text);
    bytes += Buffer.byteLength(text);
  }
  return lines.join('');
}

export interface SyntheticLog {
  /** Exact byte length of the NDJSON text. */
  bytes: number;
  /** The text, as network-sized chunks, produced on demand. */
  chunks(): Generator<Uint8Array>;
  /** The root cause text in it (the buried error's exception message). */
  rootCause: string;
}

/** A log of about `targetBytes` (whole pool repetitions: the result is within 128 KB of it). */
export function syntheticLog(targetBytes: number, s: EventShapes): SyntheticLog {
  const encoder = new TextEncoder();
  const head = encoder.encode(s.header.map(line).join(''));
  const pool = encoder.encode(bodyPool(s));
  const middle = encoder.encode(line(s.buriedError));
  const tail = encoder.encode([s.failure, ...s.footer].map(line).join(''));
  const repeats = Math.max(2, Math.round((targetBytes - head.length - middle.length - tail.length) / pool.length));
  const bytes = head.length + pool.length * repeats + middle.length + tail.length;
  function* chunks(): Generator<Uint8Array> {
    yield head;
    for (let r = 0; r < repeats; r++) {
      if (r === Math.floor(repeats / 2)) yield middle;
      for (let at = 0; at < pool.length; at += CHUNK_BYTES) yield pool.subarray(at, at + CHUNK_BYTES);
    }
    yield tail;
  }
  const detail = (s.buriedError.error_detail as { exc_value: string }[])[0]!;
  return { bytes, chunks, rootCause: detail.exc_value };
}
