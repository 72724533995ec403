import type { AirflowClient } from '../airflow/api-client';
import type { PageContext } from '../airflow/page-context';
import type { PageFacts } from '../airflow/page-facts';
import { airflowUserKey, type AirflowUser } from '../airflow/airflow-user';
import { buildEvidencePack, triageCardModel, type TriageCardModel } from '../logs';
import { redactText } from '../redact';
import { neutralizeText } from '../text/neutralize';
import { AirflowApiError } from '../airflow/api-client';
import { classifyAirflowError, describeFault, type FaultMessage } from '../faults/describe-fault';

const FAILED_STATES = new Set(['failed', 'upstream_failed', 'up_for_retry']);

/**
 * The triage card of a failed task instance page, found without a model (so it shows with no
 * API key at all), read as the user and cached per Airflow user, task instance and try: a
 * finished try's log does not change, and one user's card is never shown to another.
 */
export function createTriageSource(
  airflowClientFor: (instanceUrl: string) => AirflowClient,
  pageFactsFor: (context: PageContext, owner: AirflowUser) => Promise<PageFacts>,
) {
  const cache = new Map<string, Promise<TriageCardModel | null>>();
  // Why the last attempt for a task instance found no card, when Airflow could not be read.
  const problems = new Map<string, FaultMessage>();
  const isTaskPage = (context: PageContext | null): context is PageContext =>
    context?.pageKind === 'task_instance' && !!context.dagId && !!context.runId && !!context.taskId;
  const keyOf = (context: PageContext, owner: AirflowUser) =>
    JSON.stringify([airflowUserKey(owner), context.instanceUrl, context.dagId, context.runId, context.taskId, context.mapIndex, context.tryNumber]);

  function triageFor(context: PageContext | null, owner: AirflowUser): Promise<TriageCardModel | null> {
    if (!isTaskPage(context)) return Promise.resolve(null);
    const key = keyOf(context, owner);
    let card = cache.get(key);
    if (!card) {
      const client = airflowClientFor(context.instanceUrl);
      card = (async () => {
        const facts = await pageFactsFor(context, owner);
        if (facts.readError) throw facts.readError;
        if (!FAILED_STATES.has(facts.taskState ?? '')) return null;
        const pack = await buildEvidencePack(client, {
          dagId: context.dagId!,
          runId: context.runId!,
          taskId: context.taskId!,
          mapIndex: context.mapIndex ?? -1,
          ...(context.tryNumber ? { tryNumber: context.tryNumber } : {}),
        });
        return redactTriageCard(triageCardModel(pack));
      })().then(
        (found) => {
          problems.delete(key);
          return found;
        },
        (error: unknown) => {
          const failure = error instanceof AirflowApiError ? { kind: error.kind, ...(error.status !== undefined ? { status: error.status } : {}) } : (error as { kind?: string; status?: number });
          problems.set(key, describeFault(classifyAirflowError(failure ?? {})));
          if (problems.size > 30) problems.delete(problems.keys().next().value!);
          return null;
        },
      );
      cache.set(key, card);
      // Failures (expired session, Airflow down) and running tries are asked again next time.
      void card.then((found) => found === null && cache.delete(key));
      if (cache.size > 30) cache.delete(cache.keys().next().value!);
    }
    return card;
  }
  return Object.assign(triageFor, {
    /** Why the card of this page could not be made (Airflow down, failing, hanging, no session), if so. */
    problemFor: (context: PageContext | null, owner: AirflowUser): FaultMessage | null =>
      isTaskPage(context) ? (problems.get(keyOf(context, owner)) ?? null) : null,
    /**
     * The card's Retry: forget the card of this page so the next look reads Airflow again. A card
     * from a partial log read stays cached until then (the panel asks for it at every update, and
     * re-reading a log that took a minute at each of them would never end).
     */
    forget(context: PageContext | null, owner: AirflowUser): void {
      if (isTaskPage(context)) cache.delete(keyOf(context, owner));
    },
  });
}

/**
 * The card shows log lines, and logs can hold secrets: the panel shows them masked, as the model
 * would see them (the panel is often on a shared screen during an incident).
 */
export function redactTriageCard(card: TriageCardModel): TriageCardModel {
  // Neutralized first (control and bidi characters of a log line: lib/text/neutralize.ts).
  const mask = (text: string) => redactText(neutralizeText(text)).text;
  return {
    ...card,
    title: neutralizeText(card.title),
    signals: card.signals.map(neutralizeText),
    headline: mask(card.headline),
    keyLines: card.keyLines.map((line) => ({ ...line, text: mask(line.text), ...(line.exception ? { exception: mask(line.exception) } : {}) })),
  };
}
