import { describe, expect, it } from 'vitest';
import { connectionSentence } from './model-connection';

describe('connectionSentence', () => {
  it('quotes the reply', () => {
    expect(connectionSentence({ ok: true, reply: 'OK' })).toBe('Connected: the model answered "OK".');
  });

  it('says an empty reply in words instead of quoting nothing', () => {
    expect(connectionSentence({ ok: true, reply: '' })).toBe('Connected: the model answered with an empty reply.');
    expect(connectionSentence({ ok: true, reply: ' \n ' })).toBe('Connected: the model answered with an empty reply.');
  });

  it('keeps a long or multi-line reply to one short line', () => {
    const sentence = connectionSentence({ ok: true, reply: `OK.\n\n${'word '.repeat(40)}` });
    expect(sentence).not.toContain('\n');
    expect(sentence).toMatch(/^Connected: the model answered "OK\. word word .*…"\.$/);
    expect(sentence.length).toBeLessThan(120);
  });

  it('gives a failure its own sentence', () => {
    expect(connectionSentence({ ok: false, kind: 'bad_key', message: 'The provider refused the API key (HTTP 401).' })).toBe('The provider refused the API key (HTTP 401).');
  });
});
