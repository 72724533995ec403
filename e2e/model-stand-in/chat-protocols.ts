/**
 * Local stand-ins for the OpenAI chat completions API and the Anthropic messages API, speaking
 * exactly the wire protocols `@ai-sdk/openai` (4.0.x, `.chat()`), `@ai-sdk/openai-compatible`
 * (3.0.x) and `@ai-sdk/anthropic` (4.0.x) use. They take the same scripts as the Gemini stand-in
 * (server.ts): a request is recorded in the same shape (`RecordedModelRequest`, tool results as
 * `functionResponses`), so `callToolsThenAnswer`, `failWith` and the rest work unchanged.
 *
 * OpenAI, served under any prefix (e.g. `/v1`):
 *   POST {baseURL}/chat/completions  stream → SSE `data: {chat.completion.chunk}` … `data: [DONE]`
 *     text: `choices[0].delta.content`; tool calls: `delta.tool_calls[{index, id, type, function: {name, arguments}}]`;
 *     `finish_reason` "stop" / "tool_calls"; then a chunk with `choices: []` and
 *     `usage: {prompt_tokens, completion_tokens, total_tokens}` (the provider asks for it with
 *     `stream_options.include_usage`).
 *   GET  {baseURL}/models            → `{object: "list", data: [{id, object: "model"}]}`
 *   Errors: `{error: {message, type, param, code}}`. The key arrives as `Authorization: Bearer …`
 *   (`api-key: …` from `@ai-sdk/azure`, which speaks the same protocol).
 *   Tool results come back as `{role: "tool", tool_call_id, content}` messages.
 *
 * Anthropic, served under any prefix (e.g. `/v1`):
 *   POST {baseURL}/messages  stream → SSE events `message_start` (usage.input_tokens),
 *     `content_block_start` (text / tool_use), `content_block_delta` (text_delta / input_json_delta),
 *     `content_block_stop`, `message_delta` (stop_reason "end_turn" / "tool_use", usage.output_tokens),
 *     `message_stop`.
 *   GET  {baseURL}/models    → `{data: [{id, type: "model", display_name}]}`
 *   Errors: `{type: "error", error: {type, message}}`. The key arrives as `x-api-key`.
 *   Tool results come back as user messages with `{type: "tool_result", tool_use_id, content}` blocks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  corsHeaders,
  countTokens,
  echoScript,
  readBody,
  sendJson,
  sleep,
  splitIntoChunks,
  type FunctionResponseRecord,
  type ModelReply,
  type ModelScript,
  type ModelStandIn,
  type ModelStandInOptions,
  type RecordedModelRequest,
} from './server';

export interface ChatProtocolStandInOptions extends ModelStandInOptions {
  /** Model ids listed by `GET {baseURL}/models`. */
  models?: string[];
}

type Message = { role?: string; content?: unknown; tool_calls?: { id?: string; function?: { name?: string } }[]; tool_call_id?: string };
type Block = Record<string, any>;

