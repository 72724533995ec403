// Upstream tasks from the Dag's task list (which only names downstream tasks), and the failed
// tasks that made a task `upstream_failed`.
import type { TaskFacts, TaskInstanceFacts } from './evidence-types';

/** The tasks `taskId` directly depends on. */
export function directUpstream(tasks: readonly TaskFacts[], taskId: string): string[] {
  return tasks.filter((task) => (task.downstream_task_ids ?? []).includes(taskId)).map((task) => task.task_id);
}

const FAILED_STATES = new Set(['failed']);

/**
 * The nearest failed task instances upstream of `taskId` in the run: walks up through tasks that
 * are themselves `upstream_failed`, and stops at the failed ones (their own upstream succeeded).
 */
export function failedAncestors(tasks: readonly TaskFacts[], runTaskInstances: readonly TaskInstanceFacts[], taskId: string): TaskInstanceFacts[] {
  const byTask = new Map<string, TaskInstanceFacts[]>();
  for (const ti of runTaskInstances) byTask.set(ti.task_id, [...(byTask.get(ti.task_id) ?? []), ti]);
  const found: TaskInstanceFacts[] = [];
  const visited = new Set<string>([taskId]);
  let frontier = [taskId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const upstream of frontier.flatMap((id) => directUpstream(tasks, id))) {
      if (visited.has(upstream)) continue;
      visited.add(upstream);
      const instances = byTask.get(upstream) ?? [];
      const failed = instances.filter((ti) => FAILED_STATES.has(ti.state ?? ''));
      if (failed.length > 0) found.push(...failed);
      else if (instances.some((ti) => ti.state === 'upstream_failed')) next.push(upstream);
    }
    frontier = next;
  }
  return found;
}
