import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { isStepCount, streamText, tool } from 'ai';
import { z } from 'zod';
import { citationsIn, demoScript, diagnosisIn, findFact, findLogTool, summarizeLog } from './demo-script.ts';
import { startModelStandIn, type ModelStandIn } from './server.ts';

let standIn: ModelStandIn;
beforeAll(async () => {
  standIn = await startModelStandIn({ script: demoScript });
});
afterAll(() => standIn.close());

describe('demo script helpers', () => {
  it('finds the log tool among names used by this project and the Airflow MCP plugins', () => {
    expect(findLogTool(['list_dags', 'get_task_log'])).toBe('get_task_log');
    expect(findLogTool(['get_dags', 'get_log'])).toBe('get_log');
    expect(findLogTool(['list_dags', 'get_task_logs'])).toBe('get_task_logs');
    expect(findLogTool(['list_dags', 'get_dag_details'])).toBeUndefined();
  });

  it('reads ids written as key=value, key: value or JSON', () => {
    expect(findFact('dag_id=etl_daily', ['dag_id'])).toBe('etl_daily');
    expect(findFact('{"runId":"manual__2026-01-01T00:00:00+00:00"}', ['runId'])).toBe('manual__2026-01-01T00:00:00+00:00');
    expect(findFact('task_id: load', ['task_id'])).toBe('load');
  });

  it('pulls the exception out of structured Airflow log events', () => {
    const events = [
      { event: 'Task failed with exception', error_detail: [{ exc_type: 'ValueError', exc_value: "column 'amount' has 3 nulls" }] },
    ];
    expect(summarizeLog({ content: events })).toBe("ValueError: column 'amount' has 3 nulls");
    expect(summarizeLog('ok\nERROR boom\nmore')).toBe('ERROR boom');
  });
});

describe('demo answers cite the links the assistant gave the model', () => {
  const pack = [
    'Evidence pack for task `transform` of Dag `fail_python_exception`, run `manual__1`, try 1.',
    'Diagnosis: KeyError: \'amount\' raised in transform (a code error; a retry will not help).',
    '[1] Exception: http://127.0.0.1:8080/dags/d/runs/r/tasks/transform?try_number=1#12',
    '    KeyError: \'amount\'',
    '[2] Task failed: http://127.0.0.1:8080/dags/d/runs/r/tasks/transform?try_number=1#14',
  ].join('\n');
  const log = 'Log of transform…\n\nLinks to cite (they open these lines in the Airflow UI):\nline 12: http://127.0.0.1:8080/dags/d/runs/r/tasks/transform?try_number=1#12';

  it('finds evidence pack items and log line links, once each, in text or JSON outputs', () => {
    const citations = citationsIn([
      { name: 'get_failure_evidence', response: {}, content: pack },
      { name: 'read_task_log', response: {}, content: [{ type: 'text', text: log }] },
    ]);
    expect(citations).toEqual([
      { title: 'Exception', url: 'http://127.0.0.1:8080/dags/d/runs/r/tasks/transform?try_number=1#12' },
      { title: 'Task failed', url: 'http://127.0.0.1:8080/dags/d/runs/r/tasks/transform?try_number=1#14' },
    ]);
    expect(diagnosisIn([{ name: 'get_failure_evidence', response: {}, content: pack }])).toMatch(/^KeyError: 'amount' raised/);
    expect(citationsIn([{ name: 'x', response: {}, content: 'no links here' }])).toEqual([]);
  });

  it('answers briefly with the diagnosis and the links as markdown', async () => {
    const reply = (await demoScript({
      model: 'gemini-2.5-flash',
      lastUserText: 'Why did this task fail?',
      toolNames: [],
      currentFunctionResponses: [{ name: 'get_failure_evidence', response: {}, content: pack }],
    } as never, 0 as never)) as { text: string };
    expect(reply.text).toContain("**What happened:** KeyError: 'amount' raised in transform");
    expect(reply.text).toContain('[Exception](http://127.0.0.1:8080/dags/d/runs/r/tasks/transform?try_number=1#12)');
    expect(reply.text.length).toBeLessThan(700);
  });
});

describe('demo script with the real provider', () => {
  it('calls the log tool with ids from the system prompt and answers from its result', async () => {
    const execute = vi.fn(async () => ({
      content: [{ event: 'Task failed with exception', error_detail: [{ exc_type: 'KeyError', exc_value: 'amount' }] }],
    }));
    const google = createGoogleGenerativeAI({ apiKey: 'demo', baseURL: standIn.baseURL });
    const result = streamText({
      model: google('gemini-2.5-flash'),
      instructions: 'Page context: {"dagId":"etl_daily","runId":"manual__1","taskId":"load","tryNumber":2}',
      prompt: 'Why did it fail?',
      tools: {
        list_dags: tool({ description: 'List dags', inputSchema: z.object({}), execute: async () => [] }),
        get_task_log: tool({
          description: 'Read a task log',
          inputSchema: z.object({ dag_id: z.string(), run_id: z.string(), task_id: z.string(), try_number: z.number().int() }),
          execute,
        }),
      },
      stopWhen: isStepCount(4),
      maxRetries: 0,
    });
    const text = await result.text;
    expect(execute).toHaveBeenCalledTimes(1);
    expect((execute.mock.calls[0] as unknown[])[0]).toEqual({ dag_id: 'etl_daily', run_id: 'manual__1', task_id: 'load', try_number: 2 });
    expect(text).toContain('KeyError: amount');
    expect(text).toContain('Stand-in model');
  });

  it('echoes facts from the request when no log tool is offered', async () => {
    const google = createGoogleGenerativeAI({ apiKey: 'demo', baseURL: standIn.baseURL });
    const result = streamText({
      model: google('gemini-2.5-flash'),
      instructions: 'dag_id=etl_daily task_id=load',
      prompt: 'Hello?',
      maxRetries: 0,
    });
    const text = await result.text;
    expect(text).toContain('You asked: "Hello?"');
    expect(text).toContain('dag_id=etl_daily, task_id=load');
    expect(text).toContain('0 tool(s)');
  });
});
