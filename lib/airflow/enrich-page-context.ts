import { apiV2Path, type AirflowClient } from './api-client';
import type { PageContext } from './page-context';

/**
 * Fills in what the URL and DOM may not tell yet: a task instance page without `?try_number=`
 * shows the task instance's latest try, but the log view that names it renders later (or not at
 * all on other tabs), so the try is read from the API as the logged-in user. A failed look-up
 * leaves the context as it was: the page context must never fail because of the API.
 */
export async function enrichPageContext(context: PageContext, client: AirflowClient): Promise<PageContext> {
  if (context.pageKind !== 'task_instance' || context.tryNumber !== undefined) return context;
  if (!context.dagId || !context.runId || !context.taskId) return context;
  const mapIndex = context.mapIndex ?? -1;
  const path =
    mapIndex >= 0
      ? apiV2Path`dags/${context.dagId}/dagRuns/${context.runId}/taskInstances/${context.taskId}/${mapIndex}`
      : apiV2Path`dags/${context.dagId}/dagRuns/${context.runId}/taskInstances/${context.taskId}`;
  try {
    const taskInstance = await client.get<{ try_number?: number }>(path);
    return typeof taskInstance.try_number === 'number' && taskInstance.try_number > 0
      ? { ...context, tryNumber: taskInstance.try_number }
      : context;
  } catch {
    return context;
  }
}
