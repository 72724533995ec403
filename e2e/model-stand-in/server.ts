/**
 * A local stand-in for the Gemini API, speaking exactly the wire protocol that
 * `@ai-sdk/google` (4.0.x) uses, so the real provider and the real AI SDK loop run
 * against it in tests and demos without a model or a network.
 *
 * Served (any path prefix before `/models/`, e.g. `/v1beta`):
 *   POST {baseURL}/models/{model}:streamGenerateContent?alt=sse  → SSE `data: {GenerateContentResponse}`
 *   POST {baseURL}/models/{model}:generateContent                → one GenerateContentResponse
 *   OPTIONS *                                                    → CORS preflight
 *   GET  /_stand-in/requests                                     → recorded requests (for demos)
 *
 * What the provider reads (node_modules/@ai-sdk/google/dist/index.js, `chunkSchema`,
 * `responseSchema`, `doStream`, `googleFailedResponseHandler`):
 * - `candidates[0].content.parts[]`: `{text}` becomes text deltas; a `{functionCall: {name, args}}`
 *   with both fields set becomes one complete tool call (tool-input-start/delta/end + tool-call).
 *   `functionCall.id`, when present, becomes the AI SDK toolCallId and comes back in
 *   `functionResponse.id`.
 * - `candidates[0].finishReason`: "STOP" maps to "stop", or to "tool-calls" when the response
 *   held a function call. Without any finishReason the stream finishes as "interrupted".
 * - `usageMetadata` (promptTokenCount, candidatesTokenCount, totalTokenCount): the last chunk's
 *   value is the step usage (it is not summed across chunks, so send cumulative counts).
 * - Errors: non-2xx with `{error: {code, message, status}}`; `message` becomes the error message,
 *   and the AI SDK marks 408/409/429/5xx as retryable (it retries `maxRetries` times, default 2).
 * - Gemini 3 models replay `thoughtSignature` of function-call parts; without one the provider
 *   injects a sentinel and warns, so function-call replies carry a (fake) signature.
 *
 * The next request carries tool results as
 *   `{role: "user", parts: [{functionResponse: {id, name, response: {name, content}}}]}`
 * (`response.error` instead of `content` for failed tools).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FunctionResponseRecord {
  name: string;
  /** `functionResponse.response` as sent: `{ name, content }` or `{ name, error }`. */
  response: unknown;
  /** `response.content` (the tool output: JSON value, or joined text for content outputs). */
  content?: unknown;
  /** `response.error`, set when the AI SDK reports a failed tool call. */
  error?: unknown;
  /** `functionResponse.id` (the tool call id), when the provider sent one. */
  id?: string;
}

/** The text of a tool result as the model received it (a string, or its JSON). */
export const toolResultText = (r: FunctionResponseRecord | undefined): string => (typeof r?.content === 'string' ? r.content : JSON.stringify(r?.content ?? r?.response ?? ''));

export interface RecordedModelRequest {
  /** Model id from the URL, without the `models/` prefix. */
  model: string;
  /** True for `:streamGenerateContent`. */
  stream: boolean;
  /** `x-goog-api-key` header (or `?key=`), null when absent. */
  apiKey: string | null;
  /** The parsed JSON request body. */
  body: any;
  /** All text parts of `systemInstruction` and `contents`, joined with newlines. */
  text: string;
  /** Every `functionResponse` part in `contents`, in order. */
  functionResponses: FunctionResponseRecord[];
  /** Names from `tools[].functionDeclarations[]`. */
  toolNames: string[];
  /** Text of `systemInstruction` only. */
  systemText: string;
  /** Text of the last user message that holds text (the current question). */
  lastUserText: string;
  /** The `functionResponse`s after that last user text: results of the current exchange. */
  currentFunctionResponses: FunctionResponseRecord[];
  /** Request path and query as received. */
  url: string;
  /** Request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** The token counts the stand-in reported in its usage fields for this request, once answered. */
  usage?: { inputTokens: number; outputTokens: number };
}

