import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import { defineReadTool } from '../read-tool';

/**
 * A read tool every server path offers (built-in, and through each remote adapter): whether a
 * connection exists and what it points to, never its secrets. Why it exists: a task that failed
 * over a connection ("conn_id `warehouse_db` isn't defined") is a common question, and it is the
 * RBAC probe of issue 9 - connections need the Op role, so a viewer gets Airflow's "not
 * permitted" through every path. It lives here only until lib/mcp/tools/ takes it in.
 */
interface Connection {
  connection_id: string;
  conn_type: string;
  description?: string | null;
  host?: string | null;
  port?: number | null;
  schema?: string | null;
  login?: string | null;
  password?: string | null;
  extra?: string | null;
}

export const getConnection = defineReadTool({
  name: 'get_connection',
  title: 'Look up a connection (no secrets)',
  description:
    'Whether an Airflow connection exists, and its type, host, port, schema and description. Never returns the login, password or extra fields, only whether they are set. Use it when a task failed over a connection. Reading connections needs a role that may see them.',
  inputSchema: {
    connection_id: z.string().min(1).describe('Connection id, exactly as in Airflow (e.g. "warehouse_db").'),
  },
  async run(client, input, signal) {
    const c = await client.get<Connection>(apiV2Path`connections/${input.connection_id}`, undefined, { signal });
    const set = (value: string | null | undefined) => value !== null && value !== undefined && value !== '';
    const data = {
      connection_id: c.connection_id,
      conn_type: c.conn_type,
      description: c.description ?? null,
      host: c.host ?? null,
      port: c.port ?? null,
      schema: c.schema ?? null,
      login_set: set(c.login),
      password_set: set(c.password),
      extra_set: set(c.extra),
    };
    const where = [data.host, data.port].filter((v) => v !== null && v !== '').join(':') || '-';
    const text = [
      `Connection ${data.connection_id} exists: type ${data.conn_type}; host ${where}; schema ${data.schema || '-'}.`,
      data.description ? `Description: ${data.description}` : null,
      `Login ${data.login_set ? 'set' : 'not set'}, password ${data.password_set ? 'set' : 'not set'}, extra ${data.extra_set ? 'set' : 'not set'} (values are not shown).`,
    ]
      .filter(Boolean)
      .join('\n');
    return { text, data };
  },
});
