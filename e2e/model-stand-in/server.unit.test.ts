import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { APICallError, RetryError, generateText, isStepCount, streamText, tool } from 'ai';
import { z } from 'zod';
import {
  answerFromRequest,
  callToolsThenAnswer,
  failWith,
  replySequence,
  splitIntoChunks,
  startModelStandIn,
  type ModelStandIn,
} from './server.ts';

const LOG_ERROR = "ValueError: column 'amount' has 3 nulls";
const SYSTEM = 'You are a read-only Airflow assistant. Page: dag_id=etl_daily task_id=load try_number=2';

let standIn: ModelStandIn;
let google: ReturnType<typeof createGoogleGenerativeAI>;

beforeAll(async () => {
  standIn = await startModelStandIn();
  google = createGoogleGenerativeAI({ apiKey: 'test-key', baseURL: standIn.baseURL });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

function makeLogTool() {
  const execute = vi.fn(async (input: { dag_id: string; task_id: string; try_number: number }) => ({
    dag_id: input.dag_id,
    task_id: input.task_id,
    try_number: input.try_number,
    error: LOG_ERROR,
  }));
  const getTaskLog = tool({
    description: 'Read the log of one task try.',
    inputSchema: z.object({
      dag_id: z.string().describe('DAG id'),
      task_id: z.string().describe('Task id'),
      try_number: z.number().describe('Try number'),
    }),
    execute,
  });
  return { execute, tools: { get_task_log: getTaskLog } };
}

/** Reads the log tool's result and reports the error found in it. */
const diagnoseFromLog = callToolsThenAnswer({
  calls: (req) => {
    const dag = /dag_id=(\S+)/.exec(req.text)?.[1] ?? 'unknown';
    const task = /task_id=(\S+)/.exec(req.text)?.[1] ?? 'unknown';
    return [{ name: 'get_task_log', args: { dag_id: dag, task_id: task, try_number: 2 } }];
  },
  answer: (results) => {
    const log = results[0]?.content as { task_id: string; error: string };
    return `Task ${log.task_id} failed with ${log.error}. Fix the nulls upstream.`;
  },
});

describe.each(['gemini-2.5-flash', 'gemini-3.5-flash'])('streamText with the real @ai-sdk/google provider (%s)', (modelId) => {
  it('runs a multi-step tool round trip and streams an answer built from the tool result', async () => {
    standIn.setScript(diagnoseFromLog);
    const { execute, tools } = makeLogTool();

    const result = streamText({
      model: google(modelId),
      instructions: SYSTEM,
      prompt: 'Why did this task fail?',
      tools,
      stopWhen: isStepCount(5),
      maxRetries: 0,
    });
    const types: string[] = [];
    const deltas: string[] = [];
    let toolCallId: string | undefined;
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') deltas.push(part.text);
      if (part.type === 'tool-call') {
        toolCallId = part.toolCallId;
        expect(part.toolName).toBe('get_task_log');
        expect(part.input).toEqual({ dag_id: 'etl_daily', task_id: 'load', try_number: 2 });
      }
      if (part.type === 'tool-result') expect(part.output).toMatchObject({ error: LOG_ERROR });
    }

    // The tool really ran with the arguments derived from the system prompt.
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute.mock.calls[0]?.[0]).toEqual({ dag_id: 'etl_daily', task_id: 'load', try_number: 2 });

    // Stream order: tool call, its result, then a text answer in several deltas.
    expect(types.indexOf('tool-call')).toBeLessThan(types.indexOf('tool-result'));
    expect(types.indexOf('tool-result')).toBeLessThan(types.indexOf('text-delta'));
    expect(deltas.length).toBeGreaterThan(3);
    const text = await result.text;
    expect(deltas.join('')).toBe(text);
    expect(text).toBe(`Task load failed with ${LOG_ERROR}. Fix the nulls upstream.`);
    expect((await result.steps).map((s) => s.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(await result.warnings).toEqual([]);

    // The tool result reached the stand-in as a functionResponse of the second request.
    expect(standIn.requests).toHaveLength(2);
    const [first, second] = standIn.requests;
    expect(first!.functionResponses).toEqual([]);
    expect(second!.functionResponses).toHaveLength(1);
    expect(second!.functionResponses[0]).toMatchObject({
      name: 'get_task_log',
      id: toolCallId,
      content: { task_id: 'load', error: LOG_ERROR },
    });
    // The model turn is replayed with the function call (and its thought signature).
    const modelTurn = second!.body.contents.find((c: { role: string }) => c.role === 'model');
    expect(modelTurn.parts[0].functionCall).toMatchObject({ id: toolCallId, name: 'get_task_log' });
    expect(modelTurn.parts[0].thoughtSignature).toEqual(expect.any(String));
  });

  it('records the system prompt, tool declarations, api key, model and stream flag', async () => {
    standIn.setScript(answerFromRequest((req) => `You asked: ${req.lastUserText}`));
    const { tools } = makeLogTool();
    const result = streamText({ model: google(modelId), instructions: SYSTEM, prompt: 'Hello there', tools, maxRetries: 0 });
    expect(await result.text).toBe('You asked: Hello there');

    const [req] = standIn.requests;
    expect(req).toMatchObject({
      model: modelId,
      stream: true,
      apiKey: 'test-key',
      systemText: SYSTEM,
      lastUserText: 'Hello there',
      toolNames: ['get_task_log'],
    });
    expect(req!.text).toContain(SYSTEM);
    expect(req!.text).toContain('Hello there');
    expect(req!.url).toBe(`/v1beta/models/${modelId}:streamGenerateContent?alt=sse`);
    const decl = req!.body.tools[0].functionDeclarations[0];
    expect(decl.description).toBe('Read the log of one task try.');
    expect(decl.parametersJsonSchema.required).toEqual(['dag_id', 'task_id', 'try_number']);
  });
});

describe('streaming', () => {
  it('delivers the first delta before the answer is complete when chunks are delayed', async () => {
    standIn.setScript(() => ({ textChunks: ['one ', 'two ', 'three ', 'four'], delayMs: 60 }));
    const result = streamText({ model: google('gemini-2.5-flash'), prompt: 'count', maxRetries: 0 });
    const seen: { text: string; at: number }[] = [];
    const start = Date.now();
    for await (const text of result.textStream) seen.push({ text, at: Date.now() - start });
    expect(seen.map((s) => s.text)).toEqual(['one ', 'two ', 'three ', 'four']);
    // The chunks are sent 60 ms apart. Had the reply been buffered, every delta would arrive
    // at once; at least one whole gap between the first and the last proves it streamed. (Not
    // all three gaps: on a loaded 2-core machine the reader may take two chunks in one read,
    // seen as 124 ms for the three gaps.)
    expect(seen[3]!.at - seen[0]!.at).toBeGreaterThanOrEqual(60);
  });

  it('survives a client abort mid-stream and serves the next request', async () => {
    standIn.setScript(replySequence({ textChunks: ['slow ', 'answer ', 'that ', 'never ', 'ends'], delayMs: 100 }, { text: 'next one' }));
    const controller = new AbortController();
    const result = streamText({ model: google('gemini-2.5-flash'), prompt: 'go', maxRetries: 0, abortSignal: controller.signal });
    const seen: string[] = [];
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') {
        seen.push(part.text);
        controller.abort();
      }
    }
    expect(seen).toEqual(['slow ']);
    expect(types).toContain('abort');
    const next = await generateText({ model: google('gemini-2.5-flash'), prompt: 'again', maxRetries: 0 });
    expect(next.text).toBe('next one');
  });

  it('splits text into word chunks that join back to the text', () => {
    expect(splitIntoChunks('Task load failed.')).toEqual(['Task ', 'load ', 'failed.']);
    expect(splitIntoChunks('  a  b ').join('')).toBe('  a  b ');
    expect(splitIntoChunks('')).toEqual([]);
  });
});

