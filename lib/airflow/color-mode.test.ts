// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { readColorMode } from './color-mode';

afterEach(() => {
  document.documentElement.className = '';
  document.documentElement.style.colorScheme = '';
});

describe('readColorMode', () => {
  it('reads the mode next-themes puts on <html>: its class first, then color-scheme', () => {
    expect(readColorMode(document)).toBeNull();
    document.documentElement.className = 'dark';
    expect(readColorMode(document)).toBe('dark');
    document.documentElement.className = 'light';
    expect(readColorMode(document)).toBe('light');
    document.documentElement.className = '';
    document.documentElement.style.colorScheme = 'dark';
    expect(readColorMode(document)).toBe('dark');
  });
});
