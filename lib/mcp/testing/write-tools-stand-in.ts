import { afterAll, beforeAll } from 'vitest';
import { readTools, startMcpStandIn, writeTools, type McpStandIn } from '../../../e2e/mcp-stand-in/server';
import { connectRemoteMcp, type RemoteMcp } from '../remote/connect';

/**
 * For one describe block: a real MCP server over Streamable HTTP that offers write tools beside
 * read ones (the e2e MCP stand-in), and the extension's connection to it. Read `standIn` and
 * `remote` inside the tests (they are set before the first one runs).
 */
export function writeToolsStandIn(): { readonly standIn: McpStandIn; readonly remote: RemoteMcp } {
  const server = {} as { standIn: McpStandIn; remote: RemoteMcp };
  beforeAll(async () => {
    server.standIn = await startMcpStandIn({ tools: [...writeTools(), ...readTools()] });
    server.remote = await connectRemoteMcp({ url: server.standIn.url, instanceUrl: server.standIn.origin, getToken: async () => 'session' });
  });
  afterAll(async () => {
    await server.remote?.close();
    await server.standIn?.close();
  });
  return server;
}
