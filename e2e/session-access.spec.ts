import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';

/**
 * How the worker reads /api/v2 as the logged-in user. The product reads the `_token` session
 * cookie with the cookies permission and sends it as `Authorization: Bearer` (lib/airflow/session.ts);
 * this test proves, in the real worker of the built extension, that this carries the user's RBAC:
 * the viewer reads a Dag but gets 403 on connections.
 */
test('the worker reads /api/v2 with the viewer session: a Dag yes, connections 403', async ({ context, serviceWorker, rig, openSidePanel }) => {
  const airflowTab = await context.newPage();
  await loginThroughUi(airflowTab, rig.baseUrl, USERS.viewer);

  const result = await serviceWorker.evaluate(async (baseUrl) => {
    const cookie = await chrome.cookies.get({ url: baseUrl, name: '_token' });
    const asBearer = (path: string) =>
      fetch(new URL(path, baseUrl), { headers: { Authorization: `Bearer ${cookie?.value}` }, credentials: 'omit' }).then((r) => r.status);
    const withCookieOnly = (path: string) => fetch(new URL(path, baseUrl), { credentials: 'include' }).then((r) => r.status);
    return {
      cookieFound: Boolean(cookie?.value),
      bearerDag: await asBearer('api/v2/dags/fail_python_exception'),
      bearerConnections: await asBearer('api/v2/connections'),
      noSession: await fetch(new URL('api/v2/dags/fail_python_exception', baseUrl), { credentials: 'omit' }).then((r) => r.status),
      includeDag: await withCookieOnly('api/v2/dags/fail_python_exception'),
    };
  }, rig.baseUrl);

  expect(result.cookieFound).toBe(true);
  expect(result.bearerDag).toBe(200);
  expect(result.bearerConnections).toBe(403);
  expect(result.noSession).toBe(401);
  // Recorded for the README: Chromium also attaches the Lax cookie to the worker's own requests.
  const finding = `GET dag with credentials: 'include' (no Bearer) → HTTP ${result.includeDag}`;
  test.info().annotations.push({ type: 'credentials-include', description: finding });
  console.log(`[session-access] ${finding}`);

  await airflowTab.goto(`${rig.baseUrl}dags/fail_python_exception`);
  const panel = await openSidePanel();
  await expect(panel.getByTestId('session-status')).toContainText('Reading Airflow as viewer');
});
