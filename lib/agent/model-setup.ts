import type { ModelSettings } from '../storage/items';
import { PROVIDERS, isModelConfigured } from '../model-providers/providers';

/** What the panel's first-run card says when no model can be asked yet (null: one can). */
export interface ModelSetup {
  /** The provider chosen in the options ("Google Gemini" until the user picks another). */
  providerLabel: string;
  /** What is missing: the provider's API key, or the endpoint's base URL. */
  missing: 'api_key' | 'base_url';
  /** Where a key for that provider is made, for providers that have such a page. */
  keyPageUrl: string | null;
}

/** The providers' own pages for creating an API key (Azure's key is on the resource in its portal). */
const KEY_PAGES: Record<ModelSettings['provider'], string | null> = {
  google: 'https://aistudio.google.com/apikey',
  openai: 'https://platform.openai.com/api-keys',
  anthropic: 'https://console.anthropic.com/settings/keys',
  azure: 'https://portal.azure.com/',
  'openai-compatible': null,
};

export function modelSetupOf(settings: ModelSettings): ModelSetup | null {
  if (isModelConfigured(settings)) return null;
  const info = PROVIDERS[settings.provider];
  return {
    providerLabel: info.label,
    missing: info.needsKey && !settings.apiKeySet ? 'api_key' : 'base_url',
    keyPageUrl: KEY_PAGES[settings.provider],
  };
}
