import { loginThroughUi } from './airflow/login';
import { USERS } from './airflow/harness';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { callToolsThenAnswer, startModelStandIn, type FunctionResponseRecord, type ModelStandIn } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

let model: ModelStandIn;
test.beforeAll(async () => {
  model = await startModelStandIn();
});
test.afterAll(async () => model.close());
test.beforeEach(() => model.reset());

const resultText = (r: FunctionResponseRecord | undefined) => (typeof r?.content === 'string' ? r.content : JSON.stringify(r?.content ?? r?.response ?? ''));

test('with no API key, a failed task shows the triage card at once, and its chips open the cited log line', async ({ context, rig, openSidePanel }) => {
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.viewer);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = await openSidePanel();

  const card = panel.getByTestId('triage-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('triage-class')).toHaveText('Python exception');
  await expect(card.getByTestId('triage-headline')).toContainText("ValueError: column 'amount' has 3 nulls");
  const chip = card.getByTestId('evidence-chip').first();
  await expect(chip).toHaveText(/line \d+ · try 1/);

  await chip.click();
  await expect(airflow).toHaveURL(/\/tasks\/transform\?try_number=1#\d+$/);
  expect(model.requests).toHaveLength(0);
});

test('with a model, the card comes first and the answer cites the evidence pack in one model call', async ({ context, extensionId, rig, openSidePanel }) => {
  model.setScript(
    callToolsThenAnswer({
      calls: [],
      answer: (results) => {
        const pack = resultText(results.find((r) => r.name === 'get_failure_evidence'));
        const url = /(http:\/\/\S+\/tasks\/transform\?try_number=1#\d+)/.exec(pack)?.[1];
        return url
          ? `\`transform\` raised ValueError: column 'amount' has 3 nulls ([log line](${url})). A made-up citation: [line 999](${url.replace(/#\d+$/, '#999')}).`
          : `No link in the pack: ${pack.slice(0, 200)}`;
      },
    }),
  );
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('triage-card')).toBeVisible();

  await panel.ask('Why did this task fail?');
  await expect(panel.lastAnswer()).toContainText("ValueError: column 'amount' has 3 nulls");
  await expect(panel.toolSteps().first()).toContainText('Gathering the evidence for transform');
  // The citation the pack held is a chip; the one it didn't is marked unverified.
  const chip = panel.lastAnswer().getByTestId('evidence-chip');
  await expect(chip).toHaveText(/line \d+ · try 1/);
  await expect(panel.lastAnswer().getByTestId('unverified-link')).toContainText('#999');
  // One model call: the evidence was prefetched, not asked for by the model.
  expect(model.requests).toHaveLength(1);
  expect(resultText(model.requests[0]!.currentFunctionResponses[0])).toContain("ValueError: column 'amount' has 3 nulls");

  await chip.click();
  await expect(airflow).toHaveURL(/\/tasks\/transform\?try_number=1#\d+$/);
});
