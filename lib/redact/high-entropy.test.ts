import { describe, expect, it } from 'vitest';
import { looksRandom } from './high-entropy';

// A seeded generator keeps the recall figures below the same on every run.
function seededRandom(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOWER_AND_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function recall(length: number, alphabet: string, samples = 2000): number {
  const random = seededRandom(length * 7919 + alphabet.length);
  let hits = 0;
  for (let i = 0; i < samples; i++) {
    const token = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    if (looksRandom(token)) hits++;
  }
  return hits / samples;
}

describe('looksRandom', () => {
  it('catches random base64 of secret lengths (AWS secrets are 40, Fernet keys 44)', () => {
    expect(recall(24, BASE64)).toBeGreaterThan(0.95);
    expect(recall(40, BASE64)).toBeGreaterThan(0.99);
    expect(recall(64, BASE64)).toBeGreaterThan(0.99);
  });

  it('catches long random lower-case strings, but not short ones (too many ids look like them)', () => {
    expect(recall(40, LOWER_AND_DIGITS)).toBeGreaterThan(0.9);
    expect(recall(24, LOWER_AND_DIGITS)).toBe(0);
  });

  it.each([
    'fail_python_exception',
    'AirflowTaskTimeout2024Error',
    'KubernetesPodOperator_12',
    'fail-python-exception-transform-7d9c8b5f4-x2l9q',
    '9c8e1b7d4a6f0e5c2b8d9a1f4e7c3b6a0d2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b',
    '01a2128b-c9bc-7b4f-8b48-f2aa509c3279',
    'manual__2026-11-25T11',
    'wheels/3f/2a/9c8e1b7d4a6f0e5c2b8d9a1f4e7c3b6a0d2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b/pendulum-3',
    'aGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0IG9mIGJhc2U2NA==',
  ])('keeps %s', (token) => {
    expect(looksRandom(token)).toBe(false);
  });
});
