import { isStepCount, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { gateMcpClient, isBuiltinReadTool } from '../mcp/gate';
import { writeToolsStandIn } from '../mcp/testing/write-tools-stand-in';
import { toolsFromMcpClient } from './mcp-tools';
import { scriptedModel } from './testing/mock-models';

// The agent's tools from a gated MCP client, against a real MCP server that offers write tools
// (moved from lib/mcp/gate.test.ts: lib/mcp does not import lib/agent).
describe('the agent behind the gate, against a real MCP server over Streamable HTTP that offers write tools', () => {
  const server = writeToolsStandIn();

  it('a model that asks for trigger_dag gets a refusal, and only the read tool runs', async () => {
    server.standIn.calls.length = 0;
    const model = scriptedModel([
      [
        { type: 'tool-call', toolName: 'trigger_dag', input: { dag_id: 'fail_python_exception' } },
        { type: 'tool-call', toolName: 'list_dags', input: {} },
      ],
      [{ type: 'text', text: 'I can only read.' }],
    ]);
    const tools = await toolsFromMcpClient(gateMcpClient(server.remote, isBuiltinReadTool));
    expect(Object.keys(tools).sort()).toEqual(['list_dags', 'read_task_log']);
    const result = streamText({ model, tools, prompt: 'Trigger it.', stopWhen: isStepCount(3) });
    await result.consumeStream();

    const toolResults = JSON.stringify(model.doStreamCalls[1]!.prompt);
    // The AI SDK answers a call of a tool it was not given with an error result (NoSuchToolError).
    expect(toolResults).toMatch(/"toolName":"trigger_dag","output":\{"type":"error-text","value":"[^"]*unavailable tool 'trigger_dag'/);
    expect(toolResults).toContain('3 Dags');
    expect(server.standIn.calls.map((c) => c.name)).toEqual(['list_dags']);
    expect(server.standIn.requests.flatMap((r) => r.rpc)).not.toContain('trigger_dag');
  });
});
