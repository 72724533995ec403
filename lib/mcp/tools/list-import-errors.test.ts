import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('list_import_errors', () => {
  it('shows the file and the end of its trace', async () => {
    const { text, data, requests } = await callRecordedTool('list-import-errors');
    expect(requests[0]!.url).toBe('api/v2/importErrors?limit=20&offset=0');
    expect(data.import_errors).toHaveLength(1);
    expect(data.import_errors[0].filename).toBe('fail_import_error.py');
    expect(text).toContain("ModuleNotFoundError: No module named 'company_snowflake_helpers'");
  });
});
