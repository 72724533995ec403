import { describe, expect, it } from 'vitest';
import { AirflowApiError } from '../airflow/api-client';
import { REPLAY_BASE_URL, replayClient } from '../airflow/testing/replay-fixture';
import { SCENARIOS } from '../../bench/rig/scenarios';
import { buildEvidencePack } from './evidence-pack';
import { estimateTokens } from './evidence-item';
import { rigEvidencePack } from './testing/rig-evidence-pack';
import { loadRigFixture } from './testing/rig-fixtures';

// Packs built from real Airflow 3.3.2 responses (bench/rig/record-fixtures.ts).
describe('buildEvidencePack on every failure scenario of the rig', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: names the root cause, fits the budget, cites every item', async (name, scenario) => {
    const { pack, fixture, requests } = await rigEvidencePack(name);
    for (const needle of scenario.rootCause) expect(pack.text).toContain(needle);
    expect(pack.tokens).toBe(estimateTokens(pack.text));
    expect(pack.tokens).toBeLessThanOrEqual(3000);
    for (const item of pack.items) expect(item.url.startsWith(`${REPLAY_BASE_URL}dags/${scenario.dagId}/runs/`)).toBe(true);
    for (const item of pack.items) expect(pack.text).toContain(`${item.title}: ${item.url}`);
    expect(pack.problems).toEqual([]);
    // Every request went to a recorded URL; nothing recorded was left unasked.
    expect([...requests].sort()).toEqual(fixture.exchanges.map((e) => e.url).sort());
  });
});