export type ModelReply =
  | { text: string }
  | { functionCalls: { name: string; args: Record<string, unknown> }[] }
  /** `retryAfterMs` sets a `retry-after-ms` header, which the AI SDK's retry waits for. */
  | { error: { status: number; message: string; retryAfterMs?: number } }
  | { textChunks: string[]; delayMs?: number }
  /**
   * Faults a real provider (or the network to it) produces: `cut` streams the text's first
   * chunks and then breaks the connection; `malformed` streams one chunk that is not JSON after
   * them; `hang` sends nothing at all (no status, no body) until the client gives up.
   */
  | { fault: 'cut' | 'malformed'; text: string; afterChunks?: number }
  | { fault: 'hang' };

/** `turn` is the 0-based index of the request since the server started or was last reset(). */
export type ModelScript = (req: RecordedModelRequest, turn: number) => ModelReply | Promise<ModelReply>;

export interface ModelStandIn {
  /** Pass to `createGoogleGenerativeAI({ baseURL })`, e.g. `http://127.0.0.1:40123/v1beta`. */
  baseURL: string;
  /** Recorded requests; the same array instance for the server's lifetime. */
  requests: RecordedModelRequest[];
  setScript(s: ModelScript): void;
  /** Clears `requests` (in place) and the turn counter; keeps the script. */
  reset(): void;
  close(): Promise<void>;
}

export interface ModelStandInOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Host to bind; default 127.0.0.1. */
  host?: string;
  /** Default: `echoScript`. */
  script?: ModelScript;
  /** Delay between streamed chunks for `{ text }` replies (ms); default 0. */
  chunkDelayMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Script builders

/** Splits text into word chunks ("a b c" → ["a ", "b ", "c"]) that concatenate back to it. */
export function splitIntoChunks(text: string): string[] {
  const chunks = text.match(/\s*\S+\s*/g);
  if (chunks == null) return text.length > 0 ? [text] : [];
  return chunks;
}

type CallList = { name: string; args: Record<string, unknown> }[];

/**
 * First request: reply with `calls` (a list, or derived from the request). Once the request
 * carries a functionResponse (after the current user question) for every called tool name,
 * answer with text built from those real tool results.
 */
export function callToolsThenAnswer(opts: {
  calls: CallList | ((req: RecordedModelRequest) => CallList);
  answer: (toolResults: FunctionResponseRecord[], req: RecordedModelRequest) => string;
  delayMs?: number;
}): ModelScript {
  return (req) => {
    const calls = typeof opts.calls === 'function' ? opts.calls(req) : opts.calls;
    const results = req.currentFunctionResponses;
    const answered = calls.every((c) => results.some((r) => r.name === c.name));
    if (calls.length > 0 && !answered) return { functionCalls: calls };
    const wanted = new Set(calls.map((c) => c.name));
    const relevant = calls.length > 0 ? results.filter((r) => wanted.has(r.name)) : results;
    return textReply(opts.answer(relevant, req), opts.delayMs);
  };
}

/** Streams text computed from the request. */
export function answerFromRequest(
  fn: (req: RecordedModelRequest, turn: number) => string,
  opts: { delayMs?: number } = {},
): ModelScript {
  return (req, turn) => textReply(fn(req, turn), opts.delayMs);
}

/** Replies with an HTTP error in the Gemini error format (e.g. 429, 500, 400). */
export function failWith(status: number, message: string, opts: { retryAfterMs?: number } = {}): ModelScript {
  return () => ({ error: { status, message, ...opts } });
}

/** Replies with a fault (cut stream, malformed chunk, no answer at all); see `ModelReply`. */
export function faultWith(fault: 'cut' | 'malformed' | 'hang', text = 'The answer starts here and then'): ModelScript {
  return () => (fault === 'hang' ? { fault } : { fault, text, afterChunks: 2 });
}

