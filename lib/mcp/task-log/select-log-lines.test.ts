import { describe, expect, it } from 'vitest';
import { LOG_LIMITS, formatLogLine, selectLogLines } from './select-log-lines';

const lines = (count: number, text = (i: number) => `line ${i}`) =>
  Array.from({ length: count }, (_, i) => ({ line: text(i + 1), attached: [] as string[] }));

describe('selectLogLines', () => {
  it('numbers lines by their 1-based position in the content list', () => {
    expect(selectLogLines(lines(5), { mode: 'tail', lines: 2 }).lines.map((l) => [l.number, l.line])).toEqual([
      [4, 'line 4'],
      [5, 'line 5'],
    ]);
  });

  it('never returns more than the line limit', () => {
    const picked = selectLogLines(lines(5000), { mode: 'window', fromLine: 1, lines: 10_000 });
    expect(picked.lines).toHaveLength(LOG_LIMITS.maxLines);
  });

  it('merges overlapping search contexts and counts every match', () => {
    const picked = selectLogLines(lines(20, (i) => (i === 5 || i === 7 ? `error ${i}` : `ok ${i}`)), { mode: 'search', pattern: 'ERROR', context: 1 });
    expect(picked.matchCount).toBe(2);
    expect(picked.lines.map((l) => `${l.number}${l.match ? '>' : ''}`)).toEqual(['4', '5>', '6', '7>', '8']);
  });

  it('stops adding matches at the line limit and says where the next one is', () => {
    const picked = selectLogLines(lines(3000, (i) => `hit ${i}`), { mode: 'search', pattern: 'hit', context: 0 });
    expect(picked.lines).toHaveLength(LOG_LIMITS.maxLines);
    expect(picked.notes[0]).toBe(
      'Only the first 400 of 3000 matches are shown; the next match is line 401 (use mode "window" with from_line, or a narrower pattern).',
    );
  });

  it('formats attached lines under their event number', () => {
    expect(formatLogLine({ number: 9, line: 'ERROR task: failed', attached: ['ValueError: x'], match: true })).toBe(
      '9 > ERROR task: failed\n9 + ValueError: x',
    );
  });
});
