import { describe, expect, it } from 'vitest';
import { BUILTIN_READ_TOOL_NAMES, buildAirflowMcpServer, connectInProcess } from '.';
import { replayClient } from '../airflow/testing/replay-fixture';

describe('buildAirflowMcpServer', () => {
  it('lists every built-in tool, read-only, with described arguments', async () => {
    const { client } = replayClient([]);
    const mcp = await connectInProcess(buildAirflowMcpServer(client));
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...BUILTIN_READ_TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(false);
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(tool.description?.length, tool.name).toBeGreaterThan(30);
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
    await mcp.close();
  });
});
