import { describe, expect, it } from 'vitest';
import type { PageContext } from '../airflow/page-context';
import { buildAirflowMcpServer, connectInProcess } from '../mcp';
import { loadFixture, replayClient, REPLAY_BASE_URL } from '../airflow/testing/replay-fixture';
import { DEFAULT_MODEL_SETTINGS } from '../storage/items';
import type { ChatServiceDeps } from './chat-service';
import { scriptedModel } from './testing/mock-models';
import { chatServiceForTest, taskPageContext } from './testing/chat-service-fixture';
import { loadRigFixture } from '../logs/testing/rig-fixtures';
import type { AuditEntry } from '../storage/audit-log';
import { AirflowApiError, type AirflowClient } from '../airflow/api-client';
import { MockLanguageModelV4 } from 'ai/test';

const tail = loadFixture('read-task-log-tail');
const context: PageContext = taskPageContext({ runId: String(tail.arguments.run_id) }, 1);

function setup(model: ReturnType<typeof scriptedModel>, overrides: Partial<ChatServiceDeps> = {}) {
  const { client, requests } = replayClient(tail.exchanges, 'user-session-token');
  return { ...chatServiceForTest(model, { airflow: client, deps: overrides }), requests };
}

describe('chat service with the built-in MCP server (recorded Airflow responses)', () => {
  it('answers from a real tool result, with the tool step and page context', async () => {
    const model = scriptedModel([
      [{ type: 'tool-call', toolName: 'read_task_log', input: { dag_id: context.dagId, run_id: context.runId, task_id: 'transform', mode: 'tail' } }],
      [{ type: 'text', text: "It failed with ValueError: column 'amount' has 3 nulls (log line 9)." }],
    ]);
    const { chat, saved, requests } = setup(model);
    await chat.ask('w1', 'What does the log of transform say?', context);

    const [question, answer] = (await chat.conversation('w1')).messages;
    expect(question).toMatchObject({ role: 'user', parts: [{ type: 'text', text: 'What does the log of transform say?' }] });
    expect(answer).toMatchObject({ role: 'assistant', status: 'done' });
    expect(answer!.parts[0]).toMatchObject({ type: 'tool-step', step: { toolName: 'read_task_log', label: 'Reading the log of `transform`', state: 'done' } });
    expect(answer!.parts[1]).toEqual({ type: 'text', text: "It failed with ValueError: column 'amount' has 3 nulls (log line 9)." });
    expect(saved.get('w1')?.messages).toHaveLength(2);

    // The model got the page context in its instructions, and the real log in the tool result.
    const [first, second] = model.doStreamCalls;
    expect(JSON.stringify(first!.prompt)).toContain('dag_id: fail_python_exception');
    expect(JSON.stringify(first!.tools?.map((t) => t.name))).toContain('read_task_log');
    expect(JSON.stringify(second!.prompt)).toContain("ValueError: column 'amount' has 3 nulls");
    // Airflow was read with the user's session, GET only.
    expect(requests.every((r) => r.method === 'GET' && r.authorization === 'Bearer user-session-token')).toBe(true);
  });

  it('asks for an API key instead of calling a model when none is configured', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'never' }]]);
    const { chat } = setup(model, { loadApiKey: async () => '' });
    await chat.ask('w1', 'Why?', context);
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({ status: 'failed', problem: { kind: 'no_api_key' } });
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('says the Airflow session expired when there is none, without calling the model', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'never' }]]);
    const { chat } = setup(model, { hasSession: async () => false });
    await chat.ask('w1', 'Why?', context);
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({
      status: 'failed',
      problem: { kind: 'airflow_session_expired', instanceUrl: REPLAY_BASE_URL },
    });
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('turns a model error into a retryable problem and keeps the conversation; retry replaces the failed answer', async () => {
    const failing = scriptedModel([[{ type: 'error', error: new Error('socket hang up') }]]);
    const { chat, saved } = setup(failing);
    await chat.ask('w1', 'Why?', context);
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({ status: 'failed', problem: { kind: 'model_error', retryable: true } });
    expect(saved.get('w1')?.messages[0]).toMatchObject({ role: 'user' });
  });

  it('retries the last question in place', async () => {
    let fail = true;
    const failing = scriptedModel([[{ type: 'error', error: new Error('flaky') }]]);
    const working = scriptedModel([[{ type: 'text', text: 'Now it works.' }]]);
    const { chat } = setup(failing, { createModel: () => (fail ? failing : working) });
    await chat.ask('w1', 'Why?', context);
    fail = false;
    await chat.retry('w1', context);
    const messages = (await chat.conversation('w1')).messages;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[1]).toMatchObject({ status: 'done', parts: [{ type: 'text', text: 'Now it works.' }] });
  });
});

