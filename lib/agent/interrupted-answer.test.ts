import { describe, expect, it } from 'vitest';
import { markInterrupted, type ChatMessage, type Conversation } from '../messaging/conversation';
import { scriptedModel } from './testing/mock-models';
import { chatServiceForTest } from './testing/chat-service-fixture';

const question: ChatMessage = { id: 'q', role: 'user', parts: [{ type: 'text', text: 'Why did transform fail?' }], createdAt: 1 };
const cutOff: ChatMessage = {
  id: 'a',
  role: 'assistant',
  status: 'streaming',
  createdAt: 2,
  parts: [
    { type: 'tool-step', step: { id: 't', toolName: 'read_task_log', label: 'Reading the log', state: 'running' } },
    { type: 'text', text: 'The task failed bec' },
  ],
};

/** A worker started fresh over what the stopped one left in storage. */
function newWorker(stored: Record<string, Conversation>, model = scriptedModel([[{ type: 'text', text: 'Because of a ValueError.' }]])) {
  const { chat, saved } = chatServiceForTest(model, { stored });
  return { chat, saved, model };
}

describe('markInterrupted', () => {
  it('turns a streaming answer into a failed one with the interrupted problem, keeping what was written', () => {
    const marked = markInterrupted({ id: 'c', messages: [question, cutOff] });
    expect(marked.messages[0]).toBe(question);
    expect(marked.messages[1]).toMatchObject({ status: 'failed', problem: { kind: 'interrupted' } });
    expect(marked.messages[1]!.parts[0]).toMatchObject({ type: 'tool-step', step: { state: 'error' } });
    expect(marked.messages[1]!.parts[1]).toEqual({ type: 'text', text: 'The task failed bec' });
  });
  it('leaves a conversation with nothing in flight as it is', () => {
    const done = { id: 'c', messages: [question, { ...cutOff, status: 'done' as const }] };
    expect(markInterrupted(done)).toBe(done);
  });
});

describe('an answer cut off by a worker stop', () => {
  it('is marked interrupted in storage on worker start, with no panel open', async () => {
    const { chat, saved } = newWorker({ w1: { id: 'c', messages: [question, cutOff] } });
    await chat.recoverInterrupted(['w1']);
    expect(saved.get('w1')!.messages[1]).toMatchObject({ status: 'failed', problem: { kind: 'interrupted' } });
    expect(chat.isBusy('w1')).toBe(false);
  });

  it('shows as interrupted when a panel loads it, and Retry asks the same question again', async () => {
    const { chat, model } = newWorker({ w1: { id: 'c', messages: [question, cutOff] } });
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({ status: 'failed', problem: { kind: 'interrupted' } });
    await chat.retry('w1', null);
    const messages = (await chat.conversation('w1')).messages;
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ['user', undefined],
      ['assistant', 'done'],
    ]);
    expect(messages[1]!.parts).toEqual([{ type: 'text', text: 'Because of a ValueError.' }]);
    expect(JSON.stringify(model.doStreamCalls[0]!.prompt)).toContain('Why did transform fail?');
  });

  it('never touches an answer this worker is still writing', async () => {
    const { chat } = newWorker({});
    const answer = chat.ask('w1', 'Why?', null);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({ status: 'streaming' });
    await chat.recoverInterrupted(['w1']);
    await answer;
    expect((await chat.conversation('w1')).messages[1]).toMatchObject({ status: 'done' });
  });

  it('lists the conversations with an answer being written', async () => {
    const { chat } = newWorker({});
    const answer = chat.ask('w1', 'Why?', null);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(chat.runningKeys()).toEqual(['w1']);
    await answer;
    expect(chat.runningKeys()).toEqual([]);
  });
});
