import type { PageContext } from '../airflow/page-context';
import type { PageFacts } from '../airflow/page-facts';
import type { AirflowUser } from '../airflow/airflow-user';
import { suggestQuestions } from './suggestions';

/** Suggestions for a page from its live facts (read and cached by the shared facts source). */
export function createSuggestionSource(pageFactsFor: (context: PageContext, owner: AirflowUser) => Promise<PageFacts>) {
  return async function suggestionsFor(context: PageContext | null, owner: AirflowUser): Promise<string[]> {
    return context ? suggestQuestions(context, await pageFactsFor(context, owner)) : [];
  };
}
