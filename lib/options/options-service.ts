import type { OptionsRequestName } from '../messaging/options-protocol';
import type { RequestData, RequestResult } from '../messaging/protocol';
import { PROVIDERS, type ModelProvider } from '../model-providers/providers';
import { formatUsd, type PriceTable } from '../model-providers/model-prices';
import { connectionSentence, type ConnectionResult } from '../agent/model-connection';
import type { InstanceCheck } from '../airflow/instance-check';
import { airflowUserOf, type AirflowUser } from '../airflow/airflow-user';
import { instanceUrlFromBaseHref } from '../airflow/page-context';
import { describeSubject } from '../history/conversation-subject';
import type { StoredConversation } from '../history/history-store';
import { auditRow, formatAuditTime, visibleAuditEntries } from '../storage/audit-format';
import type { AuditEntry } from '../storage/audit-log';
import { DEFAULT_HISTORY_RETENTION_DAYS, type ModelSettings, type StoredMcpPreference, type TimeoutSettings } from '../storage/items';

/**
 * What the worker does for the options page (lib/messaging/options-protocol.ts): one function per
 * request, each on the stores and checks it is given. The page sends what the user typed and
 * shows the answers; keys go into the key store here and never back out.
 */

/** A stored value (a WXT storage item fits). */
export interface Setting<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

export interface OptionsServiceDeps {
  modelSettings: Setting<ModelSettings>;
  /** The timeouts the form shows, read with defaults filled in; saved by changing only those, so the log read limit stays. */
  timeouts: { read(): Promise<TimeoutSettings>; update(change: Partial<TimeoutSettings>): Promise<void> };
  modelPrices: Setting<PriceTable>;
  dailySpendCapUsd: Setting<number | null>;
  inputTokenBudget: Setting<number | null>;
  historyRetentionDays: Setting<number>;
  mcpPreferences: Setting<Record<string, StoredMcpPreference>>;
  enabledAirflowOrigins: Pick<Setting<string[]>, 'getValue'>;
  auditLog: Pick<Setting<AuditEntry[]>, 'getValue'>;
  auditLogAsJson: (entries: AuditEntry[]) => string;
  apiKeys: {
    read(provider: ModelProvider): Promise<string>;
    write(apiKey: string, provider: ModelProvider): Promise<void>;
    remove(provider: ModelProvider): Promise<void>;
  };
  /** Registers the content script on an origin the user granted (false: no grant held). */
  enableAirflowOrigin(pattern: string): Promise<boolean>;
  disableAirflowOrigin(pattern: string): Promise<void>;
  checkAirflowInstance(url: string): Promise<InstanceCheck>;
  testModelConnection(settings: ModelSettings, apiKey: string): Promise<ConnectionResult>;
  listModels(settings: ModelSettings, apiKey: string): Promise<string[] | null>;
  readSessionToken(instanceUrl: string): Promise<string | null>;
  history: {
    instancesWithHistory(): Promise<string[]>;
    listConversations(owner: AirflowUser, query: string): Promise<StoredConversation[]>;
    deleteConversation(owner: AirflowUser, id: string): Promise<void>;
  };
  forgetEverything(): Promise<void>;
}

export type OptionsService = { [N in OptionsRequestName]: (data: RequestData<N>) => Promise<RequestResult<N>> };

const DONE = { ok: true } as const;

