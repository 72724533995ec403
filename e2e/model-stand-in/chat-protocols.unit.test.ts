import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { APICallError, isStepCount, streamText, tool } from 'ai';
import { z } from 'zod';
import { createChatModel } from '../../lib/agent/model';
import type { ModelProvider } from '../../lib/storage/items';
import { startAnthropicStandIn, startOpenAIStandIn } from './chat-protocols.ts';
import { callToolsThenAnswer, failWith, type ModelStandIn } from './server.ts';

const LOG_ERROR = "ValueError: column 'amount' has 3 nulls";
const SYSTEM = 'You are a read-only Airflow assistant. Page: dag_id=etl_daily task_id=load try_number=2';

const diagnoseFromLog = callToolsThenAnswer({
  calls: (req) => [{ name: 'get_task_log', args: { dag_id: /dag_id=(\S+)/.exec(req.systemText)?.[1] ?? '?', task_id: 'load', try_number: 2 } }],
  answer: (results) => {
    const log = JSON.parse(String(results[0]?.content)) as { task_id: string; error: string };
    return `Task ${log.task_id} failed with ${log.error}. Fix the nulls upstream.`;
  },
});

function logTool() {
  const execute = vi.fn(async (input: { dag_id: string; task_id: string; try_number: number }) => ({ ...input, error: LOG_ERROR }));
  return {
    execute,
    tools: {
      get_task_log: tool({
        description: 'Read the log of one task try.',
        inputSchema: z.object({ dag_id: z.string(), task_id: z.string(), try_number: z.number() }),
        execute,
      }),
    },
  };
}

const cases: { provider: ModelProvider; start: typeof startOpenAIStandIn; model: string; key: string; keyHeader: string }[] = [
  { provider: 'openai', start: startOpenAIStandIn, model: 'gpt-4.1-mini', key: 'sk-test', keyHeader: 'authorization' },
  { provider: 'openai-compatible', start: startOpenAIStandIn, model: 'llama3.1', key: '', keyHeader: 'authorization' },
  // Azure OpenAI speaks chat completions too; through a non-Azure base URL it posts to {baseURL}/chat/completions.
  { provider: 'azure', start: startOpenAIStandIn, model: 'my-deployment', key: 'azure-key', keyHeader: 'api-key' },
  { provider: 'anthropic', start: startAnthropicStandIn, model: 'claude-sonnet-4-5', key: 'sk-ant-test', keyHeader: 'x-api-key' },
];

describe.each(cases)('the real $provider provider, made by createChatModel, against its stand-in', ({ provider, start, model, key, keyHeader }) => {
  let standIn: ModelStandIn;
  beforeAll(async () => {
    standIn = await start({ models: ['model-a', 'model-b'] });
  });
  afterAll(() => standIn.close());
  beforeEach(() => standIn.reset());
  const chatModel = () => createChatModel({ provider, model, baseURL: standIn.baseURL, apiKeySet: key !== '' }, key);

  it('streams a tool call, gets the tool result back, and streams the answer with usage', async () => {
    standIn.setScript(diagnoseFromLog);
    const { execute, tools } = logTool();
    const result = streamText({ model: chatModel(), instructions: SYSTEM, prompt: 'Why did load fail?', tools, stopWhen: isStepCount(4), maxRetries: 0 });
    const deltas: string[] = [];
    for await (const part of result.fullStream) if (part.type === 'text-delta') deltas.push(part.text);

    expect(execute).toHaveBeenCalledWith({ dag_id: 'etl_daily', task_id: 'load', try_number: 2 }, expect.anything());
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(`Task load failed with ${LOG_ERROR}. Fix the nulls upstream.`);
    expect(standIn.requests).toHaveLength(2);
    const [first, second] = standIn.requests;
    expect(first!.model).toBe(model);
    expect(first!.stream).toBe(true);
    expect(first!.systemText).toContain('dag_id=etl_daily');
    expect(first!.lastUserText).toBe('Why did load fail?');
    expect(first!.toolNames).toEqual(['get_task_log']);
    expect(second!.currentFunctionResponses.map((r) => r.name)).toEqual(['get_task_log']);
    expect(String(second!.currentFunctionResponses[0]!.content)).toContain(LOG_ERROR);
    // The key travels in the provider's own header, and only when there is one.
    expect(first!.headers[keyHeader] ?? null).toBe(key ? (keyHeader === 'authorization' ? `Bearer ${key}` : key) : null);
    if (keyHeader !== 'authorization') expect(first!.headers.authorization).toBeUndefined();
    expect(first!.apiKey).toBe(key || null);
    // The usage the provider reports per step is what the stand-in sent.
    const steps = await result.steps;
    expect(steps.map((s) => ({ inputTokens: s.usage.inputTokens, outputTokens: s.usage.outputTokens }))).toEqual(standIn.requests.map((r) => r.usage));
    expect(steps[1]!.usage.outputTokens).toBeGreaterThan(1);
  });

  it('reports HTTP errors as APICallError with the status and message', async () => {
    standIn.setScript(failWith(401, 'Incorrect API key provided.'));
    const result = streamText({ model: chatModel(), prompt: 'hi', maxRetries: 0, onError: () => {} });
    let error: unknown;
    for await (const part of result.fullStream) if (part.type === 'error') error = part.error;
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(401);
    expect((error as APICallError).message).toContain('Incorrect API key provided.');
  });

  it('lists models', async () => {
    const response = await fetch(`${standIn.baseURL}/models`);
    const body = (await response.json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toEqual(['model-a', 'model-b']);
  });
});
