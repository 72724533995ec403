/**
 * Airflow 2.10 (e2e/airflow/airflow2.ts): the rig runs the Airflow-2 copies of the failing Dags,
 * and the browser's own Flask session (the `session` cookie, Airflow 2's default
 * `[api] auth_backends`) is what authenticates the extension's reads of `/api/v1`: a fetch from
 * the extension's worker with `credentials: 'include'` reads as the logged-in user, with that
 * user's permissions (a viewer gets 403 on connections).
 *
 * Opt-in: its own Airflow (~1-3 min on 2 cores), only with AIRFLOW_E2E_VERSIONS naming 2.10.
 */
import { AIRFLOW2_USERS, runAirflow2Dags, startAirflow2, type Airflow2Instance } from './airflow/airflow2';
import { expect, test } from './fixtures';

let airflow: Airflow2Instance;
let runs: Record<string, string>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  airflow = await startAirflow2();
  runs = await runAirflow2Dags(airflow.baseUrl);
});

test.afterAll(async () => {
  await airflow?.stop();
});

/** Logs in through Airflow 2's own login form, as a user would. */
async function logIn(page: import('@playwright/test').Page, user: keyof typeof AIRFLOW2_USERS) {
  const { username, password } = AIRFLOW2_USERS[user];
  await page.goto(`${airflow.baseUrl}login/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('[type=submit]')]);
}

/** GET from the extension's worker with the browser's cookies, as the extension's reads go. */
async function workerGet(worker: import('@playwright/test').Worker, url: string, accept = 'application/json') {
  return worker.evaluate(
    async ([u, a]) => {
      const res = await fetch(u, { credentials: 'include', headers: { Accept: a } });
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
    },
    [url, accept] as const,
  );
}

test('without a login, /api/v1 refuses the worker (no session, no reads)', async ({ serviceWorker }) => {
  const res = await workerGet(serviceWorker, `${airflow.baseUrl}api/v1/dags`);
  expect(res.status).toBe(401);
});

test("a viewer's session reads Dags, runs and the failed task's plain-text log, and gets 403 on connections", async ({ context, serviceWorker }) => {
  await logIn(await context.newPage(), 'viewer');
  const dags = await workerGet(serviceWorker, `${airflow.baseUrl}api/v1/dags?limit=100`);
  expect(dags.status).toBe(200);
  expect((JSON.parse(dags.body) as { dags: { dag_id: string }[] }).dags.map((d) => d.dag_id)).toContain('fail_python_exception');

  const run = encodeURIComponent(runs.fail_python_exception!);
  const ti = await workerGet(serviceWorker, `${airflow.baseUrl}api/v1/dags/fail_python_exception/dagRuns/${run}/taskInstances/transform`);
  expect(ti.status).toBe(200);
  expect(JSON.parse(ti.body)).toMatchObject({ state: 'failed', try_number: 1 });

  const log = await workerGet(serviceWorker, `${airflow.baseUrl}api/v1/dags/fail_python_exception/dagRuns/${run}/taskInstances/transform/logs/1?full_content=true`, 'text/plain');
  expect(log.status).toBe(200);
  expect(log.contentType).toMatch(/^text\/plain/);
  expect(log.body).toContain("ValueError: column 'amount' has 3 nulls");

  const connections = await workerGet(serviceWorker, `${airflow.baseUrl}api/v1/connections`);
  expect(connections.status).toBe(403);
});

test("an admin's session reads connections", async ({ context, serviceWorker }) => {
  await logIn(await context.newPage(), 'admin');
  const connections = await workerGet(serviceWorker, `${airflow.baseUrl}api/v1/connections`);
  expect(connections.status).toBe(200);
});
