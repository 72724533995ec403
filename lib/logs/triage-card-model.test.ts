import { describe, expect, it } from 'vitest';
import { triageCardModel } from './triage-card-model';
import { rigEvidencePack } from './testing/rig-evidence-pack';

describe('triageCardModel (real packs)', () => {
  it('python exception: what failed, the class, the failing line with its exception and link', async () => {
    const card = triageCardModel((await rigEvidencePack('python-exception')).pack);
    expect(card).toMatchObject({ title: 'transform failed', failureClass: 'python_exception', classLabel: 'Python exception', signals: [], headline: "ValueError: column 'amount' has 3 nulls" });
    expect(card.keyLines).toEqual([
      { label: 'line 5 · try 1', url: expect.stringMatching(/\/tasks\/transform\?try_number=1#5$/), text: expect.stringMatching(/ERROR task: Task failed with exception$/), exception: "ValueError: column 'amount' has 3 nulls" },
    ]);
    expect(card.links.map((l) => l.label)).toEqual(['Task transform', 'Dag code']);
  });

  it('long log: the failure and the buried first sign of it', async () => {
    const card = triageCardModel((await rigEvidencePack('long-log')).pack);
    expect(card.keyLines.map((l) => l.label)).toEqual(['line 60005 · try 1', 'line 30004 · try 1']);
    expect(card.keyLines[1]!.exception).toBe('RuntimeError: checksum mismatch in partition 2024-06-01');
  });

  it('upstream_failed: the upstream task\'s failing line', async () => {
    const card = triageCardModel((await rigEvidencePack('upstream-failed')).pack);
    expect(card.title).toBe('publish: upstream failed');
    expect(card.keyLines[0]).toMatchObject({ label: 'check_source line 5 · try 1', exception: 'FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found' });
  });

  it('heartbeat timeout: the audit event, and where the log stops', async () => {
    const card = triageCardModel((await rigEvidencePack('heartbeat-timeout')).pack);
    expect(card.classLabel).toBe('Heartbeat lost (zombie task)');
    // The last line, folded in the never-closed "Pre Execute" group, cited by its own number.
    expect(card.keyLines.map((l) => l.label)).toEqual(['audit log', 'line 3 · try 1']);
    expect(card.keyLines[1]!.text).toMatch(/Worker startup parse complete/);
  });

  it('retries: the extra signal in words', async () => {
    expect(triageCardModel((await rigEvidencePack('retries')).pack).signals).toEqual(['retries exhausted']);
  });
});
