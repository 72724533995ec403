import { api, USERS } from './airflow/harness';
import { loginThroughUi } from './airflow/login';
import { expect, readRigState, test } from './fixtures';
import { configureModel } from './model';
import { callToolsThenAnswer, toolResultText } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

/**
 * The assistant sees only what the logged-in user may see. Connections and Variables need more
 * than the viewer role, so they are the forbidden objects here: created by the harness (as admin),
 * then asked about through the panel as admin (positive control) and as viewer.
 */
const PROBES = [
  { tool: 'list_connections', question: 'Which connections exist?', secretId: 'rbac_probe_conn', secretDetail: 'rbac-probe-host.internal' },
  { tool: 'list_variables', question: 'Which Variables exist?', secretId: 'rbac_probe_var', secretDetail: 'probe variable for RBAC tests' },
];


test.beforeAll(async () => {
  const { baseUrl } = readRigState();
  // The harness (not the extension) writes: idempotent, a 409 on a rerun is fine.
  await api(baseUrl, 'connections', {
    method: 'POST',
    body: { connection_id: 'rbac_probe_conn', conn_type: 'postgres', host: 'rbac-probe-host.internal', password: 'never-shown' },
  }).catch((error) => (String(error).includes('409') ? undefined : Promise.reject(error)));
  await api(baseUrl, 'variables', {
    method: 'POST',
    body: { key: 'rbac_probe_var', value: 'rbac-probe-value', description: 'probe variable for RBAC tests' },
  }).catch((error) => (String(error).includes('409') ? undefined : Promise.reject(error)));
});

for (const probe of PROBES) {
  for (const user of [USERS.admin, USERS.viewer]) {
    test(`${probe.tool} as ${user.username}: ${user.username === 'viewer' ? '"not permitted", and nothing forbidden reaches the model' : 'the object is found'}`, async ({ context, extensionId, rig, openSidePanel, model }) => {
      model.reset();
      model.setScript(
        callToolsThenAnswer({
          calls: [{ name: probe.tool, args: {} }],
          answer: (results) => {
            const text = toolResultText(results[0]);
            return /may not see/.test(text) ? `Not permitted: ${text}` : `Found: ${text.split('\n').filter((l) => l.includes(probe.secretId)).join(' ')}`;
          },
        }),
      );
      await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
      const airflow = await context.newPage();
      await loginThroughUi(airflow, rig.baseUrl, user);
      await airflow.goto(`${rig.baseUrl}dags/fail_missing_connection`);
      const panel = new SidePanel(await openSidePanel());
      await expect(panel.page.getByTestId('context-dag')).toContainText('fail_missing_connection');
      await panel.ask(probe.question);

      if (user.username === 'viewer') {
        await expect(panel.lastAnswer()).toContainText('Not permitted');
        await expect(panel.toolSteps().first()).toHaveAttribute('data-state', 'error');
        await expect(panel.toolSteps().first()).toContainText('may not see');
        const everythingSent = JSON.stringify(model.requests.map((r) => [r.url, r.headers, r.body]));
        expect(everythingSent).not.toContain(probe.secretId);
        expect(everythingSent).not.toContain(probe.secretDetail);
      } else {
        await expect(panel.lastAnswer()).toContainText(`Found: - ${probe.secretId}`);
      }
      // Never the values or credentials, for anyone.
      expect(JSON.stringify(model.requests.map((r) => r.body))).not.toMatch(/never-shown|rbac-probe-value/);
    });
  }
}
