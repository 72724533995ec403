// Contract-test helper: a real MCP client, over InMemoryTransport, to the real server,
// whose api-client is answered from recorded Airflow responses.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import { connectInProcess } from '../in-process';
import { buildAirflowMcpServer } from '../server';
import { loadFixture, replayClient, type RecordedExchange, type ReplayedRequest, type ToolFixture } from '../../airflow/testing/replay-fixture';

export interface ToolCall {
  fixture: ToolFixture;
  result: CallToolResult;
  text: string;
  data: Record<string, any>;
  requests: ReplayedRequest[];
}

export async function callTool(
  tool: string,
  args: Record<string, unknown>,
  exchanges: RecordedExchange[],
  token: string | null = 'test-token',
): Promise<Omit<ToolCall, 'fixture'>> {
  const { client, requests } = replayClient(exchanges, token);
  const mcp = await connectInProcess(buildAirflowMcpServer(client), 'contract-test');
  const result = (await mcp.callTool({ name: tool, arguments: args })) as CallToolResult;
  await mcp.close();
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { result, text, data: (result.structuredContent ?? {}) as Record<string, any>, requests };
}

/** Calls the fixture's tool with its recorded arguments and checks that it asked exactly the recorded GETs. */
export async function callRecordedTool(fixtureName: string): Promise<ToolCall> {
  const fixture = loadFixture(fixtureName);
  const call = await callTool(fixture.tool, fixture.arguments, fixture.exchanges, fixture.user === 'none' ? null : 'test-token');
  expect(call.requests.map((r) => r.url)).toEqual(fixture.exchanges.map((e) => e.url));
  for (const request of call.requests) {
    expect(request.method).toBe('GET');
    expect(request.credentials).toBe('include');
  }
  return { fixture, ...call };
}
