// The worker's real path for a failed task's log, timed in a process of its own so its heap is its
// own: `node bench/log-read-child.ts <baseUrl> <target.json>` reads the evidence through the
// api-client (the log streamed as NDJSON, or the JSON page where that is all the server sends)
// into the triage and the evidence pack, as the triage card does, and prints one JSON line:
// wall time, log bytes read, and the peaks of V8's used heap, sampled every 2 ms and at each
// chunk of the log.
import './resolve-ts.ts';
import v8 from 'node:v8';

const { createAirflowClient } = await import('../lib/airflow/api-client.ts');
const { buildEvidencePack } = await import('../lib/logs/evidence-pack.ts');

const [baseUrl, targetJson, expected] = process.argv.slice(2) as [string, string, string];
const target = JSON.parse(targetJson) as { dagId: string; runId: string; taskId: string; mapIndex: number };

// `peak`: V8's used heap, the young generation's garbage included (its capacity grows during a
// long read, whatever is retained). `peakRetained`: the same without the young generation: what
// survived, i.e. what the read holds on to.
let peak = 0;
let peakRetained = 0;
const sample = () => {
  const used = v8.getHeapStatistics().used_heap_size;
  peak = Math.max(peak, used);
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size ?? 0;
  peakRetained = Math.max(peakRetained, used - young);
};
let logBytes = 0;
// The real fetch; only counted, and sampled at each chunk of the log's body.
const countingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!/\/logs\/\d+\?/.test(String(input)) || !response.body) return response;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        logBytes += chunk.byteLength;
        sample();
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: response.status, headers: response.headers });
};

const client = createAirflowClient({ baseUrl, getToken: async () => 'bench', fetch: countingFetch, streamTimeoutMs: () => 600_000 });
const idle = v8.getHeapStatistics().used_heap_size;
const timer = setInterval(sample, 2);
const start = performance.now();
const pack = await buildEvidencePack(client, target);
const seconds = (performance.now() - start) / 1000;
clearInterval(timer);
sample();
// A run that misses the failure or its buried cause does not count.
if (!pack.text.includes(expected) || pack.diagnosis.logNotice) throw new Error(`the pack missed the root cause: ${pack.text.slice(0, 2000)}`);
const MB = 1024 * 1024;
console.log(JSON.stringify({ seconds, logMb: logBytes / MB, mbPerSec: logBytes / MB / seconds, peakHeapMb: peak / MB, peakRetainedHeapMb: peakRetained / MB, idleHeapMb: idle / MB }));
