// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatView } from './ChatView';
import { assistantMessage, conversationOf, text, userMessage } from './__fixtures__/messages';

afterEach(cleanup);

const usage = (inputTokens: number, outputTokens: number, estimatedCostUsd: number | null) => ({ provider: 'openai', model: 'gpt-4.1-mini', inputTokens, outputTokens, estimatedCostUsd });

function renderChat(...messages: Parameters<typeof conversationOf>) {
  render(<ChatView conversation={conversationOf(...messages)} busy={false} onAsk={vi.fn()} onStop={vi.fn()} onRetry={vi.fn()} onClear={vi.fn()} />);
}

describe('tokens and cost in the chat', () => {
  it('shows each answer its tokens and cost beside it, and the conversation total', () => {
    renderChat(
      userMessage('Why?'),
      { ...assistantMessage([text('Because.')], { id: 'a1' }), usage: usage(1204, 87, 0.00062) },
      userMessage('And?'),
      { ...assistantMessage([text('So.')], { id: 'a2' }), usage: usage(1500, 13, 0.00062) },
    );
    const lines = screen.getAllByTestId('answer-usage');
    expect(lines.map((line) => line.textContent)).toEqual([
      '1,204 in · 87 out tokens · ~$0.00062 (OpenAI · gpt-4.1-mini)',
      '1,500 in · 13 out tokens · ~$0.00062 (OpenAI · gpt-4.1-mini)',
    ]);
    // The answer's own text stays what the model wrote.
    expect(screen.getAllByTestId('message-assistant')[0]!.textContent).toBe('Because.');
    expect(screen.getByTestId('conversation-usage').textContent).toBe('This conversation: 2,704 in · 100 out tokens · ~$0.0012');
  });

  it('says when a model has no price, and shows nothing while streaming', () => {
    renderChat(userMessage('Why?'), { ...assistantMessage([text('Because.')], { id: 'a1' }), usage: usage(10, 5, null) }, userMessage('And?'), {
      ...assistantMessage([text('Wri')], { status: 'streaming', id: 'a2' }),
      usage: usage(10, 5, null),
    });
    expect(screen.getAllByTestId('answer-usage').map((line) => line.textContent)).toEqual(['10 in · 5 out tokens · no price set (OpenAI · gpt-4.1-mini)']);
    expect(screen.getByTestId('conversation-usage').textContent).toContain('+ unpriced');
  });
});
