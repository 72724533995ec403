import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { StreamableHTTPClientTransport, StreamableHTTPError, type StreamableHTTPClientTransportOptions } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isJSONRPCRequest, JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { RemoteMcpError, toRemoteMcpError } from './errors';

/**
 * Which answer stream belongs to which request, so that a fault fails that request alone and at
 * once (issue 13, item 5).
 *
 * Why by hand: the SDK (1.32.x) reads every answer stream of a client in one place and reports
 * what goes wrong there through the client-wide `onerror`, without saying which request it was
 * for; a stream that ends cleanly without the answer, malformed JSON in an event, or a refused
 * resumption are not reported to the request at all - it waits for its timeout. So the session's
 * fetch watches each answer stream it hands to the SDK (parsing the SSE with the same parser the
 * SDK uses) and fails the one request the stream belongs to, with a sentence, when
 * - the stream breaks, or ends cleanly, without the answer and without an event id to resume from;
 * - an event carries something that is not a JSON-RPC message;
 * - resuming it (the SDK's GET with `Last-Event-ID`) is refused, redirected or fails, or the
 *   resumed stream ends again without the answer and without anything new.
 * Resumption itself (waiting the server's `retry:`, the GET with `Last-Event-ID`) is the SDK's.
 *
 * A request is linked to its JSON-RPC id through its own `onresumptiontoken` callback (a
 * per-request option the SDK hands to `transport.send` with the message), and a resumption GET
 * to its request through the `Last-Event-ID` it carries: only an event id seen on that request's
 * stream, while it is in flight, may be resumed.
 */
export class CallStreams {
  private readonly byToken = new WeakMap<(token: string) => void, TrackedCall>();
  private readonly byId = new Map<RequestId, TrackedCall>();
  private readonly byEventId = new Map<string, TrackedCall>();
  readonly url: string;
  private readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Runs one SDK request with a signal that fails it as soon as its stream says so. Rejects with
   * the RemoteMcpError that explains the failure, or what the SDK rejected with.
   */
  async run<T>(request: (options: { signal: AbortSignal; onresumptiontoken: (token: string) => void }) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const call = new TrackedCall(this.url);
    // The SDK calls this with every event id of the request's stream; we read ids ourselves,
    // the callback is how `send` tells us which request a message is.
    const onresumptiontoken = () => {};
    this.byToken.set(onresumptiontoken, call);
    const onAbort = () => call.cancel.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await request({ signal: call.cancel.signal, onresumptiontoken });
    } catch (error) {
      throw call.failure ?? error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      call.settled = true;
      call.finished.abort();
      if (call.id !== undefined) this.byId.delete(call.id);
      for (const eventId of call.eventIds) this.byEventId.delete(eventId);
    }
  }

  /** From `transport.send`: the JSON-RPC id of the request made with this callback. */
  bind(id: RequestId, onresumptiontoken: ((token: string) => void) | undefined): void {
    const call = onresumptiontoken && this.byToken.get(onresumptiontoken);
    if (!call) return;
    call.id = id;
    this.byId.set(id, call);
  }

  /** The request in flight that a POST body carries, if any. */
  callPosted(body: unknown): TrackedCall | undefined {
    if (typeof body !== 'string') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      const id = (message as { id?: RequestId } | null)?.id;
      const call = id !== undefined && (message as { method?: unknown }).method !== undefined ? this.byId.get(id) : undefined;
      if (call && !call.settled) return call;
    }
    return undefined;
  }

  /** The request in flight whose stream carried this event id (what a resumption GET sends as `Last-Event-ID`). */
  callResumedBy(lastEventId: string | null): TrackedCall | undefined {
    const call = lastEventId ? this.byEventId.get(lastEventId) : undefined;
    return call && !call.settled && !call.failure ? call : undefined;
  }

  /** The answer to a request's POST, or to a resumption GET, with its SSE stream watched. */
  watch(call: TrackedCall, response: Response, resumedFrom?: string): Response {
    const isEventStream = /^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '');
    if (!response.ok || !response.body || (!isEventStream && resumedFrom === undefined)) return response;
    const stream = watchedStream(response.body, {
      onEvent: (event) => {
        if (event.id) {
          call.eventIds.add(event.id);
          this.byEventId.set(event.id, call);
        }
      },
      onEnd: (outcome) => this.judgeEnd(call, outcome, resumedFrom !== undefined),
      call,
    });
    return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  private judgeEnd(call: TrackedCall, outcome: StreamOutcome, resumed: boolean): void {
    if (outcome.answered || call.settled || call.failure) return;
    // An event id means the SDK resumes (after the server's `retry:`), with a GET we see.
    if (outcome.newEventId) return;
    const at = `The MCP server at ${this.url}`;
    if (outcome.error) call.fail(new RemoteMcpError('cut', `${at} cut its answer short.`, this.url));
    else if (resumed) call.fail(new RemoteMcpError('cut', `${at} ended the resumed answer stream again without the answer.`, this.url));
    else call.fail(new RemoteMcpError('cut', `${at} ended its answer stream without the answer.`, this.url));
  }

  /** A resumption GET that did not give a stream: fail the request now (the SDK would wait for its timeout). */
  resumeFailed(call: TrackedCall, failure: { status: number; statusText?: string } | { error: unknown }): void {
    const at = `The MCP server at ${this.url}`;
    if ('error' in failure) {
      call.fail(toRemoteMcpError(failure.error, this.url, this.timeoutMs));
      return;
    }
    const { status } = failure;
    if (status === 401 || status === 403 || status === 404 || status >= 500) {
      // The same sentences as for a POST (and a 404 with a session: the session expired).
      call.fail(toRemoteMcpError(new StreamableHTTPError(status, failure.statusText ?? ''), this.url, this.timeoutMs));
    } else if ((status >= 300 && status < 400) || status === 0) {
      call.fail(new RemoteMcpError('protocol', `${at} moved its answer stream elsewhere; the assistant only resumes a stream at the MCP endpoint itself.`, this.url));
    } else {
      call.fail(new RemoteMcpError('cut', `${at} cut its answer short and could not resume it (HTTP ${status}).`, this.url));
    }
  }
}

