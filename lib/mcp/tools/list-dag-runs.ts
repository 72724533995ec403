import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection, DagRun } from '../../airflow/rest-types';
import { formatDuration, orDash, pageSummary } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { limitField, offsetField } from './fields';

const DAG_RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;

export const listDagRuns = defineReadTool({
  name: 'list_dag_runs',
  title: 'List Dag runs',
  description: 'Runs of a Dag, newest first, with state, run type, dates and duration. Filter by state and by run date range.',
  inputSchema: {
    dag_id: z.string().min(1).describe('Dag id, or "~" for the runs of all Dags.'),
    state: z.array(z.enum(DAG_RUN_STATES)).optional().describe('Only runs in any of these states.'),
    run_after_from: z.string().optional().describe('Only runs due at or after this ISO 8601 date-time (e.g. "2026-11-01T00:00:00Z").'),
    run_after_to: z.string().optional().describe('Only runs due at or before this ISO 8601 date-time.'),
    limit: limitField(20),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const query = {
      state: input.state,
      run_after_gte: input.run_after_from,
      run_after_lte: input.run_after_to,
      limit: input.limit,
      offset: input.offset,
      order_by: '-run_after',
    };
    const page = await client.get<Collection & { dag_runs: DagRun[] }>(apiV2Path`dags/${input.dag_id}/dagRuns`, query, { signal });
    const runs = page.dag_runs.map((run) => ({
      dag_id: run.dag_id,
      run_id: run.dag_run_id,
      state: run.state,
      run_type: run.run_type,
      run_after: run.run_after ?? null,
      logical_date: run.logical_date ?? null,
      start_date: run.start_date ?? null,
      end_date: run.end_date ?? null,
      duration: run.duration ?? null,
      triggered_by: run.triggered_by ?? null,
      note: run.note ?? null,
    }));
    const lines = runs.map(
      (run) =>
        `- ${input.dag_id === '~' ? `${run.dag_id} ` : ''}${run.run_id}: ${run.state} (${run.run_type}); run_after ${orDash(run.run_after)}; started ${orDash(run.start_date)}; ended ${orDash(run.end_date)}; took ${formatDuration(run.duration)}${run.note ? `; note: ${run.note}` : ''}`,
    );
    const text = [`Dag runs of ${input.dag_id}, newest first: ${pageSummary(runs.length, page.total_entries, input.offset)}.`, ...lines].join('\n');
    return { text, data: { total_entries: page.total_entries, offset: input.offset, dag_runs: runs } };
  },
});
