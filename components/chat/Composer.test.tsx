// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUESTION_MAX_CHARS } from '@/lib/messaging/conversation';
import { Composer } from './Composer';

afterEach(cleanup);

describe('Composer redaction preview', () => {
  it('shows what the model will get as soon as the question holds a secret', () => {
    render(<Composer busy={false} onAsk={vi.fn()} onStop={vi.fn()} />);
    const input = screen.getByTestId('chat-input');
    fireEvent.change(input, { target: { value: 'Why does my task fail?' } });
    expect(screen.queryByTestId('redaction-preview')).toBeNull();

    fireEvent.change(input, { target: { value: 'It connects with postgresql://etl:Sup3rS3cretPw@db.internal:5432/warehouse' } });
    const preview = screen.getByTestId('redaction-preview');
    expect(preview.textContent).toContain('1 value masked');
    expect(screen.getByTestId('redaction-text').textContent).not.toContain('Sup3rS3cretPw');
    expect(screen.getByTestId('redaction-text').textContent).toContain('[secret:');
  });
});

describe('Composer question limit', () => {
  it('shows the limit before it is reached, refuses a longer question with a sentence and keeps the text', () => {
    const onAsk = vi.fn();
    render(<Composer busy={false} onAsk={onAsk} onStop={vi.fn()} />);
    const input = screen.getByTestId('chat-input') as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: 'short question' } });
    expect(screen.queryByTestId('chat-length')).toBeNull();

    fireEvent.change(input, { target: { value: 'x'.repeat(QUESTION_MAX_CHARS / 2) } });
    expect(screen.getByTestId('chat-length').textContent).toBe('10,000 of 20,000 characters');

    const tooLong = `Why? ${'y'.repeat(QUESTION_MAX_CHARS)}`;
    fireEvent.change(input, { target: { value: tooLong } });
    expect(screen.getByTestId('chat-length').textContent).toContain('the limit is 20,000');
    expect(screen.getByRole('alert')).toBe(screen.getByTestId('chat-length'));
    expect((screen.getByTestId('chat-send') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onAsk).not.toHaveBeenCalled();
    expect(input.value).toBe(tooLong);

    fireEvent.change(input, { target: { value: 'z'.repeat(QUESTION_MAX_CHARS) } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onAsk).toHaveBeenCalledWith('z'.repeat(QUESTION_MAX_CHARS));
  });
});

describe('Composer redaction preview names the recipient', () => {
  it('says which provider will get the question', () => {
    render(<Composer busy={false} onAsk={vi.fn()} onStop={vi.fn()} modelRecipient="Anthropic (api.anthropic.com)" />);
    fireEvent.change(screen.getAllByTestId('chat-input').at(-1)!, { target: { value: 'password=Sup3rS3cretPw' } });
    expect(screen.getAllByTestId('redaction-preview').at(-1)!.getAttribute('aria-label')).toBe('Your question, as Anthropic (api.anthropic.com) will get it');
  });
});
