import { APICallError, JSONParseError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { classifyAirflowError, classifyModelError, describeFault, describeToolFailure, isAirflowOutage, type Fault } from './describe-fault';

const apiError = (statusCode: number | undefined, cause?: unknown) =>
  new APICallError({ message: 'raw provider text {"error":…}', url: 'https://model.example', requestBodyValues: {}, ...(statusCode !== undefined ? { statusCode } : {}), cause });

// Every row of the mapping: the fault, words the sentence must hold, and whether Retry is offered.
const rows: { fault: Fault; says: RegExp; action: RegExp; retry: boolean }[] = [
  { fault: { source: 'airflow', kind: 'unreachable' }, says: /Airflow could not be reached/, action: /running and reachable/, retry: true },
  { fault: { source: 'airflow', kind: 'unauthenticated' }, says: /session has expired/, action: /log in to Airflow again/i, retry: true },
  { fault: { source: 'airflow', kind: 'forbidden', status: 403 }, says: /may not see .*HTTP 403/, action: /admin/, retry: false },
  { fault: { source: 'airflow', kind: 'server', status: 503 }, says: /server error \(HTTP 503\)/, action: /wait a moment/, retry: true },
  { fault: { source: 'airflow', kind: 'timeout', timeoutMs: 2000 }, says: /did not answer within 2 s/, action: /retry/, retry: true },
  { fault: { source: 'airflow', kind: 'cut_read' }, says: /connection to Airflow broke/, action: /Retry/, retry: true },
  { fault: { source: 'airflow', kind: 'bad_response' }, says: /not its API/, action: /Airflow URL/, retry: true },
  { fault: { source: 'model', kind: 'bad_request', status: 400 }, says: /rejected the request \(HTTP 400\).*bad API key/, action: /check your key in Options/i, retry: false },
  { fault: { source: 'model', kind: 'unauthenticated', status: 401 }, says: /refused your API key \(HTTP 401\)/, action: /key in Options/, retry: false },
  { fault: { source: 'model', kind: 'forbidden', status: 403 }, says: /refused your API key \(HTTP 403\)/, action: /key in Options/, retry: false },
  { fault: { source: 'model', kind: 'unknown_model', status: 404, modelId: 'gemini-9' }, says: /does not know the model “gemini-9”/, action: /model name in Options/, retry: false },
  { fault: { source: 'model', kind: 'rate_limited', status: 429 }, says: /limiting requests \(HTTP 429\)/, action: /Wait a minute/, retry: true },
  { fault: { source: 'model', kind: 'server', status: 503 }, says: /provider failed \(HTTP 503\)/, action: /retry/, retry: true },
  { fault: { source: 'model', kind: 'cut_stream' }, says: /cut off before it finished/, action: /Retry/, retry: true },
  { fault: { source: 'model', kind: 'malformed_stream' }, says: /could not be read/, action: /Retry/, retry: true },
  { fault: { source: 'model', kind: 'timeout', timeoutMs: 60_000 }, says: /did not answer within 60 s/, action: /retry/, retry: true },
  { fault: { source: 'model', kind: 'unreachable' }, says: /could not be reached/, action: /network/, retry: true },
  { fault: { source: 'worker', kind: 'stopped' }, says: /interrupted/, action: /Retry/, retry: true },
];

describe('describeFault: every fault ends in a sentence and a way on', () => {
  it.each(rows)('$fault.source.$fault.kind', ({ fault, says, action, retry }) => {
    const message = describeFault(fault);
    expect(message.id).toBe(`${fault.source}.${fault.kind}`);
    expect(message.title).toMatch(says);
    expect(message.action).toMatch(action);
    expect(message.retryable).toBe(retry);
    // Plain sentences, nothing raw.
    expect(`${message.title} ${message.action}`).not.toMatch(/[{}<>]|Error:|undefined/);
  });
});

describe('classifyModelError', () => {
  it.each([
    [400, 'bad_request'],
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'unknown_model'],
    [429, 'rate_limited'],
    [500, 'server'],
    [503, 'server'],
  ] as const)('HTTP %i is %s', (status, kind) => {
    expect(classifyModelError(apiError(status)).kind).toBe(kind);
    // The AI SDK wraps the last error after its retries.
    const retried = new RetryError({ message: 'Failed after 2 attempts', reason: 'maxRetriesExceeded', errors: [apiError(status)] });
    expect(classifyModelError(retried).kind).toBe(kind);
  });

  it('a 200 whose body broke off is a cut stream ("Failed to process successful response")', () => {
    const cut = new APICallError({ message: 'Failed to process successful response', url: 'u', requestBodyValues: {}, statusCode: 200, cause: new TypeError('terminated') });
    expect(classifyModelError(cut).kind).toBe('cut_stream');
  });

  it('a chunk that is not JSON is a malformed stream', () => {
    const malformed = new JSONParseError({ text: '{not json', cause: new SyntaxError('Unexpected token') });
    expect(classifyModelError(malformed).kind).toBe('malformed_stream');
  });

  it('no status at all is an unreachable provider; a timeout is a timeout', () => {
    expect(classifyModelError(apiError(undefined, new TypeError('fetch failed'))).kind).toBe('unreachable');
    expect(classifyModelError(new DOMException('late', 'TimeoutError'), { timeoutMs: 5000 })).toEqual({ source: 'model', kind: 'timeout', timeoutMs: 5000 });
    expect(classifyModelError(new Error('what')).kind).toBe('unknown');
  });
});

describe('classifyAirflowError', () => {
  it('maps the kinds of failed reads, and tells an outage from a missing permission', () => {
    expect(classifyAirflowError({ kind: 'unreachable' })).toEqual({ source: 'airflow', kind: 'unreachable' });
    expect(classifyAirflowError({ kind: 'server', status: 503 })).toEqual({ source: 'airflow', kind: 'server', status: 503 });
    expect(classifyAirflowError({ kind: 'timeout' }).kind).toBe('timeout');
    expect(classifyAirflowError({ kind: 'cut_read', status: 200 }).kind).toBe('cut_read');
    expect(classifyAirflowError({ kind: 'unauthenticated', status: 401 }).kind).toBe('unauthenticated');
    expect(classifyAirflowError({}).kind).toBe('unreachable');
    expect(isAirflowOutage(classifyAirflowError({ kind: 'server', status: 502 }))).toBe(true);
    expect(isAirflowOutage(classifyAirflowError({ kind: 'timeout' }))).toBe(true);
    expect(isAirflowOutage(classifyAirflowError({ kind: 'forbidden', status: 403 }))).toBe(false);
    expect(isAirflowOutage(classifyAirflowError({ kind: 'not_found', status: 404 }))).toBe(false);
  });
});

describe('describeToolFailure', () => {
  it('turns protocol errors into a sentence and keeps the tools’ own sentences', () => {
    const raw = 'MCP error -32602: Input validation error: Invalid arguments for tool read_task_log: [{"code":"invalid_type"}]';
    expect(describeToolFailure(raw)).toBe('The model asked for this in a form the tool does not accept; it was told so and can ask again differently.');
    expect(describeToolFailure('MCP error -32603: Internal error')).toMatch(/^This step failed inside the assistant’s tool connection/);
    expect(describeToolFailure('Airflow could not be reached. Check that Airflow is running.')).toBe('Airflow could not be reached. Check that Airflow is running.');
  });
});
