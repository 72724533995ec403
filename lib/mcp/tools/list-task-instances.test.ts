import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('list_task_instances', () => {
  it('lists every map index with state, try, duration and operator', async () => {
    const { text, data, requests, fixture } = await callRecordedTool('list-task-instances-mapped');
    const runId = String(fixture.arguments.run_id);
    expect(requests[0]!.url).toBe(`api/v2/dags/fail_mapped/dagRuns/${encodeURIComponent(runId)}/taskInstances?limit=100&offset=0`);
    expect(requests[0]!.url).toContain('%3A'); // run ids hold ':' and '+'
    const states = Object.fromEntries(data.task_instances.map((ti: any) => [`${ti.task_id}[${ti.map_index}]`, ti.state]));
    expect(states).toEqual({
      'summarize[-1]': 'upstream_failed',
      'process_partition[0]': 'success',
      'process_partition[1]': 'failed',
      'process_partition[2]': 'success',
    });
    expect(text).toMatch(/- process_partition\[1\]: failed; try 1; took [\d.]+s; @task/);
  });
});
