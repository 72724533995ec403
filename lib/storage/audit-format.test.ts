import { describe, expect, it } from 'vitest';
import { auditRow, formatArguments, formatAuditTime, formatBytes, visibleAuditEntries } from './audit-format';
import type { AuditEntry } from './audit-log';

const usd = (n: number) => `$${n.toFixed(4)}`;
const tool: AuditEntry = {
  kind: 'tool_call',
  time: '2026-11-30T08:53:36.123Z',
  instanceUrl: 'http://127.0.0.1:8080/',
  tool: 'read_task_log',
  arguments: { dag_id: 'etl', try_number: 2, pattern: 'Error\n  at', extra: { a: [1, 2] } },
  ok: true,
  resultBytes: 2345,
};
const model: AuditEntry = {
  kind: 'model_request',
  time: '2026-11-30T08:53:40.000Z',
  instanceUrl: null,
  provider: 'google.generative-ai',
  model: 'gemini-2.5-flash',
  inputTokens: 1204,
  outputTokens: 88,
  requestBytes: 5120,
  estimatedCostUsd: 0.0004,
  redactions: { password: 2 },
};

describe('audit trail formatting', () => {
  it('writes a time on one short line', () => {
    expect(formatAuditTime(tool.time, { locale: 'en-US', timeZone: 'UTC' })).toBe('Nov 30, 08:53:36');
    expect(formatAuditTime('not a time')).toBe('not a time');
  });

  it('writes sizes in B, kB and MB, and nothing for an unknown size', () => {
    expect(formatBytes(532)).toBe('532 B');
    expect(formatBytes(2345)).toBe('2.3 kB');
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(formatBytes(null)).toBeNull();
  });

  it('writes arguments as name/value pairs on one line each, long values shortened', () => {
    expect(formatArguments(tool.kind === 'tool_call' ? tool.arguments : {})).toEqual([
      { name: 'dag_id', value: 'etl' },
      { name: 'try_number', value: '2' },
      { name: 'pattern', value: 'Error at' },
      { name: 'extra', value: '{"a":[1,2]}' },
    ]);
    const [long] = formatArguments({ q: 'x'.repeat(200) });
    expect(long!.value).toHaveLength(80);
    expect(long!.value.endsWith('…')).toBe(true);
  });

  it('gives a tool call its outcome and size, and a model request its tokens, size and cost', () => {
    expect(auditRow(tool, usd)).toMatchObject({ what: 'read_task_log', summary: 'ok, 2.3 kB read', failed: false, masked: null });
    expect(auditRow({ ...tool, ok: false }, usd)).toMatchObject({ summary: 'error, 2.3 kB read', failed: true });
    expect(auditRow(model, usd)).toEqual({
      what: 'google.generative-ai · gemini-2.5-flash',
      args: [],
      summary: '1,204 in / 88 out tokens, 5.1 kB sent, ~$0.0004',
      failed: false,
      masked: 'masked password ×2',
    });
    expect(auditRow({ ...model, inputTokens: null, outputTokens: null, requestBytes: null, estimatedCostUsd: null }, usd).summary).toBe('tokens not reported');
  });

  it('shows the newest first, of one kind when filtered', () => {
    const entries = [tool, model, { ...tool, tool: 'list_dags' }];
    expect(visibleAuditEntries(entries, 'all').map((e) => e.kind)).toEqual(['tool_call', 'model_request', 'tool_call']);
    expect(visibleAuditEntries(entries, 'tool_call').map((e) => (e.kind === 'tool_call' ? e.tool : ''))).toEqual(['list_dags', 'read_task_log']);
    expect(visibleAuditEntries(entries, 'model_request')).toEqual([model]);
    expect(visibleAuditEntries(entries, 'all', 1)).toHaveLength(1);
  });
});
