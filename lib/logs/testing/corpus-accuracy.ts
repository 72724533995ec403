// The accuracy of the diagnosis on a recorded failure corpus (issue 15; the corpus, its Dags and
// its recorder are in bench/corpus/): for each case the evidence pack is built through the real
// api-client answered from the recorded real Airflow responses, and checked against the case.
import fs from 'node:fs';
import path from 'node:path';
import { buildEvidencePack } from '../evidence-pack';
import type { FailureClass } from '../failure-class';
import { replayClient, type RecordedExchange } from '../../airflow/testing/replay-fixture';

export interface CorpusCase {
  dagId: string;
  taskId: string;
  expectedClass: FailureClass;
  /** Further classes the diagnosis must name (retries exhausted). */
  expectedSignals?: FailureClass[];
  /** Text of the line that names the root cause (the first event holding it is the cited line). */
  rootCause: string;
  /** The task whose log holds the root cause, when not the diagnosed one (upstream failures). */
  rootCauseTask?: string;
  /** Misleading: earlier lines that look like the cause but are not. */
  misleading?: boolean;
}

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
  exchanges: RecordedExchange[];
}

export function corpusRecorded(cases: readonly CorpusCase[], dir: string): boolean {
  return cases.every((c) => fs.existsSync(path.join(dir, `${c.dagId}.json`)));
}

export async function measureCase(c: CorpusCase, dir: string): Promise<CaseResult> {
  const fixture = JSON.parse(fs.readFileSync(path.join(dir, `${c.dagId}.json`), 'utf8')) as CorpusFixture;
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

export async function measureCorpus(cases: readonly CorpusCase[], dir: string): Promise<{ results: CaseResult[]; classAccuracy: number; rootCauseRecall: number; citationExact: number; packTokensP95: number }> {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await measureCase(c, dir));
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