/** One request in flight. */
export class TrackedCall {
  id: RequestId | undefined;
  settled = false;
  failure: RemoteMcpError | undefined;
  readonly eventIds = new Set<string>();
  /** The SDK request's signal: aborted to fail the request now. */
  readonly cancel = new AbortController();
  /** Aborted once the request settled: ends its HTTP requests and streams. */
  readonly finished = new AbortController();
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  fail(error: RemoteMcpError): void {
    if (this.settled || this.failure) return;
    this.failure = error;
    this.cancel.abort(error);
  }
}

interface StreamOutcome {
  answered: boolean;
  newEventId: boolean;
  error?: unknown;
}

/**
 * `body` as it is, read by the SDK, while the same bytes go through an SSE parser here: every
 * event is checked (JSON-RPC or a malformed-message failure for the call), and the end is judged
 * with everything the stream carried already known. No trailing partial event is consumed at the
 * end, as the SDK's parser does not either.
 */
function watchedStream(body: ReadableStream<Uint8Array>, hooks: { onEvent(event: EventSourceMessage): void; onEnd(outcome: StreamOutcome): void; call: TrackedCall }): ReadableStream<Uint8Array> {
  const { call } = hooks;
  const outcome: StreamOutcome = { answered: false, newEventId: false };
  const parser = createParser({
    onEvent(event) {
      hooks.onEvent(event);
      if (event.id) outcome.newEventId = true;
      if (!event.data || (event.event && event.event !== 'message')) return;
      const message = parseMessage(event.data);
      if (!message) {
        const sample = event.data.replace(/\s+/g, ' ').slice(0, 80).trim();
        call.fail(new RemoteMcpError('protocol', `The MCP server at ${call.url} sent a malformed message in its answer stream (not JSON-RPC): ${sample}`, call.url));
        return;
      }
      if ('id' in message && message.id === call.id && ('result' in message || 'error' in message)) outcome.answered = true;
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let ended = false;
  const end = (error?: unknown) => {
    if (ended) return;
    ended = true;
    hooks.onEnd(error === undefined ? outcome : { ...outcome, error });
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          parser.feed(decoder.decode());
          end();
          controller.close();
          return;
        }
        parser.feed(decoder.decode(value, { stream: true }));
        controller.enqueue(value);
      } catch (error) {
        end(error);
        controller.error(error);
      }
    },
    cancel(reason) {
      end(reason ?? new Error('cancelled'));
      return reader.cancel(reason);
    },
  });
}

function parseMessage(data: string): JSONRPCMessage | null {
  try {
    const parsed = JSONRPCMessageSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The SDK's transport, telling `streams` the JSON-RPC id of each request it sends (the only
 * place where a request's options and its message meet).
 */
export class CallTrackingTransport extends StreamableHTTPClientTransport {
  private readonly streams: CallStreams;

  constructor(url: URL, options: StreamableHTTPClientTransportOptions, streams: CallStreams) {
    super(url, options);
    this.streams = streams;
  }

  override send(message: JSONRPCMessage | JSONRPCMessage[], options?: { resumptionToken?: string; onresumptiontoken?: (token: string) => void }): Promise<void> {
    for (const m of Array.isArray(message) ? message : [message]) {
      if (isJSONRPCRequest(m)) this.streams.bind(m.id, options?.onresumptiontoken);
    }
    return super.send(message, options);
  }
}
