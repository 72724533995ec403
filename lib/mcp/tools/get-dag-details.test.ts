import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('get_dag_details', () => {
  it('summarizes owners, tags, schedule, file and paused state', async () => {
    const { text, data, requests, result } = await callRecordedTool('get-dag-details');
    expect(result.isError).toBeFalsy();
    expect(requests[0]!.url).toBe('api/v2/dags/fail_python_exception/details');
    expect(data).toMatchObject({
      dag_id: 'fail_python_exception',
      is_paused: false,
      owners: ['airflow'],
      tags: ['e2e', 'failure'],
      catchup: false,
    });
    expect(data.fileloc).toMatch(/e2e\/dags\/fail_python_exception\.py$/);
    expect(text).toContain('schedule: - (Never, external triggers only)');
  });

  it('turns a missing Dag into an error result with Airflow\'s words', async () => {
    const { result, text } = await callRecordedTool('get-dag-details-404');
    expect(result.isError).toBe(true);
    expect(text).toBe('Not found in Airflow (HTTP 404): The Dag with ID: `no_such_dag` was not found');
  });
});
