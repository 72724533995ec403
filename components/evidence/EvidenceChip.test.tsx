// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EvidenceChip } from './EvidenceChip';

afterEach(cleanup);

const url = 'http://airflow.test/airflow/dags/etl/runs/manual__1/tasks/load?try_number=2#17';

describe('EvidenceChip', () => {
  it('is a link to the cited line, and a click opens it in the Airflow tab instead', () => {
    const onNavigate = vi.fn();
    render(<EvidenceChip label="line 17 · try 2" url={url} onNavigate={onNavigate} />);
    const chip = screen.getByRole('link', { name: 'line 17 · try 2' });
    expect(chip.getAttribute('href')).toBe(url);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    chip.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(onNavigate).toHaveBeenCalledWith(url);
  });

  it('leaves Ctrl/Cmd clicks to the browser (a new tab)', () => {
    const onNavigate = vi.fn();
    render(<EvidenceChip label="line 17 · try 2" url={url} onNavigate={onNavigate} />);
    fireEvent.click(screen.getByTestId('evidence-chip'), { ctrlKey: true });
    fireEvent.click(screen.getByTestId('evidence-chip'), { metaKey: true });
    expect(onNavigate).not.toHaveBeenCalled();
  });

  it('shows anything but an http(s) link as text', () => {
    const onNavigate = vi.fn();
    render(<EvidenceChip label="line 1" url="javascript:alert(1)" onNavigate={onNavigate} />);
    expect(screen.queryByRole('link')).toBeNull();
    fireEvent.click(screen.getByTestId('evidence-chip'));
    expect(onNavigate).not.toHaveBeenCalled();
  });
});
