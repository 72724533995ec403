import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('list_event_logs', () => {
  it('shows who did what to a Dag, newest first', async () => {
    const { text, data, requests } = await callRecordedTool('list-event-logs');
    expect(requests[0]!.url).toBe('api/v2/eventLogs?dag_id=fail_python_exception&limit=10&offset=0&order_by=-when');
    expect(data.event_logs.map((e: any) => e.event)).toEqual(['failed', 'running', 'success', 'running', 'trigger_dag_run']);
    expect(text).toMatch(/trigger_dag_run by admin on fail_python_exception/);
  });
});
