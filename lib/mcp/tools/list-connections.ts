import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection } from '../../airflow/rest-types';
import { pageSummary } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { limitField, offsetField } from './fields';

interface Connection {
  connection_id: string;
  conn_type: string;
  description?: string | null;
  host?: string | null;
  port?: number | null;
  schema?: string | null;
}

/**
 * Which connections exist, to diagnose "The conn_id `x` isn't defined". Only the id, type, host,
 * port and schema are passed on: never login, password or extra, whatever the API returns.
 * Airflow lets only users with connection access read them (a viewer gets 403), so this tool
 * also says plainly when the user may not see them.
 */
export const listConnections = defineReadTool({
  name: 'list_connections',
  title: 'List connections (ids only, no credentials)',
  description:
    'Connection ids with their type, host, port and schema (never credentials). Use it to check whether a connection a task needs exists. Needs connection access in Airflow.',
  inputSchema: {
    connection_id_pattern: z.string().optional().describe('Only connections whose id contains this text.'),
    limit: limitField(50),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const query = { connection_id_pattern: input.connection_id_pattern, limit: input.limit, offset: input.offset };
    const page = await client.get<Collection & { connections: Connection[] }>(apiV2Path`connections`, query, { signal });
    const connections = page.connections.map((c) => ({
      connection_id: c.connection_id,
      conn_type: c.conn_type,
      host: c.host ?? null,
      port: c.port ?? null,
      schema: c.schema ?? null,
    }));
    const lines = connections.map((c) => `- ${c.connection_id} (${c.conn_type})${c.host ? ` host=${c.host}` : ''}${c.port ? `:${c.port}` : ''}${c.schema ? ` schema=${c.schema}` : ''}`);
    const text = [`Connections: ${pageSummary(connections.length, page.total_entries, input.offset)}.`, ...lines].join('\n');
    return { text, data: { total_entries: page.total_entries, offset: input.offset, connections } };
  },
});
