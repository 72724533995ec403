import type { AirflowClient } from '../airflow/api-client';
import type { PageContext } from '../airflow/page-context';
import { readPageFacts } from '../airflow/page-facts';
import { suggestQuestions } from './suggestions';

/**
 * Suggestions for a page, with its live facts cached briefly: panels refresh on every streamed
 * word, and the facts need not be read that often.
 */
export function createSuggestionSource(airflowClientFor: (instanceUrl: string) => AirflowClient, ttlMs = 15_000) {
  const cache = new Map<string, { at: number; questions: Promise<string[]> }>();
  return function suggestionsFor(context: PageContext | null): Promise<string[]> {
    if (!context) return Promise.resolve([]);
    const key = JSON.stringify([context.pageUrl, context.pageKind, context.tryNumber]);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.questions;
    const questions = readPageFacts(context, airflowClientFor(context.instanceUrl)).then((facts) => suggestQuestions(context, facts));
    cache.set(key, { at: Date.now(), questions });
    if (cache.size > 50) cache.delete(cache.keys().next().value!);
    return questions;
  };
}
