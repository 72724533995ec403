import { loginThroughUi } from './airflow/login';
import { currentRigState } from './airflow/global-setup';
import { USERS, readRecording } from './airflow/harness';
import { estimateTokens } from '../lib/logs/evidence-item';
import { expect, test } from './fixtures';
import { configureModel } from './model';
import { callToolsThenAnswer, toolResultText } from './model-stand-in/server';
import { SidePanel } from './pages/side-panel';

test.beforeEach(({ model }) => model.reset());


test('with no API key, a failed task shows the triage card at once, and its chips open the cited log line', async ({ context, rig, openSidePanel, model }) => {
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

test('with a model, the card comes first and the answer cites the evidence pack in one model call', async ({ context, extensionId, rig, openSidePanel, model }) => {
  model.setScript(
    callToolsThenAnswer({
      calls: [],
      answer: (results) => {
        const pack = toolResultText(results.find((r) => r.name === 'get_failure_evidence'));
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
  expect(toolResultText(model.requests[0]!.currentFunctionResponses[0])).toContain("ValueError: column 'amount' has 3 nulls");

  await chip.click();
  await expect(airflow).toHaveURL(/\/tasks\/transform\?try_number=1#\d+$/);
});

test('follow-up questions about the same finished task read no log again, and each diagnosis request stays within 4,000 input tokens', async ({ context, extensionId, rig, openSidePanel, model }) => {
  const recordFile = currentRigState().recordFile;
  expect(recordFile, 'the rig records the requests Airflow gets').toBeTruthy();
  const extensionReads = () => readRecording(recordFile!).filter((r) => r.client === 'extension');
  const isLogRead = (r: { path: string }) => /\/taskInstances\/transform\/logs\//.test(r.path);
  const answers = { n: 0 };
  model.setScript(
    callToolsThenAnswer({
      calls: [],
      answer: (results) => {
        const pack = toolResultText(results.find((r) => r.name === 'get_failure_evidence'));
        answers.n += 1;
        return pack.includes("ValueError: column 'amount' has 3 nulls") ? `Answer ${answers.n}: ValueError: column 'amount' has 3 nulls.` : `No pack: ${pack.slice(0, 200)}`;
      },
    }),
  );
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  const before = extensionReads().length;
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('triage-card')).toBeVisible();
  await expect(panel.page.getByTestId('context-try')).toContainText('1');
  // The card read the log (once).
  await expect.poll(() => extensionReads().slice(before).filter(isLogRead).length).toBe(1);
  // The panel has found out which tools serve this Airflow (the MCP probes) before any question.
  await expect(panel.page.getByTestId('mcp-server-in-use')).toContainText('Built-in read-only tools');
  const afterCard = extensionReads().length;

  const questions = ['Why did this task fail?', 'What caused the error?', 'Why did it fail?', 'What went wrong?', 'What is the root cause of the failure?'];
  for (const [i, question] of questions.entries()) {
    await panel.ask(question);
    await expect(panel.lastAnswer()).toContainText(`Answer ${i + 1}: ValueError`);
  }
  const followUps = extensionReads().slice(afterCard);
  const figures = { followup_airflow_requests: followUps.length, log_reads: followUps.filter(isLogRead).length, paths: followUps.map((r) => r.path) };
  console.log(`read-once figures: ${JSON.stringify(figures)}`);
  expect(figures.log_reads).toBe(0);
  expect(figures.followup_airflow_requests).toBeLessThanOrEqual(5);

  // Each request carried the pack (the evidence), and its whole body is within 4,000 tokens
  // counted as the extension counts them (characters / 4).
  expect(model.requests).toHaveLength(questions.length);
  const diagnosisTokens = model.requests.map((request) => estimateTokens(JSON.stringify(request.body)));
  console.log(`diagnosis_input_tokens_max: ${Math.max(...diagnosisTokens)} (${diagnosisTokens.join(', ')})`);
  for (const request of model.requests) expect(toolResultText(request.currentFunctionResponses[0])).toContain("ValueError: column 'amount' has 3 nulls");
  for (const tokens of diagnosisTokens) expect(tokens).toBeLessThanOrEqual(4000);
});
