import { describe, expect, it } from 'vitest';
import { loadRigFixture } from '../../logs/testing/rig-fixtures';
import { callTool } from '../testing/call-tool';
import { loadFixture } from '../../airflow/testing/replay-fixture';

// Recorded real Airflow 3.3.2 responses: lib/logs/__fixtures__/rig (bench/rig/record-fixtures.ts).
// The pack reads in parallel, so requests are compared as a set, not in order.
async function callRecorded(name: string) {
  const fixture = loadRigFixture(name);
  const call = await callTool('get_failure_evidence', fixture.arguments, fixture.exchanges, fixture.user === 'none' ? null : 'test-token');
  expect(call.requests.map((r) => r.url).sort()).toEqual(fixture.exchanges.map((e) => e.url).sort());
  for (const request of call.requests) expect(request.method).toBe('GET');
  return { fixture, ...call };
}

describe('get_failure_evidence (recorded)', () => {
  it('returns the evidence pack as text, and the same facts as data', async () => {
    const { text, data, result } = await callRecorded('python-exception');
    expect(result.isError).toBeFalsy();
    expect(text).toMatch(/^Evidence pack for task `transform` of Dag `fail_python_exception`, run `manual__[^`]+`, try 1\./);
    expect(text).toContain("Diagnosis: `transform` failed on try 1 of 1: Python exception — ValueError: column 'amount' has 3 nulls");
    expect(data).toMatchObject({ dag_id: 'fail_python_exception', task_id: 'transform', map_index: -1, try_number: 1, failure_class: 'python_exception', signals: [], problems: [] });
    expect(data.items[0]).toMatchObject({ id: 'failure', title: 'Failure — log line 5 of try 1', log_line: { tryNumber: 1, index: 9, uiLine: 5 } });
    expect(data.items[0].url).toMatch(/^http:\/\/airflow\.test\/airflow\/dags\/fail_python_exception\/runs\/.+\/tasks\/transform\?try_number=1#5$/);
    expect(data.tokens).toBeLessThanOrEqual(3000);
  });

  it('reads the latest try by default, or the try asked for', async () => {
    const latest = await callRecorded('retries');
    expect(latest.data).toMatchObject({ try_number: 3, signals: ['retries_exhausted'] });
    const first = await callRecorded('retries-try-1');
    expect(first.data.try_number).toBe(1);
    expect(first.text).toContain('ConnectionError: attempt 1: upstream API returned HTTP 503 Service Unavailable');
  });

  it('diagnoses a task that never ran from its failed upstream task', async () => {
    const { data } = await callRecorded('upstream-failed');
    expect(data.failure_class).toBe('upstream_failed');
    expect(data.items[0].url).toMatch(/\/tasks\/check_source\?try_number=1#5$/);
  });

  it('diagnoses the run\'s first failed task when no task is named', async () => {
    const { data, text, requests } = await callRecorded('run-level');
    expect(requests[0]!.url).toMatch(/^api\/v2\/dags\/fail_upstream_chain\/dagRuns\/[^/]+\/taskInstances\?state=failed&limit=100$/);
    expect(data).toMatchObject({ task_id: 'check_source', failure_class: 'python_exception' });
    expect(text).toContain("Chosen as the run's first failed task instance.");
  });

  it('works for a viewer', async () => {
    const { data } = await callRecorded('python-exception-viewer');
    expect(data.failure_class).toBe('python_exception');
  });

  it('keeps to a smaller budget when asked', async () => {
    const fixture = loadRigFixture('long-log');
    const { data } = await callTool('get_failure_evidence', { ...fixture.arguments, max_tokens: 500 }, fixture.exchanges);
    expect(data.tokens).toBeLessThanOrEqual(500);
    expect(data.items[0].id).toBe('failure');
  });

  it('turns a missing task instance into an error result', async () => {
    // The real 404 body of a missing task instance (lib/mcp/__fixtures__/read-task-log-404.json).
    const notFound = loadFixture('read-task-log-404').exchanges[0]!;
    const fixture = loadRigFixture('python-exception');
    const exchanges = fixture.exchanges.map((e) => (/taskInstances\/transform$/.test(e.url) ? { ...e, status: notFound.status, body: notFound.body } : e));
    const { result, text } = await callTool('get_failure_evidence', fixture.arguments, exchanges);
    expect(result.isError).toBe(true);
    expect(text).toBe('Not found in Airflow (HTTP 404): TaskInstance not found');
  });
});
