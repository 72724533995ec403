// The accuracy of the diagnosis on the failure corpus (issue 15), from the recorded real Airflow
// responses in bench/corpus/__fixtures__ (record-corpus.ts): for each case the evidence pack is
// built through the real api-client, answered from the recording, and checked against cases.ts.
import '../resolve-ts.ts';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, type CorpusCase } from './cases.ts';

const { replayClient } = await import('../../lib/mcp/testing/replay-fixture.ts');
const { buildEvidencePack } = await import('../../lib/logs/evidence-pack.ts');

export const CORPUS_FIXTURES_DIR = path.join(import.meta.dirname, '__fixtures__');

export interface RootCauseLine {
  taskId: string;
  tryNumber: number;
  /** Index of the first event holding the root-cause text in the log API's `content`. */
  index: number;
  /** The Airflow UI's own number for that event. */
  uiLine: number | null;
  groups: string[];
  text: string;
}

export interface CaseResult {
  dagId: string;
  expectedClass: string;
  gotClass: string;
  classRight: boolean;
  recalled: boolean;
  citationExact: boolean;
  packTokens: number;
  rootCauseLine: RootCauseLine | null;
  /** The pack's link for the root cause, if any item cites its task and try. */
  citedUrls: string[];
}

interface CorpusFixture {
  arguments: { dag_id: string; run_id: string; task_id: string; map_index: number };
  rootCauseLine: RootCauseLine | null;
  exchanges: Parameters<typeof replayClient>[0];
}

export function corpusRecorded(): boolean {
  return CORPUS.every((c) => fs.existsSync(path.join(CORPUS_FIXTURES_DIR, `${c.dagId}.json`)));
}

export async function measureCase(c: CorpusCase): Promise<CaseResult> {
  const fixture = JSON.parse(fs.readFileSync(path.join(CORPUS_FIXTURES_DIR, `${c.dagId}.json`), 'utf8')) as CorpusFixture;
  const { client } = replayClient(fixture.exchanges);
  const args = fixture.arguments;
  const pack = await buildEvidencePack(client, { dagId: args.dag_id, runId: args.run_id, taskId: args.task_id, mapIndex: args.map_index });
  const signalsRight = (c.expectedSignals ?? []).every((s) => pack.diagnosis.signals.includes(s));
  const line = fixture.rootCauseLine;
  // A citation is exact when some item links the root cause's task, try and UI line number: the
  // Airflow UI (or, for a line folded in a collapsed group, the extension's content script) then
  // opens exactly that line.
  const citedUrls = pack.items.map((item) => item.url).filter((url) => line !== null && citesLine(url, line));
  return {
    dagId: c.dagId,
    expectedClass: c.expectedClass,
    gotClass: pack.diagnosis.failureClass,
    classRight: pack.diagnosis.failureClass === c.expectedClass && signalsRight,
    recalled: pack.text.includes(c.rootCause),
    citationExact: citedUrls.length > 0,
    packTokens: pack.tokens,
    rootCauseLine: line,
    citedUrls,
  };
}

function citesLine(url: string, line: RootCauseLine): boolean {
  const parsed = new URL(url);
  const task = /\/tasks\/([^/]+)$/.exec(parsed.pathname)?.[1];
  return task !== undefined && decodeURIComponent(task) === line.taskId && parsed.searchParams.get('try_number') === String(line.tryNumber) && parsed.hash === `#${line.uiLine}`;
}

export async function measureCorpus(): Promise<{ results: CaseResult[]; classAccuracy: number; rootCauseRecall: number; citationExact: number; packTokensP95: number }> {
  const results: CaseResult[] = [];
  for (const c of CORPUS) results.push(await measureCase(c));
  const share = (f: (r: CaseResult) => boolean) => results.filter(f).length / results.length;
  const tokens = results.map((r) => r.packTokens).sort((a, b) => a - b);
  return {
    results,
    classAccuracy: share((r) => r.classRight),
    rootCauseRecall: share((r) => r.recalled),
    citationExact: share((r) => r.citationExact),
    packTokensP95: tokens[Math.min(tokens.length - 1, Math.ceil(tokens.length * 0.95) - 1)]!,
  };
}

// `node bench/corpus/accuracy.ts`: the four metrics and the per-case lines alone, without the rest of the bench.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const corpus = await measureCorpus();
  for (const [metric, value, unit] of [['class_accuracy', corpus.classAccuracy, 'share'], ['root_cause_recall', corpus.rootCauseRecall, 'share'], ['citation_exact', corpus.citationExact, 'share'], ['pack_tokens_p95', corpus.packTokensP95, 'tokens']] as const) {
    console.log(JSON.stringify({ metric, value: Math.round(value * 100) / 100, unit }));
  }
  for (const r of corpus.results) console.error(`${r.dagId.padEnd(30)} ${r.classRight ? 'ok ' : 'BAD'} ${r.gotClass}${r.classRight ? '' : ` (expected ${r.expectedClass})`} recall=${r.recalled} citation=${r.citationExact ? 'exact' : `MISSED (root cause at ${JSON.stringify(r.rootCauseLine && { ui: r.rootCauseLine.uiLine, groups: r.rootCauseLine.groups })})`} tokens=${r.packTokens}`);
}
