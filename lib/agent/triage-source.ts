import type { AirflowClient } from '../airflow/api-client';
import type { PageContext } from '../airflow/page-context';
import type { PageFacts } from '../airflow/page-facts';
import { buildEvidencePack, triageCardModel, type TriageCardModel } from '../logs';
import { redactText } from '../redact';

const FAILED_STATES = new Set(['failed', 'upstream_failed', 'up_for_retry']);

/**
 * The triage card of a failed task instance page, found without a model (so it shows with no
 * API key at all), read as the user and cached per task instance and try: a finished try's log
 * does not change.
 */
export function createTriageSource(
  airflowClientFor: (instanceUrl: string) => AirflowClient,
  pageFactsFor: (context: PageContext) => Promise<PageFacts>,
) {
  const cache = new Map<string, Promise<TriageCardModel | null>>();
  const isTaskPage = (context: PageContext | null): context is PageContext =>
    context?.pageKind === 'task_instance' && !!context.dagId && !!context.runId && !!context.taskId;
  const keyOf = (context: PageContext) => JSON.stringify([context.instanceUrl, context.dagId, context.runId, context.taskId, context.mapIndex, context.tryNumber]);

  function triageFor(context: PageContext | null): Promise<TriageCardModel | null> {
    if (!isTaskPage(context)) return Promise.resolve(null);
    const key = keyOf(context);
    let card = cache.get(key);
    if (!card) {
      const client = airflowClientFor(context.instanceUrl);
      card = (async () => {
        const facts = await pageFactsFor(context);
        if (!FAILED_STATES.has(facts.taskState ?? '')) return null;
        const pack = await buildEvidencePack(client, {
          dagId: context.dagId!,
          runId: context.runId!,
          taskId: context.taskId!,
          mapIndex: context.mapIndex ?? -1,
          ...(context.tryNumber ? { tryNumber: context.tryNumber } : {}),
        });
        return redactTriageCard(triageCardModel(pack));
      })().catch(() => null);
      cache.set(key, card);
      // Failures (expired session, Airflow down) and running tries are asked again next time.
      void card.then((found) => found === null && cache.delete(key));
      if (cache.size > 30) cache.delete(cache.keys().next().value!);
    }
    return card;
  }

  return Object.assign(triageFor, {
    /**
     * The card's Retry: forget the card of this page so the next look reads Airflow again. A card
     * from a partial log read stays cached until then (the panel asks for it at every update, and
     * re-reading a log that took a minute at each of them would never end).
     */
    forget(context: PageContext | null): void {
      if (isTaskPage(context)) cache.delete(keyOf(context));
    },
  });
}

/**
 * The card shows log lines, and logs can hold secrets: the panel shows them masked, as the model
 * would see them (the panel is often on a shared screen during an incident).
 */
export function redactTriageCard(card: TriageCardModel): TriageCardModel {
  const mask = (text: string) => redactText(text).text;
  return {
    ...card,
    headline: mask(card.headline),
    keyLines: card.keyLines.map((line) => ({ ...line, text: mask(line.text), ...(line.exception ? { exception: mask(line.exception) } : {}) })),
  };
}
