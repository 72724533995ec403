import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('list_xcom_entries', () => {
  it('lists entries and previews each value', async () => {
    const { text, data, requests } = await callRecordedTool('list-xcom-entries');
    expect(requests[0]!.url).toMatch(/\/taskInstances\/extract\/xcomEntries\?limit=10$/);
    expect(requests[1]!.url).toMatch(/\/taskInstances\/extract\/xcomEntries\/return_value\?map_index=-1$/);
    expect(data.xcom_entries[0]).toMatchObject({ task_id: 'extract', key: 'return_value', map_index: -1 });
    expect(text).toContain('- extract return_value: [{"id":1,"amount":10.5},{"id":2,"amount":21},{"id":3,"amount":null}');
  });
});
