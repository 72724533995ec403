// Measures the triage on one synthetic log size, in a process of its own so that its peak RSS
// is its own: `node bench/triage-child.ts <MB> <shapes.json>` prints one JSON line (bench/run.ts
// writes the shapes file: reading them from the 20 MB recorded log here would dwarf the triage).
//
// The path measured is the whole one from bytes: NDJSON chunks → lines → scan or JSON.parse → triage.
// After a warm-up on 1 MB (the extension's worker is long-lived), the median of several runs.
import './resolve-ts.ts';
import fs from 'node:fs';
import { syntheticLog, type EventShapes } from './synthetic-log.ts';

const { triageLines } = await import('../lib/logs/log-triage.ts');
const { textChunkLines } = await import('../lib/logs/log-pages.ts');

const MB = 1024 * 1024;
const sizeMb = Number(process.argv[2] ?? '1');
const shapes = JSON.parse(fs.readFileSync(process.argv[3]!, 'utf8')) as EventShapes;

async function run(log: ReturnType<typeof syntheticLog>): Promise<number> {
  const start = performance.now();
  const triage = await triageLines(textChunkLines(log.chunks()));
  const seconds = (performance.now() - start) / 1000;
  // A run that misses the failure or its buried cause does not count.
  if (triage.failure?.exception?.type !== 'RuntimeError' || triage.rootCause?.exception?.message !== log.rootCause) {
    throw new Error(`triage missed the failure in the ${sizeMb} MB log`);
  }
  return log.bytes / MB / seconds;
}

const warmUp = syntheticLog(MB, shapes);
for (let i = 0; i < 3; i++) await run(warmUp);
const log = syntheticLog(sizeMb * MB, shapes);
const speeds: number[] = [];
for (let i = 0; i < (sizeMb <= 1 ? 15 : 3); i++) speeds.push(await run(log));
speeds.sort((a, b) => a - b);
const median = speeds[Math.floor(speeds.length / 2)]!;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ sizeMb: log.bytes / MB, mbPerSec: median, peakRssMb, runs: speeds.length }));
