// The product's timings in the browser (bench/README.md, "browser"): each measurement appends
// {"metric", "value", "unit"} lines to $BENCH_BROWSER_OUT (bench/run.ts prints them) and notes to stderr.
import fs from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { currentRigState } from '../../e2e/airflow/global-setup';
import { USERS, readRecording, type RecordedRequest } from '../../e2e/airflow/harness';
import { loginThroughUi } from '../../e2e/airflow/login';
import { expect, test } from '../../e2e/fixtures';
import { configureModel } from '../../e2e/model';
import { callToolsThenAnswer, startModelStandIn, type ModelStandIn } from '../../e2e/model-stand-in/server';
import { SidePanel } from '../../e2e/pages/side-panel';
import { estimateTokens } from '../../lib/logs/evidence-item';

const out = process.env.BENCH_BROWSER_OUT;
const emit = (metric: string, value: number, unit: string) => {
  const line = JSON.stringify({ metric, value: Math.round(value * 100) / 100, unit });
  if (out) fs.appendFileSync(out, `${line}\n`);
  console.log(line);
};
const note = (text: string) => console.error(`[bench:browser] ${text}`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** The extension's requests to Airflow, as the recording proxy saw them. */
function extensionRequests(): RecordedRequest[] {
  const file = currentRigState().recordFile;
  if (!file) throw new Error('the rig does not record requests: no Airflow wait can be measured');
  return readRecording(file).filter((r) => r.client === 'extension');
}

/** Milliseconds within [from, to] during which at least one of the requests was open. */
function waitedOn(requests: RecordedRequest[], from: number, to: number): number {
  const spans = requests
    .map((r) => [Math.max(from, Date.parse(r.at)), Math.min(to, Date.parse(r.end))] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = from;
  for (const [start, end] of spans) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

let model: ModelStandIn;
/** When each model request arrived (ms, this process's clock: the proxy's is the same machine's). */
const arrivals: number[] = [];
test.beforeAll(async () => {
  model = await startModelStandIn();
});
test.afterAll(async () => model.close());

test('question overhead, follow-up Airflow requests and diagnosis input tokens', async ({ context, extensionId, serviceWorker, rig, openSidePanel }) => {
  model.setScript(async (request, turn) => {
    arrivals.push(Date.now());
    return callToolsThenAnswer({ calls: [], answer: () => `Answer ${arrivals.length}: ValueError: column 'amount' has 3 nulls.` })(request, turn);
  });
  await configureModel(context, extensionId, { apiKey: 'test-key', baseURL: model.baseURL });
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  await airflow.goto(`${rig.baseUrl}dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}/tasks/transform`);
  const panel = new SidePanel(await openSidePanel());
  await expect(panel.page.getByTestId('triage-card')).toBeVisible();
  await expect(panel.page.getByTestId('context-try')).toContainText('1');
  // Let the card's reads settle, so a question's Airflow requests are its own.
  await expect.poll(() => extensionRequests().filter((r) => /\/logs\//.test(r.path)).length).toBeGreaterThan(0);
  await panel.page.waitForTimeout(1_000);

  const questions = [
    'Why did this task fail?', 'What caused the error?', 'Why did it fail?', 'What went wrong?', 'What is the root cause of the failure?',
    'Why did this task fail?', 'What caused the error?', 'Why did it fail?', 'What went wrong?', 'What is the root cause of the failure?',
  ];
  const overheads: number[] = [];
  const followUpRequests: number[] = [];
  // The click's own time, in the panel (epoch ms): Playwright's fill and click take 50-150 ms before it.
  await panel.page.evaluate(() =>
    document.addEventListener('click', (event) => {
      if ((event.target as Element).closest('[data-testid="chat-send"]')) (window as unknown as { sentAt: number }).sentAt = performance.timeOrigin + performance.now();
    }, true),
  );
  for (const [i, question] of questions.entries()) {
    const before = extensionRequests().length;
    const seen = arrivals.length;
    await panel.ask(question);
    await expect.poll(() => arrivals.length).toBeGreaterThan(seen);
    const clicked = await panel.page.evaluate(() => (window as unknown as { sentAt: number }).sentAt);
    const firstModelRequest = arrivals[seen]!;
    await expect(panel.lastAnswer()).toContainText(`Answer ${seen + 1}: ValueError`);
    await panel.page.waitForTimeout(300); // the answer's last saves and pushes
    const requests = extensionRequests().slice(before);
    const airflowMs = waitedOn(requests, clicked, firstModelRequest);
    const marks = await serviceWorker.evaluate(() =>
      performance.getEntriesByType('mark').filter((m) => m.name.startsWith('question:')).map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime })),
    );
    const start = marks.findLast((m) => m.name === 'question:received')?.at ?? 0;
    // Epoch times on both sides (the worker's clock is this machine's): phases counted from the click.
    const phases = marks.filter((m) => m.at >= start).map((m) => `${m.name.slice(9)} ${(m.at - clicked).toFixed(0)}`).join(', ');
    overheads.push(Math.round(firstModelRequest - clicked - airflowMs));
    followUpRequests.push(requests.length);
    note(
      `question ${i + 1} "${question}": click -> first model request ${Math.round(firstModelRequest - clicked)} ms, of which waiting on Airflow ${airflowMs} ms ` +
        `(${requests.length} requests: ${requests.map((r) => r.path.replace(/^.*\/api\/v2\//, '')).join(' ') || 'none'}); worker marks (ms after the click): ${phases}, model request ${Math.round(firstModelRequest - clicked)}`,
    );
  }
  emit('question_overhead_ms_p50', percentile(overheads, 50), 'ms');
  emit('question_overhead_ms_p90', percentile(overheads, 90), 'ms');
  emit('question_overhead_ms_first', overheads[0]!, 'ms');
  // The first question after the card may find the MCP server (its probes); the rest are follow-ups.
  emit('followup_airflow_requests', Math.max(...followUpRequests.slice(1)), 'requests');
  emit('diagnosis_input_tokens_max', Math.max(...model.requests.map((r) => estimateTokens(JSON.stringify(r.body)))), 'tokens');
  expect(overheads).toHaveLength(questions.length);
});

test('the long log: triage card overhead, and the card against the Airflow UI showing the log', async ({ context, rig, openSidePanel }) => {
  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  const panel = await openSidePanel();
  const task = `${rig.baseUrl}dags/fail_long_log/runs/${encodeURIComponent(rig.runs.fail_long_log!)}/tasks/reconcile_partitions`;
  await airflow.bringToFront();
  const before = extensionRequests().length;
  const opened = Date.now();
  // The Details tab: on the log tab the UI would read the same log beside the extension.
  await airflow.goto(`${task}/details`);
  await expect(panel.getByTestId('triage-headline')).toContainText('checksum mismatch in partition 2024-06-01');
  const cardMs = Date.now() - opened;
  const airflowMs = waitedOn(extensionRequests().slice(before), opened, opened + cardMs);

  // The Airflow UI's own log view of the same try, in a fresh tab: until its log response has arrived whole.
  const ui = await context.newPage();
  const uiOpened = Date.now();
  const logResponse = ui.waitForResponse((r) => /\/taskInstances\/reconcile_partitions\/logs\/1/.test(r.url()), { timeout: 120_000 });
  await ui.goto(task);
  await (await logResponse).finished();
  const uiMs = Date.now() - uiOpened;
  emit('card_overhead_ms_long_log', cardMs - airflowMs, 'ms');
  emit('card_vs_ui_ratio_long_log', cardMs / uiMs, 'ratio');
  note(`long log: card after ${cardMs} ms (waiting on Airflow ${airflowMs} ms); the Airflow UI read its log in ${uiMs} ms`);
});

/** Self time (ms) of the content script's code in a CPU profile. */
function contentScriptMs(profile: { nodes: { id: number; callFrame: { url: string } }[]; samples?: number[]; timeDeltas?: number[] }, extensionId: string): number {
  const ours = new Set(profile.nodes.filter((n) => n.callFrame.url.startsWith(`chrome-extension://${extensionId}/`)).map((n) => n.id));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let us = 0;
  for (let i = 0; i < samples.length; i++) if (ours.has(samples[i]!)) us += deltas[i + 1] ?? 0;
  return us / 1000;
}

test('content script CPU per SPA navigation (Dag -> run -> task -> log)', async ({ context, extensionId, rig }) => {
  const airflow: Page = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.admin);
  const run = `dags/fail_python_exception/runs/${encodeURIComponent(rig.runs.fail_python_exception!)}`;
  // From the home page, so that the first navigation changes the route too.
  await airflow.goto(rig.baseUrl);
  await airflow.waitForLoadState('networkidle');
  const cdp: CDPSession = await context.newCDPSession(airflow);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const base = new URL(rig.baseUrl).pathname;
  const route = [`dags/fail_python_exception`, run, `${run}/tasks/transform`, `${run}/tasks/transform?try_number=1`];
  const perNavigation: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const path of route) {
      await cdp.send('Profiler.start');
      // The UI's router follows history changes: an SPA navigation, as a click on a link makes.
      await airflow.evaluate((to) => {
        history.pushState({}, '', to);
        dispatchEvent(new PopStateEvent('popstate', { state: {} }));
      }, `${base}${path}`);
      await airflow.waitForTimeout(1_500); // the route renders, the log loads, the content script reports
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Parameters<typeof contentScriptMs>[0] };
      perNavigation.push(contentScriptMs(profile, extensionId));
    }
  }
  emit('content_script_ms_per_navigation_p50', percentile(perNavigation, 50), 'ms');
  note(`content script CPU per navigation (ms, ${perNavigation.length} navigations): ${perNavigation.map((ms) => ms.toFixed(1)).join(' ')}`);
  expect(perNavigation.length).toBe(20);
});
