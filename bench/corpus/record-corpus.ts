// Runs the failure corpus (bench/corpus/dags/) on a real Airflow 3 and records what the evidence
// pack reads, for the accuracy bench (npm run bench) and the unit tests:
//
//   flock /tmp/e2e.lock node_modules/.bin/node bench/corpus/record-corpus.ts [--fresh]
//
// Starts the log rig (bench/rig/logs-rig.ts, whose Dags folder also holds the corpus), triggers one
// run of every corpus Dag (all at once; remembered in corpus-runs.json of the rig's home), waits for
// them, then for each case of cases.ts calls get_failure_evidence through a real MCP client while a
// recording fetch saves every GET into bench/corpus/__fixtures__/<dag>.json. Beside them it records
// where the root-cause text is in the real log: the first event holding it, its API index and
// the UI's own line number for it (the 3.3.2 UI's numbering, lib/logs/ui-log-lines.ts).
import '../resolve-ts.ts';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, api, getToken, triggerDagRun, waitForDagRun, waitForDags } from '../../e2e/airflow/harness.ts';
import { LOGS_RIG_HOME, startLogsRig } from '../rig/logs-rig.ts';
import { recordingFetch, saveFixture, type Exchange } from '../rig/recording.ts';
import { CORPUS, type CorpusCase } from './cases.ts';

const { createAirflowClient } = await import('../../lib/airflow/api-client.ts');
const { buildAirflowMcpServer, connectInProcess } = await import('../../lib/mcp/index.ts');
const { uiLogLocation } = await import('../../lib/logs/ui-log-lines.ts');

const FIXTURES_DIR = path.join(REPO_ROOT, 'bench', 'corpus', '__fixtures__');
const RECORDING_DIR = `${FIXTURES_DIR}.recording`;
const started = Date.now();
const rig = await startLogsRig({ fresh: process.argv.includes('--fresh') });
const rigReady = Date.now();
try {
  const runs = await corpusRuns(rig.baseUrl);
  const runsDone = Date.now();
  fs.rmSync(RECORDING_DIR, { recursive: true, force: true });
  fs.mkdirSync(RECORDING_DIR, { recursive: true });
  const { version } = await api<{ version: string }>(rig.baseUrl, 'version');
  const source = `real Airflow ${version} (bench/corpus/record-corpus.ts, ${new Date().toISOString().slice(0, 10)})`;
  const token = await getToken(rig.baseUrl, 'admin', 'admin');
  for (const c of CORPUS) {
    const exchanges: Exchange[] = [];
    const client = createAirflowClient({ baseUrl: rig.baseUrl, getToken: async () => token, fetch: recordingFetch(rig.baseUrl, RECORDING_DIR, c.dagId, exchanges) });
    const mcp = await connectInProcess(buildAirflowMcpServer(client), 'corpus-recorder');
    const args = { dag_id: c.dagId, run_id: runs[c.dagId], task_id: c.taskId, map_index: -1 };
    const result = await mcp.callTool({ name: 'get_failure_evidence', arguments: args }, undefined, { timeout: 600_000 });
    await mcp.close();
    const rootCauseLine = await rootCauseLineOf(rig.baseUrl, token, c, runs[c.dagId]!);
    const text = (result.content as { type: string; text?: string }[])[0]?.text ?? '';
    console.error(`[corpus] ${c.dagId}: root cause ${rootCauseLine ? `at API index ${rootCauseLine.index}, UI line ${rootCauseLine.uiLine}${rootCauseLine.groups.length ? ` in ${rootCauseLine.groups.join(' > ')}` : ''}` : 'NOT FOUND'} | ${text.split('\n')[2] ?? ''}`);
    saveFixture(RECORDING_DIR, c.dagId, { description: `Evidence pack for ${c.dagId}.${c.taskId}`, source, user: 'admin', tool: 'get_failure_evidence', arguments: args, rootCauseLine, exchanges });
  }
  fs.rmSync(FIXTURES_DIR, { recursive: true, force: true });
  fs.renameSync(RECORDING_DIR, FIXTURES_DIR);
  console.error(`[corpus] rig ready in ${((rigReady - started) / 1000).toFixed(0)} s, corpus runs in ${((runsDone - rigReady) / 1000).toFixed(0)} s, recorded in ${((Date.now() - runsDone) / 1000).toFixed(0)} s`);
} finally {
  await rig.stop();
}

async function corpusRuns(baseUrl: string): Promise<Record<string, string>> {
  const file = path.join(LOGS_RIG_HOME, 'corpus-runs.json');
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {}
  await waitForDags(baseUrl, CORPUS.map((c) => c.dagId), { timeoutMs: 300_000 });
  const runs: Record<string, string> = {};
  for (const c of CORPUS) {
    const existing = known[c.dagId];
    const state = existing ? await api<{ state: string }>(baseUrl, `dags/${c.dagId}/dagRuns/${encodeURIComponent(existing)}`).then((r) => r.state, () => null) : null;
    runs[c.dagId] = existing && state ? existing : await triggerDagRun(baseUrl, c.dagId);
  }
  fs.writeFileSync(file, JSON.stringify(runs, null, 2));
  // One run at a time, each poll forgiving: 34 runs at once keep the API server of a 2-core machine busy.
  const deadline = Date.now() + 900_000;
  for (const c of CORPUS) {
    for (;;) {
      try {
        console.error(`[corpus] ${c.dagId} → ${await waitForDagRun(baseUrl, c.dagId, runs[c.dagId]!, { timeoutMs: Math.max(1_000, deadline - Date.now()) })}`);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }
  return runs;
}

/** The first event of the real log holding the root-cause text, and the UI's number for it. */
async function rootCauseLineOf(baseUrl: string, token: string, c: CorpusCase, runId: string) {
  const taskId = c.rootCauseTask ?? c.taskId;
  const ti = await api<{ try_number: number }>(baseUrl, `dags/${c.dagId}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${taskId}`, { token });
  const log = await api<{ content: unknown[] }>(baseUrl, `dags/${c.dagId}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${taskId}/logs/${ti.try_number}?full_content=true`, { token });
  // The first event holding the text, the hook's echo of the command it runs aside ("Running command: … echo 'fatal: …'").
  const index = log.content.findIndex((event) => eventText(event).includes(c.rootCause) && !eventText(event).startsWith('Running command:'));
  if (index < 0) return null;
  const location = uiLogLocation(log.content, index);
  return { taskId, tryNumber: ti.try_number, index, uiLine: location?.lineNumber ?? null, groups: location?.groups ?? [], text: eventText(log.content[index]).slice(0, 300) };
}

function eventText(event: unknown): string {
  if (typeof event === 'string') return event;
  if (!event || typeof event !== 'object') return '';
  const e = event as { event?: unknown; error_detail?: { exc_type?: string; exc_value?: string }[] };
  const details = Array.isArray(e.error_detail) ? e.error_detail.map((d) => `${d.exc_type}: ${d.exc_value ?? ''}`).join('\n') : '';
  return `${typeof e.event === 'string' ? e.event : ''}\n${details}`;
}
