import type { ModelMessage } from 'ai';

/**
 * For a model that cannot call tools: the prefetched evidence (given to other models as their own
 * earlier tool calls) as one plain user message, since such models, or their servers, may refuse
 * tool messages. The tool outputs are already redacted and fenced (prefetch-evidence.ts).
 */
export function evidenceAsText(messages: ModelMessage[]): ModelMessage[] {
  const sections: string[] = [];
  for (const message of messages) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type !== 'tool-result') continue;
      const output = part.output;
      const value = output.type === 'text' || output.type === 'error-text' ? output.value : JSON.stringify('value' in output ? output.value : output);
      sections.push(`Result of ${part.toolName}:\n${value}`);
    }
  }
  if (sections.length === 0) return [];
  return [{ role: 'user', content: `Evidence gathered from Airflow before this question (you cannot call tools; answer from it):\n\n${sections.join('\n\n')}` }];
}