/** Text of a message content: a string, or the text parts of a parts array. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part: Block) => part?.type === 'text' && typeof part.text === 'string')
    .map((part: Block) => part.text as string)
    .join('\n');
}

function bearer(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  return value.replace(/^Bearer\s+/i, '');
}

function baseRecord(args: { model: string; stream: boolean; apiKey: string | null; body: any; req: IncomingMessage }) {
  return { model: args.model, stream: args.stream, apiKey: args.apiKey, body: args.body, url: args.req.url ?? '', headers: { ...args.req.headers } };
}

/** OpenAI chat completions request → the shared record shape. */
export function recordOpenAIRequest(body: any, req: IncomingMessage): RecordedModelRequest {
  const messages: Message[] = Array.isArray(body?.messages) ? body.messages : [];
  const toolNameById = new Map<string, string>();
  const functionResponses: FunctionResponseRecord[] = [];
  const currentFunctionResponses: FunctionResponseRecord[] = [];
  const systemTexts: string[] = [];
  const texts: string[] = [];
  let lastUserText = '';
  for (const message of messages) {
    const text = contentText(message.content);
    if (message.role === 'system' || message.role === 'developer') systemTexts.push(text);
    if (text && message.role !== 'tool') texts.push(text);
    if (message.role === 'user' && text) {
      lastUserText = text;
      currentFunctionResponses.length = 0;
    }
    for (const call of message.tool_calls ?? []) if (call.id && call.function?.name) toolNameById.set(call.id, call.function.name);
    if (message.role === 'tool') {
      const record: FunctionResponseRecord = {
        name: toolNameById.get(message.tool_call_id ?? '') ?? '',
        response: message.content,
        content: text,
        ...(message.tool_call_id ? { id: message.tool_call_id } : {}),
      };
      functionResponses.push(record);
      currentFunctionResponses.push(record);
    }
  }
  const toolNames = (Array.isArray(body?.tools) ? body.tools : []).map((t: Block) => t?.function?.name).filter((n: unknown) => typeof n === 'string');
  return {
    ...baseRecord({ model: String(body?.model ?? ''), stream: body?.stream === true, apiKey: bearer(req.headers.authorization) ?? bearer(req.headers['api-key']), body, req }),
    text: texts.join('\n'),
    functionResponses,
    toolNames,
    systemText: systemTexts.join('\n'),
    lastUserText,
    currentFunctionResponses,
  };
}