describe('what the packs say', () => {
  it('python exception: the failure with its UI line, the Dag source at the failing line, the upstream task', async () => {
    const { pack } = await rigEvidencePack('python-exception');
    expect(pack.diagnosis).toMatchObject({ failureClass: 'python_exception', headline: "ValueError: column 'amount' has 3 nulls", signals: [] });
    const [failure, ...rest] = pack.items;
    expect(failure).toMatchObject({ id: 'failure', title: 'Failure — log line 5 of try 1', logLine: { tryNumber: 1, index: 9, uiLine: 5 } });
    expect(failure!.url).toMatch(/\/dags\/fail_python_exception\/runs\/manual__[^/]+\/tasks\/transform\?try_number=1#5$/);
    const source = rest.find((i) => i.id === 'source')!;
    expect(source.url).toMatch(/\/tasks\/transform\/code$/);
    expect(source.lines).toContain('>  15 |         raise ValueError(f"column \'amount\' has {nulls} nulls")');
    expect(source.lines[0]).toBe('>  38 |         _validate(rows)');
    expect(rest.find((i) => i.id === 'upstream')!.lines).toEqual(['extract: success']);
  });

  it('long log: the buried first error at UI line 30004 and the failure at 60005, in under 1,500 tokens', async () => {
    const { pack } = await rigEvidencePack('long-log');
    const byId = Object.fromEntries(pack.items.map((i) => [i.id, i]));
    expect(byId['root-cause']!.url).toMatch(/\?try_number=1#30004$/);
    expect(byId.failure!.url).toMatch(/\?try_number=1#60005$/);
    expect(byId.context!.lines).toEqual([
      expect.stringMatching(/INFO airflow\.task: row 00000 ok {2}\[×30000 lines of this shape, to API index 30007\]$/),
      expect.stringMatching(/INFO airflow\.task: row 30000 ok {2}\[×30000 lines of this shape, to API index 60008\]$/),
    ]);
    expect(pack.tokens).toBeLessThan(1500);
  });

  it('retries: retries exhausted, and what differs between the three tries', async () => {
    const { pack } = await rigEvidencePack('retries');
    expect(pack.diagnosis.signals).toEqual(['retries_exhausted']);
    const diff = pack.items.find((i) => i.id === 'try-diff')!;
    expect(diff.lines[0]).toBe('All 3 tries compared failed the same way (numbers aside).');
    expect(diff.lines.slice(-3)).toEqual([
      'only in try 1: INFO task.stdout: attempt 1: using primary endpoint',
      'only in try 2: INFO task.stdout: attempt 2: using secondary endpoint',
      'only in try 3: INFO task.stdout: attempt 3: using fallback endpoint',
    ]);
    expect(diff.lines[1]).toMatch(/^try 1: ConnectionError: attempt 1: .* — http:\/\/airflow\.test\/airflow\/.*\/tasks\/flaky_api_call\?try_number=1#4$/);
  });

  it('upstream_failed: the failed upstream task\'s log is the evidence, cited in its own log', async () => {
    const { pack } = await rigEvidencePack('upstream-failed');
    expect(pack.diagnosis.failureClass).toBe('upstream_failed');
    expect(pack.diagnosis.headline).toBe('Upstream task `check_source` failed: FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found');
    expect(pack.items[0]).toMatchObject({ id: 'upstream-check_source:failure', title: 'Upstream `check_source`: Failure — log line 5 of try 1' });
    expect(pack.items[0]!.url).toMatch(/\/tasks\/check_source\?try_number=1#5$/);
    expect(pack.text).toContain('which never ran.');
  });

  it('mapped upstream: the failed map index', async () => {
    const { pack } = await rigEvidencePack('mapped-upstream-failed');
    expect(pack.items[0]!.url).toMatch(/\/tasks\/process_partition\/mapped\/1\?try_number=1#4$/);
    expect(pack.items.find((i) => i.id === 'upstream')!.lines).toEqual(['process_partition: 2 success, 1 failed']);
  });

  it('heartbeat timeout: the audit log says what the silent task log cannot', async () => {
    const { pack } = await rigEvidencePack('heartbeat-timeout');
    expect(pack.diagnosis.failureClass).toBe('heartbeat_timeout');
    expect(pack.items[0]).toMatchObject({ id: 'audit', title: 'Audit log of the task instance' });
    expect(pack.items[0]!.url).toMatch(/\/tasks\/stream_events\/events$/);
    expect(pack.items[0]!.lines[0]).toMatch(/heartbeat timeout \(try 1\): Task did not emit heartbeat within time limit \(15 seconds\)/);
    // The log stops inside the "Pre Execute" group, never closed: its lines are cited by their own numbers.
    expect(pack.items[1]!.title).toBe('End of the log (4 lines, no failure recorded) — log lines 0–3 of try 1');
    expect(pack.items[1]!.url).toMatch(/\/tasks\/stream_events\?try_number=1#3$/);
  });

  it('dependency: the last successful run ran with another conf', async () => {
    const { pack } = await rigEvidencePack('dependency');
    const last = pack.items.find((i) => i.id === 'last-success')!;
    expect(last.lines).toContain('conf {} (failed run: {"engine":"sklearn_turbo"})');
    expect(last.lines).toContain('Dag version 1 (same as the failed run)');
    expect(last.url).toMatch(/\/runs\/manual__[^/]+\/tasks\/score_model$/);
  });

  it('sigkill: the kill line with its signal, and the task definition when no frame points into the Dag', async () => {
    const { pack } = await rigEvidencePack('sigkill');
    expect(pack.diagnosis.failureClass).toBe('killed_by_signal');
    expect(pack.items[0]!.lines[0]).toMatch(/CRITICAL task: Process terminated by signal\. .* signal=-9 signal_name=SIGKILL$/);
    expect(pack.items.find((i) => i.id === 'source')!.lines).toContain('   24 |         os.kill(os.getpid(), signal.SIGKILL)');
  });
});

describe('the token budget', () => {
  it('keeps the failure and drops the least important items first, naming them', async () => {
    const { pack } = await rigEvidencePack('retries', 600);
    expect(pack.tokens).toBeLessThanOrEqual(600);
    expect(pack.items[0]!.id).toBe('failure');
    expect(pack.omitted.length).toBeGreaterThan(0);
    expect(pack.text).toContain(`Left out to fit the budget: ${pack.omitted.join('; ')}.`);
  });

  it('uses the compact form of an item that does not fit in full', async () => {
    const { pack } = await rigEvidencePack('python-exception', 250);
    expect(pack.tokens).toBeLessThanOrEqual(250);
    expect(pack.text).toContain("ValueError: column 'amount' has 3 nulls");
    expect(pack.text).not.toContain('Traceback (most recent call last');
  });
});

describe('when Airflow refuses parts', () => {
  const target = (name: string) => {
    const args = loadRigFixture(name).arguments as { dag_id: string; run_id: string; task_id: string };
    return { dagId: args.dag_id, runId: args.run_id, taskId: args.task_id };
  };

  it('leaves out what the user may not read and says so', async () => {
    const fixture = loadRigFixture('python-exception');
    const exchanges = fixture.exchanges.map((e) => (e.url.startsWith('api/v2/dagSources/') ? { ...e, status: 403, body: { detail: 'Forbidden' } } : e));
    const pack = await buildEvidencePack(replayClient(exchanges).client, target('python-exception'));
    expect(pack.problems).toEqual(['Dag source: Your Airflow user may not see Dag source code (HTTP 403).']);
    expect(pack.items.some((i) => i.id === 'source')).toBe(false);
    expect(pack.text).toContain('Could not read: Dag source: Your Airflow user may not see Dag source code (HTTP 403).');
    expect(pack.diagnosis.failureClass).toBe('python_exception');
  });

  it('stops on an expired session or a missing task instance', async () => {
    const fixture = loadRigFixture('python-exception');
    const expired = fixture.exchanges.map((e) => (e.url.includes('/logs/') ? { ...e, status: 401, body: { detail: 'Not authenticated' } } : e));
    await expect(buildEvidencePack(replayClient(expired).client, target('python-exception'))).rejects.toMatchObject({ kind: 'unauthenticated' });
    const missing = fixture.exchanges.map((e) => (/taskInstances\/transform$/.test(e.url) ? { ...e, status: 404, body: { detail: 'TaskInstance not found' } } : e));
    const error = await buildEvidencePack(replayClient(missing).client, target('python-exception')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirflowApiError);
    expect(error).toMatchObject({ kind: 'not_found', message: 'Not found in Airflow (HTTP 404): TaskInstance not found' });
  });
});
