import * as z from 'zod/mini';
import { MODEL_PROVIDERS } from '../model-providers/providers';
import { requestSender } from './protocol';

/**
 * The options page's requests to the worker, part of the one request protocol in `protocol.ts`
 * (same messenger, same validation at both ends; a table of its own so the content script does
 * not load these schemas). Only extension pages may send them. The page reads and
 * writes settings, checks connections and lists history only through these: it never opens the
 * stores, calls Airflow or a model itself. API keys go to the worker and never come back; the
 * page only learns whether one is saved.
 */

export const ModelProviderSchema = z.enum(MODEL_PROVIDERS);

export const ModelSettingsSchema = z.object({
  provider: ModelProviderSchema,
  model: z.string(),
  baseURL: z.string(),
  apiKeySet: z.boolean(),
  noToolCalling: z.optional(z.boolean()),
});
export type ModelSettingsView = z.infer<typeof ModelSettingsSchema>;

/** The model settings as typed in the form; `apiKey` empty: use the saved key. */
const ModelFormSchema = z.object({
  provider: ModelProviderSchema,
  model: z.string().check(z.maxLength(500)),
  baseURL: z.string().check(z.maxLength(2_000)),
  apiKey: z.string().check(z.maxLength(16_384)),
});

/** The outcome of a "Test connection", as one sentence and a kind the page marks it with ('ok' when it worked). */
export const CheckOutcomeSchema = z.object({ kind: z.string(), message: z.string() });
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

/**
 * Timeouts (ms): how long a read of Airflow that should be fast may take (log reads have their
 * own, longer one), and how long the model may stay silent before the answer fails as a timeout.
 */
export const TimeoutSettingsSchema = z.object({ airflowReadMs: z.number(), modelSilenceMs: z.number() });
export type TimeoutSettingsView = z.infer<typeof TimeoutSettingsSchema>;
export const DEFAULT_TIMEOUTS: TimeoutSettingsView = { airflowReadMs: 10_000, modelSilenceMs: 60_000 };

/** How many days kept conversations stay after they were last touched, unless the user says otherwise. */
export const DEFAULT_HISTORY_RETENTION_DAYS = 30;

export const ModelPriceSchema = z.object({
  inputPerMillion: z.number().check(z.nonnegative()),
  outputPerMillion: z.number().check(z.nonnegative()),
});
export const PriceTableSchema = z.record(z.string(), ModelPriceSchema);

export const McpPreferenceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('auto') }),
  z.object({ mode: z.literal('builtin') }),
  z.object({ mode: z.literal('url'), url: z.string() }),
]);
export type McpPreferenceView = z.infer<typeof McpPreferenceSchema>;

export const HistoryGroupSchema = z.object({
  instanceUrl: z.string(),
  user: z.string(),
  items: z.array(z.object({ id: z.string(), subject: z.string(), title: z.string(), updatedAt: z.number() })),
});
export type HistoryGroup = z.infer<typeof HistoryGroupSchema>;

export const AuditKindSchema = z.enum(['tool_call', 'model_request']);
/** What the options page calls each kind of audit entry. */
export const AUDIT_KIND_LABELS: Record<z.infer<typeof AuditKindSchema>, string> = { tool_call: 'Airflow reads', model_request: 'Model requests' };
export const AuditRowSchema = z.object({
  kind: AuditKindSchema,
  /** ISO time, for the tooltip; `timeText` is the one-line time shown. */
  time: z.string(),
  timeText: z.string(),
  what: z.string(),
  args: z.array(z.object({ name: z.string(), value: z.string() })),
  summary: z.string(),
  failed: z.boolean(),
  masked: z.nullable(z.string()),
});
export type AuditRowView = z.infer<typeof AuditRowSchema>;

const empty = z.object({});
const done = z.object({ ok: z.literal(true) });

