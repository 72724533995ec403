import type { AgentEvent } from './answer-question';
import type { ChatMessage } from '../messaging/conversation';

/** Folds one streamed agent event into the assistant message being written. Pure. */
export function applyAgentEvent(message: ChatMessage, event: AgentEvent): ChatMessage {
  const parts = [...message.parts];
  switch (event.type) {
    case 'text-delta': {
      const last = parts.at(-1);
      if (last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: last.text + event.text };
      else parts.push({ type: 'text', text: event.text });
      break;
    }
    case 'tool-started':
      parts.push({ type: 'tool-step', step: { id: event.id, toolName: event.toolName, label: event.label, state: 'running' } });
      break;
    case 'tool-finished': {
      const index = parts.findIndex((part) => part.type === 'tool-step' && part.step.id === event.id);
      const part = parts[index];
      if (part?.type === 'tool-step') {
        parts[index] = {
          type: 'tool-step',
          step: {
            ...part.step,
            state: event.ok ? 'done' : 'error',
            ...(event.detail ? { detail: event.detail } : {}),
            ...(event.masked ? { masked: event.masked } : {}),
          },
        };
      }
      break;
    }
  }
  return { ...message, parts };
}
