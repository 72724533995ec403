import { describe, expect, it } from 'vitest';
import transformLog from './__fixtures__/log-ui/fail_python_exception.transform.json';
import { CURRENT_UI_LOG_DIALECT, noteInstanceVersion, uiLogDialectFor, uiLogDialectOf, uiLogLineNumber } from './ui-log-lines';

describe('uiLogDialectOf', () => {
  it('numbers every event on 3.0 and 3.1, skips group markers from 3.2; only 3.0 opens the groups on a #N link', () => {
    expect(uiLogDialectOf('3.0.6')).toEqual({ numbering: 'every_event', groupsOpenWithHash: true });
    expect(uiLogDialectOf('3.1.8')).toEqual({ numbering: 'every_event', groupsOpenWithHash: false });
    expect(uiLogDialectOf('3.2.2')).toEqual(CURRENT_UI_LOG_DIALECT);
    expect(uiLogDialectOf('3.3.2')).toEqual(CURRENT_UI_LOG_DIALECT);
    expect(uiLogDialectOf(null)).toEqual(CURRENT_UI_LOG_DIALECT);
  });
  it('is remembered per instance once the worker knows its version', () => {
    noteInstanceVersion('http://old.example/', '3.0.6');
    expect(uiLogDialectFor('http://old.example/')).toEqual(uiLogDialectOf('3.0.6'));
    expect(uiLogDialectFor('http://unknown.example/')).toEqual(CURRENT_UI_LOG_DIALECT);
  });
});

describe('the exception of fail_python_exception.transform (API event 9) per version', () => {
  const content = transformLog.content as unknown[];
  it('is #9 on 3.0/3.1 (its index), #5 on 3.2 and 3.3 (markers not numbered)', () => {
    expect((content[9] as { event: string }).event).toBe('Task failed with exception');
    expect(uiLogLineNumber(content, 9, { dialect: uiLogDialectOf('3.0.6') })).toBe(9);
    expect(uiLogLineNumber(content, 9, { dialect: uiLogDialectOf('3.1.8') })).toBe(9);
    expect(uiLogLineNumber(content, 9, { dialect: uiLogDialectOf('3.2.2') })).toBe(5);
    expect(uiLogLineNumber(content, 9)).toBe(5);
  });
  it('a line inside a group links to itself where a hash opens the groups (3.0), not from 3.1 on', () => {
    expect(uiLogLineNumber(content, 4, { dialect: uiLogDialectOf('3.0.6') })).toBe(4);
    expect(uiLogLineNumber(content, 4, { dialect: uiLogDialectOf('3.1.8') })).toBeNull();
    expect(uiLogLineNumber(content, 4, { dialect: uiLogDialectOf('3.2.2') })).toBeNull();
    expect(uiLogLineNumber(content, 4)).toBeNull();
  });
});
