import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_TIMEOUTS, logReadTimeoutMs, readTimeouts, timeoutsItem, updateTimeouts } from './items';

describe('the timeouts, one setting', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the defaults when nothing is stored, and a log read limit of 120 s', async () => {
    expect(await readTimeouts()).toEqual(DEFAULT_TIMEOUTS);
    expect(await logReadTimeoutMs()).toBe(120_000);
  });

  it('fills in the log read limit of a value stored before it joined the timeouts', async () => {
    await fakeBrowser.storage.local.set({ timeouts: { airflowReadMs: 5000, modelSilenceMs: 30_000 } });
    expect(await readTimeouts()).toEqual({ airflowReadMs: 5000, logReadMs: 120_000, modelSilenceMs: 30_000 });
  });

  it('moves a log read limit stored under the old key (seconds) into the timeouts, once', async () => {
    await fakeBrowser.storage.local.set({ timeouts: { airflowReadMs: 5000, modelSilenceMs: 30_000 }, logReadTimeoutSeconds: 3 });
    expect(await logReadTimeoutMs()).toBe(3000);
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored.logReadTimeoutSeconds).toBeUndefined();
    expect(stored.timeouts).toEqual({ airflowReadMs: 5000, logReadMs: 3000, modelSilenceMs: 30_000 });
    expect(await readTimeouts()).toEqual({ airflowReadMs: 5000, logReadMs: 3000, modelSilenceMs: 30_000 });
  });

  it('counts a log read limit that is not a positive number as the default, as before', async () => {
    await fakeBrowser.storage.local.set({ logReadTimeoutSeconds: 0 });
    expect(await logReadTimeoutMs()).toBe(120_000);
    await timeoutsItem.setValue({ ...DEFAULT_TIMEOUTS, logReadMs: -1 });
    expect(await logReadTimeoutMs()).toBe(120_000);
  });

  it('changes the limits the options page shows without losing the log read limit', async () => {
    await fakeBrowser.storage.local.set({ logReadTimeoutSeconds: 300 });
    await updateTimeouts({ airflowReadMs: 2000, modelSilenceMs: 90_000 });
    expect(await readTimeouts()).toEqual({ airflowReadMs: 2000, logReadMs: 300_000, modelSilenceMs: 90_000 });
  });
});
