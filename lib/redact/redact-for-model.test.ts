import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { buildSystemPrompt } from '../agent/system-prompt';
import type { PageContext } from '../airflow/page-context';
import { redactForModel } from './redact-for-model';
import { createRedactor } from './redactor';

const context: PageContext = {
  instanceUrl: 'http://127.0.0.1:38123/',
  pageUrl: 'http://127.0.0.1:38123/dags/fail_python_exception/runs/manual__2026-11-25T11%3A51%3A20.671562%2B00%3A00/tasks/transform',
  pageKind: 'task_instance',
  dagId: 'fail_python_exception',
  runId: 'manual__2026-11-25T11:51:20.671562+00:00',
  taskId: 'transform',
  mapIndex: -1,
  tryNumber: 1,
  airflowVersion: '3.3.2',
};

describe('redactForModel', () => {
  it('leaves the system prompt with its page context as it is', () => {
    const system = buildSystemPrompt(context);
    const result = redactForModel(createRedactor(), { system, messages: [] });
    expect(result.system).toBe(system);
    expect(result.counts).toEqual({});
  });

  it('masks secrets in the page context, the user\'s messages and replayed tool results, with the conversation\'s placeholders', () => {
    const redactor = createRedactor();
    redactor.redact('earlier tool result: password=hunter2');
    const messages: ModelMessage[] = [
      { role: 'user', content: 'Is my key AKIAFAKE4NSLYQ7VT7G2 leaked? I set password=hunter2.' },
      { role: 'assistant', content: [{ type: 'text', text: 'The log shows [secret:password#1] in the connection string.' }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'read_task_log', output: { type: 'json', value: { lines: ['token=abc123def456'] } } }],
      },
    ];
    const result = redactForModel(redactor, {
      system: buildSystemPrompt({ ...context, pageUrl: `${context.pageUrl}?token=abc123def456` }),
      messages,
    });
    expect(result.system).toContain('?token=[secret:token#1]');
    expect(result.messages[0]).toEqual({ role: 'user', content: 'Is my key [secret:aws-key#1] leaked? I set password=[secret:password#1].' });
    expect(result.messages[1]).toEqual(messages[1]);
    expect(result.messages[2]).toMatchObject({ content: [{ output: { type: 'json', value: { lines: ['token=[secret:token#1]'] } } }] });
    expect(result.counts).toEqual({ token: 2, 'aws-key': 1, password: 1 });
    expect(JSON.stringify(result)).not.toMatch(/AKIAFAKE4NSLYQ7VT7G2|abc123def456|hunter2/);
  });
});
