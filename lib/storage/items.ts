import { storage } from 'wxt/utils/storage';
import type { PageContext } from '../airflow/page-context';
import type { ModelProvider } from '../model-providers/providers';
import { DEFAULT_HISTORY_RETENTION_DAYS, DEFAULT_TIMEOUTS as DEFAULT_FORM_TIMEOUTS } from '../messaging/options-protocol';

// The defaults are declared with the options protocol, where the options page reads them too.
export { DEFAULT_HISTORY_RETENTION_DAYS };

/**
 * Every value the extension stores, declared once. `session:` items live only as long as the
 * browser session (and survive the MV3 worker being suspended); `local:` items persist.
 */

/** The last page context each tab reported, keyed by tab id. */
export const tabContextsItem = storage.defineItem<Record<string, PageContext>>('session:tabContexts', {
  fallback: {},
});

/** The Airflow tab the user looked at most recently, per window: the panel follows it. */
export const lastAirflowTabByWindowItem = storage.defineItem<Record<string, number>>('session:lastAirflowTabByWindow', {
  fallback: {},
});

// The providers are declared with the rest of what is known about them; re-exported for the stored settings' users.
export { MODEL_PROVIDERS, type ModelProvider } from '../model-providers/providers';

/** The model settings; the API keys themselves are not here but in `api-key-store.ts`. */
export interface ModelSettings {
  provider: ModelProvider;
  model: string;
  /**
   * Empty for the provider's own endpoint; set to a compatible endpoint (or a local stand-in).
   * Required for Azure (`https://{resource}.openai.azure.com/openai`) and OpenAI-compatible.
   */
  baseURL: string;
  /** Whether a key is saved for this provider, so the panel can say so without reading the key. */
  apiKeySet: boolean;
  /**
   * The model cannot call tools (some local models): it is offered none and answers from the
   * evidence gathered before it is asked.
   */
  noToolCalling?: boolean;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  provider: 'google',
  model: 'gemini-2.5-flash',
  baseURL: '',
  apiKeySet: false,
};

export const modelSettingsItem = storage.defineItem<ModelSettings>('local:modelSettings', {
  fallback: DEFAULT_MODEL_SETTINGS,
  version: 1,
});

/**
 * The user's model prices (US dollars per million tokens), over the shipped estimates in
 * lib/model-providers/model-prices.ts.
 */
export const modelPricesItem = storage.defineItem<Record<string, { inputPerMillion: number; outputPerMillion: number }>>('local:modelPrices', {
  fallback: {},
});

/** Optional: once the estimated spend of the day reaches it, no more questions go to the model. */
export const dailySpendCapItem = storage.defineItem<number | null>('local:dailySpendCapUsd', { fallback: null });
/** Optional: the input tokens one question may take; the prefetched evidence and tool results are fitted to it. */
export const inputTokenBudgetItem = storage.defineItem<number | null>('local:inputTokenBudget', { fallback: null });

/** How many days kept conversations (lib/history) stay after they were last touched. */
export const historyRetentionDaysItem = storage.defineItem<number>('local:historyRetentionDays', { fallback: DEFAULT_HISTORY_RETENTION_DAYS });

/** Conversations by side-panel window, Airflow instance and Airflow user (lib/panel/conversation-key.ts), kept for the browser session. */
export const conversationsItem = storage.defineItem<Record<string, import('../messaging/conversation').Conversation>>(
  'session:conversations',
  { fallback: {} },
);

/** Airflow origins (match patterns) the user enabled beyond the built-in local ones. */
export const enabledAirflowOriginsItem = storage.defineItem<string[]>('local:enabledAirflowOrigins', { fallback: [] });

/** Which MCP server the user wants per Airflow instance (default: discover it). */
export type StoredMcpPreference = { mode: 'auto' } | { mode: 'builtin' } | { mode: 'url'; url: string };
export const mcpPreferencesItem = storage.defineItem<Record<string, StoredMcpPreference>>('local:mcpPreferences', { fallback: {} });

/**
 * Timeouts (ms): how long a read of Airflow that should be fast may take; how long one task log
 * read may take (Airflow reads a whole log file before it sends any of it, a 100 MB log can take
 * a minute, so log reads get a longer limit; a read that runs out of time shows what arrived and
 * says so); and how long the model may stay silent before the answer fails as a timeout.
 * Read them with `readTimeouts` (a value stored before `logReadMs` existed lacks it).
 */
export interface TimeoutSettings {
  airflowReadMs: number;
  logReadMs: number;
  modelSilenceMs: number;
}
// The two the options form shows have their defaults in the options protocol (the form shows them).
export const DEFAULT_TIMEOUTS: TimeoutSettings = { ...DEFAULT_FORM_TIMEOUTS, logReadMs: 120_000 };
export const timeoutsItem = storage.defineItem<TimeoutSettings>('local:timeouts', { fallback: DEFAULT_TIMEOUTS });

/** Where the log read's limit was kept, in seconds, before it joined the timeouts. */
const legacyLogReadTimeoutSecondsItem = storage.defineItem<number>('local:logReadTimeoutSeconds');

const positiveOr = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);

/** The stored timeouts with the default for a missing one; a log read limit that is not a positive number counts as the default. */
export function withDefaultTimeouts(stored: Partial<TimeoutSettings> | null | undefined): TimeoutSettings {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...stored };
  return { ...timeouts, logReadMs: positiveOr(timeouts.logReadMs, DEFAULT_TIMEOUTS.logReadMs) };
}

/** The timeouts; a log read limit stored under its old key (`logReadTimeoutSeconds`) is moved into them first. */
export async function readTimeouts(): Promise<TimeoutSettings> {
  const [stored, legacySeconds] = await Promise.all([timeoutsItem.getValue(), legacyLogReadTimeoutSecondsItem.getValue()]);
  const timeouts = withDefaultTimeouts(stored);
  if (legacySeconds === null) return timeouts;
  const migrated = { ...timeouts, logReadMs: positiveOr(legacySeconds, DEFAULT_TIMEOUTS.logReadMs / 1000) * 1000 };
  await timeoutsItem.setValue(migrated);
  await legacyLogReadTimeoutSecondsItem.removeValue();
  return migrated;
}

/** Changes some timeouts, keeping the others as stored. */
export async function updateTimeouts(change: Partial<TimeoutSettings>): Promise<void> {
  await timeoutsItem.setValue({ ...(await readTimeouts()), ...change });
}

/** The log read's time limit in milliseconds. */
export async function logReadTimeoutMs(): Promise<number> {
  return (await readTimeouts()).logReadMs;
}
