// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SafeMarkdown } from './SafeMarkdown';

const instanceUrl = 'http://127.0.0.1:8080/';
const cited = `${instanceUrl}dags/etl/runs/r1/tasks/load?try_number=1#5`;

describe('SafeMarkdown evidence links', () => {
  afterEach(cleanup);
  it('turns a link the evidence held into a chip that opens it in the Airflow tab', () => {
    const onNavigate = vi.fn();
    render(<SafeMarkdown markdown={`It failed ([line 5](${cited})).`} instanceUrl={instanceUrl} evidence={{ citations: [cited], onNavigate, taskId: 'load' }} />);
    const chip = screen.getByTestId('evidence-chip');
    expect(chip.textContent).toBe('line 5 · try 1');
    fireEvent.click(chip);
    expect(onNavigate).toHaveBeenCalledWith(cited);
  });

  it('shows an Airflow link the evidence did not hold as unverified, not as a chip', () => {
    const made_up = `${instanceUrl}dags/etl/runs/r1/tasks/load?try_number=1#999`;
    render(<SafeMarkdown markdown={`See [line 999](${made_up}).`} instanceUrl={instanceUrl} evidence={{ citations: [cited], onNavigate: vi.fn() }} />);
    expect(screen.queryByTestId('evidence-chip')).toBeNull();
    expect(screen.getByTestId('unverified-link').textContent).toContain('unverified link');
    expect(screen.queryByRole('link')).toBeNull();
  });
});
