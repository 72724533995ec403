import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readApiKey, removeAllApiKeys, removeApiKey, writeApiKey } from './api-key-store';

describe('api key store', () => {
  it('keeps, replaces and removes the key', async () => {
    expect(await readApiKey()).toBe('');
    await writeApiKey('AIzaSy-first');
    await writeApiKey('AIzaSy-second');
    expect(await readApiKey()).toBe('AIzaSy-second');
    await removeApiKey();
    expect(await readApiKey()).toBe('');
  });

  it('keeps one key per provider, and forgets them all at once', async () => {
    await writeApiKey('AIzaSy-gemini', 'google');
    await writeApiKey('sk-openai', 'openai');
    await writeApiKey('sk-ant-anthropic', 'anthropic');
    expect(await readApiKey('google')).toBe('AIzaSy-gemini');
    expect(await readApiKey('openai')).toBe('sk-openai');
    expect(await readApiKey('anthropic')).toBe('sk-ant-anthropic');
    expect(await readApiKey('azure')).toBe('');
    await removeApiKey('openai');
    expect(await readApiKey('openai')).toBe('');
    expect(await readApiKey('anthropic')).toBe('sk-ant-anthropic');
    await removeAllApiKeys();
    expect(await readApiKey('google')).toBe('');
    expect(await readApiKey('anthropic')).toBe('');
  });
});
