import { createGoogleGenerativeAI } from '@ai-sdk/google';
import type { LanguageModel } from 'ai';
import type { ModelSettings } from '../storage/items';

/**
 * The one place a language model is made from the user's settings. Tests swap the model here
 * (AI SDK mock models) or point `baseURL` at the local Gemini stand-in.
 */
export function createChatModel(settings: ModelSettings, apiKey: string): LanguageModel {
  const google = createGoogleGenerativeAI({
    apiKey,
    fetch: fetchWithoutCookies,
    ...(settings.baseURL ? { baseURL: settings.baseURL.replace(/\/+$/, '') } : {}),
  });
  return google(settings.model);
}

/**
 * Requests to the model never carry cookies. Cookies are not port-scoped, and the extension holds
 * host permissions for the Airflow hosts: without this, a model endpoint on the same host as an
 * Airflow (a local proxy, a self-hosted gateway) would receive the user's Airflow session cookie.
 */
export const fetchWithoutCookies: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

export const hasApiKey = (apiKey: string) => apiKey.trim().length > 0;
