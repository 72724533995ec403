import { APICallError, JSONParseError, RetryError, TypeValidationError } from 'ai';

/**
 * The one mapping from every failure the assistant can meet to what the user reads: a plain
 * sentence, what they can do about it, and whether Retry can help. Nothing raw (HTTP bodies,
 * parser errors, stack traces) ever reaches the panel: every path goes through `describeFault`.
 */

export type AirflowFaultKind =
  | 'unreachable'
  | 'unauthenticated'
  | 'forbidden'
  | 'server'
  | 'timeout'
  | 'cut_read'
  | 'bad_response'
  | 'not_found'
  | 'bad_request';

export type ModelFaultKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'unknown_model'
  | 'rate_limited'
  | 'server'
  | 'cut_stream'
  | 'malformed_stream'
  | 'timeout'
  | 'unreachable'
  | 'unknown';

export type Fault =
  | { source: 'airflow'; kind: AirflowFaultKind; status?: number; timeoutMs?: number }
  | { source: 'model'; kind: ModelFaultKind; status?: number; timeoutMs?: number; modelId?: string }
  | { source: 'worker'; kind: 'stopped' };

/** What the panel shows for a fault. */
export interface FaultMessage {
  /** `airflow.server`, `model.rate_limited`…: the row of the mapping, for tests and the audit. */
  id: string;
  /** One short sentence: what happened. */
  title: string;
  /** What the user can do. */
  action: string;
  /** Whether asking again can give a different outcome (a Retry button where true). */
  retryable: boolean;
}

const seconds = (ms: number | undefined) => (ms === undefined ? ' in time' : ` within ${Math.max(1, Math.round(ms / 1000))} s`);
const http = (status: number | undefined) => (status ? ` (HTTP ${status})` : '');

export function describeFault(fault: Fault): FaultMessage {
  const id = `${fault.source}.${fault.kind}`;
  const say = (title: string, action: string, retryable: boolean): FaultMessage => ({ id, title, action, retryable });
  if (fault.source === 'worker') {
    return say('The answer was interrupted: the extension’s background worker stopped.', 'Retry to ask again.', true);
  }
  if (fault.source === 'airflow') {
    switch (fault.kind) {
      case 'unreachable':
        return say('Airflow could not be reached.', 'Check that Airflow is running and reachable from this browser, then retry.', true);
      case 'unauthenticated':
        return say('Your Airflow session has expired.', 'Log in to Airflow again in your Airflow tab, then retry.', true);
      case 'forbidden':
        return say(`Your Airflow user may not see what this needs${http(fault.status)}.`, 'Ask your Airflow admin for access, or ask about something you can see.', false);
      case 'server':
        return say(`Airflow failed with a server error${http(fault.status)}.`, 'Airflow may be restarting or overloaded: wait a moment, then retry.', true);
      case 'timeout':
        return say(`Airflow did not answer${seconds(fault.timeoutMs)}.`, 'Airflow may be overloaded or stuck: retry in a moment.', true);
      case 'cut_read':
        return say('The connection to Airflow broke while reading its answer.', 'Retry; if it keeps happening, check the network or proxy in front of Airflow.', true);
      case 'bad_response':
        return say('Airflow answered with something that is not its API.', 'Check the Airflow URL: a proxy or a login page may be in the way. Then retry.', true);
      case 'not_found':
        return say('Airflow has no such object (it may have been deleted).', 'Open the page again in Airflow and ask from there.', false);
      case 'bad_request':
        return say(`Airflow refused the request${http(fault.status)}.`, 'Ask differently, or from another page.', false);
    }
  }
  switch (fault.kind) {
    case 'bad_request':
      return say(`The model provider rejected the request${http(fault.status)}: a bad request or a bad API key.`, 'Check your key in Options (and the model name).', false);
    case 'unauthenticated':
    case 'forbidden':
      return say(`The model provider refused your API key${http(fault.status)}.`, 'Check your key in Options.', false);
    case 'unknown_model':
      return say(`The model provider does not know the model${fault.modelId ? ` “${fault.modelId}”` : ''}${http(fault.status)}.`, 'Check the model name in Options.', false);
    case 'rate_limited':
      return say(`The model provider is limiting requests${http(fault.status ?? 429)}.`, 'Wait a minute, then retry.', true);
    case 'server':
      return say(`The model provider failed${http(fault.status)}.`, 'This is usually brief: retry in a moment.', true);
    case 'cut_stream':
      return say('The model’s answer was cut off before it finished.', 'Retry to get the whole answer.', true);
    case 'malformed_stream':
      return say('The model provider sent an answer that could not be read.', 'Retry; if it keeps happening, check the API base URL in Options.', true);
    case 'timeout':
      return say(`The model did not answer${seconds(fault.timeoutMs)}.`, 'The provider may be overloaded: retry in a moment.', true);
    case 'unreachable':
      return say('The model provider could not be reached.', 'Check your network and the API base URL in Options, then retry.', true);
    case 'unknown':
      return say('The model could not answer.', 'Retry; if it keeps happening, check the model settings in Options.', true);
  }
}

