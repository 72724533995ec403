import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AirflowClient } from '../airflow/api-client';
import { buildAirflowMcpServer, connectInProcess } from '../mcp';

/**
 * One MCP client per Airflow instance, connected in-process to the built-in read-only server
 * over that instance's API client. A remote MCP server on the user's Airflow will plug in here.
 */
export function createMcpClients(airflowClientFor: (instanceUrl: string) => AirflowClient) {
  const clients = new Map<string, Promise<Client>>();
  return function mcpClientFor(instanceUrl: string): Promise<Client> {
    let client = clients.get(instanceUrl);
    if (!client) {
      client = connectInProcess(buildAirflowMcpServer(airflowClientFor(instanceUrl)));
      clients.set(instanceUrl, client);
      client.catch(() => clients.delete(instanceUrl));
    }
    return client;
  };
}
