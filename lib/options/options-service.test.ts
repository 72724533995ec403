import { describe, expect, it, vi } from 'vitest';
import type { ConnectionResult } from '../agent/model-connection';
import type { AirflowUser } from '../airflow/airflow-user';
import type { StoredConversation } from '../history/history-store';
import type { ModelProvider } from '../model-providers/providers';
import type { AuditEntry } from '../storage/audit-log';
import { DEFAULT_MODEL_SETTINGS, DEFAULT_TIMEOUTS, type ModelSettings, type StoredMcpPreference } from '../storage/items';
import { createOptionsService, type OptionsServiceDeps, type Setting } from './options-service';

function setting<T>(value: T): Setting<T> & { value: T } {
  const item = {
    value,
    getValue: async () => item.value,
    setValue: async (next: T) => void (item.value = next),
  };
  return item;
}

/** A session token naming `sub` (the claims are read, not verified: lib/airflow/airflow-user.ts). */
const tokenOf = (sub: string) => `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ sub })).replace(/=+$/, '')}.signature`;

function stored(id: string, owner: AirflowUser, title: string): StoredConversation {
  return { conversation: { id, messages: [] }, owner, subject: { dagId: 'etl', taskId: 'load', mapIndex: 2 }, title, startedAt: 1, updatedAt: 2 };
}

function fakeDeps(overrides: Partial<OptionsServiceDeps> = {}) {
  const keys = new Map<ModelProvider, string>();
  const conversations: StoredConversation[] = [
    stored('c1', { instanceUrl: 'http://a/', user: 'alice' }, 'Why did load fail?'),
    stored('c2', { instanceUrl: 'http://a/', user: 'bob' }, "Bob's question"),
  ];
  const storedTimeouts = setting({ ...DEFAULT_TIMEOUTS, logReadMs: 300_000 });
  const deps = {
    modelSettings: setting<ModelSettings>(DEFAULT_MODEL_SETTINGS),
    timeouts: {
      stored: storedTimeouts,
      read: () => storedTimeouts.getValue(),
      update: async (change: Partial<typeof DEFAULT_TIMEOUTS>) => storedTimeouts.setValue({ ...(await storedTimeouts.getValue()), ...change }),
    },
    modelPrices: setting({}),
    dailySpendCapUsd: setting<number | null>(null),
    inputTokenBudget: setting<number | null>(null),
    historyRetentionDays: setting(30),
    mcpPreferences: setting<Record<string, StoredMcpPreference>>({}),
    enabledAirflowOrigins: setting<string[]>([]),
    auditLog: setting<AuditEntry[]>([]),
    auditLogAsJson: (entries: AuditEntry[]) => JSON.stringify({ entries }),
    apiKeys: {
      read: async (provider: ModelProvider) => keys.get(provider) ?? '',
      write: async (key: string, provider: ModelProvider) => void keys.set(provider, key),
      remove: async (provider: ModelProvider) => void keys.delete(provider),
    },
    enableAirflowOrigin: vi.fn(async () => true),
    disableAirflowOrigin: vi.fn(async () => {}),
    checkAirflowInstance: vi.fn(async () => ({ ok: true as const, version: '3.1.1', user: 'alice', message: 'Airflow 3.1.1; signed in as alice.' })),
    testModelConnection: vi.fn(async (_settings: ModelSettings, _key: string): Promise<ConnectionResult> => ({ ok: true, reply: 'pong' })),
    listModels: vi.fn(async (_settings: ModelSettings, _key: string): Promise<string[] | null> => ['m1', 'm2']),
    readSessionToken: async (instanceUrl: string) => (instanceUrl === 'http://a/' ? tokenOf('alice') : null),
    history: {
      instancesWithHistory: async () => ['http://a/', 'http://b/'],
      listConversations: async (owner: AirflowUser, query: string) =>
        conversations.filter((c) => c.owner.instanceUrl === owner.instanceUrl && c.owner.user === owner.user && c.title.toLowerCase().includes(query)),
      deleteConversation: vi.fn(async (_owner: AirflowUser, _id: string) => {}),
    },
    forgetEverything: vi.fn(async () => {}),
  };
  return { deps, keys, service: createOptionsService({ ...deps, ...overrides }) };
}

