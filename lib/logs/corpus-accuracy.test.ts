// The diagnosis on the failure corpus (bench/corpus): real Airflow 3.3.2 logs of 33 failure Dags,
// recorded by bench/corpus/record-corpus.ts. The targets, checked on every change; the
// bench prints the same numbers (npm run bench: class_accuracy, root_cause_recall, citation_exact,
// pack_tokens_p95).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../bench/corpus/cases';
import { measureCorpus } from './testing/corpus-accuracy';

const FIXTURES = path.resolve(import.meta.dirname, '../../bench/corpus/__fixtures__');

describe('the failure corpus', async () => {
  const corpus = await measureCorpus(CORPUS, FIXTURES);

  it('has at least 25 failure Dags, at least two per kind of failure the issue lists', () => {
    expect(corpus.results.length).toBeGreaterThanOrEqual(25);
    // The issue lists timeouts as one kind (execution, sensor, dagrun): the corpus has one execution
    // and one sensor timeout, and no dagrun timeout yet.
    const kind = (c: (typeof CORPUS)[number]) => (/_timeout$/.test(c.expectedClass) ? 'timeout' : c.expectedSignals?.includes('retries_exhausted') ? 'retries_exhausted' : c.expectedClass);
    const perKind = new Map<string, number>();
    for (const c of CORPUS) perKind.set(kind(c), (perKind.get(kind(c)) ?? 0) + 1);
    expect([...perKind].filter(([, n]) => n < 2)).toEqual([]);
  });

  it('every recorded root cause was found in the real log, at a UI line', () => {
    expect(corpus.results.filter((r) => r.rootCauseLine?.uiLine === undefined || r.rootCauseLine?.uiLine === null).map((r) => r.dagId)).toEqual([]);
  });

  it('meets the targets: class ≥ 0.95, recall 1.0, exact citation ≥ 0.95, p95 ≤ 1,500 tokens', () => {
    const wrong = corpus.results.filter((r) => !r.classRight).map((r) => `${r.dagId}: ${r.gotClass} (expected ${r.expectedClass})`);
    expect(corpus.classAccuracy, wrong.join('; ')).toBeGreaterThanOrEqual(0.95);
    expect(corpus.results.filter((r) => !r.recalled).map((r) => r.dagId)).toEqual([]);
    const missed = corpus.results.filter((r) => !r.citationExact).map((r) => `${r.dagId}: line ${r.rootCauseLine?.uiLine}`);
    expect(corpus.citationExact, missed.join('; ')).toBeGreaterThanOrEqual(0.95);
    expect(corpus.packTokensP95).toBeLessThanOrEqual(1500);
  });
});