/** Anthropic messages request → the shared record shape. */
export function recordAnthropicRequest(body: any, req: IncomingMessage): RecordedModelRequest {
  const systemText = contentText(body?.system);
  const messages: { role?: string; content?: unknown }[] = Array.isArray(body?.messages) ? body.messages : [];
  const toolNameById = new Map<string, string>();
  const functionResponses: FunctionResponseRecord[] = [];
  const currentFunctionResponses: FunctionResponseRecord[] = [];
  const texts = systemText ? [systemText] : [];
  let lastUserText = '';
  for (const message of messages) {
    const blocks: Block[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : Array.isArray(message.content) ? message.content : [];
    const text = contentText(blocks);
    if (text) texts.push(text);
    if (message.role === 'user' && text) {
      lastUserText = text;
      currentFunctionResponses.length = 0;
    }
    for (const block of blocks) {
      if (block.type === 'tool_use' && typeof block.id === 'string') toolNameById.set(block.id, String(block.name ?? ''));
      if (block.type === 'tool_result') {
        const content = typeof block.content === 'string' ? block.content : contentText(block.content);
        const record: FunctionResponseRecord = {
          name: toolNameById.get(String(block.tool_use_id)) ?? '',
          response: block.content,
          ...(block.is_error ? { error: content } : { content }),
          id: String(block.tool_use_id),
        };
        functionResponses.push(record);
        currentFunctionResponses.push(record);
      }
    }
  }
  const toolNames = (Array.isArray(body?.tools) ? body.tools : []).map((t: Block) => t?.name).filter((n: unknown) => typeof n === 'string');
  const key = req.headers['x-api-key'];
  return {
    ...baseRecord({ model: String(body?.model ?? ''), stream: body?.stream === true, apiKey: (Array.isArray(key) ? key[0] : key) ?? null, body, req }),
    text: texts.join('\n'),
    functionResponses,
    toolNames,
    systemText,
    lastUserText,
    currentFunctionResponses,
  };
}

type Plan = { kind: 'text'; chunks: { text: string; delayMs: number }[] } | { kind: 'calls'; calls: { name: string; args: Record<string, unknown> }[] };

function plan(reply: Exclude<ModelReply, { error: unknown } | { fault: string }>, defaultDelayMs: number): Plan {
  if ('functionCalls' in reply) return { kind: 'calls', calls: reply.functionCalls };
  if ('textChunks' in reply) return { kind: 'text', chunks: reply.textChunks.map((text) => ({ text, delayMs: reply.delayMs ?? 0 })) };
  return { kind: 'text', chunks: splitIntoChunks(reply.text).map((text) => ({ text, delayMs: defaultDelayMs })) };
}

function outputTokensOf(p: Plan): number {
  return p.kind === 'calls' ? p.calls.length : countTokens(p.chunks.map((c) => c.text).join(''));
}

let callCounter = 0;

interface Protocol {
  /** Path suffix of the generation route. */
  route: RegExp;
  record: (body: any, req: IncomingMessage) => RecordedModelRequest;
  errorBody: (status: number, message: string) => unknown;
  modelList: (models: string[]) => unknown;
  /** Streams the reply as SSE; `closed()` tells when the client went away. */
  stream: (res: ServerResponse, p: Plan, ctx: { model: string; id: string; inputTokens: number; outputTokens: number; closed: () => boolean }) => Promise<void>;
  /** The whole reply as one JSON response. */
  json: (p: Plan, ctx: { model: string; id: string; inputTokens: number; outputTokens: number }) => unknown;
}

const OPENAI_ERROR_TYPE: Record<number, string> = { 400: 'invalid_request_error', 401: 'invalid_request_error', 403: 'permission_denied', 404: 'invalid_request_error', 429: 'rate_limit_exceeded', 500: 'server_error' };

const openai: Protocol = {
  route: /\/chat\/completions$/,
  record: recordOpenAIRequest,
  errorBody: (status, message) => ({
    error: { message, type: OPENAI_ERROR_TYPE[status] ?? 'server_error', param: null, code: status === 401 ? 'invalid_api_key' : status === 404 ? 'model_not_found' : null },
  }),
  modelList: (models) => ({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'stand-in' })) }),
  async stream(res, p, ctx) {
    const created = Math.floor(Date.now() / 1000);
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id: ctx.id, object: 'chat.completion.chunk', created, model: ctx.model, choices, ...extra })}\n\n`);
    send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    if (p.kind === 'calls') {
      p.calls.forEach((call, index) => {
        const id = `call_stand_in_${++callCounter}`;
        send([{ index: 0, delta: { tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null }]);
        send([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: JSON.stringify(call.args ?? {}) } }] }, finish_reason: null }]);
      });
    } else {
      for (const [i, chunk] of p.chunks.entries()) {
        if (i > 0 && chunk.delayMs > 0) await sleep(chunk.delayMs);
        if (ctx.closed()) return;
        send([{ index: 0, delta: { content: chunk.text }, finish_reason: null }]);
      }
    }
    send([{ index: 0, delta: {}, finish_reason: p.kind === 'calls' ? 'tool_calls' : 'stop' }]);
    send([], { usage: { prompt_tokens: ctx.inputTokens, completion_tokens: ctx.outputTokens, total_tokens: ctx.inputTokens + ctx.outputTokens } });
    res.write('data: [DONE]\n\n');
  },
  json(p, ctx) {
    const message =
      p.kind === 'calls'
        ? {
            role: 'assistant',
            content: null,
            tool_calls: p.calls.map((call) => ({ id: `call_stand_in_${++callCounter}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) } })),
          }
        : { role: 'assistant', content: p.chunks.map((c) => c.text).join('') };
    return {
      id: ctx.id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: ctx.model,
      choices: [{ index: 0, message, finish_reason: p.kind === 'calls' ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: ctx.inputTokens, completion_tokens: ctx.outputTokens, total_tokens: ctx.inputTokens + ctx.outputTokens },
    };
  },
};

