import { describe, expect, it } from 'vitest';
import type { ModelSettings } from '../storage/items';
import type { AuditEntry } from '../storage/audit-log';
import type { ChatServiceDeps } from './chat-service';
import { scriptedModel } from './testing/mock-models';
import { chatServiceForTest, taskPageContext } from './testing/chat-service-fixture';
import type { PageContext } from '../airflow/page-context';
import { buildAirflowMcpServer, connectInProcess } from '../mcp';
import { loadFixture, replayClient } from '../airflow/testing/replay-fixture';

// The mock model reports 10 input and 5 output tokens per step.
function setup(model: ReturnType<typeof scriptedModel>, overrides: Partial<ChatServiceDeps> = {}, settings: Partial<ModelSettings> = {}) {
  const audit: AuditEntry[] = [];
  const keysAsked: string[] = [];
  const { chat } = chatServiceForTest(model, {
    settings,
    deps: {
      loadApiKey: async (provider) => {
        keysAsked.push(provider);
        return 'k';
      },
      audit: (entry) => void audit.push(entry),
      ...overrides,
    },
  });
  return { chat, audit, keysAsked };
}

const prices = { 'gpt-4.1-mini': { inputPerMillion: 400_000, outputPerMillion: 1_600_000 } };

describe('tokens, cost and the daily spend cap', () => {
  it('shows each answer its tokens and estimated cost, and records them in the audit trail', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'An answer.' }]]);
    const { chat, audit, keysAsked } = setup(
      model,
      { spending: { prices: async () => prices, dailyCapUsd: async () => null, spentTodayUsd: async () => 0 } },
      { provider: 'openai', model: 'gpt-4.1-mini' },
    );
    await chat.ask('w1', 'Why?', null);
    const answer = (await chat.conversation('w1')).messages[1]!;
    // 10 × $0.40 + 5 × $1.60 per token here.
    expect(answer.usage).toEqual({ provider: 'openai', model: 'gpt-4.1-mini', inputTokens: 10, outputTokens: 5, estimatedCostUsd: 12 });
    expect(audit).toEqual([expect.objectContaining({ kind: 'model_request', inputTokens: 10, outputTokens: 5, estimatedCostUsd: 12 })]);
    expect(keysAsked).toEqual(['openai']);
  });

  it('sums the steps of one answer, and says when the model has no price', async () => {
    const model = scriptedModel([[{ type: 'tool-call', toolName: 'missing_tool', input: {} }], [{ type: 'text', text: 'Done.' }]]);
    const { chat } = setup(model, { spending: { prices: async () => ({}), dailyCapUsd: async () => null, spentTodayUsd: async () => 0 } }, { provider: 'anthropic', model: 'claude-x' });
    await chat.ask('w1', 'Why?', null);
    const answer = (await chat.conversation('w1')).messages[1]!;
    expect(answer.usage).toMatchObject({ inputTokens: 20, outputTokens: 10, estimatedCostUsd: null });
  });

  it('stops sending once the day’s estimated spend reaches the cap, with a plain message', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'never' }]]);
    const { chat, audit } = setup(model, { spending: { prices: async () => prices, dailyCapUsd: async () => 0.5, spentTodayUsd: async () => 0.52 } });
    await chat.ask('w1', 'Why?', null);
    const answer = (await chat.conversation('w1')).messages[1]!;
    expect(answer).toMatchObject({ status: 'failed', problem: { kind: 'model_error', retryable: false } });
    expect(answer.problem && 'message' in answer.problem ? answer.problem.message : '').toMatch(/spend cap of \$0\.50 is reached/);
    expect(model.doStreamCalls).toHaveLength(0);
    expect(audit).toHaveLength(0);
  });

  it('lets questions through under the cap', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'Fine.' }]]);
    const { chat } = setup(model, { spending: { prices: async () => prices, dailyCapUsd: async () => 0.5, spentTodayUsd: async () => 0.49 } });
    await chat.ask('w1', 'Why?', null);
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({ status: 'done' });
  });
});

describe('a model without tool calling', () => {
  it('is offered no tools and gets the prefetched evidence as text; the answer says tools were unavailable', async () => {
    const tail = loadFixture('read-task-log-tail');
    const context: PageContext = taskPageContext({ runId: String(tail.arguments.run_id) }, 1);
    const { client } = replayClient(tail.exchanges, 'user-session-token');
    const model = scriptedModel([[{ type: 'text', text: 'It is the ValueError.' }]]);
    const { chat } = setup(
      model,
      { mcpClientFor: async () => connectInProcess(buildAirflowMcpServer(client)) },
      { provider: 'openai-compatible', baseURL: 'http://localhost:11434/v1', model: 'gemma', noToolCalling: true },
    );
    await chat.ask('w1', 'Explain this log', context, {
      prefetch: [{ toolName: 'read_task_log', args: { dag_id: context.dagId, run_id: context.runId, task_id: 'transform', mode: 'around_ui_line', ui_line: 4, context: 2 } }],
    });
    const answer = (await chat.conversation('w1')).messages[1]!;
    expect(answer).toMatchObject({ status: 'done', toolsUnavailable: true });
    expect(answer.parts[0]).toMatchObject({ type: 'tool-step', step: { toolName: 'read_task_log', state: 'done' } });
    const call = model.doStreamCalls[0]!;
    expect(call.tools ?? []).toEqual([]);
    const prompt = JSON.stringify(call.prompt);
    expect(prompt).toContain("ValueError: column 'amount' has 3 nulls");
    expect(prompt).not.toContain('"tool-call"');
  });
});
