import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readApiKey, removeApiKey, writeApiKey } from './api-key-store';

describe('api key store', () => {
  it('keeps, replaces and removes the key', async () => {
    expect(await readApiKey()).toBe('');
    await writeApiKey('AIzaSy-first');
    await writeApiKey('AIzaSy-second');
    expect(await readApiKey()).toBe('AIzaSy-second');
    await removeApiKey();
    expect(await readApiKey()).toBe('');
  });
});
