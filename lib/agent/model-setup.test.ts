import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SETTINGS } from '../storage/items';
import { modelSetupOf } from './model-setup';

describe('modelSetupOf', () => {
  it('on first run names the chosen provider and where its key is made', () => {
    expect(modelSetupOf(DEFAULT_MODEL_SETTINGS)).toEqual({ providerLabel: 'Google Gemini', missing: 'api_key', keyPageUrl: 'https://aistudio.google.com/apikey' });
    expect(modelSetupOf({ ...DEFAULT_MODEL_SETTINGS, provider: 'anthropic', model: 'claude-sonnet-4-5' })?.keyPageUrl).toBe('https://console.anthropic.com/settings/keys');
  });

  it('asks an OpenAI-compatible endpoint for its base URL, not a key', () => {
    expect(modelSetupOf({ ...DEFAULT_MODEL_SETTINGS, provider: 'openai-compatible', model: 'llama3.1' })).toMatchObject({ missing: 'base_url', keyPageUrl: null });
  });

  it('is null once the model can be asked', () => {
    expect(modelSetupOf({ ...DEFAULT_MODEL_SETTINGS, apiKeySet: true })).toBeNull();
    expect(modelSetupOf({ ...DEFAULT_MODEL_SETTINGS, provider: 'openai-compatible', model: 'llama3.1', baseURL: 'http://localhost:11434/v1' })).toBeNull();
  });
});
