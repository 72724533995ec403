import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../logs';
import { budgetedPrefetch, evidenceAllowance, fitToolText, MIN_PACK_TOKENS, prefetchResultLimit, RESULT_OVERHEAD_TOKENS } from './token-budget';

const log = Array.from({ length: 400 }, (_, i) => `[2026-11-30T07:00:${String(i % 60).padStart(2, '0')}Z] INFO - row batch ${i} processed without a problem`);
log.push("ValueError: column 'amount' has 3 nulls");

describe('fitToolText', () => {
  it('leaves the text unchanged without a budget or within it', () => {
    const text = log.join('\n');
    expect(fitToolText(text, null)).toEqual({ text, linesLeftOut: 0 });
    expect(fitToolText(text, estimateTokens(text))).toEqual({ text, linesLeftOut: 0 });
  });

  it('shortens a long result to the budget, keeping its first and last lines and saying how many lines were left out', () => {
    const text = log.join('\n');
    const fitted = fitToolText(text, 600);
    expect(estimateTokens(fitted.text)).toBeLessThanOrEqual(600);
    expect(fitted.linesLeftOut).toBeGreaterThan(300);
    const lines = fitted.text.split('\n');
    expect(lines[0]).toBe(log[0]);
    expect(lines.at(-1)).toBe("ValueError: column 'amount' has 3 nulls");
    expect(fitted.text).toContain(`[… ${fitted.linesLeftOut} lines left out to fit the token budget]`);
    expect(lines.length - 1 + fitted.linesLeftOut).toBe(log.length);
    // Deterministic: the same text and budget give the same result.
    expect(fitToolText(text, 600)).toEqual(fitted);
  });

  it('never cuts below the least that says anything, and cuts a single over-long line', () => {
    const fitted = fitToolText(log.join('\n'), 10);
    expect(estimateTokens(fitted.text)).toBeLessThanOrEqual(200);
    expect(fitted.text).toContain('lines left out to fit the token budget]');
    const oneLine = 'x'.repeat(10_000);
    const cut = fitToolText(oneLine, 300);
    expect(estimateTokens(cut.text)).toBeLessThanOrEqual(300);
    expect(cut.text.startsWith('xxxx')).toBe(true);
  });
});

describe('the evidence allowance', () => {
  it('is nothing to fit without a budget', () => {
    expect(evidenceAllowance(null, 1200, 1)).toEqual({ tokens: null, perPrefetch: null });
    const prefetch = [{ toolName: 'get_failure_evidence', args: { dag_id: 'd', run_id: 'r' } }];
    expect(budgetedPrefetch(prefetch, null)).toEqual(prefetch);
  });

  it('gives the evidence what the system prompt and the conversation leave, shared among the prefetch calls', () => {
    expect(evidenceAllowance(4000, 1200, 1)).toEqual({ tokens: 2800, perPrefetch: 2800 - RESULT_OVERHEAD_TOKENS });
    expect(evidenceAllowance(4000, 1200, 2)).toEqual({ tokens: 2800, perPrefetch: 1400 - RESULT_OVERHEAD_TOKENS });
    expect(evidenceAllowance(1000, 1200, 1)).toEqual({ tokens: 0, perPrefetch: 0 });
  });

  it('sizes the evidence pack with its own budget, never below its minimum', () => {
    const pack = { toolName: 'get_failure_evidence', args: { dag_id: 'd', run_id: 'r' } };
    const log = { toolName: 'read_task_log', args: { dag_id: 'd' } };
    expect(budgetedPrefetch([pack, log], 1800)).toEqual([{ ...pack, args: { ...pack.args, max_tokens: 1800 } }, log]);
    expect(budgetedPrefetch([pack], 120)[0]!.args.max_tokens).toBe(MIN_PACK_TOKENS);
    expect(budgetedPrefetch([pack], 50_000)[0]!.args.max_tokens).toBe(8000);
    // The pack is not cut again by lines; another result is cut to its share.
    expect(prefetchResultLimit(pack, 120)).toBeGreaterThanOrEqual(MIN_PACK_TOKENS);
    expect(prefetchResultLimit(log, 120)).toBe(120);
    expect(prefetchResultLimit(log, null)).toBeNull();
  });
});
