// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnswerProblem } from '@/lib/messaging/conversation';
import { ProblemNotice } from './ProblemNotice';

afterEach(cleanup);

const instanceUrl = 'https://airflow.example/';

describe('ProblemNotice', () => {
  it('asks for an API key and opens the options', () => {
    const onOpenOptions = vi.fn();
    render(<ProblemNotice problem={{ kind: 'no_api_key' }} onRetry={vi.fn()} onOpenOptions={onOpenOptions} />);
    expect(screen.getByTestId('problem-no_api_key').textContent).toContain('No model API key configured');
    expect(screen.queryByTestId('problem-retry')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(onOpenOptions).toHaveBeenCalledOnce();
  });

  it.each<{ problem: AnswerProblem; sentence: string }>([
    { problem: { kind: 'airflow_session_expired', instanceUrl }, sentence: 'Log in to Airflow again in your Airflow tab' },
    { problem: { kind: 'airflow_unreachable', instanceUrl, message: 'Connection refused' }, sentence: 'Connection refused' },
    { problem: { kind: 'model_error', message: 'The model is overloaded.', retryable: true }, sentence: 'The model is overloaded.' },
    { problem: { kind: 'interrupted' }, sentence: 'Retry asks the question again' },
  ])('explains $problem.kind and retries', ({ problem, sentence }) => {
    const onRetry = vi.fn();
    render(<ProblemNotice problem={problem} onRetry={onRetry} />);
    expect(screen.getByTestId(`problem-${problem.kind}`).textContent).toContain(sentence);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('says the session expired', () => {
    render(<ProblemNotice problem={{ kind: 'airflow_session_expired', instanceUrl }} onRetry={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain('Your Airflow session has expired');
  });

  it('offers no Retry for a model error that retrying cannot fix', () => {
    render(
      <ProblemNotice problem={{ kind: 'model_error', message: 'The API key was rejected.', retryable: false }} onRetry={vi.fn()} />,
    );
    expect(screen.getByTestId('problem-model_error').textContent).toContain('The API key was rejected.');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('offers no Retry when the parent gives none', () => {
    render(<ProblemNotice problem={{ kind: 'airflow_unreachable', instanceUrl, message: 'Timed out' }} />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows the sentence and the way on of the fault mapping, and opens the options for a bad key', () => {
    const onOpenOptions = vi.fn();
    render(
      <ProblemNotice
        problem={{ kind: 'model_error', message: 'The model provider rejected the request (HTTP 400): a bad request or a bad API key.', action: 'Check your key in Options (and the model name).', retryable: false, fault: 'model.bad_request' }}
        onRetry={vi.fn()}
        onOpenOptions={onOpenOptions}
      />,
    );
    const notice = screen.getByTestId('problem-model_error');
    expect(notice.getAttribute('data-fault')).toBe('model.bad_request');
    expect(screen.getByTestId('problem-action').textContent).toBe('Check your key in Options (and the model name).');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(onOpenOptions).toHaveBeenCalledOnce();
  });
});
