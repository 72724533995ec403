// Serves recorded Airflow responses to the api-client in tests, and remembers what was asked.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createAirflowClient, type AirflowClient } from '../api-client';

export interface RecordedExchange {
  method: 'GET';
  /** Relative to the Airflow base URL, with the query string: `api/v2/dags?limit=5`. */
  url: string;
  status: number;
  body?: unknown;
  /** Large bodies live in a gzipped file beside the fixture. */
  bodyFile?: string;
}

export interface ToolFixture {
  description: string;
  /** Where the responses come from: a real Airflow (by scripts/record-fixtures.ts) or documented shapes. */
  source: string;
  user: string;
  tool: string;
  arguments: Record<string, unknown>;
  exchanges: RecordedExchange[];
}

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../mcp/__fixtures__');
export const REPLAY_BASE_URL = 'http://airflow.test/airflow/';

export function loadFixture(name: string): ToolFixture {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, `${name}.json`), 'utf8')) as ToolFixture;
}

function bodyText(exchange: RecordedExchange): string {
  if (exchange.bodyFile) return gunzipSync(fs.readFileSync(path.join(FIXTURES_DIR, exchange.bodyFile))).toString('utf8');
  return JSON.stringify(exchange.body);
}

export interface ReplayedRequest {
  url: string;
  method: string;
  credentials: RequestCredentials | undefined;
  authorization: string | undefined;
}

/** An api-client whose fetch answers only the recorded URLs; anything else is a test failure. */
export function replayClient(exchanges: RecordedExchange[], token: string | null = 'test-token'): { client: AirflowClient; requests: ReplayedRequest[] } {
  const requests: ReplayedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input).slice(REPLAY_BASE_URL.length);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    requests.push({ url, method: init?.method ?? 'GET', credentials: init?.credentials, authorization: headers.Authorization });
    const exchange = exchanges.find((e) => e.url === url && e.method === (init?.method ?? 'GET'));
    if (!exchange) throw new Error(`No recorded response for ${init?.method} ${url}`);
    if (headers.Accept === 'application/x-ndjson' && exchange.status === 200) return ndjsonResponse(bodyText(exchange));
    return new Response(bodyText(exchange), { status: exchange.status, headers: { 'content-type': 'application/json' } });
  };
  const client = createAirflowClient({ baseUrl: REPLAY_BASE_URL, getToken: async () => token, fetch: fetch as typeof globalThis.fetch });
  return { client, requests };
}

/**
 * A recorded log page as Airflow streams it to an `accept: application/x-ndjson` request: one
 * event per line (recordings hold the JSON page of the same log), sent in small chunks so line
 * borders fall inside chunks.
 */
function ndjsonResponse(jsonPage: string): Response {
  const page = JSON.parse(jsonPage) as { content?: unknown[] | string };
  const events = typeof page.content === 'string' ? page.content.split('\n') : (page.content ?? []);
  // Airflow 3 streams objects; a plain string event (older logs) is a plain text line.
  const bytes = new TextEncoder().encode(events.map((event) => `${typeof event === 'string' ? event : JSON.stringify(event)}\n`).join(''));
  const chunkSize = 64 * 1024 + 7;
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + chunkSize));
      at += chunkSize;
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
}
