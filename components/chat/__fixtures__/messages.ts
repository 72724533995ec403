import type { AnswerProblem, ChatMessage, Conversation, MessagePart, ToolStep } from '@/lib/messaging/conversation';

/** Small builders for chat tests, so each test shows only what it is about. */

export const userMessage = (text: string, id = `u-${text}`): ChatMessage => ({
  id,
  role: 'user',
  parts: [{ type: 'text', text }],
  createdAt: 0,
});

export const assistantMessage = (
  parts: MessagePart[],
  extra: { status?: ChatMessage['status']; problem?: AnswerProblem; id?: string } = {},
): ChatMessage => ({
  id: extra.id ?? 'a-1',
  role: 'assistant',
  parts,
  status: extra.status ?? 'done',
  ...(extra.problem ? { problem: extra.problem } : {}),
  createdAt: 0,
});

export const toolStep = (label: string, state: ToolStep['state'], detail?: string): MessagePart => ({
  type: 'tool-step',
  step: { id: `step-${label}`, toolName: 'read_task_log', label, state, ...(detail ? { detail } : {}) },
});

export const text = (value: string): MessagePart => ({ type: 'text', text: value });

export const conversationOf = (...messages: ChatMessage[]): Conversation => ({ id: 'c-1', messages });
