/**
 * Runs the Gemini stand-in for manual demos:
 *   node e2e/model-stand-in/cli.ts [--port 8787] [--host 127.0.0.1] [--delay 40]
 * Point the extension (or createGoogleGenerativeAI) at the printed base URL; any API key works.
 * --delay sets the pause between streamed word chunks in milliseconds.
 */
import { parseArgs } from 'node:util';
import { demoScript } from './demo-script.ts';
import { startModelStandIn, type ModelScript } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    delay: { type: 'string', default: '40' },
  },
});

const logged: ModelScript = async (req, turn) => {
  const reply = await demoScript(req, turn);
  const what = 'functionCalls' in reply ? `calls ${reply.functionCalls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(', ')}` : 'text';
  console.log(`#${turn} ${req.model} ${req.stream ? 'stream' : 'generate'} tools=[${req.toolNames.join(',')}] results=${req.currentFunctionResponses.length} → ${what}`);
  return reply;
};

const standIn = await startModelStandIn({
  port: Number(values.port),
  host: values.host,
  chunkDelayMs: Number(values.delay),
  script: logged,
});
console.log(`Gemini stand-in listening. baseURL: ${standIn.baseURL}`);
console.log(`Recorded requests: ${standIn.baseURL.replace(/\/v1beta$/, '')}/_stand-in/requests`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void standIn.close().then(() => process.exit(0));
  });
}
