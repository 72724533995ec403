/**
 * Human entry point for the e2e Airflow rig.
 *
 *   node_modules/.bin/node e2e/airflow/cli.ts up [--base-path /airflow/] [--port 8080] [--fresh] [--no-runs]
 *                                               [--plugin airflow-mcp-plugin|astro-airflow-mcp]
 *
 * `up` starts Airflow (api-server, scheduler, dag-processor, triggerer), triggers every
 * fail_* / ok_* Dag once and waits for the runs (skip with --no-runs), prints the URL and the
 * users, and keeps running until Ctrl-C, then stops every process it started.
 */
import { MCP_PLUGINS, USERS, startAirflow } from './harness.ts';
import type { AirflowInstance, AirflowPluginName } from './harness.ts';
import { STATE_FILE, prepareRig } from './global-setup.ts';

function usage(): never {
  console.error(
    `usage: node e2e/airflow/cli.ts up [--base-path /airflow/] [--port N] [--fresh] [--no-runs] [--plugin ${MCP_PLUGINS.join('|')}]`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
const cmd = argv.shift();
if (cmd !== 'up') usage();
let basePath: string | undefined;
let port: number | undefined;
let fresh = false;
let runs = true;
let plugin: AirflowPluginName = 'none';
while (argv.length) {
  const a = argv.shift();
  if (a === '--base-path') basePath = argv.shift() ?? usage();
  else if (a === '--port') port = Number(argv.shift() ?? usage());
  else if (a === '--fresh') fresh = true;
  else if (a === '--no-runs') runs = false;
  else if (a === '--plugin') {
    const p = argv.shift();
    if (!MCP_PLUGINS.includes(p as never)) usage();
    plugin = p as AirflowPluginName;
  }
  else usage();
}

const t0 = Date.now();
let stop: () => Promise<void>;
let instance: AirflowInstance;
let stopping = false;
// Registered before starting, so Ctrl-C during startup also stops cleanly (the harness's
// exit handler is the backstop).
const onSignal = (sig: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${sig}: stopping Airflow ...`);
  if (!stop) process.exit(130);
  stop().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

if (runs) {
  const rig = await prepareRig({ basePath, port, fresh, plugin });
  instance = rig.instance;
  stop = rig.stop;
} else {
  instance = await startAirflow({ basePath, port, fresh, plugin });
  stop = instance.stop;
}

console.log('');
console.log(`Airflow is up after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${instance.baseUrl}`);
console.log(`  login page: ${instance.baseUrl}auth/login`);
for (const u of Object.values(USERS)) console.log(`  user ${u.username} / ${u.password} (role ${u.role})`);
console.log(`  AIRFLOW_HOME ${instance.home}; component logs in ${instance.home}/rig-logs`);
if (instance.mcpUrl) console.log(`  MCP (${plugin}): ${instance.mcpUrl} (send the session as Authorization: Bearer)`);
if (runs) console.log(`  runs recorded in ${STATE_FILE}`);
console.log('Press Ctrl-C to stop.');
setInterval(() => {}, 1 << 30);