describe('one answer at a time', () => {
  it('is busy from the moment a question is asked, so a second question meanwhile is refused, not answered twice', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'One answer.' }]]);
    let releaseSettings!: () => void;
    const settingsRead = new Promise<void>((resolve) => (releaseSettings = resolve));
    const { chat } = setup(model, {
      loadModelSettings: async () => {
        await settingsRead;
        return { ...DEFAULT_MODEL_SETTINGS, apiKeySet: true };
      },
    });
    const first = chat.ask('w1', 'Why?', context);
    // Nothing awaited yet: the panel already shows Stop for this window.
    expect(chat.isBusy('w1')).toBe(true);
    const second = chat.ask('w1', 'Why?', context);
    releaseSettings();
    await Promise.all([first, second]);
    const messages = (await chat.conversation('w1')).messages;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[1]).toMatchObject({ status: 'done' });
    expect(model.doStreamCalls).toHaveLength(1);
    expect(chat.isBusy('w1')).toBe(false);
  });

  it('an answer whose message shows as streaming is always one the panel can stop', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'One answer.' }]]);
    let releaseSession!: () => void;
    const sessionChecked = new Promise<void>((resolve) => (releaseSession = resolve));
    const seen: { streaming: boolean; busy: boolean }[] = [];
    let chat!: ReturnType<typeof setup>['chat'];
    ({ chat } = setup(model, {
      hasSession: async () => {
        await sessionChecked;
        return true;
      },
      onChange: (key) => {
        void chat.conversation(key).then((c) => seen.push({ streaming: c.messages.at(-1)?.status === 'streaming', busy: chat.isBusy(key) }));
      },
    }));
    const asked = chat.ask('w1', 'Why?', context);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Waiting on the session check: the answer shows as streaming, and Stop ends it.
    expect(seen.some((s) => s.streaming)).toBe(true);
    chat.stop('w1');
    releaseSession();
    await asked;
    expect(seen.filter((s) => s.streaming).every((s) => s.busy)).toBe(true);
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({ status: 'stopped' });
    // Stopped before anything was sent: the model was never asked.
    expect(model.doStreamCalls).toHaveLength(0);
  });
});

describe('prefetched evidence', () => {
  it('reads the log lines around a selected UI line before the model is asked, and shows the step', async () => {
    const model = scriptedModel([[{ type: 'text', text: 'That line is the ValueError raised by _validate.' }]]);
    const { chat } = setup(model);
    await chat.ask('w1', 'Explain this log: Task failed with exception', context, {
      prefetch: [{ toolName: 'read_task_log', args: { dag_id: context.dagId, run_id: context.runId, task_id: 'transform', mode: 'around_ui_line', ui_line: 4, context: 2 } }],
    });
    const answer = (await chat.conversation('w1')).messages[1]!;
    expect(answer.parts[0]).toMatchObject({ type: 'tool-step', step: { toolName: 'read_task_log', state: 'done' } });
    expect(answer).toMatchObject({ status: 'done' });
    // One model call, which already held the lines around the selection.
    expect(model.doStreamCalls).toHaveLength(1);
    const prompt = JSON.stringify(model.doStreamCalls[0]!.prompt);
    expect(prompt).toContain('UI line 4 is line 9');
    expect(prompt).toContain("ValueError: column 'amount' has 3 nulls");
  });
});

describe('audit trail', () => {
  it('records every tool call and every model request of an answer', async () => {
    const model = scriptedModel([
      [{ type: 'tool-call', toolName: 'read_task_log', input: { dag_id: context.dagId, run_id: context.runId, task_id: 'transform' } }],
      [{ type: 'text', text: 'Done.' }],
    ]);
    const entries: AuditEntry[] = [];
    const { chat } = setup(model, { audit: (entry) => entries.push(entry) });
    await chat.ask('w1', 'Why?', context);
    // A step ends (and is recorded) after its tool calls ran.
    const toolCalls = entries.filter((e) => e.kind === 'tool_call');
    const modelRequests = entries.filter((e) => e.kind === 'model_request');
    expect(modelRequests).toHaveLength(2);
    expect(toolCalls).toHaveLength(1);
    expect(toolCalls[0]).toMatchObject({ tool: 'read_task_log', ok: true, instanceUrl: REPLAY_BASE_URL, arguments: { task_id: 'transform' } });
    expect(toolCalls[0]!.resultBytes).toBeGreaterThan(100);
    expect(modelRequests[0]).toMatchObject({ provider: 'mock-provider', inputTokens: 10, outputTokens: 5 });
  });
});

