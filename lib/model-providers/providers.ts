/**
 * The model providers the assistant can speak to, each through the AI SDK's own provider package.
 * `openai-compatible` is any endpoint speaking OpenAI's chat completions (Ollama, vLLM, LiteLLM,
 * LM Studio, a company gateway).
 */
export const MODEL_PROVIDERS = ['google', 'openai', 'anthropic', 'azure', 'openai-compatible'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** Where a model is asked: the provider, and the base URL the user set (empty: the provider's own). */
export interface ModelEndpointSettings {
  provider: ModelProvider;
  baseURL: string;
}

/**
 * What the options page and the panel need to know about each provider, without loading any
 * provider package (pure data and functions, no I/O: the UI imports this module directly): what it needs (key, base URL), where its requests go by default, and which
 * model to start with.
 */
export interface ProviderInfo {
  label: string;
  /** The model preselected when the user switches to this provider. */
  defaultModel: string;
  /** The provider's own endpoint, when it has one; where requests go when no base URL is set. */
  defaultBaseURL: string | null;
  needsKey: boolean;
  needsBaseURL: boolean;
  keyLabel: string;
  baseURLPlaceholder: string;
}

export const PROVIDERS: Record<ModelProvider, ProviderInfo> = {
  google: {
    label: 'Google Gemini',
    defaultModel: 'gemini-2.5-flash',
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
    needsKey: true,
    needsBaseURL: false,
    keyLabel: 'Gemini API key',
    baseURLPlaceholder: 'https://generativelanguage.googleapis.com/v1beta',
  },
  openai: {
    label: 'OpenAI',
    defaultModel: 'gpt-4.1-mini',
    defaultBaseURL: 'https://api.openai.com/v1',
    needsKey: true,
    needsBaseURL: false,
    keyLabel: 'OpenAI API key',
    baseURLPlaceholder: 'https://api.openai.com/v1',
  },
  anthropic: {
    label: 'Anthropic',
    defaultModel: 'claude-sonnet-4-5',
    defaultBaseURL: 'https://api.anthropic.com/v1',
    needsKey: true,
    needsBaseURL: false,
    keyLabel: 'Anthropic API key',
    baseURLPlaceholder: 'https://api.anthropic.com/v1',
  },
  azure: {
    label: 'Azure OpenAI',
    defaultModel: 'gpt-4.1-mini',
    defaultBaseURL: null,
    needsKey: true,
    needsBaseURL: true,
    keyLabel: 'Azure OpenAI API key',
    baseURLPlaceholder: 'https://YOUR-RESOURCE.openai.azure.com/openai',
  },
  'openai-compatible': {
    label: 'OpenAI-compatible (Ollama, vLLM, LiteLLM, LM Studio, gateway)',
    defaultModel: 'llama3.1',
    defaultBaseURL: null,
    needsKey: false,
    needsBaseURL: true,
    keyLabel: 'API key (optional)',
    baseURLPlaceholder: 'http://localhost:11434/v1',
  },
};

/** The endpoint requests go to: the base URL the user set, or the provider's own. */
export function modelEndpoint(settings: ModelEndpointSettings): string | null {
  const url = settings.baseURL.trim().replace(/\/+$/, '');
  return url || PROVIDERS[settings.provider].defaultBaseURL;
}

/** Whether the model can be asked: a key where the provider needs one, a base URL where it needs one. */
export function isModelConfigured(settings: ModelEndpointSettings & { model: string; apiKeySet: boolean }): boolean {
  const info = PROVIDERS[settings.provider];
  if (info.needsKey && !settings.apiKeySet) return false;
  if (info.needsBaseURL && !settings.baseURL.trim()) return false;
  return true;
}

/** Whether the key at hand is enough to ask (an OpenAI-compatible endpoint may need none). */
export function hasUsableKey(provider: ModelProvider, apiKey: string): boolean {
  return !PROVIDERS[provider].needsKey || apiKey.trim().length > 0;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

/** True when requests stay on the user's machine (a loopback endpoint: Ollama, LM Studio, a local proxy). */
export function isLocalEndpoint(settings: ModelEndpointSettings): boolean {
  const endpoint = modelEndpoint(settings);
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return LOCAL_HOSTS.has(host) || host.startsWith('127.') || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** "Google Gemini (generativelanguage.googleapis.com)": who receives what the assistant sends. */
export function recipientOf(settings: ModelEndpointSettings): string {
  const endpoint = modelEndpoint(settings);
  let host = '';
  try {
    host = endpoint ? new URL(endpoint).host : '';
  } catch {
    host = endpoint ?? '';
  }
  const label = settings.provider === 'openai-compatible' ? 'The OpenAI-compatible endpoint' : PROVIDERS[settings.provider].label;
  return host ? `${label} (${host})` : label;
}
