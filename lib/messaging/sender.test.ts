import { describe, expect, it } from 'vitest';
import { classifySender } from './sender';

const extension = { id: 'abc', origin: 'chrome-extension://abc' };
const enabled = (origin: string) => origin === 'http://127.0.0.1:28080';
const tab = { id: 3, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1 } as never;

describe('classifySender', () => {
  it('trusts the extension pages', () => {
    expect(classifySender({ id: 'abc', url: 'chrome-extension://abc/sidepanel.html' }, extension, enabled)).toBe('extension_page');
  });
  it('trusts content scripts on enabled Airflow origins only', () => {
    expect(classifySender({ id: 'abc', url: 'http://127.0.0.1:28080/dags', tab }, extension, enabled)).toBe('content_script');
    expect(classifySender({ id: 'abc', url: 'http://evil.example/dags', tab }, extension, enabled)).toBeNull();
  });
  it('rejects other extensions and senders without a URL', () => {
    expect(classifySender({ id: 'other', url: 'chrome-extension://abc/sidepanel.html' }, extension, enabled)).toBeNull();
    expect(classifySender({ id: 'abc' }, extension, enabled)).toBeNull();
  });
});
