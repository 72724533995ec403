import type { PageContext } from '../page-context';

/** The context of a task instance page (Dag `d`, run `r`, task `t`, try 1) of the Airflow at `instanceUrl`. */
export function taskInstancePage(instanceUrl: string): PageContext {
  return {
    instanceUrl,
    pageUrl: `${instanceUrl}dags/d/runs/r/tasks/t`,
    pageKind: 'task_instance',
    dagId: 'd',
    runId: 'r',
    taskId: 't',
    mapIndex: -1,
    tryNumber: 1,
  };
}
