import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('list_dag_runs', () => {
  it('asks for failed runs newest first and shows state, type and duration', async () => {
    const { text, data, requests, fixture } = await callRecordedTool('list-dag-runs');
    expect(requests[0]!.url).toBe('api/v2/dags/fail_python_exception/dagRuns?state=failed&limit=5&offset=0&order_by=-run_after');
    expect(data.dag_runs).toHaveLength(1);
    const run = data.dag_runs[0];
    expect(run).toMatchObject({ state: 'failed', run_type: 'manual' });
    expect(run.run_id).toMatch(/^manual__/);
    expect(text).toContain(`- ${run.run_id}: failed (manual)`);
    expect(fixture.source).toMatch(/^real Airflow 3\.3\.2/);
  });
});