describe('errors', () => {
  it.each([
    [429, 'Resource has been exhausted (e.g. check quota).'],
    [500, 'An internal error has occurred.'],
    [400, 'API key not valid. Please pass a valid API key.'],
  ])('surfaces HTTP %i from streamText as an APICallError', async (status, message) => {
    standIn.setScript(failWith(status, message));
    const errors: unknown[] = [];
    const result = streamText({
      model: google('gemini-2.5-flash'),
      prompt: 'hi',
      maxRetries: 0,
      onError: ({ error }) => void errors.push(error),
    });
    const parts: { type: string; error?: unknown }[] = [];
    for await (const part of result.fullStream) parts.push(part);
    const errorPart = parts.find((p) => p.type === 'error');
    expect(APICallError.isInstance(errorPart?.error)).toBe(true);
    const error = errorPart!.error as APICallError;
    expect(error.statusCode).toBe(status);
    expect(error.message).toBe(message);
    expect(error.isRetryable).toBe(status === 429 || status >= 500);
    expect(errors).toHaveLength(1);
    await expect(result.text).rejects.toThrow();
    expect(standIn.requests).toHaveLength(1);
  });

  it('is retried by the AI SDK when retryable (maxRetries), then succeeds', async () => {
    // retry-after-ms keeps the AI SDK from waiting its default 2 s backoff.
    standIn.setScript(replySequence({ error: { status: 503, message: 'overloaded', retryAfterMs: 10 } }, { text: 'Recovered fine' }));
    const result = await generateText({ model: google('gemini-2.5-flash'), prompt: 'hi', maxRetries: 1 });
    expect(result.text).toBe('Recovered fine');
    expect(standIn.requests).toHaveLength(2);
  });

  it('ends in a RetryError wrapping the last APICallError when every retry fails', async () => {
    standIn.setScript(failWith(429, 'Quota exceeded', { retryAfterMs: 5 }));
    const error = await generateText({ model: google('gemini-2.5-flash'), prompt: 'hi', maxRetries: 2 }).catch((e) => e);
    expect(RetryError.isInstance(error)).toBe(true);
    expect(error.reason).toBe('maxRetriesExceeded');
    expect(APICallError.isInstance(error.lastError)).toBe(true);
    expect(error.lastError.statusCode).toBe(429);
    expect(standIn.requests).toHaveLength(3);
  });

  it('rejects generateText with the status and message', async () => {
    standIn.setScript(failWith(429, 'Quota exceeded'));
    const error = await generateText({ model: google('gemini-2.5-flash'), prompt: 'hi', maxRetries: 0 }).catch((e) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, message: 'Quota exceeded', isRetryable: true });
  });

  it('turns a throwing script into a 500 that names the problem', async () => {
    standIn.setScript(() => {
      throw new Error('no reply planned');
    });
    const error = await generateText({ model: google('gemini-2.5-flash'), prompt: 'hi', maxRetries: 0 }).catch((e) => e);
    expect(error.statusCode).toBe(500);
    expect(error.message).toContain('no reply planned');
  });
});