describe('failure questions', () => {
  it('prefetch the evidence pack, answer in one model call, and cite only links the pack held', async () => {
    const fixture = loadRigFixture('python-exception');
    const { client } = replayClient(fixture.exchanges, 'user-session-token');
    const pageContext: PageContext = {
      ...context,
      runId: String(fixture.arguments.run_id),
      tryNumber: undefined,
    };
    const model = scriptedModel([[{ type: 'text', text: 'It raised ValueError (see the failing line).' }]]);
    const { chat } = setup(model, { mcpClientFor: async () => connectInProcess(buildAirflowMcpServer(client)) });
    await chat.ask('w1', 'Why did this task fail?', pageContext);

    const answer = (await chat.conversation('w1')).messages[1]!;
    expect(answer.parts[0]).toMatchObject({ type: 'tool-step', step: { toolName: 'get_failure_evidence', state: 'done' } });
    expect(model.doStreamCalls).toHaveLength(1);
    expect(JSON.stringify(model.doStreamCalls[0]!.prompt)).toContain("ValueError: column 'amount' has 3 nulls");
    expect(answer.citations).toContainEqual(expect.stringMatching(/\/tasks\/transform\?try_number=1#5$/));
  });
});

describe('chat service faults (issue 13)', () => {
  const failingAirflow = (error: () => Error): AirflowClient => ({ baseUrl: REPLAY_BASE_URL, get: async () => Promise.reject(error()), getStream: async () => Promise.reject(error()) });

  it.each([
    ['down', () => new AirflowApiError('unreachable', 'Airflow at x could not be reached.', 'api/v2/x'), 'airflow.unreachable', /could not be reached/],
    ['failing (503)', () => new AirflowApiError('server', 'Airflow failed with a server error (HTTP 503).', 'api/v2/x', 503), 'airflow.server', /HTTP 503/],
    ['hanging', () => new AirflowApiError('timeout', 'Airflow did not answer within 2 s.', 'api/v2/x'), 'airflow.timeout', /did not answer/],
  ])('Airflow %s while the evidence of a failure question is read: said so, and no model is asked to guess', async (_, error, fault, sentence) => {
    const model = scriptedModel([[{ type: 'text', text: 'a guess about an outage' }]]);
    const { chat } = setup(model, { mcpClientFor: async () => connectInProcess(buildAirflowMcpServer(failingAirflow(error))) });
    await chat.ask('w1', 'Why did this task fail?', context);
    const answer = (await chat.conversation('w1')).messages[1]!;
    expect(answer).toMatchObject({ status: 'failed', problem: { kind: 'airflow_unreachable', fault, instanceUrl: REPLAY_BASE_URL } });
    expect(answer.problem && 'message' in answer.problem ? answer.problem.message : '').toMatch(sentence);
    expect(model.doStreamCalls).toHaveLength(0);
  });

  it('a model that says nothing fails as a timeout after the configured silence, with Retry', async () => {
    const silent = new MockLanguageModelV4({
      doStream: async ({ abortSignal }) => ({
        stream: new ReadableStream({
          start(controller) {
            abortSignal?.addEventListener('abort', () => controller.error(abortSignal.reason));
          },
        }),
      }),
    });
    const { chat } = setup(silent as never, { modelTimeoutMs: () => 80 });
    const started = Date.now();
    await chat.ask('w1', 'What does the Dag do?', null);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({
      status: 'failed',
      problem: { kind: 'model_error', fault: 'model.timeout', retryable: true, message: 'The model did not answer within 1 s.' },
    });
  });

  it('tool results reach the model and the panel without control or bidi characters', async () => {
    const airflow: AirflowClient = {
      baseUrl: REPLAY_BASE_URL,
      get: async <T,>() => ({ dags: [{ dag_id: 'evil\u202e\u0000\u001b[31mred', is_paused: false }], total_entries: 1 }) as T,
      getStream: async () => Promise.reject(new Error('no log in this test')),
    };
    const model = scriptedModel([[{ type: 'tool-call', toolName: 'list_dags', input: {} }], [{ type: 'text', text: 'done' }]]);
    const { chat } = setup(model, { mcpClientFor: async () => connectInProcess(buildAirflowMcpServer(airflow)) });
    await chat.ask('w1', 'Which Dags are there?', context);
    const sent = JSON.stringify(model.doStreamCalls[1]!.prompt);
    expect(sent).toContain('evil[U+202E]');
    expect(sent).not.toMatch(/\\u202e|\\u0000|\\u001b/i);
  });
});
