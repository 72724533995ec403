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
    ...(settings.baseURL ? { baseURL: settings.baseURL.replace(/\/+$/, '') } : {}),
  });
  return google(settings.model);
}

export const hasApiKey = (apiKey: string) => apiKey.trim().length > 0;
