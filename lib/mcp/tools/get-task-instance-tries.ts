import { apiV2Path } from '../../airflow/api-client';
import type { Collection, TaskInstance } from '../../airflow/rest-types';
import { formatDuration, orDash } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { dagIdField, mapIndexField, runIdField, taskIdField } from './fields';

export const getTaskInstanceTries = defineReadTool({
  name: 'get_task_instance_tries',
  title: 'Get the tries of a task instance',
  description: 'Every try of one task instance: state, start and end, duration and the worker hostname. Use it to see how retries went.',
  inputSchema: { dag_id: dagIdField, run_id: runIdField, task_id: taskIdField, map_index: mapIndexField },
  async run(client, input, signal) {
    const path =
      input.map_index >= 0
        ? apiV2Path`dags/${input.dag_id}/dagRuns/${input.run_id}/taskInstances/${input.task_id}/${input.map_index}/tries`
        : apiV2Path`dags/${input.dag_id}/dagRuns/${input.run_id}/taskInstances/${input.task_id}/tries`;
    const page = await client.get<Collection & { task_instances: TaskInstance[] }>(path, undefined, { signal });
    const tries = page.task_instances
      .map((ti) => ({
        try_number: ti.try_number,
        state: ti.state,
        start_date: ti.start_date ?? null,
        end_date: ti.end_date ?? null,
        duration: ti.duration ?? null,
        hostname: ti.hostname ?? null,
      }))
      .sort((a, b) => a.try_number - b.try_number);
    const name = `${input.task_id}${input.map_index >= 0 ? `[${input.map_index}]` : ''}`;
    const lines = tries.map(
      (t) => `- try ${t.try_number}: ${t.state ?? 'no state'}; started ${orDash(t.start_date)}; ended ${orDash(t.end_date)}; took ${formatDuration(t.duration)}; host ${orDash(t.hostname)}`,
    );
    const text = [`Tries of ${name} in ${input.dag_id} / ${input.run_id}: ${tries.length}.`, ...lines].join('\n');
    return { text, data: { dag_id: input.dag_id, run_id: input.run_id, task_id: input.task_id, map_index: input.map_index, tries } };
  },
});
