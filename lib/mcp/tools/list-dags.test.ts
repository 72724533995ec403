import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('list_dags', () => {
  it('lists a page of Dags with tags, owners and paging hint', async () => {
    const { text, data, requests } = await callRecordedTool('list-dags-e2e');
    expect(requests[0]!.url).toBe('api/v2/dags?tags=e2e&limit=5&offset=0&order_by=dag_id');
    expect(text).toMatch(/^Dags: 5 of 12; next page: offset=5\./);
    expect(text).toContain('- fail_long_log: active; schedule none; tags e2e, failure; owners airflow');
    expect(data.dags).toHaveLength(5);
    expect(data.dags[0]).toMatchObject({ dag_id: 'fail_execution_timeout', is_paused: false, tags: ['e2e', 'failure'] });
  });

  it('filters on a failed last run, as a viewer', async () => {
    const { text, requests } = await callRecordedTool('list-dags-failed-last-run');
    expect(requests[0]!.url).toBe('api/v2/dags?dag_id_pattern=fail&last_dag_run_state=failed&limit=50&offset=0&order_by=dag_id');
    expect(text.split('\n').slice(1).map((line) => line.split(':')[0])).toEqual([
      '- fail_long_log',
      '- fail_mapped',
      '- fail_python_exception',
      '- fail_retries',
    ]);
  });
});