const ANTHROPIC_ERROR_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const anthropic: Protocol = {
  route: /\/messages$/,
  record: recordAnthropicRequest,
  errorBody: (status, message) => ({ type: 'error', error: { type: ANTHROPIC_ERROR_TYPE[status] ?? 'api_error', message } }),
  modelList: (models) => ({ data: models.map((id) => ({ id, type: 'model', display_name: id, created_at: '2025-01-01T00:00:00Z' })), has_more: false }),
  async stream(res, p, ctx) {
    const send = (event: string, data: Record<string, unknown>) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
    send('message_start', {
      message: { id: ctx.id, type: 'message', role: 'assistant', content: [], model: ctx.model, stop_reason: null, stop_sequence: null, usage: { input_tokens: ctx.inputTokens, output_tokens: 1 } },
    });
    if (p.kind === 'calls') {
      p.calls.forEach((call, index) => {
        send('content_block_start', { index, content_block: { type: 'tool_use', id: `toolu_stand_in_${++callCounter}`, name: call.name, input: {} } });
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.args ?? {}) } });
        send('content_block_stop', { index });
      });
    } else {
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      for (const [i, chunk] of p.chunks.entries()) {
        if (i > 0 && chunk.delayMs > 0) await sleep(chunk.delayMs);
        if (ctx.closed()) return;
        send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: chunk.text } });
      }
      send('content_block_stop', { index: 0 });
    }
    send('message_delta', { delta: { stop_reason: p.kind === 'calls' ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: ctx.outputTokens } });
    send('message_stop', {});
  },
  json(p, ctx) {
    const content =
      p.kind === 'calls'
        ? p.calls.map((call) => ({ type: 'tool_use', id: `toolu_stand_in_${++callCounter}`, name: call.name, input: call.args ?? {} }))
        : [{ type: 'text', text: p.chunks.map((c) => c.text).join('') }];
    return {
      id: ctx.id,
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content,
      stop_reason: p.kind === 'calls' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: ctx.inputTokens, output_tokens: ctx.outputTokens },
    };
  },
};

async function startStandIn(protocol: Protocol, name: string, opts: ChatProtocolStandInOptions): Promise<ModelStandIn> {
  let script: ModelScript = opts.script ?? echoScript;
  let turn = 0;
  const requests: RecordedModelRequest[] = [];
  const chunkDelayMs = opts.chunkDelayMs ?? 0;
  const models = opts.models ?? [];

  async function handleGenerate(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : {};
    } catch {
      sendJson(req, res, 400, protocol.errorBody(400, 'Invalid JSON payload received.'));
      return;
    }
    const recorded = protocol.record(body, req);
    requests.push(recorded);
    let reply: ModelReply;
    try {
      reply = await script(recorded, turn++);
    } catch (e) {
      sendJson(req, res, 500, protocol.errorBody(500, `model stand-in script failed: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    if ('error' in reply) {
      const { status, message, retryAfterMs } = reply.error;
      sendJson(req, res, status, protocol.errorBody(status, message), retryAfterMs != null ? { 'retry-after-ms': String(retryAfterMs) } : {});
      return;
    }
    if ('fault' in reply) {
      // Faults are scripted for the Gemini stand-in (server.ts); here a fault is the plainest
      // broken provider: the connection closes without an answer.
      res.destroy();
      return;
    }
    const p = plan(reply, chunkDelayMs);
    const ctx = { model: recorded.model, id: `${name}-stand-in-${requests.length}`, inputTokens: countTokens(recorded.text), outputTokens: outputTokensOf(p) };
    recorded.usage = { inputTokens: ctx.inputTokens, outputTokens: ctx.outputTokens };
    if (!recorded.stream) {
      sendJson(req, res, 200, protocol.json(p, ctx));
      return;
    }
    res.writeHead(200, { ...corsHeaders(req), 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    await protocol.stream(res, p, { ...ctx, closed: () => closed });
    res.end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in.local');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/_stand-in/requests') return sendJson(req, res, 200, requests);
    if (req.method === 'GET' && /\/models$/.test(url.pathname)) return sendJson(req, res, 200, protocol.modelList(models));
    if (req.method === 'POST' && protocol.route.test(url.pathname)) {
      handleGenerate(req, res).catch((e) => {
        if (!res.headersSent) sendJson(req, res, 500, protocol.errorBody(500, String(e)));
        else res.destroy();
      });
      return;
    }
    sendJson(req, res, 404, protocol.errorBody(404, `model stand-in: no route for ${req.method} ${url.pathname}`));
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
    baseURL: `http://${host}:${port}/v1`,
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

/** An OpenAI chat completions endpoint (also what OpenAI-compatible servers speak). */
export const startOpenAIStandIn = (opts: ChatProtocolStandInOptions = {}) => startStandIn(openai, 'openai', opts);

/** An Anthropic messages endpoint. */
export const startAnthropicStandIn = (opts: ChatProtocolStandInOptions = {}) => startStandIn(anthropic, 'anthropic', opts);
