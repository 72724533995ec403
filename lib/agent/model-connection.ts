import { APICallError, generateText } from 'ai';
import type { ModelSettings } from '../storage/items';
import { createChatModel, fetchWithoutCookies } from './model';
import { modelEndpoint } from '../model-providers/providers';

/**
 * "Test connection" and the model list of the options page. Both run in the worker (the page
 * asks through lib/messaging/options-protocol.ts; the key store stays the worker's) against the
 * endpoint in the form, with the same cookie-less requests as answers.
 */

export type ConnectionResult =
  | { ok: true; reply: string }
  | { ok: false; kind: 'bad_key' | 'unknown_model' | 'unreachable' | 'no_answer' | 'permission' | 'other'; message: string };

export const CONNECTION_TIMEOUT_MS = 10_000;

/** The most of the model's reply quoted back; the test asks for one word. */
const QUOTED_REPLY_CHARS = 80;

/**
 * The outcome as the options page says it: the reply quoted when there is one; a model that
 * answered with no text (some reasoning models spend the few tokens allowed on thinking) is
 * still connected, and the sentence says so instead of quoting nothing.
 */
export function connectionSentence(result: ConnectionResult): string {
  if (!result.ok) return result.message;
  const reply = result.reply.replace(/\s+/g, ' ').trim();
  if (!reply) return 'Connected: the model answered with an empty reply.';
  const quoted = reply.length > QUOTED_REPLY_CHARS ? `${reply.slice(0, QUOTED_REPLY_CHARS - 1)}…` : reply;
  return `Connected: the model answered "${quoted}".`;
}

/** Sends one tiny request through the real provider and says in plain words how it went. */
export async function testModelConnection(
  settings: ModelSettings,
  apiKey: string,
  options: { timeoutMs?: number; hasHostPermission?: (endpoint: string) => Promise<boolean> } = {},
): Promise<ConnectionResult> {
  const timeoutMs = options.timeoutMs ?? CONNECTION_TIMEOUT_MS;
  try {
    const { text } = await generateText({
      model: createChatModel(settings, apiKey),
      prompt: 'Reply with the single word OK.',
      maxOutputTokens: 16,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    return { ok: true, reply: text.trim() };
  } catch (error) {
    return describeConnectionError(error, settings, { timeoutMs, ...options });
  }
}

async function describeConnectionError(
  error: unknown,
  settings: ModelSettings,
  options: { timeoutMs: number; hasHostPermission?: (endpoint: string) => Promise<boolean> },
): Promise<ConnectionResult> {
  const endpoint = modelEndpoint(settings) ?? '(no endpoint)';
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { ok: false, kind: 'no_answer', message: `${endpoint} did not answer within ${Math.round(options.timeoutMs / 1000)} seconds.` };
  }
  if (APICallError.isInstance(error) && error.statusCode !== undefined) {
    const status = error.statusCode;
    if (status === 401 || status === 403) {
      return { ok: false, kind: 'bad_key', message: `The provider refused the API key (HTTP ${status}). Check the key for this provider.` };
    }
    if (status === 404) {
      return { ok: false, kind: 'unknown_model', message: `The endpoint does not know the model "${settings.model}" (HTTP 404). Pick one it lists, or check the name.` };
    }
    return { ok: false, kind: 'other', message: `The endpoint answered HTTP ${status}: ${error.message}` };
  }
  // No HTTP answer at all: nothing listening, or the browser kept the answer from the extension.
  // (A provider's own endpoint allows cross-origin requests; only a typed base URL may need a grant.)
  if (settings.baseURL.trim() && options.hasHostPermission && !(await options.hasHostPermission(endpoint))) {
    return {
      ok: false,
      kind: 'permission',
      message: `The extension may not read answers from ${endpoint}. Save the settings to grant access to that address (or allow the extension's origin on the server).`,
    };
  }
  return { ok: false, kind: 'unreachable', message: `Nothing answered at ${endpoint}. Is the server running, and is the base URL right?` };
}

/**
 * The models the endpoint says it offers, or null when it cannot say (Azure lists deployments
 * elsewhere). OpenAI and compatible servers (Ollama, vLLM, LiteLLM, LM Studio) answer
 * `GET /models`; so do Anthropic and Gemini, each in its own shape.
 */
export async function listModels(settings: ModelSettings, apiKey: string): Promise<string[] | null> {
  const endpoint = modelEndpoint(settings);
  if (!endpoint || settings.provider === 'azure') return null;
  const key = apiKey.trim();
  const headers: Record<string, string> =
    settings.provider === 'google'
      ? { 'x-goog-api-key': key }
      : settings.provider === 'anthropic'
        ? { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'anthropic-dangerous-direct-browser-access': 'true' }
        : key
          ? { authorization: `Bearer ${key}` }
          : {};
  const response = await fetchWithoutCookies(`${endpoint}/models${settings.provider === 'google' ? '?pageSize=1000' : ''}`, {
    headers,
    signal: AbortSignal.timeout(CONNECTION_TIMEOUT_MS),
  });
  if (!response.ok) return null;
  const body = (await response.json()) as { data?: { id?: unknown }[]; models?: { name?: unknown; supportedGenerationMethods?: unknown }[] };
  if (settings.provider === 'google') {
    return (body.models ?? [])
      .filter((m) => !Array.isArray(m.supportedGenerationMethods) || m.supportedGenerationMethods.includes('generateContent'))
      .flatMap((m) => (typeof m.name === 'string' ? [m.name.replace(/^models\//, '')] : []));
  }
  return (body.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : []));
}
