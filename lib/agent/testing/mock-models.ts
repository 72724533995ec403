import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

/**
 * Mock models for agent tests, in one place (the AI SDK's pattern). Each step is a list of
 * stream parts the model "says"; `calls` records what the agent sent it at each step.
 */
type StreamPart = { type: 'text'; text: string } | { type: 'tool-call'; toolName: string; input: unknown } | { type: 'error'; error: unknown };

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

export function scriptedModel(steps: StreamPart[][]) {
  let step = 0;
  const model = new MockLanguageModelV4({
    doStream: async () => {
      const parts = steps[Math.min(step, steps.length - 1)] ?? [];
      step += 1;
      const chunks: unknown[] = [{ type: 'stream-start', warnings: [] }];
      let toolCalls = 0;
      parts.forEach((part, index) => {
        if (part.type === 'text') {
          const id = `text-${index}`;
          chunks.push({ type: 'text-start', id });
          for (const word of part.text.match(/\S+\s*/g) ?? []) chunks.push({ type: 'text-delta', id, delta: word });
          chunks.push({ type: 'text-end', id });
        } else if (part.type === 'tool-call') {
          toolCalls += 1;
          chunks.push({ type: 'tool-call', toolCallId: `call-${step}-${index}`, toolName: part.toolName, input: JSON.stringify(part.input) });
        } else {
          chunks.push({ type: 'error', error: part.error });
        }
      });
      chunks.push({ type: 'finish', finishReason: { unified: toolCalls > 0 ? 'tool-calls' : 'stop', raw: undefined }, usage });
      return { stream: simulateReadableStream({ chunks: chunks as never[] }) };
    },
  });
  return model;
}