describe('generateText (non-streaming :generateContent)', () => {
  it('runs the same tool round trip', async () => {
    standIn.setScript(diagnoseFromLog);
    const { execute, tools } = makeLogTool();
    const result = await generateText({
      model: google('gemini-2.5-flash'),
      instructions: SYSTEM,
      prompt: 'Why did this task fail?',
      tools,
      stopWhen: isStepCount(5),
      maxRetries: 0,
    });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(result.text).toBe(`Task load failed with ${LOG_ERROR}. Fix the nulls upstream.`);
    expect(result.steps).toHaveLength(2);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(standIn.requests.map((r) => r.stream)).toEqual([false, false]);
    expect(standIn.requests[1]!.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(standIn.requests[1]!.functionResponses[0]?.content).toMatchObject({ error: LOG_ERROR });
  });
});

describe('callToolsThenAnswer in a longer conversation', () => {
  it('calls the tools again for a new question despite older results in the history', async () => {
    standIn.setScript(diagnoseFromLog);
    const { execute, tools } = makeLogTool();
    const first = await generateText({
      model: google('gemini-2.5-flash'),
      instructions: SYSTEM,
      prompt: 'Why did this task fail?',
      tools,
      stopWhen: isStepCount(5),
      maxRetries: 0,
    });
    const second = await generateText({
      model: google('gemini-2.5-flash'),
      instructions: SYSTEM,
      messages: [
        { role: 'user', content: 'Why did this task fail?' },
        ...first.responseMessages,
        { role: 'user', content: 'And now?' },
      ],
      tools,
      stopWhen: isStepCount(5),
      maxRetries: 0,
    });
    expect(execute).toHaveBeenCalledTimes(2);
    expect(second.text).toContain(LOG_ERROR);
    const third = standIn.requests[2]!;
    expect(third.lastUserText).toBe('And now?');
    expect(third.functionResponses).toHaveLength(1); // from the first exchange
    expect(third.currentFunctionResponses).toEqual([]);
  });
});

describe('HTTP surface', () => {
  it('answers a CORS preflight for the headers the provider sends', async () => {
    const res = await fetch(`${standIn.baseURL}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abcdefghijklmnop',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-goog-api-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-goog-api-key');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('serves raw SSE events in the GenerateContentResponse shape', async () => {
    standIn.setScript(() => ({ text: 'alpha beta' }));
    const res = await fetch(`${standIn.baseURL}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'raw-key' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const events = (await res.text())
      .split(/\r?\n\r?\n/)
      .filter(Boolean)
      .map((e) => JSON.parse(e.replace(/^data: /, '')));
    expect(events).toHaveLength(2);
    expect(events[0].candidates[0].content.parts).toEqual([{ text: 'alpha ' }]);
    expect(events[0].candidates[0].finishReason).toBeUndefined();
    expect(events[1].candidates[0]).toMatchObject({ content: { role: 'model', parts: [{ text: 'beta' }] }, finishReason: 'STOP' });
    expect(events[1].usageMetadata).toEqual({ promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 });
    expect(standIn.requests[0]!.apiKey).toBe('raw-key');
  });

  it('returns a Gemini-style 404 for unknown paths', async () => {
    const res = await fetch(`${standIn.baseURL}/files`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
  });
});
