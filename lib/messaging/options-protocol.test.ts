import { describe, expect, it } from 'vitest';
import { optionsAllowedSenders, optionsRequestSchemas } from './options-protocol';

describe('the options protocol', () => {
  it('takes every request from extension pages only, never from a content script', () => {
    expect(Object.keys(optionsAllowedSenders).sort()).toEqual(Object.keys(optionsRequestSchemas).sort());
    for (const senders of Object.values(optionsAllowedSenders)) expect(senders).toEqual(['extension_page']);
  });

  it('never carries an API key back to the page: no answer has a field for one', () => {
    const answers = Object.values(optionsRequestSchemas).map(({ result }) => JSON.stringify(result._zod.def, (_key, value) => (typeof value === 'function' ? undefined : value)));
    for (const answer of answers) expect(answer).not.toMatch(/"apiKey"/);
  });

  it('refuses what the form could not have sent: an unknown provider, a negative price', () => {
    const save = optionsRequestSchemas.saveModelSettings.data;
    expect(save.safeParse({ provider: 'google', model: 'm', baseURL: '', apiKey: 'k', noToolCalling: false }).success).toBe(true);
    expect(save.safeParse({ provider: 'other', model: 'm', baseURL: '', apiKey: 'k', noToolCalling: false }).success).toBe(false);
    expect(optionsRequestSchemas.setModelPrice.data.safeParse({ model: 'm', price: { inputPerMillion: -1, outputPerMillion: 1 } }).success).toBe(false);
  });
});
