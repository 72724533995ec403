import { describe, expect, it } from 'vitest';
import { callRecordedTool, callTool } from '../testing/call-tool';

describe('list_dag_warnings', () => {
  it('reports that there are none', async () => {
    const { text, data, requests } = await callRecordedTool('list-dag-warnings');
    expect(requests[0]!.url).toBe('api/v2/dagWarnings?limit=50&offset=0');
    expect(text).toBe('Dag warnings: 0 of 0.');
    expect(data.dag_warnings).toEqual([]);
  });

  // No Dag of the rig raises a warning; this response has the documented shape, not a recorded one.
  it('lists warnings of one Dag', async () => {
    const body = {
      dag_warnings: [{ dag_id: 'etl', warning_type: 'non-existent pool', message: 'Dag etl references non-existent pools: bigpool', timestamp: '2026-11-25T10:00:00Z' }],
      total_entries: 1,
    };
    const exchanges = [{ method: 'GET' as const, url: 'api/v2/dagWarnings?dag_id=etl&limit=50&offset=0', status: 200, body }];
    const { text } = await callTool('list_dag_warnings', { dag_id: 'etl' }, exchanges);
    expect(text).toContain('- etl [non-existent pool] 2026-11-25T10:00:00Z: Dag etl references non-existent pools: bigpool');
  });
});
