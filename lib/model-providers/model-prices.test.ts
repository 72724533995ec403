import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PRICES, effectivePrices, estimateCostUsd, formatUsd, spentOnDayUsd } from './model-prices';
import { isLocalEndpoint, isModelConfigured, recipientOf } from './providers';

describe('model prices', () => {
  it('estimates from the table, the user entries winning over the shipped ones', () => {
    const table = effectivePrices({ 'gpt-4.1-mini': { inputPerMillion: 1, outputPerMillion: 2 } });
    const settings = { provider: 'openai' as const, baseURL: '', model: 'gpt-4.1-mini' };
    expect(estimateCostUsd(settings, table, { inputTokens: 1_000_000, outputTokens: 500_000 })).toBe(2);
    expect(estimateCostUsd(settings, DEFAULT_MODEL_PRICES, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(0.4);
    expect(estimateCostUsd({ ...settings, model: 'unknown' }, table, { inputTokens: 1, outputTokens: 1 })).toBeNull();
  });

  it('counts a model on this machine as free unless the user priced it', () => {
    const local = { provider: 'openai-compatible' as const, baseURL: 'http://localhost:11434/v1', model: 'llama3.1' };
    expect(estimateCostUsd(local, DEFAULT_MODEL_PRICES, { inputTokens: 5000, outputTokens: 500 })).toBe(0);
    expect(estimateCostUsd({ ...local, baseURL: 'https://gateway.corp.example/v1' }, DEFAULT_MODEL_PRICES, { inputTokens: 5000, outputTokens: 500 })).toBeNull();
  });

  it('sums the model requests of the local day only', () => {
    const now = new Date(2026, 10, 30, 15, 0);
    const entries = [
      { kind: 'model_request', time: new Date(2026, 10, 30, 9, 0).toISOString(), estimatedCostUsd: 0.25 },
      { kind: 'model_request', time: new Date(2026, 10, 30, 14, 0).toISOString(), estimatedCostUsd: null },
      { kind: 'model_request', time: new Date(2026, 10, 29, 23, 0).toISOString(), estimatedCostUsd: 5 },
      { kind: 'tool_call', time: new Date(2026, 10, 30, 9, 0).toISOString() },
      { kind: 'model_request', time: new Date(2026, 10, 30, 10, 0).toISOString(), estimatedCostUsd: 0.5 },
    ];
    expect(spentOnDayUsd(entries, now)).toBe(0.75);
  });

  it('formats small amounts readably', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.00001)).toBe('< $0.0001');
    expect(formatUsd(0.000567)).toBe('$0.00057');
    expect(formatUsd(1.4)).toBe('$1.40');
    expect(formatUsd(0.01)).toBe('$0.01');
    expect(formatUsd(0.0345)).toBe('$0.03');
  });
});

describe('providers', () => {
  it('tells local endpoints from cloud ones, and who receives the requests', () => {
    expect(isLocalEndpoint({ provider: 'openai-compatible', baseURL: 'http://localhost:11434/v1' })).toBe(true);
    expect(isLocalEndpoint({ provider: 'openai-compatible', baseURL: 'http://127.0.0.1:1234/v1' })).toBe(true);
    expect(isLocalEndpoint({ provider: 'openai-compatible', baseURL: 'https://llm.corp.example/v1' })).toBe(false);
    expect(isLocalEndpoint({ provider: 'anthropic', baseURL: '' })).toBe(false);
    expect(recipientOf({ provider: 'anthropic', baseURL: '' })).toBe('Anthropic (api.anthropic.com)');
    expect(recipientOf({ provider: 'azure', baseURL: 'https://res.openai.azure.com/openai' })).toBe('Azure OpenAI (res.openai.azure.com)');
  });

  it('needs a key where the provider does, and a base URL where it does', () => {
    expect(isModelConfigured({ provider: 'google', model: 'm', baseURL: '', apiKeySet: false })).toBe(false);
    expect(isModelConfigured({ provider: 'google', model: 'm', baseURL: '', apiKeySet: true })).toBe(true);
    expect(isModelConfigured({ provider: 'openai-compatible', model: 'm', baseURL: 'http://localhost:11434/v1', apiKeySet: false })).toBe(true);
    expect(isModelConfigured({ provider: 'openai-compatible', model: 'm', baseURL: '', apiKeySet: false })).toBe(false);
    expect(isModelConfigured({ provider: 'azure', model: 'm', baseURL: '', apiKeySet: true })).toBe(false);
  });
});
