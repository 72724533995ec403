import { AirflowApiError, apiV2Path, type AirflowClient } from './api-client';
import type { PageContext } from './page-context';
import { airflowUserKey, type AirflowUser } from './airflow-user';

/** The live state that decides which questions the panel suggests. */
export interface PageFacts {
  taskState?: string | null;
  runState?: string | null;
  /** Failed runs among the Dag's last 25. */
  recentFailedRuns?: number;
  importErrors?: number;
  /** Set when Airflow could not be read: what failed (an AirflowApiError's kind and status). */
  readError?: { kind: string; status?: number };
}

/**
 * Reads the few facts suggestions need, as the user (their RBAC applies). Any failure gives
 * fewer facts, never an error: suggestions then fall back to the page kind alone.
 */
export async function readPageFacts(context: PageContext, client: AirflowClient): Promise<PageFacts> {
  const { dagId, runId, taskId } = context;
  try {
    if (context.pageKind === 'task_instance' && dagId && runId && taskId) {
      const mapIndex = context.mapIndex ?? -1;
      const path =
        mapIndex >= 0
          ? apiV2Path`dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/${mapIndex}`
          : apiV2Path`dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}`;
      const ti = await client.get<{ state: string | null }>(path);
      return { taskState: ti.state };
    }
    if (context.pageKind === 'dag_run' && dagId && runId) {
      const run = await client.get<{ state: string | null }>(apiV2Path`dags/${dagId}/dagRuns/${runId}`);
      return { runState: run.state };
    }
    if ((context.pageKind === 'dag' || context.pageKind === 'task' || context.pageKind === 'task_group') && dagId) {
      const runs = await client.get<{ dag_runs: { state: string }[] }>(apiV2Path`dags/${dagId}/dagRuns`, {
        limit: 25,
        order_by: '-run_after',
      });
      return { recentFailedRuns: runs.dag_runs.filter((run) => run.state === 'failed').length };
    }
    if (context.pageKind === 'home' || context.pageKind === 'dag_list') {
      const errors = await client.get<{ total_entries: number }>('api/v2/importErrors', { limit: 1 });
      return { importErrors: errors.total_entries };
    }
  } catch (error) {
    // No facts (suggestions fall back to the page kind), but the triage card says why.
    if (error instanceof AirflowApiError) return { readError: { kind: error.kind, ...(error.status !== undefined ? { status: error.status } : {}) } };
    return { readError: { kind: 'unreachable' } };
  }
  return {};
}

/**
 * The facts of each page, read once and cached briefly, shared by everything that needs them
 * (suggestions, the triage card): panels refresh on every streamed word, and one GET per page
 * is enough. Cached per Airflow user too: what one user may read is never shown to another.
 */
export function createPageFactsSource(airflowClientFor: (instanceUrl: string) => AirflowClient, ttlMs = 15_000) {
  const cache = new Map<string, { at: number; facts: Promise<PageFacts> }>();
  return function pageFactsFor(context: PageContext, owner: AirflowUser): Promise<PageFacts> {
    const key = JSON.stringify([airflowUserKey(owner), context.pageUrl, context.pageKind, context.tryNumber]);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.facts;
    const facts = readPageFacts(context, airflowClientFor(context.instanceUrl));
    cache.set(key, { at: Date.now(), facts });
    // A failed read is remembered only for a second (panels refresh in bursts), then read again.
    void facts.then((read) => {
      const entry = cache.get(key);
      if (read.readError && entry?.facts === facts) entry.at = Date.now() - ttlMs + 1000;
    });
    if (cache.size > 50) cache.delete(cache.keys().next().value!);
    return facts;
  };
}