/** Replies in order by turn; the last reply repeats. Replies may be scripts themselves. */
export function replySequence(...replies: (ModelReply | ModelScript)[]): ModelScript {
  return (req, turn) => {
    const r = replies[Math.min(turn, replies.length - 1)];
    if (r == null) return { text: '' };
    return typeof r === 'function' ? r(req, turn) : r;
  };
}

/** Default: a short answer echoing the question and what the request declared. */
export const echoScript: ModelScript = (req) =>
  ({
    text:
      `Stand-in model (${req.model}) got: "${req.lastUserText}". ` +
      `Tools offered: ${req.toolNames.length > 0 ? req.toolNames.join(', ') : 'none'}.`,
  });

function textReply(text: string, delayMs: number | undefined): ModelReply {
  return delayMs == null ? { text } : { textChunks: splitIntoChunks(text), delayMs };
}

// ---------------------------------------------------------------------------------------------
// Request parsing

type Part = Record<string, any>;
type Content = { role?: string; parts?: Part[] };

function textOf(parts: Part[] | undefined): string {
  return (parts ?? [])
    .filter((p) => typeof p.text === 'string' && p.thought !== true)
    .map((p) => p.text as string)
    .join('\n');
}

function toFunctionResponse(p: Part): FunctionResponseRecord {
  const fr = p.functionResponse ?? {};
  const response = fr.response;
  const record: FunctionResponseRecord = { name: String(fr.name ?? ''), response };
  if (response != null && typeof response === 'object') {
    if ('content' in response) record.content = response.content;
    if ('error' in response) record.error = response.error;
  }
  if (typeof fr.id === 'string') record.id = fr.id;
  return record;
}

export function recordRequest(args: {
  model: string;
  stream: boolean;
  apiKey: string | null;
  body: any;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}): RecordedModelRequest {
  const body = args.body ?? {};
  const contents: Content[] = Array.isArray(body.contents) ? body.contents : [];
  const systemText = textOf(body.systemInstruction?.parts);
  const texts = [systemText, ...contents.map((c) => textOf(c.parts))].filter((t) => t.length > 0);

  const functionResponses: FunctionResponseRecord[] = [];
  const currentFunctionResponses: FunctionResponseRecord[] = [];
  let lastUserText = '';
  for (const c of contents) {
    const parts = c.parts ?? [];
    if (c.role !== 'model' && parts.some((p) => typeof p.text === 'string')) {
      lastUserText = textOf(parts);
      currentFunctionResponses.length = 0;
    }
    for (const p of parts) {
      if (p.functionResponse == null) continue;
      const r = toFunctionResponse(p);
      functionResponses.push(r);
      currentFunctionResponses.push(r);
    }
  }

  const toolNames: string[] = [];
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    for (const d of Array.isArray(t?.functionDeclarations) ? t.functionDeclarations : []) {
      if (typeof d?.name === 'string') toolNames.push(d.name);
    }
  }

  return {
    ...args,
    body,
    text: texts.join('\n'),
    functionResponses,
    toolNames,
    systemText,
    lastUserText,
    currentFunctionResponses,
  };
}

// ---------------------------------------------------------------------------------------------
// Responses

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function errorBody(status: number, message: string) {
  return { error: { code: status, message, status: GOOGLE_STATUS[status] ?? 'UNKNOWN' } };
}

let callCounter = 0;
const FAKE_THOUGHT_SIGNATURE = Buffer.from('model-stand-in').toString('base64');

export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

interface ChunkPlan {
  parts: Part[];
  delayMs: number;
}

/** Turns a reply into the parts of each streamed chunk. */
function planChunks(reply: ModelReply, defaultDelayMs: number): ChunkPlan[] {
  if ('functionCalls' in reply) {
    const parts = reply.functionCalls.map((c, i) => ({
      functionCall: { id: `stand-in-call-${++callCounter}`, name: c.name, args: c.args ?? {} },
      ...(i === 0 ? { thoughtSignature: FAKE_THOUGHT_SIGNATURE } : {}),
    }));
    return [{ parts, delayMs: 0 }];
  }
  if ('textChunks' in reply) {
    return reply.textChunks.map((text) => ({ parts: [{ text }], delayMs: reply.delayMs ?? 0 }));
  }
  if ('text' in reply) {
    return splitIntoChunks(reply.text).map((text) => ({ parts: [{ text }], delayMs: defaultDelayMs }));
  }
  return [];
}

