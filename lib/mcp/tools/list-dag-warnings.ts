import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection, DagWarning } from '../../airflow/rest-types';
import { pageSummary, trimText } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { limitField, offsetField } from './fields';

export const listDagWarnings = defineReadTool({
  name: 'list_dag_warnings',
  title: 'List Dag warnings',
  description: 'Warnings Airflow keeps about Dags, such as a non-existent pool or a runtime varying value. Optionally for one Dag.',
  inputSchema: {
    dag_id: z.string().optional().describe('Only warnings of this Dag.'),
    limit: limitField(50),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const query = { dag_id: input.dag_id, limit: input.limit, offset: input.offset };
    const page = await client.get<Collection & { dag_warnings: DagWarning[] }>(apiV2Path`dagWarnings`, query, { signal });
    const warnings = page.dag_warnings.map((warning) => ({
      dag_id: warning.dag_id,
      warning_type: warning.warning_type,
      timestamp: warning.timestamp,
      message: trimText(warning.message, 1000),
    }));
    const lines = warnings.map((w) => `- ${w.dag_id} [${w.warning_type}] ${w.timestamp}: ${w.message}`);
    const text = [`Dag warnings: ${pageSummary(warnings.length, page.total_entries, input.offset)}.`, ...lines].join('\n');
    return { text, data: { total_entries: page.total_entries, offset: input.offset, dag_warnings: warnings } };
  },
});
