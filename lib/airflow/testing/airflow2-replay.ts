// Serves answers recorded from a real Airflow 2 (scripts/record-airflow2-fixtures.ts) to the
// translating client, and remembers what was asked: anything not recorded fails the test.
import fs from 'node:fs';
import path from 'node:path';
import { createAirflow2Client } from '../airflow2-rest';
import { createAirflowClient, type AirflowClient } from '../api-client';

export interface Airflow2Exchange {
  url: string;
  accept: string;
  status: number;
  contentType: string;
  json?: unknown;
  text?: string;
}

export interface Airflow2Fixture {
  description: string;
  source: string;
  user: 'admin' | 'viewer';
  tool: string;
  arguments: Record<string, unknown>;
  exchanges: Airflow2Exchange[];
}

export interface Airflow2Request {
  url: string;
  method: string;
  accept: string;
  credentials: RequestCredentials | undefined;
  authorization: string | undefined;
}

const DIR = path.resolve(import.meta.dirname, '../__fixtures__/airflow2-rest');
export const AIRFLOW2_REPLAY_BASE_URL = 'http://airflow2.test/';

export function loadAirflow2Fixture(name: string): Airflow2Fixture {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as Airflow2Fixture;
}

/** The recorded body of the exchange of `path` (with any query). */
export function recordedBody<T>(fixture: Airflow2Fixture, path: string): T {
  const exchange = fixture.exchanges.find((e) => e.url === path || e.url.startsWith(`${path}?`));
  if (!exchange) throw new Error(`No recorded ${path} in ${fixture.description}`);
  return (exchange.json ?? exchange.text) as T;
}

/** The v1 transport answered from the recordings (in small chunks, so line borders fall inside them), behind the translating client. */
export function airflow2ReplayClient(exchanges: Airflow2Exchange[]): { client: AirflowClient; v1: AirflowClient; requests: Airflow2Request[] } {
  const requests: Airflow2Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input).slice(AIRFLOW2_REPLAY_BASE_URL.length);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const accept = headers.Accept ?? '';
    requests.push({ url, method: init?.method ?? 'GET', accept, credentials: init?.credentials, authorization: headers.Authorization });
    const exchange = exchanges.find((e) => e.url === url && e.accept === accept);
    if (!exchange) throw new Error(`No recorded response for ${init?.method} ${url} (${accept})`);
    const bytes = new TextEncoder().encode(exchange.json !== undefined ? JSON.stringify(exchange.json) : (exchange.text ?? ''));
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, at + 1000));
        at += 1000;
      },
    });
    return new Response(body, { status: exchange.status, headers: { 'content-type': exchange.contentType } });
  };
  const v1 = createAirflowClient({ baseUrl: AIRFLOW2_REPLAY_BASE_URL, api: 'v1', fetch: fetch as typeof globalThis.fetch });
  return { client: createAirflow2Client(v1), v1, requests };
}
