// For "why did this run fail?": the task instance to diagnose when only the run is known. The
// failed ones (not upstream_failed: those never ran) are where runs break; the one that ended
// first is where this run broke first.
import { apiV2Path, type AirflowClient } from '../airflow/api-client';
import type { Collection } from '../airflow/rest-types';
import type { TaskInstanceFacts } from './evidence-types';

export interface FailedTask {
  taskId: string;
  mapIndex: number;
  /** Other task instances of the run that failed too, as `task_id` or `task_id[map_index]`. */
  alsoFailed: string[];
}

export async function failedTaskOfRun(client: AirflowClient, dagId: string, runId: string, signal?: AbortSignal): Promise<FailedTask | null> {
  const page = await client.get<Collection & { task_instances: TaskInstanceFacts[] }>(
    apiV2Path`dags/${dagId}/dagRuns/${runId}/taskInstances`,
    { state: 'failed', limit: 100 },
    signal ? { signal } : {},
  );
  const failed = page.task_instances
    .filter((ti) => ti.state === 'failed')
    .sort((a, b) => (a.end_date ?? '').localeCompare(b.end_date ?? '') || a.task_id.localeCompare(b.task_id) || a.map_index - b.map_index);
  const first = failed[0];
  if (!first) return null;
  const name = (ti: TaskInstanceFacts) => (ti.map_index >= 0 ? `${ti.task_id}[${ti.map_index}]` : ti.task_id);
  return { taskId: first.task_id, mapIndex: first.map_index, alsoFailed: failed.slice(1).map(name) };
}
