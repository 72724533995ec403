// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TriageCardModel } from '@/lib/messaging/panel-port';
import { TriageCard } from './TriageCard';

afterEach(cleanup);

const run = 'http://airflow.test/airflow/dags/fail_upstream_chain/runs/manual__1/tasks';

// The card model of the rig's upstream_failed pack (lib/logs/triage-card-model.test.ts builds it from real responses).
const card: TriageCardModel = {
  title: 'publish: upstream failed',
  failureClass: 'upstream_failed',
  classLabel: 'Upstream task failed',
  signals: ['retries exhausted'],
  headline: 'Upstream task `check_source` failed: FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found',
  keyLines: [
    {
      label: 'check_source line 5 · try 1',
      url: `${run}/check_source?try_number=1#5`,
      text: '12:15:30.784 ERROR task: Task failed with exception',
      exception: 'FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found',
    },
  ],
  links: [
    { label: 'Task publish', url: `${run}/publish` },
    { label: 'Dag code', url: `${run}/publish/code` },
  ],
};

describe('TriageCard', () => {
  it('shows what failed, the class, the headline and the key line with its exception', () => {
    render(<TriageCard card={card} onNavigate={vi.fn()} />);
    const section = screen.getByRole('group', { name: 'Triage of the failure' });
    expect(section.dataset.failureClass).toBe('upstream_failed');
    expect(within(section).getByText('publish: upstream failed')).toBeTruthy();
    expect(screen.getByTestId('triage-class').textContent).toBe('Upstream task failed');
    expect(screen.getAllByTestId('triage-signal').map((s) => s.textContent)).toEqual(['retries exhausted']);
    // Backticked ids are code, not markdown.
    expect(screen.getByTestId('triage-headline').querySelector('code')?.textContent).toBe('check_source');
    const line = screen.getByTestId('triage-line');
    expect(line.textContent).toContain('Task failed with exception');
    expect(line.textContent).toContain('FileNotFoundError: s3://landing/orders/2024-06-01/_SUCCESS not found');
  });

  it('opens a cited line, the task and its code in the Airflow tab', () => {
    const onNavigate = vi.fn();
    render(<TriageCard card={card} onNavigate={onNavigate} />);
    fireEvent.click(screen.getByRole('link', { name: 'check_source line 5 · try 1' }));
    fireEvent.click(screen.getByRole('link', { name: 'Dag code' }));
    expect(onNavigate.mock.calls).toEqual([[`${run}/check_source?try_number=1#5`], [`${run}/publish/code`]]);
    expect(screen.getAllByTestId('evidence-chip').map((c) => c.textContent)).toEqual(['check_source line 5 · try 1', 'Task publish', 'Dag code']);
  });

  it('works with no key lines (a log that recorded nothing)', () => {
    render(<TriageCard card={{ ...card, keyLines: [], links: [] }} onNavigate={vi.fn()} />);
    expect(screen.queryByTestId('triage-line')).toBeNull();
    expect(screen.getByTestId('triage-headline')).toBeTruthy();
  });

  it('says when it rests on a partial log read, and its Retry reads again', () => {
    const onRetry = vi.fn();
    const notice = 'The log could not be read in time (120 s); showing what was read (1,200 lines, 3.1 MB).';
    render(<TriageCard card={{ ...card, notice: { text: notice, retry: true } }} onNavigate={vi.fn()} onRetry={onRetry} />);
    expect(screen.getByTestId('triage-notice').textContent).toContain(notice);
    fireEvent.click(screen.getByTestId('triage-retry'));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('shows no notice and no Retry for a whole read', () => {
    render(<TriageCard card={card} onNavigate={vi.fn()} onRetry={vi.fn()} />);
    expect(screen.queryByTestId('triage-notice')).toBeNull();
    expect(screen.queryByTestId('triage-retry')).toBeNull();
  });
});