/** A model failure (whatever the AI SDK or the provider threw) as a row of the mapping. */
export function classifyModelError(error: unknown, details: { timeoutMs?: number; modelId?: string } = {}): Extract<Fault, { source: 'model' }> {
  const fault = (kind: ModelFaultKind, status?: number): Extract<Fault, { source: 'model' }> => ({
    source: 'model',
    kind,
    ...(status !== undefined ? { status } : {}),
    ...(kind === 'timeout' && details.timeoutMs !== undefined ? { timeoutMs: details.timeoutMs } : {}),
    ...(kind === 'unknown_model' && details.modelId ? { modelId: details.modelId } : {}),
  });
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (isTimeout(cause)) return fault('timeout');
  if (JSONParseError.isInstance(cause) || TypeValidationError.isInstance(cause)) return fault('malformed_stream');
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    if (status === undefined) return fault('unreachable');
    // A 2xx whose body broke while it was read: the stream was cut (or could not be parsed).
    if (status >= 200 && status < 300) {
      return JSONParseError.isInstance(cause.cause) || TypeValidationError.isInstance(cause.cause) ? fault('malformed_stream', status) : fault('cut_stream');
    }
    if (status === 400) return fault('bad_request', status);
    if (status === 401) return fault('unauthenticated', status);
    if (status === 403) return fault('forbidden', status);
    if (status === 404) return fault('unknown_model', status);
    if (status === 408) return fault('timeout');
    if (status === 429) return fault('rate_limited', status);
    if (status >= 500) return fault('server', status);
    return fault('bad_request', status);
  }
  if (cause instanceof TypeError) return fault('unreachable');
  return fault('unknown');
}

/** A failed Airflow read (an AirflowApiError's kind and status, or a tool's error kind) as a row. */
export function classifyAirflowError(error: { kind?: string; status?: number; timedOut?: boolean; timeoutMs?: number }): Extract<Fault, { source: 'airflow' }> {
  const base = (kind: AirflowFaultKind): Extract<Fault, { source: 'airflow' }> => ({
    source: 'airflow',
    kind,
    ...(error.status !== undefined && kind !== 'timeout' && kind !== 'unreachable' ? { status: error.status } : {}),
    ...(kind === 'timeout' && error.timeoutMs !== undefined ? { timeoutMs: error.timeoutMs } : {}),
  });
  switch (error.kind) {
    case 'unauthenticated':
    case 'forbidden':
    case 'server':
    case 'timeout':
    case 'cut_read':
    case 'bad_response':
    case 'not_found':
    case 'bad_request':
      return base(error.kind);
    case 'unreachable':
      if (error.timedOut) return base('timeout');
      // The answer had started (a status) when the connection broke.
      return base(error.status !== undefined ? 'cut_read' : 'unreachable');
    default:
      return base('unreachable');
  }
}

/** Airflow faults that mean Airflow itself cannot be read now (not "this one thing is missing"). */
export function isAirflowOutage(fault: Fault): boolean {
  return fault.source === 'airflow' && ['unreachable', 'server', 'timeout', 'cut_read', 'bad_response'].includes(fault.kind);
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError';
}

/**
 * What the panel shows for a failed tool step. Our tools already fail with a sentence from
 * `describeFault`; the MCP protocol layer does not (arguments the model got wrong come back as
 * `MCP error -32602: Input validation error: …`, JSON-RPC's words, not the user's). The model
 * still reads the raw text (it is how it corrects its call); people read a sentence.
 */
export function describeToolFailure(text: string): string {
  if (/MCP error\s*-?\d+|JSON-RPC|Input validation error|^\s*\{\s*"(?:code|error)"/i.test(text)) {
    return text.includes('-32602') || /validation/i.test(text)
      ? 'The model asked for this in a form the tool does not accept; it was told so and can ask again differently.'
      : 'This step failed inside the assistant’s tool connection; the model was told so. Retry if the answer misses it.';
  }
  return text;
}
