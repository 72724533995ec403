import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AirflowClient } from '../airflow/api-client';
import { cspSafeJsonSchemaValidator } from './json-schema-validator';
import { registerReadTool } from './read-tool';
import { BUILTIN_READ_TOOLS } from './tools';

/** The built-in MCP server: read-only Airflow tools that reach Airflow only through `client`. */
export function buildAirflowMcpServer(client: AirflowClient): McpServer {
  const server = new McpServer({ name: 'airflow-read-only', version: '0.1.0' }, { capabilities: { tools: {} }, jsonSchemaValidator: cspSafeJsonSchemaValidator() });
  for (const tool of BUILTIN_READ_TOOLS) registerReadTool(server, client, tool);
  return server;
}
