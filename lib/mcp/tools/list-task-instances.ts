import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection, TaskInstance } from '../../airflow/rest-types';
import { formatDuration, pageSummary } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { dagIdField, limitField, offsetField, runIdField } from './fields';

export const listTaskInstances = defineReadTool({
  name: 'list_task_instances',
  title: 'List task instances of a Dag run',
  description:
    'Task instances of one Dag run: task id, map index, state, try number, duration and operator. Mapped tasks appear once per map index.',
  inputSchema: {
    dag_id: dagIdField,
    run_id: runIdField,
    state: z.array(z.string()).optional().describe('Only these states, e.g. ["failed", "upstream_failed", "up_for_retry"].'),
    limit: limitField(100),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const path = apiV2Path`dags/${input.dag_id}/dagRuns/${input.run_id}/taskInstances`;
    const query = { state: input.state, limit: input.limit, offset: input.offset };
    const page = await client.get<Collection & { task_instances: TaskInstance[] }>(path, query, { signal });
    const taskInstances = page.task_instances.map(summarizeTaskInstance);
    const lines = taskInstances.map(
      (ti) =>
        `- ${ti.task_id}${ti.map_index >= 0 ? `[${ti.map_index}]` : ''}: ${ti.state ?? 'no state'}; try ${ti.try_number}; took ${formatDuration(ti.duration)}; ${ti.operator ?? '-'}`,
    );
    const header = `Task instances of ${input.dag_id} / ${input.run_id}: ${pageSummary(taskInstances.length, page.total_entries, input.offset)}.`;
    return { text: [header, ...lines].join('\n'), data: { total_entries: page.total_entries, offset: input.offset, task_instances: taskInstances } };
  },
});

export function summarizeTaskInstance(ti: TaskInstance) {
  return {
    task_id: ti.task_id,
    map_index: ti.map_index,
    state: ti.state,
    try_number: ti.try_number,
    max_tries: ti.max_tries ?? null,
    start_date: ti.start_date ?? null,
    end_date: ti.end_date ?? null,
    duration: ti.duration ?? null,
    operator: ti.operator_name ?? ti.operator ?? null,
  };
}
