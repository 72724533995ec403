// Evidence packs of the failure scenarios, measured: their size, the size of the full log a
// model would read instead, and whether the pack holds the line that names the root cause.
import './resolve-ts.ts';
import type { DiagnosisScenario } from './rig/scenarios.ts';

const { createAirflowClient } = await import('../lib/airflow/api-client.ts');
const { buildEvidencePack } = await import('../lib/logs/evidence-pack.ts');
const { estimateTokens } = await import('../lib/logs/evidence-item.ts');
const { renderLogEvent } = await import('../lib/logs/render-log-event.ts');

type LogContent = Parameters<typeof renderLogEvent>[0][];

export interface PackMeasure {
  scenario: string;
  packTokens: number;
  /** The full log the diagnosis is about (the diagnosed try; for upstream_failed, the failed upstream's), rendered as text. */
  fullLogTokens: number;
  ratio: number;
  /** Every root-cause text of the scenario is in the pack. */
  recalled: boolean;
}

/** A fetch for the api-client: the recorded answers, or the real Airflow. */
export type Fetch = typeof globalThis.fetch;

export async function measurePack(scenario: DiagnosisScenario, target: { dagId: string; runId: string; taskId: string; mapIndex: number }, baseUrl: string, token: string, fetch: Fetch): Promise<PackMeasure> {
  const logs = new Map<string, LogContent>();
  // Keeps the log bodies the pack read, to size the full log.
  const capturing: Fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = String(input);
    if (/\/logs\/\d+\?/.test(url) && response.ok) {
      const text = await response.clone().text();
      // The product asks for NDJSON, as the UI does; a server without it sends the JSON page.
      const content = response.headers.get('content-type')?.startsWith('application/x-ndjson')
        ? (text.split('\n').filter((line) => line.trim() !== '').map((line) => (line.startsWith('{') ? JSON.parse(line) : line)) as LogContent)
        : (JSON.parse(text) as { content: LogContent }).content;
      logs.set(url.slice(baseUrl.length), content);
    }
    return response;
  };
  const client = createAirflowClient({ baseUrl, getToken: async () => token, fetch: capturing });
  const pack = await buildEvidencePack(client, target);
  const diagnosed = pack.target.tryNumber >= 1 ? `/taskInstances/${encodeURIComponent(pack.target.taskId)}/logs/${pack.target.tryNumber}?` : '/logs/';
  const fullLog = [...logs].find(([url]) => url.includes(diagnosed))?.[1] ?? [];
  const known = { dag_id: target.dagId, run_id: target.runId };
  const fullText = fullLog.flatMap((event) => {
    const rendered = renderLogEvent(event, known);
    return [rendered.line, ...rendered.attached];
  });
  const fullLogTokens = estimateTokens(fullText.join('\n'));
  return {
    scenario: scenario.name,
    packTokens: pack.tokens,
    fullLogTokens,
    ratio: fullLogTokens / pack.tokens,
    recalled: scenario.rootCause.every((text) => pack.text.includes(text)),
  };
}
