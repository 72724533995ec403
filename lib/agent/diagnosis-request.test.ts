// Issue 21, items 2 and 5, through the chat service with the built-in MCP server and the real
// api-client answered from a recorded Airflow: a diagnosis request stays small, and questions
// about the same finished task read its log once.
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../airflow/page-context';
import { createReadOnceCache } from '../airflow/read-once';
import type { AirflowClient } from '../airflow/api-client';
import { estimateTokens } from '../logs/evidence-item';
import { loadRigFixture } from '../logs/testing/rig-fixtures';
import { replayClient, REPLAY_BASE_URL } from '../airflow/testing/replay-fixture';
import { DIAGNOSIS_TOOL_NAMES } from './mcp-tools';
import { scriptedModel } from './testing/mock-models';
import { chatServiceForTest, taskPageContext } from './testing/chat-service-fixture';

const fixture = loadRigFixture('python-exception');
const context: PageContext = taskPageContext({ runId: String(fixture.arguments.run_id) });

function setup(airflow: AirflowClient) {
  const model = scriptedModel([[{ type: 'text', text: "It raised ValueError: column 'amount' has 3 nulls." }]]);
  const { chat } = chatServiceForTest(model, { airflow });
  return { chat, model };
}

describe('the request of a failure diagnosis (prefetched evidence pack)', () => {
  it('declares only the tools that look further, and stays within 4,000 input tokens with the exception in it', async () => {
    const { client } = replayClient(fixture.exchanges, 'user-session-token');
    const { chat, model } = setup(client);
    await chat.ask('w1', 'Why did this task fail?', context);

    const [request] = model.doStreamCalls;
    expect(model.doStreamCalls).toHaveLength(1);
    const toolNames = (request!.tools ?? []).map((tool) => tool.name);
    expect(new Set(toolNames)).toEqual(DIAGNOSIS_TOOL_NAMES);
    const sent = JSON.stringify({ prompt: request!.prompt, tools: request!.tools });
    expect(sent).toContain("ValueError: column 'amount' has 3 nulls");
    expect(estimateTokens(sent)).toBeLessThanOrEqual(4000);
  });

  it('a question that is not about a failure still gets every tool', async () => {
    const { client } = replayClient(fixture.exchanges, 'user-session-token');
    const { chat, model } = setup(client);
    await chat.ask('w1', 'Which Dags are paused?', context);
    expect((model.doStreamCalls[0]!.tools ?? []).length).toBeGreaterThan(DIAGNOSIS_TOOL_NAMES.size + 5);
  });
});

describe('follow-up questions about the same finished task', () => {
  it('read its log once: five more failure questions read no log and at most one request each', async () => {
    const { client, requests } = replayClient(fixture.exchanges, 'user-session-token');
    const airflow: AirflowClient = { ...client, readOnce: createReadOnceCache(async () => ({ instanceUrl: REPLAY_BASE_URL, user: 'alice' })) };
    const { chat } = setup(airflow);
    await chat.ask('w1', 'Why did this task fail?', context);
    const first = requests.length;
    expect(requests.filter((r) => r.url.includes('/logs/')).length).toBe(1);
    for (const question of ['What caused the error?', 'Why did it fail?', 'Explain the exception', 'What went wrong?', 'What is the root cause?']) {
      await chat.ask('w1', question, context);
    }
    const followUps = requests.slice(first).map((r) => r.url);
    expect(followUps.filter((url) => url.includes('/logs/'))).toEqual([]);
    expect(followUps.length).toBeLessThanOrEqual(5);
  });
});
