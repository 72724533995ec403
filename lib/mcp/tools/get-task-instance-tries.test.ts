import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('get_task_instance_tries', () => {
  it('shows every try of a task that retried', async () => {
    const { text, data, requests } = await callRecordedTool('get-task-instance-tries');
    expect(requests[0]!.url).toMatch(/^api\/v2\/dags\/fail_retries\/dagRuns\/manual__[^/]+\/taskInstances\/flaky_api_call\/tries$/);
    expect(data.tries.map((t: any) => [t.try_number, t.state])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(data.tries[0].hostname).toBeTruthy();
    expect(text).toMatch(/- try 2: failed; started \S+; ended \S+; took [\d.]+s; host \S+/);
  });

  it('uses the map index path for a mapped task instance', async () => {
    const { data, requests } = await callRecordedTool('get-task-instance-tries-mapped');
    expect(requests[0]!.url).toMatch(/\/taskInstances\/process_partition\/1\/tries$/);
    expect(data).toMatchObject({ map_index: 1, tries: [{ try_number: 1, state: 'failed' }] });
  });
});
