import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuditEntry } from '../storage/audit-log';

type McpCaller = Pick<Client, 'listTools' | 'callTool'>;

/** The same MCP client, with every tool call written to the audit trail. */
export function auditedMcpClient(client: McpCaller, instanceUrl: string, audit: (entry: AuditEntry) => void): McpCaller {
  return {
    listTools: (...args: Parameters<Client['listTools']>) => client.listTools(...args),
    callTool: (async (...args: Parameters<Client['callTool']>) => {
      const [params] = args;
      const result = (await client.callTool(...args)) as CallToolResult;
      audit({
        kind: 'tool_call',
        time: new Date().toISOString(),
        instanceUrl,
        tool: params.name,
        arguments: (params.arguments ?? {}) as Record<string, unknown>,
        ok: !result.isError,
        resultBytes: new TextEncoder().encode(JSON.stringify(result.content ?? [])).length,
      });
      return result;
    }) as Client['callTool'],
  } as McpCaller;
}
