// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatView, type ChatViewProps } from './ChatView';
import { assistantMessage, conversationOf, text, toolStep, userMessage } from './__fixtures__/messages';

afterEach(cleanup);

function renderChat(props: Partial<ChatViewProps> = {}) {
  const callbacks = { onAsk: vi.fn(), onStop: vi.fn(), onRetry: vi.fn(), onClear: vi.fn() };
  const view = render(<ChatView conversation={conversationOf()} busy={false} {...callbacks} {...props} />);
  return { ...callbacks, ...view };
}

const input = () => screen.getByTestId('chat-input') as HTMLTextAreaElement;

describe('ChatView composer', () => {
  it('sends with Enter, trims the question and clears the input', () => {
    const { onAsk } = renderChat();
    fireEvent.change(input(), { target: { value: '  Why did it fail?  ' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(onAsk).toHaveBeenCalledExactlyOnceWith('Why did it fail?');
    expect(input().value).toBe('');
  });

  it('does not send with Shift+Enter', () => {
    const { onAsk } = renderChat();
    fireEvent.change(input(), { target: { value: 'line one' } });
    fireEvent.keyDown(input(), { key: 'Enter', shiftKey: true });
    expect(onAsk).not.toHaveBeenCalled();
    expect(input().value).toBe('line one');
  });

  it('sends with the Send button and never sends an empty question', () => {
    const { onAsk } = renderChat();
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(screen.getByTestId('chat-send')).toHaveProperty('disabled', true);
    fireEvent.change(input(), { target: { value: 'Hello' } });
    fireEvent.click(screen.getByTestId('chat-send'));
    expect(onAsk).toHaveBeenCalledExactlyOnceWith('Hello');
  });

  it('shows Stop only while busy, and does not send then', () => {
    const { onStop, onAsk, rerender } = renderChat();
    expect(screen.queryByTestId('chat-stop')).toBeNull();

    const props = { onAsk, onStop, onRetry: vi.fn(), onClear: vi.fn() };
    rerender(<ChatView conversation={conversationOf()} busy {...props} />);
    fireEvent.click(screen.getByTestId('chat-stop'));
    expect(onStop).toHaveBeenCalledOnce();
    fireEvent.change(input(), { target: { value: 'next' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(onAsk).not.toHaveBeenCalled();
    expect(input().value).toBe('next');
  });

  it('is disabled with the reason shown', () => {
    renderChat({ disabledReason: 'Open a page of your Airflow instance to ask about it.' });
    expect(input().disabled).toBe(true);
    expect(screen.getByTestId('chat-disabled-reason').textContent).toBe(
      'Open a page of your Airflow instance to ask about it.',
    );
    expect(input().getAttribute('aria-describedby')).toBe(screen.getByTestId('chat-disabled-reason').id);
  });
});

describe('ChatView suggestions and clearing', () => {
  it('asks a suggestion when clicked', () => {
    const { onAsk } = renderChat({ suggestions: ['Why did this task fail?', 'Summarize the log'] });
    const buttons = screen.getAllByTestId('suggestion');
    expect(buttons.map((button) => button.textContent)).toEqual(['Why did this task fail?', 'Summarize the log']);
    fireEvent.click(buttons[1]!);
    expect(onAsk).toHaveBeenCalledExactlyOnceWith('Summarize the log');
  });

  it('hides suggestions while busy and disables them when asking is not possible', () => {
    const { rerender, ...props } = renderChat({ suggestions: ['Why?'], busy: true });
    expect(screen.queryByTestId('suggestion')).toBeNull();
    rerender(<ChatView conversation={conversationOf()} busy={false} suggestions={['Why?']} disabledReason="No page" {...props} />);
    expect(screen.getByTestId('suggestion')).toHaveProperty('disabled', true);
  });

  it('folds away a suggestion already asked in the conversation', () => {
    renderChat({
      suggestions: ['Why did this task fail?', 'Will a retry help?'],
      conversation: conversationOf(userMessage('Why did this task fail?'), assistantMessage([text('A KeyError.')])),
    });
    expect(screen.getAllByTestId('suggestion').map((button) => button.textContent)).toEqual(['Will a retry help?']);
  });

  it('starts a new conversation', () => {
    const { onClear } = renderChat({ conversation: conversationOf(userMessage('hi')) });
    fireEvent.click(screen.getByTestId('chat-clear'));
    expect(onClear).toHaveBeenCalledOnce();
  });
});

describe('ChatView keyboard', () => {
  it('puts the keyboard in the composer when the panel opens', () => {
    renderChat();
    expect(document.activeElement).toBe(input());
  });

  it('keeps the keyboard in the panel after a suggestion and after Stop (their buttons go away)', () => {
    const { onAsk, onStop, rerender } = renderChat({ suggestions: ['Why?'] });
    const suggestion = screen.getByTestId('suggestion');
    suggestion.focus();
    fireEvent.click(suggestion);
    expect(onAsk).toHaveBeenCalledExactlyOnceWith('Why?');
    expect(document.activeElement).toBe(input());

    rerender(<ChatView conversation={conversationOf(userMessage('Why?'))} busy onAsk={onAsk} onStop={onStop} onRetry={vi.fn()} onClear={vi.fn()} />);
    const stop = screen.getByTestId('chat-stop');
    stop.focus();
    fireEvent.click(stop);
    expect(onStop).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(input());
  });
});

describe('ChatView messages', () => {
  it('shows questions and answers in order', () => {
    renderChat({
      conversation: conversationOf(
        userMessage('Why did transform fail?'),
        assistantMessage([toolStep('Reading the log of `transform`, try 1', 'done'), text('A **KeyError**.')]),
      ),
    });
    expect(screen.getByTestId('message-user').textContent).toBe('Why did transform fail?');
    const answer = screen.getByTestId('message-assistant');
    expect(answer.querySelector('strong')?.textContent).toBe('KeyError');
    expect(screen.getByTestId('tool-step').textContent).toContain('Reading the log of transform, try 1');
  });

  it('offers Retry on the latest answer only, and not while busy', () => {
    const failed = (id: string) =>
      assistantMessage([], { id, status: 'failed', problem: { kind: 'model_error', message: 'Overloaded', retryable: true } });
    const conversation = conversationOf(userMessage('one'), failed('a-1'), userMessage('two'), failed('a-2'));
    const { onRetry, rerender, ...props } = renderChat({ conversation });
    const retries = screen.getAllByTestId('problem-retry');
    expect(retries).toHaveLength(1);
    expect(screen.getAllByTestId('problem-model_error')[1]!.contains(retries[0]!)).toBe(true);
    fireEvent.click(retries[0]!);
    expect(onRetry).toHaveBeenCalledOnce();

    rerender(<ChatView {...props} onRetry={onRetry} conversation={conversation} busy />);
    expect(screen.queryByTestId('problem-retry')).toBeNull();
  });

  it('scrolls to the bottom as an answer streams', () => {
    const streaming = (answer: string) =>
      conversationOf(userMessage('q'), assistantMessage([text(answer)], { status: 'streaming' }));
    const { rerender, onAsk, onStop, onRetry, onClear, container } = renderChat({ conversation: streaming('a'), busy: true });
    const list = container.querySelector('.chat-messages') as HTMLDivElement;
    Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 900 });
    rerender(<ChatView conversation={streaming('a longer answer')} busy {...{ onAsk, onStop, onRetry, onClear }} />);
    expect(list.scrollTop).toBe(900);
  });

  it('leaves the scroll position alone when the user has scrolled up to read', () => {
    const streaming = (answer: string) =>
      conversationOf(userMessage('q'), assistantMessage([text(answer)], { status: 'streaming' }));
    const { rerender, onAsk, onStop, onRetry, onClear, container } = renderChat({ conversation: streaming('a'), busy: true });
    const list = container.querySelector('.chat-messages') as HTMLDivElement;
    Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 900 });
    Object.defineProperty(list, 'clientHeight', { configurable: true, value: 300 });
    list.scrollTop = 100;
    fireEvent.scroll(list);
    rerender(<ChatView conversation={streaming('a longer answer')} busy {...{ onAsk, onStop, onRetry, onClear }} />);
    expect(list.scrollTop).toBe(100);
  });
});
