import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { isStepCount, streamText, tool } from 'ai';
import { z } from 'zod';
import { demoScript, findFact, findLogTool, summarizeLog } from './demo-script.ts';
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
