import { describe, expect, it } from 'vitest';
import { callRecordedTool, callTool } from '../testing/call-tool';

describe('get_dag_source', () => {
  it('returns the asked range with line numbers and says how to read on', async () => {
    const { text, data, requests } = await callRecordedTool('get-dag-source');
    expect(requests[0]!.url).toBe('api/v2/dagSources/fail_python_exception');
    expect(text).toContain('45 lines; lines 1-20. Lines 21-45 not shown: call again with from_line=21.');
    expect(text).toContain(`15 |         raise ValueError(f"column 'amount' has {nulls} nulls")`);
    expect(data.lines).toHaveLength(20);
  });

  it('bounds a huge file by characters', async () => {
    const content = Array.from({ length: 400 }, (_, i) => `x = "${'y'.repeat(300)}"  # ${i + 1}`).join('\n');
    const exchanges = [{ method: 'GET' as const, url: 'api/v2/dagSources/big', status: 200, body: { content, dag_id: 'big', version_number: 1 } }];
    const { text, data } = await callTool('get_dag_source', { dag_id: 'big', line_count: 400 }, exchanges);
    expect(text.length).toBeLessThan(31_000);
    expect(data.to_line).toBeLessThan(400);
    expect(text).toContain(`call again with from_line=${data.to_line + 1}`);
  });
});