describe('the options service', () => {
  it('shows and saves the two timeouts of the form, and keeps the log read limit it does not show', async () => {
    const { deps, service } = fakeDeps();
    expect(await service.readTimeouts({})).toEqual({ timeouts: { airflowReadMs: 10_000, modelSilenceMs: 60_000 } });
    await service.saveTimeouts({ airflowReadMs: 5_000, modelSilenceMs: 30_000 });
    expect(await deps.timeouts.stored.getValue()).toEqual({ airflowReadMs: 5_000, modelSilenceMs: 30_000, logReadMs: 300_000 });
  });

  it('keeps a typed key in the key store, not in the settings, and an empty key field keeps the saved key', async () => {
    const { deps, keys, service } = fakeDeps();
    const first = await service.saveModelSettings({ provider: 'openai', model: ' ', baseURL: '', apiKey: ' sk-1 ', noToolCalling: false });
    expect(keys.get('openai')).toBe('sk-1');
    expect(first.settings).toEqual({ provider: 'openai', model: 'gpt-4.1-mini', baseURL: '', apiKeySet: true });
    expect(JSON.stringify(deps.modelSettings.value)).not.toContain('sk-1');

    const second = await service.saveModelSettings({ provider: 'openai', model: 'gpt-x', baseURL: '', apiKey: '', noToolCalling: true });
    expect(keys.get('openai')).toBe('sk-1');
    expect(second.settings).toEqual({ provider: 'openai', model: 'gpt-x', baseURL: '', apiKeySet: true, noToolCalling: true });
    expect(await service.readApiKeyStatus({ provider: 'openai' })).toEqual({ keySaved: true });
    expect(await service.readApiKeyStatus({ provider: 'anthropic' })).toEqual({ keySaved: false });
  });

  it('removing the key of the saved provider marks the settings as keyless; another provider leaves them', async () => {
    const { deps, keys, service } = fakeDeps();
    await service.saveModelSettings({ provider: 'google', model: 'g', baseURL: '', apiKey: 'k', noToolCalling: false });
    keys.set('openai', 'o');
    expect((await service.removeApiKey({ provider: 'openai' })).settings.apiKeySet).toBe(true);
    expect(keys.has('openai')).toBe(false);
    expect((await service.removeApiKey({ provider: 'google' })).settings.apiKeySet).toBe(false);
    expect(deps.modelSettings.value.apiKeySet).toBe(false);
  });

  it('tests the model connection with the typed key, else the saved one, and answers one sentence', async () => {
    const { deps, keys, service } = fakeDeps();
    keys.set('google', 'saved-key');
    expect(await service.testModelConnection({ provider: 'google', model: '', baseURL: '', apiKey: '' })).toEqual({
      outcome: { kind: 'ok', message: 'Connected: the model answered "pong".' },
    });
    expect(deps.testModelConnection).toHaveBeenLastCalledWith({ provider: 'google', model: 'gemini-2.5-flash', baseURL: '', apiKeySet: true }, 'saved-key');

    deps.testModelConnection.mockResolvedValueOnce({ ok: false, kind: 'bad_key', message: 'The provider refused the API key.' });
    expect((await service.testModelConnection({ provider: 'google', model: 'g', baseURL: '', apiKey: 'typed' })).outcome).toEqual({
      kind: 'bad_key',
      message: 'The provider refused the API key.',
    });
    expect(deps.testModelConnection).toHaveBeenLastCalledWith(expect.objectContaining({ model: 'g' }), 'typed');
  });

  it('lists models, or null when the endpoint fails to', async () => {
    const { deps, service } = fakeDeps();
    expect(await service.listModels({ provider: 'openai', model: '', baseURL: '', apiKey: 'k' })).toEqual({ models: ['m1', 'm2'] });
    deps.listModels.mockRejectedValueOnce(new Error('offline'));
    expect(await service.listModels({ provider: 'openai', model: '', baseURL: '', apiKey: 'k' })).toEqual({ models: null });
  });

  it("checks an Airflow instance and says how it went in the check's own sentence", async () => {
    const { service } = fakeDeps({ checkAirflowInstance: async () => ({ ok: false, kind: 'signed_out', message: 'Sign in to Airflow first.' }) });
    expect(await service.checkAirflowInstance({ url: 'http://a/' })).toEqual({ outcome: { kind: 'signed_out', message: 'Sign in to Airflow first.' } });
  });

  it('shows only the history of the user signed in now on each instance, and deletes only theirs', async () => {
    const { deps, service } = fakeDeps();
    expect(await service.readHistory({ query: '' })).toEqual({
      groups: [{ instanceUrl: 'http://a/', user: 'alice', items: [{ id: 'c1', subject: 'etl.load[2]', title: 'Why did load fail?', updatedAt: 2 }] }],
      retentionDays: 30,
    });
    expect((await service.readHistory({ query: 'nothing like it' })).groups[0]!.items).toEqual([]);

    await service.deleteHistoryConversation({ instanceUrl: 'http://a/', id: 'c2' });
    expect(deps.history.deleteConversation).toHaveBeenCalledWith({ instanceUrl: 'http://a/', user: 'alice' }, 'c2');
    await service.deleteHistoryConversation({ instanceUrl: 'http://b/', id: 'c1' });
    expect(deps.history.deleteConversation).toHaveBeenCalledTimes(1);
  });

  it('keeps the retention within 1 to 3650 days, the default for anything else', async () => {
    const { service } = fakeDeps();
    expect(await service.saveHistoryRetention({ days: 7.4 })).toEqual({ retentionDays: 7 });
    expect(await service.saveHistoryRetention({ days: 99_999 })).toEqual({ retentionDays: 3650 });
    expect(await service.saveHistoryRetention({ days: 0 })).toEqual({ retentionDays: 30 });
  });

  it('saves an MCP preference under the instance URL, and refuses addresses that are not http(s) URLs', async () => {
    const { deps, service } = fakeDeps();
    expect(await service.saveMcpPreference({ airflowUrl: 'https://h.example/airflow', preference: { mode: 'url', url: 'https://h.example/mcp' } })).toEqual({
      instanceUrl: 'https://h.example/airflow/',
    });
    expect(deps.mcpPreferences.value).toEqual({ 'https://h.example/airflow/': { mode: 'url', url: 'https://h.example/mcp' } });
    expect(await service.saveMcpPreference({ airflowUrl: 'not a url', preference: { mode: 'builtin' } })).toEqual({ instanceUrl: null });
    expect(await service.saveMcpPreference({ airflowUrl: 'https://h.example/', preference: { mode: 'url', url: 'nope' } })).toEqual({ instanceUrl: null });
    await service.removeMcpPreference({ instanceUrl: 'https://h.example/airflow/' });
    expect(deps.mcpPreferences.value).toEqual({});
  });

  it('sets and removes model prices, the cap and the budget', async () => {
    const { service } = fakeDeps();
    await service.setModelPrice({ model: 'm', price: { inputPerMillion: 1, outputPerMillion: 2 } });
    await service.saveDailySpendCap({ usd: 2.5 });
    await service.saveInputTokenBudget({ tokens: 8000 });
    expect(await service.readCostSettings({})).toEqual({ userPrices: { m: { inputPerMillion: 1, outputPerMillion: 2 } }, dailySpendCapUsd: 2.5, inputTokenBudget: 8000 });
    await service.removeModelPrice({ model: 'm' });
    expect((await service.readCostSettings({})).userPrices).toEqual({});
  });

  it('formats the newest audit entries of a kind, and counts them all', async () => {
    const entries: AuditEntry[] = [
      { kind: 'tool_call', time: '2026-11-30T08:00:00Z', instanceUrl: 'http://a/', tool: 'get_task_log', arguments: { dag_id: 'etl' }, ok: true, resultBytes: 2300 },
      { kind: 'model_request', time: '2026-11-30T08:00:05Z', instanceUrl: 'http://a/', provider: 'google', model: 'g', inputTokens: 1204, outputTokens: 88, requestBytes: 5100, estimatedCostUsd: 0.0004 },
    ];
    const { service } = fakeDeps({ auditLog: setting(entries) });
    const all = await service.readAuditLog({ filter: 'all', limit: 200 });
    expect(all.total).toBe(2);
    expect(all.rows.map((row) => row.kind)).toEqual(['model_request', 'tool_call']);
    expect(all.rows[1]).toMatchObject({ what: 'get_task_log', args: [{ name: 'dag_id', value: 'etl' }], summary: 'ok, 2.3 kB read', failed: false, masked: null });
    expect(all.rows[0]!.summary).toBe('1,204 in / 88 out tokens, 5.1 kB sent, ~$0.00040');
    expect((await service.readAuditLog({ filter: 'tool_call', limit: 200 })).rows).toHaveLength(1);
    expect(JSON.parse((await service.exportAuditLog({})).json)).toEqual({ entries });
  });

  it('enables and disables instances, and forgets everything, through the functions it is given', async () => {
    const { deps, service } = fakeDeps();
    expect(await service.enableAirflowInstance({ pattern: 'https://h.example/*' })).toEqual({ enabled: true });
    expect(deps.enableAirflowOrigin).toHaveBeenCalledWith('https://h.example/*');
    await service.disableAirflowInstance({ pattern: 'https://h.example/*' });
    expect(deps.disableAirflowOrigin).toHaveBeenCalledWith('https://h.example/*');
    await service.forgetEverything({});
    expect(deps.forgetEverything).toHaveBeenCalled();
  });
});
