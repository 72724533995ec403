import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { cspSafeJsonSchemaValidator } from './json-schema-validator';

/** Connects an MCP client to `server` in the same process (the extension's worker, or a test). */
export async function connectInProcess(server: McpServer, clientName = 'airflow-assistant'): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: clientName, version: '0.1.0' }, { jsonSchemaValidator: cspSafeJsonSchemaValidator() });
  await client.connect(clientTransport);
  return client;
}
