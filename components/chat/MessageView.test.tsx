// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageView } from './MessageView';
import { assistantMessage, text, toolStep, userMessage } from './__fixtures__/messages';

afterEach(cleanup);

describe('MessageView', () => {
  it('shows tool steps and text in the order they happened', () => {
    render(
      <MessageView
        message={assistantMessage([
          toolStep('Reading task instance `transform`', 'done'),
          text('First I looked at the run.'),
          toolStep('Reading the log of `transform`, try 1', 'running'),
        ])}
      />,
    );
    const answer = screen.getByTestId('message-assistant');
    const order = [...answer.querySelectorAll('[data-testid="tool-step"], .markdown')].map((node) => node.textContent);
    expect(order).toEqual([
      '✓Reading task instance transform',
      'First I looked at the run.',
      'Reading the log of transform, try 1…',
    ]);
  });

  it('shows each tool step state, with the detail sentence of an error', () => {
    render(
      <MessageView
        message={assistantMessage([
          toolStep('Reading the log of `transform`, try 1', 'running'),
          toolStep('Reading the Dag `etl`', 'done'),
          toolStep('Reading the log of `load`, try 2', 'error', 'Your Airflow user may not see this log.'),
        ])}
      />,
    );
    const [running, done, failed] = screen.getAllByTestId('tool-step');
    expect(running?.dataset.state).toBe('running');
    // A CSS spinner, not the hourglass emoji (an empty box where no emoji font is installed).
    expect(running?.textContent).toBe('Reading the log of transform, try 1…');
    expect(running?.querySelector('[data-testid="spinner"]')).not.toBeNull();
    expect(running?.querySelector('code')?.textContent).toBe('transform');
    expect(done?.textContent).toBe('✓Reading the Dag etl');
    expect(failed?.textContent).toBe('⚠Reading the log of load, try 2Your Airflow user may not see this log.');
    expect(screen.getByRole('img', { name: 'failed' })).toBeTruthy();
  });

  it('shows a typing indicator only while the answer streams', () => {
    const { rerender } = render(<MessageView message={assistantMessage([text('Looking')], { status: 'streaming' })} />);
    expect(screen.getByTestId('typing')).toBeTruthy();
    rerender(<MessageView message={assistantMessage([text('Looking done')], { status: 'done' })} />);
    expect(screen.queryByTestId('typing')).toBeNull();
  });

  it('says when an answer was stopped', () => {
    render(<MessageView message={assistantMessage([text('Partial')], { status: 'stopped' })} />);
    expect(screen.getByTestId('message-assistant').textContent).toContain('Stopped.');
  });

  it('shows a question as plain text, keeping its markdown and HTML literal', () => {
    render(<MessageView message={userMessage('Is **this** <b>bold</b>?')} />);
    const question = screen.getByTestId('message-user');
    expect(question.textContent).toBe('Is **this** <b>bold</b>?');
    expect(question.querySelector('b, strong')).toBeNull();
  });

  it('shows the problem of a failed answer', () => {
    render(
      <MessageView
        message={assistantMessage([], { status: 'failed', problem: { kind: 'no_api_key' } })}
        onOpenOptions={() => {}}
      />,
    );
    expect(screen.getByTestId('problem-no_api_key')).toBeTruthy();
  });
});
