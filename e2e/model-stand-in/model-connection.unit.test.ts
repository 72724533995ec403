import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listModels, testModelConnection } from '../../lib/agent/model-connection';
import type { ModelSettings } from '../../lib/storage/items';
import { startAnthropicStandIn, startOpenAIStandIn } from './chat-protocols.ts';
import { failWith, type ModelStandIn } from './server.ts';

describe.each([
  { provider: 'openai' as const, start: startOpenAIStandIn },
  { provider: 'anthropic' as const, start: startAnthropicStandIn },
])('test connection and the model list against the $provider stand-in', ({ provider, start }) => {
  let standIn: ModelStandIn;
  beforeAll(async () => {
    standIn = await start({ models: ['model-a', 'model-b'] });
  });
  afterAll(() => standIn.close());
  beforeEach(() => standIn.reset());
  const settings = (): ModelSettings => ({ provider, model: 'model-a', baseURL: standIn.baseURL, apiKeySet: true });

  it('succeeds with one tiny request', async () => {
    standIn.setScript(() => ({ text: 'OK' }));
    expect(await testModelConnection(settings(), 'key')).toEqual({ ok: true, reply: 'OK' });
    expect(standIn.requests).toHaveLength(1);
  });

  it('says the key was refused, the model is unknown, or nothing answered', async () => {
    standIn.setScript(failWith(401, 'invalid x-api-key'));
    expect(await testModelConnection(settings(), 'bad')).toMatchObject({ ok: false, kind: 'bad_key' });
    standIn.setScript(failWith(404, 'model: model-z'));
    expect(await testModelConnection({ ...settings(), model: 'model-z' }, 'key')).toMatchObject({ ok: false, kind: 'unknown_model', message: expect.stringContaining('"model-z"') });
    standIn.setScript(() => new Promise(() => {}));
    expect(await testModelConnection(settings(), 'key', { timeoutMs: 300 })).toMatchObject({ ok: false, kind: 'no_answer' });
    // A port nobody listens on.
    const closed = { ...settings(), baseURL: 'http://127.0.0.1:9/v1' };
    expect(await testModelConnection(closed, 'key')).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(await testModelConnection(closed, 'key', { hasHostPermission: async () => false })).toMatchObject({ ok: false, kind: 'permission' });
  });

  it('lists the models the endpoint offers', async () => {
    expect(await listModels(settings(), 'key')).toEqual(['model-a', 'model-b']);
  });
});
