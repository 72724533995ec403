// The project's MCP client (lib/mcp/remote/connect.ts) as a conformance-test client:
// `@modelcontextprotocol/conformance client --command "node scripts/mcp-conformance-client.ts"`
// runs it with the test server's URL as the last argument and the scenario in
// MCP_CONFORMANCE_SCENARIO. Exit code 0 = the client did its part; the runner judges the rest.
import { registerHooks } from 'node:module';
import path from 'node:path';

// lib/ is written for the bundler (extensionless imports); let Node find the .ts files.
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.startsWith('.') || path.extname(specifier) === '.ts') return nextResolve(specifier, context);
    for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
      try {
        return nextResolve(candidate, context);
      } catch {
        // try the next form
      }
    }
    return nextResolve(specifier, context);
  },
});
const { connectRemoteMcp } = await import('../lib/mcp/remote/connect.ts');

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? 'initialize';
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: node scripts/mcp-conformance-client.ts <server url>');
  process.exit(2);
}

// The conformance servers are no Airflow: no session to send.
const remote = await connectRemoteMcp({ url, instanceUrl: url, getToken: async () => null, clientName: 'airflow-ai-assistant-conformance', timeoutMs: 10_000 });
const { tools } = await remote.listTools();
console.log(`[client] ${scenario}: connected to ${remote.serverName}; tools: ${tools.map((t) => t.name).join(', ') || 'none'}`);
if (scenario === 'tools_call') {
  const result = await remote.callTool({ name: 'add_numbers', arguments: { a: 5, b: 3 } });
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  console.log(`[client] add_numbers(5, 3) -> ${text}`);
  if (result.isError) process.exitCode = 1;
}
if (scenario === 'sse-retry') {
  // The server answers with an SSE priming event (`id`, `retry: 500`) and closes the stream; the
  // answer comes only on the GET that resumes it with `Last-Event-ID`.
  const started = Date.now();
  const result = await remote.callTool({ name: 'test_reconnection', arguments: {} });
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  console.log(`[client] test_reconnection -> ${text} (${Date.now() - started} ms)`);
  if (result.isError) process.exitCode = 1;
}
await remote.close();