function responseEnvelope(args: {
  parts: Part[];
  final: boolean;
  promptTokens: number;
  outputTokens: number;
  model: string;
  responseId: string;
}) {
  return {
    candidates: [
      {
        content: { role: 'model', parts: args.parts },
        index: 0,
        ...(args.final ? { finishReason: 'STOP' } : {}),
      },
    ],
    usageMetadata: {
      promptTokenCount: args.promptTokens,
      candidatesTokenCount: args.outputTokens,
      totalTokenCount: args.promptTokens + args.outputTokens,
    },
    modelVersion: args.model,
    responseId: args.responseId,
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers':
      typeof requested === 'string' && requested.length > 0
        ? requested
        : 'content-type, x-goog-api-key, x-goog-api-client, user-agent, authorization',
    'access-control-max-age': '600',
    'access-control-expose-headers': 'retry-after, retry-after-ms',
    ...(req.headers['access-control-request-private-network'] === 'true'
      ? { 'access-control-allow-private-network': 'true' }
      : {}),
  };
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
) {
  res.writeHead(status, { ...corsHeaders(req), 'content-type': 'application/json; charset=utf-8', ...extraHeaders });
  res.end(JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `{any prefix}/models/{model}:{method}` (also `tunedModels/`); the provider sends `models/{id}`. */
const ROUTE = /^(?:.*\/)?(?:models|tunedModels)\/([^/:]+):(streamGenerateContent|generateContent)$/;

// ---------------------------------------------------------------------------------------------
// Server

export async function startModelStandIn(opts: ModelStandInOptions = {}): Promise<ModelStandIn> {
  let script: ModelScript = opts.script ?? echoScript;
  let turn = 0;
  const requests: RecordedModelRequest[] = [];
  const chunkDelayMs = opts.chunkDelayMs ?? 0;

  async function handleGenerate(req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpMatchArray) {
    const model = decodeURIComponent(match[1] ?? '');
    const stream = match[2] === 'streamGenerateContent';
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : {};
    } catch {
      sendJson(req, res, 400, errorBody(400, 'Invalid JSON payload received.'));
      return;
    }
    const header = req.headers['x-goog-api-key'];
    const apiKey = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('key');
    const recorded = recordRequest({
      model,
      stream,
      apiKey: apiKey ?? null,
      body,
      url: req.url ?? '',
      headers: { ...req.headers },
    });
    requests.push(recorded);

    let reply: ModelReply;
    try {
      reply = await script(recorded, turn++);
    } catch (e) {
      const message = `model stand-in script failed: ${e instanceof Error ? e.message : String(e)}`;
      sendJson(req, res, 500, errorBody(500, message));
      return;
    }
    if ('error' in reply) {
      const { status, message, retryAfterMs } = reply.error;
      const headers: Record<string, string> = retryAfterMs != null ? { 'retry-after-ms': String(retryAfterMs) } : {};
      sendJson(req, res, status, errorBody(status, message), headers);
      return;
    }

    if ('fault' in reply) {
      await sendFault(req, res, reply, stream && url.searchParams.get('alt') === 'sse');
      return;
    }

    const plan = planChunks(reply, chunkDelayMs);
    const promptTokens = countTokens(recorded.text);
    const responseId = `stand-in-${requests.length}`;

    if (!stream) {
      const parts = mergeTextParts(plan.flatMap((c) => c.parts));
      const outputTokens = countTokens(textOf(parts)) + (parts.length - parts.filter((p) => 'text' in p).length);
      recorded.usage = { inputTokens: promptTokens, outputTokens };
      sendJson(req, res, 200, responseEnvelope({ parts, final: true, promptTokens, outputTokens, model, responseId }));
      return;
    }

    const sse = url.searchParams.get('alt') === 'sse';
    res.writeHead(200, {
      ...corsHeaders(req),
      'content-type': sse ? 'text/event-stream' : 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    // An empty reply still has to finish with a finishReason.
    const chunks = plan.length > 0 ? plan : [{ parts: [] as Part[], delayMs: 0 }];
    let outputTokens = 0;
    const jsonArray: unknown[] = [];
    for (let i = 0; i < chunks.length; i++) {
      if (closed) return;
      const chunk = chunks[i]!;
      if (i > 0 && chunk.delayMs > 0) await sleep(chunk.delayMs);
      if (closed) return;
      outputTokens += countTokens(textOf(chunk.parts)) + chunk.parts.filter((p) => 'functionCall' in p).length;
      const event = responseEnvelope({
        parts: chunk.parts,
        final: i === chunks.length - 1,
        promptTokens,
        outputTokens,
        model,
        responseId,
      });
      if (sse) res.write(`data: ${JSON.stringify(event)}\r\n\r\n`);
      else jsonArray.push(event);
    }
    recorded.usage = { inputTokens: promptTokens, outputTokens };
    res.end(sse ? undefined : JSON.stringify(jsonArray));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in.local');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/_stand-in/requests') {
      sendJson(req, res, 200, requests);
      return;
    }
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/_stand-in/health')) {
      sendJson(req, res, 200, { ok: true, requests: requests.length });
      return;
    }
    const match = url.pathname.match(ROUTE);
    if (req.method === 'POST' && match != null) {
      handleGenerate(req, res, url, match).catch((e) => {
        if (!res.headersSent) sendJson(req, res, 500, errorBody(500, String(e)));
        else res.destroy();
      });
      return;
    }
    sendJson(req, res, 404, errorBody(404, `model stand-in: no route for ${req.method} ${url.pathname}`));
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://${host}:${port}/v1beta`,
    requests,
    setScript(s) {
      script = s;
    },
    reset() {
      requests.length = 0;
      turn = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}

/** Sends a fault reply (see `ModelReply`): the client sees what a broken provider would send. */
async function sendFault(req: IncomingMessage, res: ServerResponse, reply: Extract<ModelReply, { fault: string }>, sse: boolean) {
  if (reply.fault === 'hang') {
    // Holds the request open, bounded: the client's timeout (or the test's end) closes it.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 120_000);
      res.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (!res.writableEnded) res.destroy();
    return;
  }
  res.writeHead(200, {
    ...corsHeaders(req),
    'content-type': sse ? 'text/event-stream' : 'application/json; charset=utf-8',
    'cache-control': 'no-cache',
  });
  const chunks = splitIntoChunks(reply.text).slice(0, reply.afterChunks ?? 2);
  for (const text of chunks) {
    const event = responseEnvelope({ parts: [{ text }], final: false, promptTokens: 1, outputTokens: 1, model: 'stand-in', responseId: 'fault' });
    res.write(sse ? `data: ${JSON.stringify(event)}\r\n\r\n` : JSON.stringify(event));
    await sleep(20);
  }
  if (reply.fault === 'malformed') {
    res.write(sse ? 'data: {"candidates": [{"content": {"parts": [{"text": "broken\r\n\r\n' : '{"broken');
    await sleep(20);
    res.write(sse ? 'data: {not json at all}\r\n\r\n' : '');
    await sleep(20);
    res.end();
    return;
  }
  // Cut: the connection breaks mid-answer, without a last chunk or a clean end.
  res.destroy();
}

function mergeTextParts(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last != null && typeof last.text === 'string' && typeof p.text === 'string' && Object.keys(p).length === 1) {
      last.text += p.text;
    } else {
      out.push({ ...p });
    }
  }
  return out;
}
