import { isStepCount, streamText, type LanguageModel, type ModelMessage, type ToolSet } from 'ai';
import type { AnswerProblem } from '../messaging/conversation';
import { classifyModelError, describeFault } from '../faults/describe-fault';
import { neutralizeText } from '../text/neutralize';
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
  /**
   * How long the model may stay silent (no answer, no next chunk) before the answer fails as a
   * timeout; tool calls in between don't count (they have their own timeouts). Default none.
   */
  modelTimeoutMs?: number;
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
  // A watchdog for a silent model: armed while the model is expected to speak, reset by every
  // part it streams, paused while tools run.
  const silence = new AbortController();
  let timedOut = false;
  let toolsRunning = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    if (!input.modelTimeoutMs || toolsRunning > 0) return;
    timer = setTimeout(() => {
      timedOut = true;
      silence.abort(new DOMException('The model did not answer in time.', 'TimeoutError'));
    }, input.modelTimeoutMs);
  };
  arm();
  const result = streamText({
    model: input.model,
    instructions: input.system,
    messages: input.messages,
    tools: input.tools,
    stopWhen: isStepCount(input.maxSteps ?? 6),
    abortSignal: AbortSignal.any([input.abortSignal, silence.signal]),
    maxRetries: 1,
    // Kept for the audit trail's request size (the SDK drops streamed request bodies by default).
    include: { requestBody: true },
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
      if (part.type === 'tool-call') toolsRunning += 1;
      if ((part.type === 'tool-result' || part.type === 'tool-error') && toolsRunning > 0) toolsRunning -= 1;
      arm();
      switch (part.type) {
        case 'text-delta':
          // A model can echo what it read: the answer is shown neutralized too.
          input.onEvent({ type: 'text-delta', text: neutralizeText(part.text) });
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
          // The SDK's own error (bad arguments from the model, say) is an internal: not shown.
          input.onEvent({ type: 'tool-finished', id: part.toolCallId, ok: false, detail: 'This step failed; the model was told so.' });
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
  } finally {
    clearTimeout(timer);
  }

  if (input.abortSignal.aborted) return { status: 'stopped' };
  if (timedOut) {
    return { status: 'failed', problem: modelProblem(silence.signal.reason, { ...(input.modelTimeoutMs ? { timeoutMs: input.modelTimeoutMs } : {}), modelId: modelIdOf(input.model) }) };
  }
  if (sessionExpired && input.instanceUrl) {
    return { status: 'failed', problem: { kind: 'airflow_session_expired', instanceUrl: input.instanceUrl } };
  }
  if (streamError !== undefined) return { status: 'failed', problem: modelProblem(streamError, { modelId: modelIdOf(input.model) }) };
  return { status: 'done' };
}

/** A model failure as the user should read it (the one mapping), and whether retrying can help. */
export function modelProblem(error: unknown, details: { timeoutMs?: number; modelId?: string } = {}): AnswerProblem {
  const fault = describeFault(classifyModelError(error, details));
  return { kind: 'model_error', message: fault.title, action: fault.action, retryable: fault.retryable, fault: fault.id };
}

const modelIdOf = (model: LanguageModel) => (typeof model === 'string' ? model : model.modelId);
