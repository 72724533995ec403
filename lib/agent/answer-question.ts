import { APICallError, isStepCount, streamText, type LanguageModel, type ModelMessage, type ToolSet } from 'ai';
import type { AnswerProblem } from './conversation';
import { totalCount } from '../redact';
import type { ToolOutcome } from './mcp-tools';
import { toolStepLabel } from './tool-labels';

export type AgentEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-started'; id: string; toolName: string; label: string }
  | { type: 'tool-finished'; id: string; ok: boolean; detail?: string; masked?: number };

export interface AnswerOutcome {
  status: 'done' | 'stopped' | 'failed';
  problem?: AnswerProblem;
}

export interface AnswerQuestionInput {
  model: LanguageModel;
  /** Tools built with `toolsFromMcpClient`, whose outcomes are reported through `toolOutcomes`. */
  tools: ToolSet;
  toolOutcomes: Map<string, ToolOutcome>;
  system: string;
  messages: ModelMessage[];
  abortSignal: AbortSignal;
  onEvent: (event: AgentEvent) => void;
  instanceUrl?: string;
  /** A cap on model↔tool round trips, so a confused model can't loop forever. */
  maxSteps?: number;
  /** Called after each model request (one per step), for the audit trail. */
  onModelRequest?: (request: ModelRequestRecord) => void;
}

export interface ModelRequestRecord {
  provider: string;
  modelId: string;
  inputTokens: number | null;
  outputTokens: number | null;
  requestBytes: number | null;
}

/** Streams one answer: text deltas and tool steps as they happen, then how it ended. */
export async function answerQuestion(input: AnswerQuestionInput): Promise<AnswerOutcome> {
  let streamError: unknown;
  const result = streamText({
    model: input.model,
    instructions: input.system,
    messages: input.messages,
    tools: input.tools,
    stopWhen: isStepCount(input.maxSteps ?? 6),
    abortSignal: input.abortSignal,
    maxRetries: 1,
    onError: ({ error }) => {
      streamError = error;
    },
    onStepEnd: (step) => {
      const body = step.request?.body;
      input.onModelRequest?.({
        provider: step.model.provider,
        modelId: step.model.modelId,
        inputTokens: step.usage.inputTokens ?? null,
        outputTokens: step.usage.outputTokens ?? null,
        requestBytes: body === undefined ? null : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)).length,
      });
    },
  });

  let sessionExpired = false;
  try {
    for await (const part of result.fullStream) {
      switch (part.type) {
        case 'text-delta':
          input.onEvent({ type: 'text-delta', text: part.text });
          break;
        case 'tool-call':
          input.onEvent({ type: 'tool-started', id: part.toolCallId, toolName: part.toolName, label: toolStepLabel(part.toolName, part.input) });
          break;
        case 'tool-result': {
          const outcome = input.toolOutcomes.get(part.toolCallId);
          if (outcome?.errorKind === 'unauthenticated') sessionExpired = true;
          const masked = outcome ? totalCount(outcome.redactions) : 0;
          input.onEvent({
            type: 'tool-finished',
            id: part.toolCallId,
            ok: outcome?.ok ?? true,
            ...(outcome && !outcome.ok ? { detail: outcome.text } : {}),
            ...(masked > 0 ? { masked } : {}),
          });
          break;
        }
        case 'tool-error':
          input.onEvent({ type: 'tool-finished', id: part.toolCallId, ok: false, detail: errorMessage(part.error) });
          break;
        case 'error':
          streamError = part.error;
          break;
        default:
          break;
      }
    }
  } catch (error) {
    streamError ??= error;
  }

  if (input.abortSignal.aborted) return { status: 'stopped' };
  if (sessionExpired && input.instanceUrl) {
    return { status: 'failed', problem: { kind: 'airflow_session_expired', instanceUrl: input.instanceUrl } };
  }
  if (streamError !== undefined) return { status: 'failed', problem: modelProblem(streamError) };
  return { status: 'done' };
}

/** A model failure as the user should read it, and whether retrying can help. */
export function modelProblem(error: unknown): AnswerProblem {
  const apiError = findApiCallError(error);
  if (apiError) {
    const status = apiError.statusCode;
    if (status === 401 || status === 403) {
      return { kind: 'model_error', message: `The model provider refused the API key (HTTP ${status}). Check it in the options.`, retryable: false };
    }
    if (status === 429) return { kind: 'model_error', message: 'The model provider is rate-limiting requests (HTTP 429). Wait a moment and retry.', retryable: true };
    return { kind: 'model_error', message: `The model failed${status ? ` (HTTP ${status})` : ''}: ${apiError.message}`, retryable: apiError.isRetryable || (status ?? 500) >= 500 };
  }
  return { kind: 'model_error', message: `The model failed: ${errorMessage(error)}`, retryable: true };
}

function findApiCallError(error: unknown): APICallError | undefined {
  if (APICallError.isInstance(error)) return error;
  const last = (error as { lastError?: unknown } | null)?.lastError;
  return APICallError.isInstance(last) ? last : undefined;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
