import { describe, expect, it } from 'vitest';
import { evidenceAsText } from './evidence-as-text';

describe('evidence as text, for models without tool calling', () => {
  it('turns prefetched tool results into one user message', () => {
    const messages = evidenceAsText([
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'p1', toolName: 'get_failure_evidence', input: { dag_id: 'etl' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'p1', toolName: 'get_failure_evidence', output: { type: 'text', value: 'ValueError: boom (line 9)' } }] },
    ]);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.role).toBe('user');
    expect(messages[0]!.content).toContain('Result of get_failure_evidence:\nValueError: boom (line 9)');
  });

  it('adds nothing when nothing was prefetched', () => {
    expect(evidenceAsText([])).toEqual([]);
  });
});
