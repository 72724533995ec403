import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { PanelToWorkerSchema, WorkerToPanelSchema, onPortMessages, postToPort, refusalMessage } from './panel-port';
import { QUESTION_MAX_CHARS } from './conversation';

function fakePort() {
  const listeners: ((message: unknown) => void)[] = [];
  const posted: unknown[] = [];
  const port = {
    name: 'airflow-assistant/panel',
    onMessage: { addListener: (listener: (message: unknown) => void) => listeners.push(listener) },
    postMessage: (message: unknown) => posted.push(message),
  } as unknown as Browser.runtime.Port;
  return { port, posted, deliver: (message: unknown) => listeners.forEach((listener) => listener(message)) };
}

/** A mock handler for each panel message type. */
function handlerOfEveryType() {
  return {
    'panel/subscribe': vi.fn(),
    'chat/ask': vi.fn(),
    'chat/stop': vi.fn(),
    'chat/retry': vi.fn(),
    'chat/clear': vi.fn(),
    'triage/retry': vi.fn(),
    'panel/open-options': vi.fn(),
    'chat/explain-log': vi.fn(),
    'panel/navigate': vi.fn(),
    'history/open': vi.fn(),
    'history/delete': vi.fn(),
    'handoff/request': vi.fn(),
  };
}

describe('panel port protocol', () => {
  it('dispatches each valid message to the handler of its type', () => {
    const { port, deliver } = fakePort();
    const handlers = handlerOfEveryType();
    onPortMessages(port, PanelToWorkerSchema, handlers);
    deliver({ type: 'chat/ask', text: 'Why did this fail?' });
    deliver({ type: 'chat/stop' });
    expect(handlers['chat/ask']).toHaveBeenCalledWith({ type: 'chat/ask', text: 'Why did this fail?' });
    expect(handlers['chat/stop']).toHaveBeenCalledTimes(1);
    expect(handlers['panel/subscribe']).not.toHaveBeenCalled();
  });

  it('drops messages of unknown types and invalid payloads without calling a handler', () => {
    const { port, deliver } = fakePort();
    const ask = vi.fn();
    const invalid = vi.fn();
    onPortMessages(port, PanelToWorkerSchema, { ...handlerOfEveryType(), 'chat/ask': ask }, invalid);
    deliver({ type: 'chat/ask', text: '   ' });
    deliver({ type: 'chat/ask', text: 'x'.repeat(QUESTION_MAX_CHARS + 1) });
    deliver({ type: 'airflow/trigger-dag', dagId: 'etl' });
    deliver('chat/ask');
    expect(ask).not.toHaveBeenCalled();
    expect(invalid).toHaveBeenCalledTimes(4);
  });

  it('refuses to post a message that breaks the schema', () => {
    const { port, posted } = fakePort();
    expect(() => postToPort(port, WorkerToPanelSchema, { type: 'panel/state', state: { tab: null } } as never)).toThrow();
    expect(posted).toHaveLength(0);
  });
});

describe('refused panel messages', () => {
  it('say why a question was not sent when it is over the limit', () => {
    const text = 'x'.repeat(QUESTION_MAX_CHARS + 1);
    expect(PanelToWorkerSchema.safeParse({ type: 'chat/ask', text }).success).toBe(false);
    expect(PanelToWorkerSchema.safeParse({ type: 'chat/ask', text: 'x'.repeat(QUESTION_MAX_CHARS) }).success).toBe(true);
    expect(refusalMessage({ type: 'chat/ask', text })).toBe('The question was not sent: it is 20,001 characters, and the limit is 20,000.');
    expect(refusalMessage({ type: 'chat/nonsense' })).toContain('did not understand');
  });
  it('reach the panel through the invalid-message callback with the raw message', () => {
    const { port, deliver } = fakePort();
    const refused: unknown[] = [];
    onPortMessages(port, PanelToWorkerSchema, {} as never, (_error, raw) => refused.push(raw));
    deliver({ type: 'chat/ask', text: '' });
    expect(refused).toEqual([{ type: 'chat/ask', text: '' }]);
  });
});
