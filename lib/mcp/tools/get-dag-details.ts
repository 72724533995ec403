import { apiV2Path } from '../../airflow/api-client';
import type { DagDetails } from '../../airflow/rest-types';
import { orDash, trimText } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { dagIdField } from './fields';

const DOC_MD_MAX_CHARS = 1500;

export const getDagDetails = defineReadTool({
  name: 'get_dag_details',
  title: 'Get Dag details',
  description:
    'Details of one Dag: owners, tags, schedule, paused state, file location, start date, catchup, max active runs, params, and its documentation (doc_md, trimmed).',
  inputSchema: { dag_id: dagIdField },
  async run(client, input, signal) {
    const dag = await client.get<DagDetails>(apiV2Path`dags/${input.dag_id}/details`, undefined, { signal });
    const data = {
      dag_id: dag.dag_id,
      description: dag.description ?? null,
      is_paused: dag.is_paused,
      owners: dag.owners ?? [],
      tags: (dag.tags ?? []).map((tag) => tag.name),
      schedule: dag.timetable_summary ?? null,
      schedule_description: dag.timetable_description ?? null,
      fileloc: dag.fileloc ?? null,
      relative_fileloc: dag.relative_fileloc ?? null,
      bundle_name: dag.bundle_name ?? null,
      start_date: dag.start_date ?? null,
      catchup: dag.catchup ?? null,
      max_active_runs: dag.max_active_runs ?? null,
      max_active_tasks: dag.max_active_tasks ?? null,
      dag_run_timeout: dag.dag_run_timeout ?? null,
      has_import_errors: dag.has_import_errors ?? false,
      last_parsed: dag.last_parsed ?? dag.last_parsed_time ?? null,
      params: Object.keys(dag.params ?? {}),
      doc_md: dag.doc_md ? trimText(dag.doc_md, DOC_MD_MAX_CHARS) : null,
    };
    const text = [
      `Dag ${data.dag_id}${data.description ? ` — ${data.description}` : ''}`,
      `paused: ${data.is_paused}; schedule: ${orDash(data.schedule)}${data.schedule_description ? ` (${data.schedule_description})` : ''}`,
      `owners: ${data.owners.join(', ') || '-'}; tags: ${data.tags.join(', ') || '-'}`,
      `file: ${orDash(data.fileloc)}${data.bundle_name ? ` (bundle ${data.bundle_name})` : ''}`,
      `start_date: ${orDash(data.start_date)}; catchup: ${orDash(String(data.catchup))}; max_active_runs: ${orDash(data.max_active_runs)}; max_active_tasks: ${orDash(data.max_active_tasks)}`,
      `params: ${data.params.join(', ') || '-'}${data.has_import_errors ? '\nTHIS DAG HAS IMPORT ERRORS (see list_import_errors).' : ''}`,
      data.doc_md ? `doc_md:\n${data.doc_md}` : 'doc_md: -',
    ].join('\n');
    return { text, data };
  },
});
