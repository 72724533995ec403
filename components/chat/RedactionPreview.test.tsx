// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedactor } from '@/lib/redact';
import { RedactionPreview } from './RedactionPreview';

afterEach(cleanup);

describe('RedactionPreview', () => {
  it('shows the text as it will be sent, placeholders marked, with counts per kind', () => {
    const preview = createRedactor().preview('Why does postgresql://etl:hunter2@db fail with key AKIAFAKE4NSLYQ7VT7G2 and password=hunter3?');
    render(<RedactionPreview text={preview.text} counts={preview.counts} title="Your question" />);

    expect(screen.getByRole('region', { name: 'Your question' })).toBeTruthy();
    expect(screen.getByTestId('redaction-total').textContent).toBe('3 values masked');
    expect(screen.getByTestId('redaction-count-password').textContent).toBe('password: 2');
    expect(screen.getByTestId('redaction-count-aws-key').textContent).toBe('AWS access key id: 1');
    const shown = screen.getByTestId('redaction-text');
    expect(shown.textContent).toBe(preview.text);
    expect(shown.textContent).not.toMatch(/hunter2|hunter3|AKIAFAKE4NSLYQ7VT7G2/);
    expect([...shown.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual([
      '[secret:password#1]',
      '[secret:aws-key#1]',
      '[secret:password#2]',
    ]);
  });

  it('says when nothing was masked', () => {
    render(<RedactionPreview text="Why did transform fail?" counts={{}} />);
    expect(screen.getByTestId('redaction-total').textContent).toBe('Nothing masked');
    expect(screen.queryByRole('listitem')).toBeNull();
    expect(screen.getByRole('region', { name: 'What will be sent' }).querySelector('mark')).toBeNull();
  });

  it('counts one masked value in the singular', () => {
    render(<RedactionPreview text="sftp password is [secret:airflow-masked]" counts={{ 'airflow-masked': 1 }} />);
    expect(screen.getByTestId('redaction-total').textContent).toBe('1 value masked');
    expect(screen.getByTestId('redaction-count-airflow-masked').textContent).toBe('value Airflow already masked: 1');
  });
});
