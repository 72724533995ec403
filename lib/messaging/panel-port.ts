import { z } from 'zod';
import type { Browser } from 'wxt/browser';
import { SessionStatusSchema, TabContextSchema } from './protocol';
import { ConversationSchema, QUESTION_MAX_CHARS } from './conversation';
import { TriageCardSchema } from '../logs/triage-card-model';

// The wire types the panel renders, so the UI reads them from the protocol (lib/architecture.test.ts).
export type { TriageCardModel } from '../logs/triage-card-model';

/**
 * The long-lived port between a side panel and the worker. The panel subscribes for its window;
 * the worker pushes the panel's whole state whenever it changes (SPA navigation, tab switch,
 * login). A port, not one-shot messages, because a worker push needs a live channel and the
 * port's disconnect tells the worker the panel closed.
 */
/** An earlier conversation about the object of the page, as the panel offers it. */
export const EarlierConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  updatedAt: z.number(),
  tryNumber: z.number().int().positive().optional(),
  /** "This conversation was about try 1; the task has a newer try (2) since." */
  newerTry: z.string().nullable(),
});
export type EarlierConversation = z.infer<typeof EarlierConversationSchema>;

export const PANEL_PORT_NAME = 'airflow-assistant/panel';

export const PanelToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('panel/subscribe'), windowId: z.number().int().optional() }),
  z.object({ type: z.literal('chat/ask'), text: z.string().trim().min(1).max(QUESTION_MAX_CHARS) }),
  z.object({ type: z.literal('chat/stop') }),
  z.object({ type: z.literal('chat/retry') }),
  z.object({ type: z.literal('chat/clear') }),
  /** The triage card's Retry (after a log read that timed out or broke), and the Retry shown when
   * the card could not be read at all: read the card again and send the panel's state. */
  z.object({ type: z.literal('triage/retry') }),
  /** The panel's "Explain this log": the same flow as the right-click entry. */
  z.object({ type: z.literal('chat/explain-log') }),
  z.object({ type: z.literal('panel/open-options') }),
  /** Evidence chips open a cited page (a log line of a try) in the Airflow tab. */
  z.object({ type: z.literal('panel/navigate'), url: z.string().url() }),
  /** Continue an earlier conversation about the page's object (the user's own, kept in history). */
  z.object({ type: z.literal('history/open'), id: z.string().min(1) }),
  z.object({ type: z.literal('history/delete'), id: z.string().min(1) }),
  /** Make the hand-off note of the conversation shown; the worker answers with `handoff/note`. */
  z.object({ type: z.literal('handoff/request') }),
]);
export type PanelToWorker = z.infer<typeof PanelToWorkerSchema>;

export const PanelStateSchema = z.object({
  tab: z.nullable(TabContextSchema),
  session: z.nullable(SessionStatusSchema),
  conversation: ConversationSchema,
  /** An answer is being written for this window. */
  busy: z.boolean(),
  /**
   * Why nothing can be asked here (no Airflow page, nobody logged in); then the conversation is
   * empty: conversations belong to one Airflow user.
   */
  askDisabledReason: z.string().nullable(),
  /** A model API key is configured (the key itself never leaves the worker). */
  modelConfigured: z.boolean(),
  /** Where questions and evidence go: a model on this machine, or which provider (null: no model set up). */
  modelDestination: z.object({ local: z.boolean(), recipient: z.string(), model: z.string() }).nullable().optional(),
  /** What the first-run card asks for while no model can be asked (null: set up). */
  modelSetup: z
    .object({ providerLabel: z.string(), missing: z.enum(['api_key', 'base_url']), keyPageUrl: z.string().url().nullable() })
    .nullable()
    .optional(),
  /** Questions that fit the page and its live state, asked with a click. */
  suggestions: z.array(z.string()).max(4),
  /** What failed and why on a failed task instance page, found without a model. */
  triage: TriageCardSchema.nullable(),
  /** The triage card of this page is still being read (a long log): the panel says so in its place. */
  triageLoading: z.boolean().optional(),
  /** Why there is no triage card on a failed task's page: Airflow could not be read (one fault sentence). */
  triageProblem: z
    .object({ id: z.string(), title: z.string(), action: z.string(), retryable: z.boolean() })
    .nullable()
    .optional(),
  /** Which MCP server the assistant's tools go through for this instance (null until first used). */
  mcpServer: z.string().nullable(),
  /** The color mode of the Airflow page the panel follows (null: unknown, the panel follows the OS). */
  colorMode: z.enum(['light', 'dark']).nullable().optional(),
  /** The user's earlier conversations about the object of the page (same instance, same Airflow user). */
  earlier: z.array(EarlierConversationSchema).optional(),
});
export type PanelState = z.infer<typeof PanelStateSchema>;

export const WorkerToPanelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('panel/state'), state: PanelStateSchema }),
  /** A command the worker refused as invalid (a question over the limit), in a sentence. */
  z.object({ type: z.literal('panel/refused'), message: z.string() }),
  /** The hand-off note of the conversation shown, redacted as model input is. */
  z.object({ type: z.literal('handoff/note'), markdown: z.string(), plainText: z.string(), fileName: z.string() }),
]);
export type WorkerToPanel = z.infer<typeof WorkerToPanelSchema>;

type Handlers<M extends { type: string }> = { [T in M['type']]: (message: Extract<M, { type: T }>) => unknown };

/**
 * Validates every message arriving on a port and hands it to the handler named by its type.
 * Invalid messages are dropped and reported, never half-processed.
 */
export function onPortMessages<M extends { type: string }>(
  port: Browser.runtime.Port,
  schema: z.ZodType<M>,
  handlers: Handlers<M>,
  onInvalid: (error: z.ZodError, raw: unknown) => void = (error) => console.warn('Dropped an invalid port message', error.issues),
) {
  port.onMessage.addListener((raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return onInvalid(parsed.error, raw);
    const handler = handlers[parsed.data.type as M['type']] as (message: M) => void;
    handler(parsed.data);
  });
}

export function postToPort<M>(port: Browser.runtime.Port, schema: z.ZodType<M>, message: M) {
  port.postMessage(schema.parse(message));
}

/** What the panel is told when the worker refuses a command that fails the schema. */
export function refusalMessage(raw: unknown): string {
  const command = raw as { type?: unknown; text?: unknown } | null;
  if (command?.type === 'chat/ask' && typeof command.text === 'string' && command.text.trim().length > QUESTION_MAX_CHARS) {
    return `The question was not sent: it is ${command.text.trim().length.toLocaleString('en-US')} characters, and the limit is ${QUESTION_MAX_CHARS.toLocaleString('en-US')}.`;
  }
  return 'The assistant did not understand that request (the panel may be older than the extension). Reopen the panel.';
}
