// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Composer } from './Composer';

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

describe('Composer redaction preview names the recipient', () => {
  it('says which provider will get the question', () => {
    render(<Composer busy={false} onAsk={vi.fn()} onStop={vi.fn()} modelRecipient="Anthropic (api.anthropic.com)" />);
    fireEvent.change(screen.getAllByTestId('chat-input').at(-1)!, { target: { value: 'password=Sup3rS3cretPw' } });
    expect(screen.getAllByTestId('redaction-preview').at(-1)!.getAttribute('aria-label')).toBe('Your question, as Anthropic (api.anthropic.com) will get it');
  });
});
