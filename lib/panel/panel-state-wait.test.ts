import { describe, expect, it } from 'vitest';
import { settledWithin } from './panel-hub';

describe('settledWithin (the panel does not wait for a long triage read)', () => {
  it('gives the value of a read that ends within the grace', async () => {
    expect(await settledWithin(Promise.resolve('card'), 50)).toEqual({ settled: true, value: 'card' });
  });

  it('says a read still running after the grace is not settled, without waiting for it', async () => {
    const started = Date.now();
    const never = new Promise<string>(() => {});
    expect(await settledWithin(never, 30)).toEqual({ settled: false });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('passes a failed read on as a failure (the triage source turns failures into null itself)', async () => {
    await expect(settledWithin(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom');
  });
});
