import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection, Dag } from '../../airflow/rest-types';
import { pageSummary } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { limitField, offsetField } from './fields';

export const listDags = defineReadTool({
  name: 'list_dags',
  title: 'List Dags',
  description:
    'List the Dags the user may see, with paused state, schedule, tags and owners. Filter by id pattern, tags, paused state, or Dags whose last run failed.',
  inputSchema: {
    dag_id_pattern: z.string().optional().describe('Part of the Dag id to match (case-insensitive; % and _ are SQL wildcards).'),
    tags: z.array(z.string()).optional().describe('Only Dags with any of these tags.'),
    paused: z.boolean().optional().describe('true: only paused Dags; false: only active Dags; omit for both.'),
    only_failed_last_run: z.boolean().default(false).describe('Only Dags whose most recent run failed.'),
    limit: limitField(50),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const query = {
      dag_id_pattern: input.dag_id_pattern,
      tags: input.tags,
      paused: input.paused,
      last_dag_run_state: input.only_failed_last_run ? 'failed' : undefined,
      limit: input.limit,
      offset: input.offset,
      order_by: 'dag_id',
    };
    const page = await client.get<Collection & { dags: Dag[] }>(apiV2Path`dags`, query, { signal });
    const dags = page.dags.map(summarizeDag);
    const lines = dags.map(
      (dag) =>
        `- ${dag.dag_id}: ${dag.is_paused ? 'paused' : 'active'}; schedule ${dag.schedule ?? 'none'}; tags ${dag.tags.join(', ') || '-'}; owners ${dag.owners.join(', ') || '-'}${dag.has_import_errors ? '; HAS IMPORT ERRORS' : ''}`,
    );
    const text = [`Dags: ${pageSummary(dags.length, page.total_entries, input.offset)}.`, ...lines].join('\n');
    return { text, data: { total_entries: page.total_entries, offset: input.offset, dags } };
  },
});

function summarizeDag(dag: Dag) {
  return {
    dag_id: dag.dag_id,
    is_paused: dag.is_paused,
    schedule: dag.timetable_summary ?? null,
    tags: (dag.tags ?? []).map((tag) => tag.name),
    owners: dag.owners ?? [],
    has_import_errors: dag.has_import_errors ?? false,
    next_run_after: dag.next_dagrun_run_after ?? null,
  };
}
