// How many model calls "why did this fail?" takes, through the real agent code: the question is
// planned with planDiagnosis (lib/logs), its prefetch made with prefetchEvidence and the tools
// offered with toolsFromMcpClient (lib/agent), over the real built-in MCP server, and the answer
// streamed by answerQuestion (lib/agent). The model is a mock that behaves like a careful model:
// it answers once its context holds the line that names the root cause, and otherwise asks for
// the evidence with get_failure_evidence (then answers, or says it found none). Each call of the
// mock (doStream) is one model call.
import './resolve-ts.ts';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import type { ModelMessage } from 'ai';

const { buildAirflowMcpServer, connectInProcess } = await import('../lib/mcp/index.ts');
const { planDiagnosis } = await import('../lib/logs/plan-diagnosis.ts');
const { prefetchEvidence } = await import('../lib/agent/prefetch-evidence.ts');
const { toolsFromMcpClient } = await import('../lib/agent/mcp-tools.ts');
const { answerQuestion } = await import('../lib/agent/answer-question.ts');
const { buildSystemPrompt } = await import('../lib/agent/system-prompt.ts');
const { checkCitations, urlsIn } = await import('../lib/logs/citations.ts');

type AirflowClient = Parameters<typeof buildAirflowMcpServer>[0];

export interface PageForQuestion {
  instanceUrl: string;
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
}

export interface ModelCallCount {
  calls: number;
  /** The answer cited only links that were in the evidence it was given. */
  citesOnlyEvidence: boolean;
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A model that answers once `rootCause` is in its prompt, and fetches evidence otherwise. */
function carefulModel(rootCause: readonly string[], page: PageForQuestion) {
  let asked = false;
  const model = new MockLanguageModelV4({
    doStream: async ({ prompt }) => {
      const seen = JSON.stringify(prompt);
      const chunks: unknown[] = [{ type: 'stream-start', warnings: [] }];
      const hasEvidence = rootCause.every((text) => seen.includes(JSON.stringify(text).slice(1, -1)));
      if (hasEvidence || asked) {
        // Cites the first Airflow UI link of the evidence (the failure's line), as the prompt asks.
        const url = urlsIn(seen.replace(/\\n/g, '\n').replace(/\\"/g, '"')).find((u) => u.includes('try_number=')) ?? '';
        const text = hasEvidence ? `It failed because of ${rootCause[0]} ([the log line](${url})).` : 'I could not find evidence for the cause.';
        chunks.push({ type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: text }, { type: 'text-end', id: 't' });
        chunks.push({ type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage });
      } else {
        asked = true;
        const input = { dag_id: page.dagId, run_id: page.runId, task_id: page.taskId, map_index: page.mapIndex };
        chunks.push({ type: 'tool-call', toolCallId: 'call-1', toolName: 'get_failure_evidence', input: JSON.stringify(input) });
        chunks.push({ type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage });
      }
      return { stream: simulateReadableStream({ chunks: chunks as never[] }) };
    },
  });
  return model;
}

export async function countModelCalls(client: AirflowClient, page: PageForQuestion, rootCause: readonly string[], { prefetch }: { prefetch: boolean }): Promise<ModelCallCount> {
  const question = 'Why did this task fail?';
  const context = { ...page, pageKind: 'task_instance' as const, pageUrl: `${page.instanceUrl}dags/${page.dagId}` };
  const mcp = await connectInProcess(buildAirflowMcpServer(client), 'bench');
  try {
    const plan = planDiagnosis(question, context);
    let id = 0;
    const prefetched = prefetch ? await prefetchEvidence(mcp, plan.prefetch, { newId: () => String(++id), onEvent: () => {} }) : { messages: [] as ModelMessage[] };
    const model = carefulModel(rootCause, page);
    let answer = '';
    await answerQuestion({
      model,
      tools: await toolsFromMcpClient(mcp),
      toolOutcomes: new Map(),
      system: buildSystemPrompt(context),
      messages: [{ role: 'user', content: question }, ...prefetched.messages],
      abortSignal: new AbortController().signal,
      onEvent: (event) => {
        if (event.type === 'text-delta') answer += event.text;
      },
    });
    const evidence = JSON.stringify(model.doStreamCalls.map((call) => call.prompt)).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    const { unknown } = checkCitations(answer, urlsIn(evidence));
    return { calls: model.doStreamCalls.length, citesOnlyEvidence: unknown.length === 0 };
  } finally {
    await mcp.close();
  }
}
