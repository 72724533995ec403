// `node scripts/mcp-conformance.ts`: the official MCP client conformance scenarios `initialize`,
// `tools_call` and `sse-retry` (@modelcontextprotocol/conformance, pinned below) against the project's own
// MCP client code (scripts/mcp-conformance-client.ts → lib/mcp/remote/connect.ts). Exits non-zero
// if a scenario fails. Needs Node >= 22: run it with the project's Node (npm scripts do).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFORMANCE = '@modelcontextprotocol/conformance@0.1.16';
const SCENARIOS = ['initialize', 'tools_call', 'sse-retry'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const client = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'scripts', 'mcp-conformance-client.ts'))}`;
// npx and the runner start with `#!/usr/bin/env node`: make that this Node (24), not the system's.
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };

let failed = 0;
for (const scenario of SCENARIOS) {
  console.log(`\n$ conformance client --scenario ${scenario}`);
  const t0 = Date.now();
  const run = spawnSync('npx', ['--yes', CONFORMANCE, 'client', '--command', client, '--scenario', scenario], { cwd: root, env, stdio: 'inherit' });
  const ok = run.status === 0;
  if (!ok) failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${scenario} (${Date.now() - t0} ms)`);
}
process.exit(failed === 0 ? 0 : 1);
