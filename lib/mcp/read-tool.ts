import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { AirflowApiError, ReadOnlyViolation, type AirflowClient } from '../airflow/api-client';

/** What a tool hands back: text for the model, the same facts as data for code. */
export interface ReadToolOutput {
  text: string;
  data: Record<string, unknown>;
}

export interface ReadTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** snake_case, as the model sees it. */
  name: string;
  title: string;
  description: string;
  inputSchema: Shape;
  run(client: AirflowClient, input: z.output<z.ZodObject<Shape>>, signal: AbortSignal): Promise<ReadToolOutput>;
}

/** A problem with the arguments that the model can fix by calling again. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

export function defineReadTool<Shape extends z.ZodRawShape>(tool: ReadTool<Shape>): ReadTool<Shape> {
  return tool;
}

export function registerReadTool(server: McpServer, client: AirflowClient, tool: ReadTool): void {
  const annotations = { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true };
  const config = { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations };
  server.registerTool(tool.name, config, async (input: Record<string, unknown>, extra): Promise<CallToolResult> => {
    try {
      const output = await tool.run(client, input as never, extra.signal);
      return { content: [{ type: 'text', text: output.text }], structuredContent: output.data };
    } catch (error) {
      // An error result, not a thrown error: the model can tell the user what happened
      // (expired session, missing permission) and the rest of the answer survives.
      return errorResult(error);
    }
  });
}

export function errorResult(error: unknown): CallToolResult {
  const text = errorSentence(error);
  const data =
    error instanceof AirflowApiError
      ? { error: { kind: error.kind, status: error.status ?? null, message: text } }
      : { error: { kind: error instanceof ToolInputError ? 'invalid_input' : 'internal', status: null, message: text } };
  return { isError: true, content: [{ type: 'text', text }], structuredContent: data };
}

function errorSentence(error: unknown): string {
  if (error instanceof AirflowApiError || error instanceof ToolInputError) return error.message;
  if (error instanceof ReadOnlyViolation) return `This assistant only reads from Airflow. ${error.message}`;
  return `The tool failed: ${error instanceof Error ? error.message : String(error)}`;
}