export const optionsRequestSchemas = {
  readModelSettings: { data: empty, result: z.object({ settings: ModelSettingsSchema }) },
  /** Whether a key is saved for a provider (the key itself never leaves the worker). */
  readApiKeyStatus: { data: z.object({ provider: ModelProviderSchema }), result: z.object({ keySaved: z.boolean() }) },
  /** Saves the settings and, when typed, the provider's key into the worker's key store. */
  saveModelSettings: {
    data: z.extend(ModelFormSchema, { noToolCalling: z.boolean() }),
    result: z.object({ settings: ModelSettingsSchema }),
  },
  removeApiKey: { data: z.object({ provider: ModelProviderSchema }), result: z.object({ settings: ModelSettingsSchema }) },
  testModelConnection: { data: ModelFormSchema, result: z.object({ outcome: CheckOutcomeSchema }) },
  /** The endpoint's models, or null when it does not list them. */
  listModels: { data: ModelFormSchema, result: z.object({ models: z.nullable(z.array(z.string())) }) },

  readAirflowInstances: { data: empty, result: z.object({ enabled: z.array(z.string()) }) },
  /** After the page got the user's grant for the origin pattern: register the content script there. */
  enableAirflowInstance: { data: z.object({ pattern: z.string() }), result: z.object({ enabled: z.boolean() }) },
  disableAirflowInstance: { data: z.object({ pattern: z.string() }), result: done },
  checkAirflowInstance: { data: z.object({ url: z.string().check(z.maxLength(2_000)) }), result: z.object({ outcome: CheckOutcomeSchema }) },

  readCostSettings: {
    data: empty,
    result: z.object({ userPrices: PriceTableSchema, dailySpendCapUsd: z.nullable(z.number()), inputTokenBudget: z.nullable(z.number()) }),
  },
  saveDailySpendCap: { data: z.object({ usd: z.nullable(z.number().check(z.nonnegative())) }), result: done },
  saveInputTokenBudget: { data: z.object({ tokens: z.nullable(z.int().check(z.positive())) }), result: done },
  setModelPrice: { data: z.object({ model: z.string().check(z.minLength(1)), price: ModelPriceSchema }), result: done },
  removeModelPrice: { data: z.object({ model: z.string() }), result: done },

  readMcpPreferences: { data: empty, result: z.object({ preferences: z.record(z.string(), McpPreferenceSchema) }) },
  /** The Airflow address and the MCP URL as typed; null when they are not http(s) addresses. */
  saveMcpPreference: {
    data: z.object({ airflowUrl: z.string(), preference: McpPreferenceSchema }),
    result: z.object({ instanceUrl: z.nullable(z.string()) }),
  },
  removeMcpPreference: { data: z.object({ instanceUrl: z.string() }), result: done },

  readTimeouts: { data: empty, result: z.object({ timeouts: TimeoutSettingsSchema }) },
  saveTimeouts: { data: TimeoutSettingsSchema, result: done },

  /** The kept conversations of the Airflow user signed in now on each instance, matching `query`. */
  readHistory: { data: z.object({ query: z.string() }), result: z.object({ groups: z.array(HistoryGroupSchema), retentionDays: z.number() }) },
  deleteHistoryConversation: { data: z.object({ instanceUrl: z.string(), id: z.string() }), result: done },
  saveHistoryRetention: { data: z.object({ days: z.number() }), result: z.object({ retentionDays: z.number() }) },

  /** The newest `limit` audit entries of a kind, formatted to read; `total` counts all entries. */
  readAuditLog: {
    data: z.object({ filter: z.enum(['all', 'tool_call', 'model_request']), limit: z.int().check(z.positive()) }),
    result: z.object({ total: z.number(), rows: z.array(AuditRowSchema) }),
  },
  exportAuditLog: { data: empty, result: z.object({ json: z.string() }) },

  /** "Forget keys and history": every key, conversation and the audit trail. */
  forgetEverything: { data: empty, result: done },
} as const;

export type OptionsRequestName = keyof typeof optionsRequestSchemas;

/** Settings, keys, history and the audit trail: the extension's own pages only, never a content script. */
export const optionsAllowedSenders = Object.fromEntries(Object.keys(optionsRequestSchemas).map((name) => [name, ['extension_page']])) as unknown as {
  [N in OptionsRequestName]: ReadonlyArray<'extension_page'>;
};

/** The options page's way to ask the worker. */
export const sendOptionsRequest = requestSender<OptionsRequestName>(optionsRequestSchemas);
