import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection } from '../../airflow/rest-types';
import { pageSummary } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { limitField, offsetField } from './fields';

interface Variable {
  key: string;
  description?: string | null;
}

/**
 * Which Airflow Variables exist, to diagnose "Variable x not found". Keys and descriptions only:
 * values often hold secrets and are never passed on. A viewer gets 403 from Airflow.
 */
export const listVariables = defineReadTool({
  name: 'list_variables',
  title: 'List Variables (keys only, no values)',
  description:
    'Variable keys with their descriptions (never values). Use it to check whether a Variable a task reads exists. Needs variable access in Airflow.',
  inputSchema: {
    variable_key_pattern: z.string().optional().describe('Only Variables whose key contains this text.'),
    limit: limitField(50),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const query = { variable_key_pattern: input.variable_key_pattern, limit: input.limit, offset: input.offset };
    const page = await client.get<Collection & { variables: Variable[] }>(apiV2Path`variables`, query, { signal });
    const variables = page.variables.map((v) => ({ key: v.key, description: v.description ?? null }));
    const lines = variables.map((v) => `- ${v.key}${v.description ? `: ${v.description}` : ''}`);
    const text = [`Variables: ${pageSummary(variables.length, page.total_entries, input.offset)}.`, ...lines].join('\n');
    return { text, data: { total_entries: page.total_entries, offset: input.offset, variables } };
  },
});
