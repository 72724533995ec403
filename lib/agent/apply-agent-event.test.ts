import { describe, expect, it } from 'vitest';
import { applyAgentEvent } from './apply-agent-event';
import type { ChatMessage } from '../messaging/conversation';

const empty: ChatMessage = { id: 'a1', role: 'assistant', parts: [], status: 'streaming', createdAt: 0 };

describe('applyAgentEvent', () => {
  it('joins text deltas and keeps tool steps in order', () => {
    let message = applyAgentEvent(empty, { type: 'tool-started', id: 't1', toolName: 'read_task_log', label: 'Reading the log of `transform`, try 1' });
    message = applyAgentEvent(message, { type: 'tool-finished', id: 't1', ok: true });
    message = applyAgentEvent(message, { type: 'text-delta', text: 'The task ' });
    message = applyAgentEvent(message, { type: 'text-delta', text: 'failed.' });
    expect(message.parts).toEqual([
      { type: 'tool-step', step: { id: 't1', toolName: 'read_task_log', label: 'Reading the log of `transform`, try 1', state: 'done' } },
      { type: 'text', text: 'The task failed.' },
    ]);
  });
  it('marks a failed tool step with its sentence', () => {
    let message = applyAgentEvent(empty, { type: 'tool-started', id: 't1', toolName: 'list_dags', label: 'Listing Dags' });
    message = applyAgentEvent(message, { type: 'tool-finished', id: 't1', ok: false, detail: 'Your Airflow user may not see connections (HTTP 403).' });
    expect(message.parts[0]).toMatchObject({ step: { state: 'error', detail: 'Your Airflow user may not see connections (HTTP 403).' } });
  });
});
