import { describe, expect, it } from 'vitest';
import { triageLog } from './log-triage';
import { loadRigFixture, rigLogContent } from './testing/rig-fixtures';
import { diffTries } from './try-diff';

describe('diffTries on fail_retries (three real tries)', () => {
  it('says all tries failed the same way, and what each printed that the others did not', async () => {
    const fixture = loadRigFixture('retries');
    const tries = await Promise.all([3, 1, 2].map(async (tryNumber) => ({ tryNumber, triage: await triageLog([rigLogContent(fixture, 'flaky_api_call', tryNumber)]) })));
    const diff = diffTries(tries);
    expect(diff.sameFailure).toBe(true);
    expect(diff.tries.map((t) => [t.tryNumber, t.headline])).toEqual([1, 2, 3].map((n) => [n, `ConnectionError: attempt ${n}: upstream API returned HTTP 503 Service Unavailable`]));
    expect(diff.onlyIn.map((o) => [o.tryNumber, o.lines.map((l) => l.text.replace(/^\S+ /, ''))])).toEqual([
      [1, ['INFO task.stdout: attempt 1: using primary endpoint']],
      [2, ['INFO task.stdout: attempt 2: using secondary endpoint']],
      [3, ['INFO task.stdout: attempt 3: using fallback endpoint']],
    ]);
  });

  it('tells tries that failed differently apart', async () => {
    const timeout = await triageLog([rigLogContent(loadRigFixture('execution-timeout'), 'slow_query', 1)]);
    const error = await triageLog([rigLogContent(loadRigFixture('python-exception'), 'transform', 1)]);
    const diff = diffTries([{ tryNumber: 1, triage: error }, { tryNumber: 2, triage: timeout }]);
    expect(diff.sameFailure).toBe(false);
    expect(diff.tries.map((t) => t.failureClass)).toEqual(['python_exception', 'execution_timeout']);
  });
});
