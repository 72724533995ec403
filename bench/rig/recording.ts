// A fetch that records every GET and Airflow's answer into a fixture (the format of
// lib/mcp/__fixtures__), large bodies brotli-compressed beside it. Used by record-fixtures.ts and
// bench/corpus/record-corpus.ts. Node 24, erasable TypeScript only.
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const INLINE_BODY_MAX_CHARS = 100_000;

export interface Exchange {
  method: 'GET';
  url: string;
  status: number;
  body?: unknown;
  bodyFile?: string;
}

export function recordingFetch(baseUrl: string, dir: string, scenarioName: string, exchanges: Exchange[]): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await fetch(input, init);
    const text = await response.text();
    // A log read as NDJSON (as the product reads it) is kept as the JSON page of the same events,
    // the form the replay (lib/mcp/testing/replay-fixture.ts) streams back as NDJSON.
    const stored = response.headers.get('content-type')?.includes('ndjson') ? JSON.stringify({ content: ndjsonEvents(text) }) : text;
    const exchange: Exchange = { method: 'GET', url: String(input).slice(baseUrl.length), status: response.status };
    exchanges.push(exchange);
    if (stored.length > INLINE_BODY_MAX_CHARS) {
      exchange.bodyFile = `${scenarioName}.${exchanges.length - 1}.json.br`;
      const packed = brotliCompressSync(stored, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: stored.length } });
      fs.writeFileSync(path.join(dir, exchange.bodyFile), packed);
    } else {
      try {
        exchange.body = JSON.parse(stored);
      } catch {
        exchange.body = stored;
      }
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
}

export function saveFixture(dir: string, name: string, fixture: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
}

function ndjsonEvents(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return line;
      }
    });
}
