// Citations land on the cause (issue 15): a template that fails to render is logged inside
// Airflow's "Pre Execute" group, which the log viewer shows collapsed (and which this log never
// closes), so the UI's own `#N` finds nothing there. A click on the root cause's chip must open the
// group in the Airflow tab, scroll to that very line and highlight it (the content script,
// lib/airflow/reveal-log-line.ts). e2e/dags/template_error.py is run here, not in the global setup.
import { loginThroughUi } from './airflow/login';
import { USERS, triggerDagRun, waitForDagRun, waitForDags } from './airflow/harness';
import { expect, test, type RigState } from './fixtures';

const DAG = 'template_error';
const TASK = 'export_orders';
const harnessUrl = (rig: RigState) => (rig as RigState & { apiServerUrl?: string }).apiServerUrl ?? rig.baseUrl;

test('a chip citing a line folded in a collapsed group opens the group and highlights that line in the Airflow tab', async ({ context, rig, openSidePanel }) => {
  test.setTimeout(5 * 60_000);
  await waitForDags(harnessUrl(rig), [DAG]);
  const runId = await triggerDagRun(rig.baseUrl, DAG);
  expect(await waitForDagRun(harnessUrl(rig), DAG, runId, { timeoutMs: 3 * 60_000 })).toBe('failed');

  const airflow = await context.newPage();
  await loginThroughUi(airflow, rig.baseUrl, USERS.viewer);
  await airflow.goto(`${rig.baseUrl}dags/${DAG}/runs/${encodeURIComponent(runId)}/tasks/${TASK}`);
  const panel = await openSidePanel();

  const card = panel.getByTestId('triage-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('triage-class')).toHaveText('Template rendering error');
  await expect(card.getByTestId('triage-headline')).toContainText("Template of field 'bash_command' failed to render");
  await expect(card.getByTestId('triage-headline')).toContainText("has no attribute 'bucket'");
  // The root cause, Airflow's rendering error naming the field and the template, is a key line with its own chip.
  const rootLine = card.getByTestId('triage-line').filter({ hasText: "Exception rendering Jinja template for task 'export_orders', field 'bash_command'" });
  await expect(rootLine).toHaveCount(1);
  const chip = rootLine.getByTestId('evidence-chip');
  const label = (await chip.textContent()) ?? '';
  const line = Number(/line (\d+) · try 1/.exec(label)?.[1]);
  expect(Number.isInteger(line), `chip label "${label}"`).toBe(true);

  // Before: the line is folded away; the group header shows, its lines do not.
  const list = airflow.getByTestId('virtualized-list');
  await expect(list.getByTestId('summary-Pre Execute')).toBeVisible();
  await expect(list.locator(`a[id="${line}"]`)).toHaveCount(0);

  await chip.click();
  await expect(airflow).toHaveURL(new RegExp(`/tasks/${TASK}\\?try_number=1#${line}$`));
  // After: the group is open and that very row is highlighted and on screen.
  const revealed = list.locator('[data-assistant-revealed-line]');
  await expect(revealed).toHaveCount(1);
  await expect(revealed.locator('a').first()).toHaveAttribute('id', String(line));
  await expect(revealed).toContainText('Exception rendering Jinja template');
  await expect(revealed).toBeInViewport();
  await expect(list.getByTestId('summary-Pre Execute')).toContainText('▼');
});
