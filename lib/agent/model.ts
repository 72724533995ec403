import { createAnthropic } from '@ai-sdk/anthropic';
import { createAzure } from '@ai-sdk/azure';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ModelSettings } from '../storage/items';
import { hasUsableKey } from '../model-providers/providers';

/**
 * The one place a language model is made from the user's settings, for every provider, each
 * through the AI SDK's own provider package. Tests swap the model here (AI SDK mock models) or
 * point `baseURL` at a local stand-in (e2e/model-stand-in: Gemini, OpenAI and Anthropic wire
 * protocols). Every provider gets the cookie-less fetch and only its own key.
 */
export function createChatModel(settings: ModelSettings, apiKey: string): LanguageModel {
  const baseURL = settings.baseURL.trim().replace(/\/+$/, '');
  const common = { fetch: fetchWithoutCookies, ...(baseURL ? { baseURL } : {}) };
  switch (settings.provider) {
    case 'google':
      return createGoogleGenerativeAI({ apiKey, ...common })(settings.model);
    case 'openai':
      // Chat completions, the protocol OpenAI-compatible gateways also speak.
      return createOpenAI({ apiKey, ...common }).chat(settings.model);
    case 'anthropic':
      return createAnthropic({
        apiKey,
        ...common,
        // Anthropic refuses requests carrying an Origin (as an extension's do) without this opt-in.
        headers: { 'anthropic-dangerous-direct-browser-access': 'true' },
      })(settings.model);
    case 'azure':
      // The model name is the deployment name.
      return createAzure({ apiKey, ...common }).chat(settings.model);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL,
        fetch: fetchWithoutCookies,
        includeUsage: true,
        ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
      })(settings.model);
  }
}

/**
 * Requests to the model never carry cookies. Cookies are not port-scoped, and the extension holds
 * host permissions for the Airflow hosts: without this, a model endpoint on the same host as an
 * Airflow (a local proxy, a self-hosted gateway, Ollama on localhost) would receive the user's
 * Airflow session cookie.
 */
export const fetchWithoutCookies: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

/** Whether the saved key is enough for the provider in the settings. */
export const hasApiKey = (apiKey: string, settings?: Pick<ModelSettings, 'provider'>) =>
  hasUsableKey(settings?.provider ?? 'google', apiKey);
