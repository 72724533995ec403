import { describe, expect, it } from 'vitest';
import { neutralizeText } from './neutralize';

const ESC = '\u001b';

describe('neutralizeText', () => {
  it('leaves ordinary text, tabs and line breaks alone (the same string)', () => {
    const text = 'ValueError: column \'amount\' has 3 nulls\n\tat line 3\r\nÜnïcödé ✓ 日本';
    expect(neutralizeText(text)).toBe(text);
  });

  it('drops terminal colour codes and other escape sequences', () => {
    expect(neutralizeText(`${ESC}[31mERROR${ESC}[0m failed`)).toBe('ERROR failed');
    expect(neutralizeText(`${ESC}[1;38;5;196mbold red${ESC}[m`)).toBe('bold red');
    expect(neutralizeText(`${ESC}]0;title${ESC}\\text`)).toBe('text');
    expect(neutralizeText(`${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;\u0007`)).toBe('link');
    expect(neutralizeText(`a${ESC}[2Jb${ESC}[Hc`)).toBe('abc');
    expect(neutralizeText(`\u009b31mx`)).toBe('x');
  });

  it('shows other control characters as visible symbols, never raw', () => {
    expect(neutralizeText('before\u0000after')).toBe('before\u2400after');
    expect(neutralizeText('bell\u0007 back\u0008space del\u007f')).toBe('bell\u2407 back\u2408space del\u2421');
    expect(neutralizeText('c1\u0085x')).toBe('c1\ufffdx');
    expect(neutralizeText(`lone ${ESC}`)).not.toContain(ESC);
  });

  it('shows bidirectional overrides and isolates instead of applying them', () => {
    const trojan = 'access = "user\u202e \u2066// admin\u2069 \u2066"';
    const shown = neutralizeText(trojan);
    expect(shown).toBe('access = "user[U+202E] [U+2066]// admin[U+2069] [U+2066]"');
    expect(shown).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(neutralizeText('a\u200fb\u061cc')).toBe('a[U+200F]b[U+061C]c');
  });

  it('shows a binary line as such, and keeps the text lines around it', () => {
    const binary = Array.from({ length: 64 }, (_, i) => String.fromCharCode(i % 27)).join('').replace(/[\n\t\r]/g, '\u0000');
    const shown = neutralizeText(`start\n${binary}\nend`);
    expect(shown).toBe('start\n[binary data: 64 characters not shown]\nend');
  });

  it('does not take a line with many colour codes for binary', () => {
    const coloured = ['a', 'b', 'c', 'd', 'e', 'f'].map((w) => `${ESC}[3${w.length}m${w}word${ESC}[0m`).join(' ');
    expect(neutralizeText(coloured)).toBe('aword bword cword dword eword fword');
  });

  it('is idempotent', () => {
    const text = `x\u0000${ESC}[31my\u202ez`;
    expect(neutralizeText(neutralizeText(text))).toBe(neutralizeText(text));
  });
});
