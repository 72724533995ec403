// Loads the recorded log-rig responses (lib/logs/__fixtures__/rig/, recorded by
// bench/rig/record-fixtures.ts from a real Airflow 3.3.2) for tests and the bench.
import fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { LogContentItem } from '../render-log-event';
import type { RecordedExchange, ToolFixture } from '../../airflow/testing/replay-fixture';

export const RIG_FIXTURES_DIR = path.resolve(import.meta.dirname, '../__fixtures__/rig');

/** A fixture with every body inline (brotli files read and parsed). */
export function loadRigFixture(name: string): ToolFixture {
  const fixture = JSON.parse(fs.readFileSync(path.join(RIG_FIXTURES_DIR, `${name}.json`), 'utf8')) as ToolFixture;
  const exchanges = fixture.exchanges.map((exchange): RecordedExchange => {
    if (!exchange.bodyFile) return exchange;
    const text = brotliDecompressSync(fs.readFileSync(path.join(RIG_FIXTURES_DIR, exchange.bodyFile))).toString('utf8');
    return { method: exchange.method, url: exchange.url, status: exchange.status, body: JSON.parse(text) };
  });
  return { ...fixture, exchanges };
}

/** The `content` of the recorded log of `taskId`, try `tryNumber`. */
export function rigLogContent(fixture: ToolFixture, taskId: string, tryNumber: number): LogContentItem[] {
  const exchange = fixture.exchanges.find((e) => e.url.includes(`/taskInstances/${encodeURIComponent(taskId)}/logs/${tryNumber}?`));
  if (!exchange) throw new Error(`no recorded log of ${taskId} try ${tryNumber} in ${fixture.description}`);
  return (exchange.body as { content: LogContentItem[] }).content;
}
