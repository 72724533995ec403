import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createAirflowClient } from '../airflow/api-client';
import { buildAirflowMcpServer, connectInProcess } from '../mcp';

/**
 * One MCP client per Airflow instance, connected to the built-in read-only server, which calls
 * `/api/v2` with the user's session token read at each request (so a new login is picked up
 * without reconnecting). A remote MCP server on the user's Airflow will plug in here.
 */
export function createMcpClients(readSessionToken: (instanceUrl: string) => Promise<string | null>) {
  const clients = new Map<string, Promise<Client>>();
  return function mcpClientFor(instanceUrl: string): Promise<Client> {
    let client = clients.get(instanceUrl);
    if (!client) {
      const airflow = createAirflowClient({ baseUrl: instanceUrl, getToken: () => readSessionToken(instanceUrl) });
      client = connectInProcess(buildAirflowMcpServer(airflow));
      clients.set(instanceUrl, client);
      client.catch(() => clients.delete(instanceUrl));
    }
    return client;
  };
}
