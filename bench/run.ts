// npm run bench [-- --live] [-- --browser]
//
// Prints one JSON object per line, {"metric", "value", "unit"}, for the diagnosis engine (issue 5);
// notes on how each was measured go to stderr. See bench/README.md.
//
// Packs come from the recorded real Airflow 3.3.2 responses in lib/logs/__fixtures__/rig (the
// default), or with --live from a real Airflow started here with the log rig (bench/rig/), which
// is stopped at the end. --browser adds the product's timings in the built extension in real
// Chromium against the e2e rig (bench/browser/; it takes /tmp/e2e.lock while the rig runs).
import './resolve-ts.ts';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countModelCalls, type ModelCallCount } from './model-calls.ts';
import { measurePack, type Fetch, type PackMeasure } from './packs.ts';
import { SCENARIOS, type DiagnosisScenario } from './rig/scenarios.ts';
import { readEventShapes } from './synthetic-log.ts';

const { loadRigFixture } = await import('../lib/logs/testing/rig-fixtures.ts');
const { createAirflowClient } = await import('../lib/airflow/api-client.ts');

const live = process.argv.includes('--live');
const browser = process.argv.includes('--browser');
const execFileAsync = promisify(execFile);
const note = (text: string) => console.error(`[bench] ${text}`);
const emit = (metric: string, value: number, unit: string) => console.log(JSON.stringify({ metric, value: Math.round(value * 100) / 100, unit }));

/** How long each part of the bench took, for the notes. */
let partStarted = Date.now();
const partDone = (part: string) => {
  note(`${part}: ${((Date.now() - partStarted) / 1000).toFixed(1)} s`);
  partStarted = Date.now();
};

