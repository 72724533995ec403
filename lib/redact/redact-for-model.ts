import type { ModelMessage } from 'ai';
import { addCounts, type RedactionCounts } from './secret-kinds';
import type { Redactor } from './redactor';

export interface ModelInput {
  system: string;
  messages: ModelMessage[];
}

/**
 * The instructions (with the page context) and the prior turns as the model may read them:
 * every text, and every tool result replayed in them, through the conversation's redactor.
 * Tool results of the current turn are redacted where they are made (`lib/agent/mcp-tools.ts`).
 */
export function redactForModel(redactor: Redactor, input: ModelInput): ModelInput & { counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  const redact = (text: string) => {
    const result = redactor.redact(text);
    addCounts(counts, result.counts);
    return result.text;
  };
  const deep = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(deep);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]));
    return value;
  };
  const system = redact(input.system);
  const messages = input.messages.map((message): ModelMessage => {
    if (typeof message.content === 'string') return { ...message, content: redact(message.content) } as ModelMessage;
    const content = message.content.map((part) => {
      if (part.type === 'text' || part.type === 'reasoning') return { ...part, text: redact(part.text) };
      if (part.type === 'tool-result') return { ...part, output: deep(part.output) as typeof part.output };
      return part;
    });
    return { ...message, content } as ModelMessage;
  });
  return { system, messages, counts };
}
