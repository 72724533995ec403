// `npm test`: every test, on a fresh machine too. Unit tests first (fast, no services), then the
// extension is built and the end-to-end suite runs it in Debian's Chromium against a real
// Airflow 3 that the suite's global setup installs (pinned venv) and starts on 127.0.0.1; the
// same run (Playwright project `firefox`, same Airflow) runs the Firefox build's core subset in
// Debian's Firefox ESR over WebDriver BiDi (e2e/firefox/), and the version matrix (project
// `versions`) runs the core once more on the older Airflow minors of MATRIX_MINORS, each its own Airflow from its
// own pinned venv (e2e/airflow/versions.ts; installed on first use).
import { spawnSync } from 'node:child_process';

const run = (command, args, env = {}) => {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (status !== 0) process.exit(status ?? 1);
};

run('bash', ['scripts/ensure-chromium.sh']);
run('bash', ['scripts/ensure-firefox.sh']);
run('npx', ['vitest', 'run']);
// The project's MCP client against the official client conformance scenarios.
run('node', ['scripts/mcp-conformance.ts']);
run('npx', ['wxt', 'build']);
run('npx', ['wxt', 'build', '-b', 'firefox']);
// Mozilla's own linter (what AMO runs on upload): fails on any error.
run('npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3']);
run('npx', ['playwright', 'test']);
