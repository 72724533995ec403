import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { scriptedModel } from './testing/mock-models';
import { chatServiceForTest, taskPageContext } from './testing/chat-service-fixture';
import type { PageContext } from '../airflow/page-context';
import { replayClient } from '../airflow/testing/replay-fixture';
import { loadRigFixture } from '../logs/testing/rig-fixtures';
import { estimateTokens } from '../logs';
import { toolsFromMcpClient } from './mcp-tools';
import { createRedactor } from '../redact';

const EXCEPTION = "ValueError: column 'amount' has 3 nulls";

/** The input of one model request, counted with the project's estimate: every text the model reads. */
function promptTokens(prompt: unknown): number {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(prompt);
  return texts.reduce((sum, text) => sum + estimateTokens(text), 0);
}

async function askWhyItFailed(budget: number | null) {
  const fixture = loadRigFixture('python-exception');
  const args = fixture.arguments as { dag_id: string; run_id: string; task_id: string; map_index: number };
  const context: PageContext = taskPageContext({ dagId: args.dag_id, runId: args.run_id, taskId: args.task_id, mapIndex: args.map_index }, 1);
  const { client } = replayClient(fixture.exchanges, 'user-session-token');
  const model = scriptedModel([[{ type: 'text', text: 'It is the ValueError.' }]]);
  const { chat } = chatServiceForTest(model, { airflow: client, deps: { inputTokenBudget: async () => budget } });
  await chat.ask('w1', 'Why did this task fail?', context);
  const answer = (await chat.conversation('w1')).messages[1]!;
  const call = model.doStreamCalls[0]!;
  // Tool definitions are not evidence: the budget covers the prompt (system, conversation, results).
  return { answer, prompt: JSON.stringify(call.prompt), tokens: promptTokens(call.prompt) };
}

describe('the per-question input-token budget', () => {
  it('changes nothing without a budget', async () => {
    const free = await askWhyItFailed(null);
    expect(free.answer.status).toBe('done');
    expect(free.answer.budgetNote).toBeUndefined();
    expect(free.prompt).toContain(EXCEPTION);
    expect(free.prompt).not.toContain('to fit the token budget');
    // The default pack is bigger than the budget tried below, so that budget really shortens it.
    expect(free.tokens).toBeGreaterThan(1300);
  });

  it('fits the evidence pack so the request stays within the budget, the failure and its link kept', async () => {
    const fitted = await askWhyItFailed(1250);
    expect(fitted.answer.status).toBe('done');
    expect(fitted.tokens).toBeLessThanOrEqual(1250);
    expect(fitted.answer.budgetNote).toBeUndefined();
    expect(fitted.prompt).toContain(EXCEPTION);
    expect(fitted.prompt).toMatch(/\[1\] Failure[^\n]*tasks\/transform\?try_number=1#\d+/);
    expect(fitted.prompt).toContain('Left out to fit the budget:');
    expect(fitted.prompt).toContain('Why did this task fail?');
  });

  it('sends the minimum and says so when even that does not fit', async () => {
    const tight = await askWhyItFailed(300);
    expect(tight.answer.status).toBe('done');
    expect(tight.prompt).toContain(EXCEPTION);
    expect(tight.prompt).toContain('Why did this task fail?');
    expect(tight.answer.budgetNote).toMatch(/^The input-token budget of 300 is too small for the system prompt, the conversation and the least evidence, so that minimum was sent \(about [\d,]+ input tokens\)\.$/);
  });
});

describe('tool results the model asks for', () => {
  it('are cut to the budget left, with a marker saying how many lines were left out', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} of a long log with some words in it`);
    lines.push(EXCEPTION);
    const client = {
      listTools: async () => ({ tools: [{ name: 'read_task_log', inputSchema: { type: 'object' as const }, annotations: { readOnlyHint: true } }] }),
      callTool: async () => ({ content: [{ type: 'text', text: lines.join('\n') }] }) as CallToolResult,
    };
    const budgets: (number | null)[] = [400, null];
    const results: string[] = [];
    for (const budget of budgets) {
      const tools = await toolsFromMcpClient(client, undefined, createRedactor(), () => budget);
      results.push((await tools.read_task_log!.execute!({}, { toolCallId: 't', messages: [] } as never)) as string);
    }
    const [cut, whole] = results as [string, string];
    expect(whole).toContain(lines.join('\n'));
    expect(estimateTokens(cut)).toBeLessThan(400 + 100);
    expect(cut).toMatch(/\[… \d+ lines left out to fit the token budget\]/);
    expect(cut).toContain(EXCEPTION);
    expect(cut).toContain('line 0 of a long log');
  });
});
