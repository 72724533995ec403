import { storage } from 'wxt/utils/storage';
import type { PageContext } from '../airflow/page-context';
import type { ModelProvider } from '../model-providers/providers';
import { DEFAULT_HISTORY_RETENTION_DAYS, DEFAULT_TIMEOUTS, type TimeoutSettingsView } from '../messaging/options-protocol';

// The defaults are declared with the options protocol, where the options page reads them too.
export { DEFAULT_HISTORY_RETENTION_DAYS, DEFAULT_TIMEOUTS };

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
 * Timeouts (ms): how long a read of Airflow that should be fast may take (log reads have their
 * own, longer one), and how long the model may stay silent before the answer fails as a timeout.
 */
export type { TimeoutSettingsView as TimeoutSettings } from '../messaging/options-protocol';
export const timeoutsItem = storage.defineItem<TimeoutSettingsView>('local:timeouts', { fallback: DEFAULT_TIMEOUTS });

/**
 * Time limit of one task log read, in seconds. Airflow reads a whole log file before it sends any
 * of it (a 100 MB log can take a minute), so log reads get a longer limit than other reads; a read
 * that runs out of time shows what arrived and says so.
 */
export const DEFAULT_LOG_READ_TIMEOUT_SECONDS = 120;
export const logReadTimeoutSecondsItem = storage.defineItem<number>('local:logReadTimeoutSeconds', {
  fallback: DEFAULT_LOG_READ_TIMEOUT_SECONDS,
});

/** The log read's time limit in milliseconds; a stored value that is not a positive number counts as the default. */
export async function logReadTimeoutMs(): Promise<number> {
  const seconds = await logReadTimeoutSecondsItem.getValue();
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_LOG_READ_TIMEOUT_SECONDS) * 1000;
}
