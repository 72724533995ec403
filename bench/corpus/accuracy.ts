// The accuracy of the diagnosis on the failure corpus (issue 15), from the recorded real Airflow
// responses in bench/corpus/__fixtures__ (record-corpus.ts); the measure is
// lib/logs/testing/corpus-accuracy.ts.
//
//   node bench/corpus/accuracy.ts   (the four metrics and a line per case, without the rest of npm run bench)
import '../resolve-ts.ts';
import path from 'node:path';
import { CORPUS } from './cases.ts';

const accuracy = await import('../../lib/logs/testing/corpus-accuracy.ts');

export const CORPUS_FIXTURES_DIR = path.join(import.meta.dirname, '__fixtures__');
export const corpusRecorded = () => accuracy.corpusRecorded(CORPUS, CORPUS_FIXTURES_DIR);
export const measureCorpus = () => accuracy.measureCorpus(CORPUS, CORPUS_FIXTURES_DIR);

// `node bench/corpus/accuracy.ts`: the four metrics and the per-case lines alone, without the rest of the bench.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const corpus = await measureCorpus();
  for (const [metric, value, unit] of [['class_accuracy', corpus.classAccuracy, 'share'], ['root_cause_recall', corpus.rootCauseRecall, 'share'], ['citation_exact', corpus.citationExact, 'share'], ['pack_tokens_p95', corpus.packTokensP95, 'tokens']] as const) {
    console.log(JSON.stringify({ metric, value: Math.round(value * 100) / 100, unit }));
  }
  for (const r of corpus.results) console.error(`${r.dagId.padEnd(30)} ${r.classRight ? 'ok ' : 'BAD'} ${r.gotClass}${r.classRight ? '' : ` (expected ${r.expectedClass})`} recall=${r.recalled} citation=${r.citationExact ? 'exact' : `MISSED (root cause at ${JSON.stringify(r.rootCauseLine && { ui: r.rootCauseLine.uiLine, groups: r.rootCauseLine.groups })})`} tokens=${r.packTokens}`);
}