export function createOptionsService(deps: OptionsServiceDeps): OptionsService {
  /** The settings as typed in the form, and the key to use: the typed one, else the saved one. */
  async function formSettings(form: RequestData<'testModelConnection'>): Promise<{ settings: ModelSettings; key: string }> {
    const key = form.apiKey.trim() || (await deps.apiKeys.read(form.provider));
    const settings = {
      provider: form.provider,
      model: form.model.trim() || PROVIDERS[form.provider].defaultModel,
      baseURL: form.baseURL.trim(),
      apiKeySet: key.trim().length > 0,
    };
    return { settings, key };
  }

  /** The Airflow user signed in now on the instance, or null: only their history is shown or touched. */
  const ownerOn = async (instanceUrl: string) => airflowUserOf(instanceUrl, await deps.readSessionToken(instanceUrl));

  return {
    readModelSettings: async () => ({ settings: await deps.modelSettings.getValue() }),

    readApiKeyStatus: async ({ provider }) => ({ keySaved: (await deps.apiKeys.read(provider)).trim().length > 0 }),

    saveModelSettings: async ({ provider, model, baseURL, apiKey, noToolCalling }) => {
      // An empty key field keeps the saved key: the key is never put back into the form.
      const typedKey = apiKey.trim();
      if (typedKey) await deps.apiKeys.write(typedKey, provider);
      const settings: ModelSettings = {
        provider,
        model: model.trim() || PROVIDERS[provider].defaultModel,
        baseURL: baseURL.trim(),
        apiKeySet: Boolean(typedKey) || (await deps.apiKeys.read(provider)).trim().length > 0,
        ...(noToolCalling ? { noToolCalling: true } : {}),
      };
      await deps.modelSettings.setValue(settings);
      return { settings };
    },

    removeApiKey: async ({ provider }) => {
      await deps.apiKeys.remove(provider);
      let settings = await deps.modelSettings.getValue();
      if (settings.provider === provider) {
        settings = { ...settings, apiKeySet: false };
        await deps.modelSettings.setValue(settings);
      }
      return { settings };
    },

    testModelConnection: async (form) => {
      const { settings, key } = await formSettings(form);
      const result = await deps.testModelConnection(settings, key);
      return { outcome: { kind: result.ok ? 'ok' : result.kind, message: connectionSentence(result) } };
    },

    listModels: async (form) => {
      const { settings, key } = await formSettings(form);
      return { models: await deps.listModels(settings, key).catch(() => null) };
    },

    readAirflowInstances: async () => ({ enabled: await deps.enabledAirflowOrigins.getValue() }),

    enableAirflowInstance: async ({ pattern }) => ({ enabled: await deps.enableAirflowOrigin(pattern) }),

    disableAirflowInstance: async ({ pattern }) => {
      await deps.disableAirflowOrigin(pattern);
      return DONE;
    },

    checkAirflowInstance: async ({ url }) => {
      const result = await deps.checkAirflowInstance(url);
      return { outcome: { kind: result.ok ? 'ok' : result.kind, message: result.message } };
    },

    readCostSettings: async () => ({
      userPrices: await deps.modelPrices.getValue(),
      dailySpendCapUsd: await deps.dailySpendCapUsd.getValue(),
      inputTokenBudget: await deps.inputTokenBudget.getValue(),
    }),

    saveDailySpendCap: async ({ usd }) => {
      await deps.dailySpendCapUsd.setValue(usd);
      return DONE;
    },

    saveInputTokenBudget: async ({ tokens }) => {
      await deps.inputTokenBudget.setValue(tokens);
      return DONE;
    },

    setModelPrice: async ({ model, price }) => {
      await deps.modelPrices.setValue({ ...(await deps.modelPrices.getValue()), [model]: price });
      return DONE;
    },

    removeModelPrice: async ({ model }) => {
      const { [model]: _removed, ...rest } = await deps.modelPrices.getValue();
      await deps.modelPrices.setValue(rest);
      return DONE;
    },

    readMcpPreferences: async () => ({ preferences: await deps.mcpPreferences.getValue() }),

    saveMcpPreference: async ({ airflowUrl, preference }) => {
      let instanceUrl: string;
      let stored: StoredMcpPreference;
      try {
        instanceUrl = instanceUrlFromBaseHref(new URL(airflowUrl).pathname, airflowUrl);
        stored = preference.mode === 'url' ? { mode: 'url', url: new URL(preference.url).href } : preference;
      } catch {
        return { instanceUrl: null };
      }
      await deps.mcpPreferences.setValue({ ...(await deps.mcpPreferences.getValue()), [instanceUrl]: stored });
      return { instanceUrl };
    },

    removeMcpPreference: async ({ instanceUrl }) => {
      const { [instanceUrl]: _removed, ...rest } = await deps.mcpPreferences.getValue();
      await deps.mcpPreferences.setValue(rest);
      return DONE;
    },

    readTimeouts: async () => {
      const { airflowReadMs, modelSilenceMs } = await deps.timeouts.read();
      return { timeouts: { airflowReadMs, modelSilenceMs } };
    },

    saveTimeouts: async (timeouts) => {
      await deps.timeouts.update(timeouts);
      return DONE;
    },

    readHistory: async ({ query }) => {
      const groups = [];
      for (const instanceUrl of await deps.history.instancesWithHistory()) {
        const owner = await ownerOn(instanceUrl);
        if (!owner) continue;
        const items = (await deps.history.listConversations(owner, query)).map((item) => ({
          id: item.conversation.id,
          subject: describeSubject(item.subject),
          title: item.title,
          updatedAt: item.updatedAt,
        }));
        groups.push({ instanceUrl: owner.instanceUrl, user: owner.user, items });
      }
      return { groups, retentionDays: await deps.historyRetentionDays.getValue() };
    },

    deleteHistoryConversation: async ({ instanceUrl, id }) => {
      // The owner is whoever is signed in now, never one the page names: another user's id deletes nothing.
      const owner = await ownerOn(instanceUrl);
      if (owner) await deps.history.deleteConversation(owner, id);
      return DONE;
    },

    saveHistoryRetention: async ({ days }) => {
      const value = Math.round(days);
      await deps.historyRetentionDays.setValue(Number.isFinite(value) && value >= 1 ? Math.min(value, 3650) : DEFAULT_HISTORY_RETENTION_DAYS);
      return { retentionDays: await deps.historyRetentionDays.getValue() };
    },

    readAuditLog: async ({ filter, limit }) => {
      const entries = await deps.auditLog.getValue();
      const rows = visibleAuditEntries(entries, filter, limit).map((entry) => ({
        kind: entry.kind,
        time: entry.time,
        timeText: formatAuditTime(entry.time),
        ...auditRow(entry, formatUsd),
      }));
      return { total: entries.length, rows };
    },

    exportAuditLog: async () => ({ json: deps.auditLogAsJson(await deps.auditLog.getValue()) }),

    forgetEverything: async () => {
      await deps.forgetEverything();
      return DONE;
    },
  };
}