// ---- Triage throughput and peak memory, each size in a fresh process -------------------------
const shapesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'shapes.json');
fs.writeFileSync(shapesFile, JSON.stringify(readEventShapes()));
partStarted = Date.now();
for (const sizeMb of [1, 100]) {
  const child = spawnSync(process.execPath, [path.join(import.meta.dirname, 'triage-child.ts'), String(sizeMb), shapesFile], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`triage child (${sizeMb} MB) failed:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { sizeMb: number; mbPerSec: number; peakRssMb: number; runs: number };
  emit(`triage_throughput_${sizeMb}mb`, result.mbPerSec, 'MB/s');
  emit(`triage_peak_rss_${sizeMb}mb`, result.peakRssMb, 'MB');
  note(`${sizeMb} MB: synthetic NDJSON log of ${result.sizeMb.toFixed(2)} MiB, median of ${result.runs} runs after warm-up; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
partDone('triage alone (1 and 100 MB)');

// ---- The product's log read: api-client → streamed log → triage → evidence pack --------------
// Against a local server answering as Airflow does (log-server.ts), each run in a fresh process.
{
  const { startLogServer } = await import('./log-server.ts');
  const { syntheticLog } = await import('./synthetic-log.ts');
  const shapes = JSON.parse(fs.readFileSync(shapesFile, 'utf8')) as Parameters<typeof syntheticLog>[1];
  const server = await startLogServer();
  const readOnce = async (sizeMb: number, jsonOnly: boolean) => {
    const log = syntheticLog(sizeMb * 1024 * 1024, shapes);
    server.setLog(log, { jsonOnly });
    const child = await execFileAsync(process.execPath, [path.join(import.meta.dirname, 'log-read-child.ts'), server.baseUrl, JSON.stringify(server.target), log.rootCause], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seconds: number; logMb: number; mbPerSec: number; peakHeapMb: number; peakRetainedHeapMb: number; idleHeapMb: number };
  };
  const median = <T>(runs: T[], by: (run: T) => number) => [...runs].sort((a, b) => by(a) - by(b))[Math.floor(runs.length / 2)]!;
  try {
    const runs = async (sizeMb: number, jsonOnly: boolean, count: number) => {
      const out = [];
      for (let i = 0; i < count; i++) out.push(await readOnce(sizeMb, jsonOnly));
      return out;
    };
    const ndjson1 = await runs(1, false, 5);
    const ndjson10 = await runs(10, false, 3);
    const ndjson100 = await runs(100, false, 3);
    const json100 = await runs(100, true, 1);
    const speed = median(ndjson100, (r) => r.mbPerSec);
    const heap = (set: typeof ndjson1) => median(set, (r) => r.peakHeapMb).peakHeapMb;
    const retained = (set: typeof ndjson1) => median(set, (r) => r.peakRetainedHeapMb).peakRetainedHeapMb;
    emit('log_read_mb_per_s_product', speed.mbPerSec, 'MB/s');
    emit('log_read_mb_per_s_product_json', json100[0]!.mbPerSec, 'MB/s');
    emit('log_read_peak_heap_mb_1mb', heap(ndjson1), 'MB');
    emit('log_read_peak_heap_mb_10mb', heap(ndjson10), 'MB');
    emit('log_read_peak_heap_mb_100mb', heap(ndjson100), 'MB');
    emit('log_read_peak_heap_ratio_100mb_to_1mb', heap(ndjson100) / heap(ndjson1), 'ratio');
    emit('log_read_peak_retained_heap_mb_1mb', retained(ndjson1), 'MB');
    emit('log_read_peak_retained_heap_mb_100mb', retained(ndjson100), 'MB');
    emit('log_read_peak_retained_heap_ratio_100mb_to_1mb', retained(ndjson100) / retained(ndjson1), 'ratio');
    emit('log_read_peak_heap_mb_100mb_json', json100[0]!.peakHeapMb, 'MB');
    note(
      `product log read: ${speed.logMb.toFixed(1)} MB NDJSON log in ${speed.seconds.toFixed(2)} s (median of ${ndjson100.length}), the same as one JSON page in ${json100[0]!.seconds.toFixed(2)} s; ` +
        `V8 used heap at idle ${speed.idleHeapMb.toFixed(1)} MB, peak ${heap(ndjson1).toFixed(1)} / ${heap(ndjson10).toFixed(1)} / ${heap(ndjson100).toFixed(1)} MB for 1 / 10 / 100 MB ` +
        `(young generation excluded: ${retained(ndjson1).toFixed(1)} / ${retained(ndjson10).toFixed(1)} / ${retained(ndjson100).toFixed(1)} MB), ${json100[0]!.peakHeapMb.toFixed(1)} MB for 100 MB as one JSON page; ` +
        `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
  } finally {
    await server.close();
  }
}
fs.rmSync(path.dirname(shapesFile), { recursive: true, force: true });
partDone('product log read (1, 10, 100 MB NDJSON, 100 MB JSON)');

// ---- Evidence packs and model calls over the failure scenarios -------------------------------
interface Source {
  baseUrl: string;
  token: string;
  fetch: (scenario: DiagnosisScenario) => Fetch;
  runId: (scenario: DiagnosisScenario) => string;
  stop: () => Promise<void>;
}

async function recordedSource(): Promise<Source> {
  const baseUrl = 'http://airflow.test/airflow/';
  const replay = (scenario: DiagnosisScenario): Fetch => {
    const fixture = loadRigFixture(scenario.name);
    return (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input).slice(baseUrl.length);
      const exchange = fixture.exchanges.find((e) => e.url === url);
      if (!exchange) throw new Error(`${scenario.name}: no recorded response for ${url}`);
      // A log asked for as NDJSON (as the product and the UI ask) comes as Airflow streams it: one event per line.
      const accept = (init?.headers as Record<string, string> | undefined)?.Accept;
      if (accept === 'application/x-ndjson' && exchange.status === 200) {
        const { content } = exchange.body as { content: unknown[] };
        return new Response(content.map((event) => `${JSON.stringify(event)}\n`).join(''), { headers: { 'content-type': 'application/x-ndjson' } });
      }
      return new Response(JSON.stringify(exchange.body), { status: exchange.status, headers: { 'content-type': 'application/json' } });
    }) as Fetch;
  };
  return { baseUrl, token: 'recorded', fetch: replay, runId: (s) => String(loadRigFixture(s.name).arguments.run_id), stop: async () => {} };
}

async function liveSource(): Promise<Source> {
  const { startLogsRig } = await import('./rig/logs-rig.ts');
  const { getToken } = await import('../e2e/airflow/harness.ts');
  const rig = await startLogsRig();
  try {
    const token = await getToken(rig.baseUrl, 'admin', 'admin');
    return { baseUrl: rig.baseUrl, token, fetch: () => globalThis.fetch, runId: (s) => rig.runs[s.run]!, stop: () => rig.stop() };
  } catch (error) {
    await rig.stop();
    throw error;
  }
}

const source = live ? await liveSource() : await recordedSource();
const packs: PackMeasure[] = [];
const calls: { scenario: string; withPrefetch: ModelCallCount; without: ModelCallCount }[] = [];
try {
  for (const scenario of SCENARIOS) {
    const target = { dagId: scenario.dagId, runId: source.runId(scenario), taskId: scenario.taskId, mapIndex: scenario.mapIndex ?? -1 };
    packs.push(await measurePack(scenario, target, source.baseUrl, source.token, source.fetch(scenario)));
    const client = createAirflowClient({ baseUrl: source.baseUrl, getToken: async () => source.token, fetch: source.fetch(scenario) });
    const page = { instanceUrl: source.baseUrl, ...target };
    calls.push({
      scenario: scenario.name,
      withPrefetch: await countModelCalls(client, page, scenario.rootCause, { prefetch: true }),
      without: await countModelCalls(client, page, scenario.rootCause, { prefetch: false }),
    });
  }
} finally {
  await source.stop();
}

// ---- Accuracy on the failure corpus (issue 15): recorded real Airflow responses -----------------
{
  const { corpusRecorded, measureCorpus } = await import('./corpus/accuracy.ts');
  if (corpusRecorded()) {
    const corpus = await measureCorpus();
    emit('class_accuracy', corpus.classAccuracy, 'share');
    emit('root_cause_recall', corpus.rootCauseRecall, 'share');
    emit('citation_exact', corpus.citationExact, 'share');
    emit('pack_tokens_p95', corpus.packTokensP95, 'tokens');
    note(`failure corpus: ${corpus.results.length} task instances of bench/corpus/dags, recorded from a real Airflow (bench/corpus/__fixtures__)`);
    for (const r of corpus.results) {
      const where = r.rootCauseLine ? `UI line ${r.rootCauseLine.uiLine}${r.rootCauseLine.groups.length ? ` (in ${r.rootCauseLine.groups.join(' > ')})` : ''}` : 'root cause not in the log';
      note(`${r.dagId.padEnd(30)} class ${r.classRight ? 'ok ' : 'BAD'} ${r.gotClass}${r.classRight ? '' : ` (expected ${r.expectedClass})`}, recall ${r.recalled}, citation ${r.citationExact ? 'exact' : 'MISSED'} ${where}, ${r.packTokens} tokens`);
    }
  } else {
    note('failure corpus not recorded: run bench/corpus/record-corpus.ts (see bench/README.md)');
  }
}

const longLog = packs.find((p) => p.scenario === 'long-log')!;
emit('pack_tokens_max', Math.max(...packs.map((p) => p.packTokens)), 'tokens');
emit('full_log_to_pack_ratio_min', Math.min(...packs.map((p) => p.ratio)), 'ratio');
emit('full_log_to_pack_ratio_long_log', longLog.ratio, 'ratio');
emit('model_calls_per_diagnosis', Math.max(...calls.map((c) => c.withPrefetch.calls)), 'calls');
emit('model_calls_per_diagnosis_without_prefetch', Math.max(...calls.map((c) => c.without.calls)), 'calls');
emit('evidence_recall', packs.filter((p) => p.recalled).length / packs.length, 'share');
emit('answers_citing_only_evidence', calls.filter((c) => c.withPrefetch.citesOnlyEvidence).length / calls.length, 'share');

note(`packs from ${live ? 'a live Airflow (log rig)' : 'recorded Airflow 3.3.2 responses (lib/logs/__fixtures__/rig)'}; tokens = characters / 4`);
for (const p of packs) {
  const c = calls.find((x) => x.scenario === p.scenario)!;
  note(`${p.scenario.padEnd(24)} pack ${String(p.packTokens).padStart(5)} tokens, full log ${String(p.fullLogTokens).padStart(8)} tokens (×${p.ratio.toFixed(1)}), root cause in pack: ${p.recalled}, model calls ${c.withPrefetch.calls} (without prefetch ${c.without.calls})`);
}
partDone(`evidence packs and model calls (${SCENARIOS.length} scenarios${live ? ', live rig' : ''})`);

// ---- The bundles each context loads, gzip bytes ----------------------------------------------
{
  const { buildForBench, measureBundles } = await import('./bundles.ts');
  const sizes = measureBundles(buildForBench());
  emit('content_script_gz_bytes', sizes.contentScript, 'bytes');
  emit('background_gz_bytes', sizes.background, 'bytes');
  emit('sidepanel_gz_bytes', sizes.sidepanel, 'bytes');
  emit('options_gz_bytes', sizes.options, 'bytes');
  note(`bundles (gzip -6 bytes, production build in .output/bench): ${Object.entries(sizes.files).map(([file, bytes]) => `${file} ${bytes}`).join(', ')}`);
  partDone('bundles (build and gzip)');
}

// ---- In the browser: the built extension, real Chromium, the e2e rig's Airflow -------------------
if (browser) {
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-browser-')), 'metrics.jsonl');
  const root = path.resolve(import.meta.dirname, '..');
  // The e2e fixtures load .output/chrome-mv3: the production build of this checkout.
  spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 2] });
  const run = spawnSync('flock', ['/tmp/e2e.lock', 'npx', 'playwright', 'test', '-c', 'bench/browser/playwright.config.ts'], {
    cwd: root,
    env: { ...process.env, BENCH_BROWSER_OUT: outFile },
    // Playwright's report goes to stderr with the notes; stdout is the metrics only.
    stdio: ['ignore', 2, 2],
    encoding: 'utf8',
  });
  const lines = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').trim().split('\n').filter(Boolean) : [];
  for (const line of lines) console.log(line);
  fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
  if (run.status !== 0) note(`the browser part failed (exit ${run.status}): some browser metrics are missing`);
  partDone('browser (build, Airflow rig, Chromium; waiting for /tmp/e2e.lock included)');
}
