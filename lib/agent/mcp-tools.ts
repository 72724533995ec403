import { dynamicTool, jsonSchema, type ToolSet } from 'ai';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';

/** What the agent needs to know of a tool result beyond the text the model reads. */
export interface ToolOutcome {
  ok: boolean;
  text: string;
  /** For failures: Airflow's error kind (`unauthenticated`, `forbidden`, `unreachable`…). */
  errorKind?: string;
}

/**
 * Read tools only: the agent offers the model a tool only if its server marks it read-only.
 * (The full gate for remote servers, with known-tool lists and state-changing names, sits in
 * front of this in the security layer.)
 */
export function isOfferedToModel(tool: McpTool): boolean {
  return tool.annotations?.readOnlyHint === true;
}

/**
 * Turns the tools of an MCP client into AI SDK tools. The agent gets its tools only from an
 * MCP client, so the built-in server and a remote one on the user's Airflow plug in the same way.
 */
export async function toolsFromMcpClient(
  client: Pick<Client, 'listTools' | 'callTool'>,
  onOutcome?: (toolCallId: string, outcome: ToolOutcome) => void,
): Promise<ToolSet> {
  const { tools } = await client.listTools();
  const entries = tools.filter(isOfferedToModel).map((mcpTool) => {
    const aiTool = dynamicTool({
      description: mcpTool.description ?? mcpTool.title ?? mcpTool.name,
      inputSchema: jsonSchema(mcpTool.inputSchema as Parameters<typeof jsonSchema>[0]),
      execute: async (input, { toolCallId, abortSignal }) => {
        const result = (await client.callTool(
          { name: mcpTool.name, arguments: (input ?? {}) as Record<string, unknown> },
          undefined,
          abortSignal ? { signal: abortSignal } : undefined,
        )) as CallToolResult;
        const outcome = toolOutcome(result);
        onOutcome?.(toolCallId, outcome);
        return outcome.text;
      },
    });
    return [mcpTool.name, aiTool] as const;
  });
  return Object.fromEntries(entries);
}

export function toolOutcome(result: CallToolResult): ToolOutcome {
  const text = result.content
    .map((part) => (part.type === 'text' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
  if (!result.isError) return { ok: true, text };
  const error = (result.structuredContent as { error?: { kind?: unknown } } | undefined)?.error;
  return { ok: false, text, ...(typeof error?.kind === 'string' ? { errorKind: error.kind } : {}) };
}
