import { z } from 'zod';

/**
 * A conversation as the worker keeps it and the side panel shows it. The worker owns it (so an
 * answer keeps streaming when the panel closes) and pushes whole snapshots to open panels.
 */

export const ToolStepSchema = z.object({
  id: z.string(),
  toolName: z.string(),
  /** What the user sees while it runs, e.g. "Reading the log of `extract`, try 2". */
  label: z.string(),
  state: z.enum(['running', 'done', 'error']),
  /** For errors: the plain sentence the tool returned ("Your Airflow user may not see …"). */
  detail: z.string().optional(),
  /** How many secrets were masked in its result before the model read it. */
  masked: z.number().int().nonnegative().optional(),
});
export type ToolStep = z.infer<typeof ToolStepSchema>;

export const MessagePartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('tool-step'), step: ToolStepSchema }),
]);
export type MessagePart = z.infer<typeof MessagePartSchema>;

/**
 * Why an answer could not be given, each with its own state in the panel. `message` and
 * `action` come from the one fault mapping (lib/faults/describe-fault.ts), `fault` names its row.
 */
export const AnswerProblemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('no_api_key') }),
  z.object({ kind: z.literal('airflow_session_expired'), instanceUrl: z.string() }),
  z.object({
    kind: z.literal('airflow_unreachable'),
    instanceUrl: z.string(),
    message: z.string(),
    action: z.string().optional(),
    fault: z.string().optional(),
  }),
  z.object({
    kind: z.literal('model_error'),
    message: z.string(),
    retryable: z.boolean(),
    action: z.string().optional(),
    fault: z.string().optional(),
  }),
  /** The worker was stopped while writing the answer (the browser stops idle MV3 workers); retryable. */
  z.object({ kind: z.literal('interrupted') }),
]);
export type AnswerProblem = z.infer<typeof AnswerProblemSchema>;

/** A tool call the worker makes itself before the model is asked (e.g. the log lines around a selection). */
export const PrefetchSchema = z.object({
  toolName: z.string(),
  args: z.record(z.string(), z.unknown()),
});
export type Prefetch = z.infer<typeof PrefetchSchema>;

export const ChatMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  /** User messages only: evidence fetched before the model is called, kept for retries. */
  prefetch: z.array(PrefetchSchema).optional(),
  parts: z.array(MessagePartSchema),
  /** Assistant messages only: streaming until the answer ends. */
  status: z.enum(['streaming', 'done', 'stopped', 'failed']).optional(),
  /**
   * Assistant messages only: the Airflow links the evidence of this answer contained. Only
   * these become evidence chips; any other Airflow link in the answer is shown as unverified.
   */
  citations: z.array(z.string()).optional(),
  problem: AnswerProblemSchema.optional(),
  /** Assistant messages only: the model was offered no tools (it cannot call them) and answered from the prefetched evidence. */
  toolsUnavailable: z.boolean().optional(),
  /** Assistant messages only: set when even the least evidence did not fit the input-token budget. */
  budgetNote: z.string().optional(),
  /** Assistant messages only: the tokens of every model request of this answer, and their estimated cost. */
  usage: z
    .object({
      provider: z.string(),
      model: z.string(),
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
      /** Null when the model has no price in the table. */
      estimatedCostUsd: z.number().nullable(),
    })
    .optional(),
  createdAt: z.number(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ConversationSchema = z.object({
  id: z.string(),
  messages: z.array(ChatMessageSchema),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/**
 * The longest question the assistant takes, in characters: room for a pasted traceback or a
 * log excerpt with the question around it (about 5,000 tokens), small enough that one question
 * can't swamp the model's context or the user's bill. The composer shows it before sending;
 * the worker's message schema enforces it.
 */
export const QUESTION_MAX_CHARS = 20_000;

export const emptyConversation = (id: string): Conversation => ({ id, messages: [] });

/** The whole text of a message, tool steps left out. */
export const messageText = (message: ChatMessage): string =>
  message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

/**
 * A conversation as a newly started worker finds it in storage: an answer still marked
 * `streaming` was being written by a worker that no longer exists, so nothing will ever finish
 * it. It becomes a failed answer with the `interrupted` problem (the panel offers Retry), and its
 * unfinished tool steps become errors. Returns the same object when nothing was in flight.
 */
export function markInterrupted<C extends Conversation>(conversation: C): C {
  if (!conversation.messages.some((m) => m.status === 'streaming')) return conversation;
  return {
    ...conversation,
    messages: conversation.messages.map((m): ChatMessage =>
      m.status !== 'streaming'
        ? m
        : {
            ...m,
            status: 'failed',
            problem: { kind: 'interrupted' },
            parts: m.parts.map((part) =>
              part.type === 'tool-step' && part.step.state === 'running'
                ? { ...part, step: { ...part.step, state: 'error', detail: 'Interrupted before it finished.' } }
                : part,
            ),
          },
    ),
  };
}
