// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeMarkdown, clickableUrl } from './SafeMarkdown';

afterEach(cleanup);

const renderMarkdown = (markdown: string, instanceUrl?: string) =>
  render(<SafeMarkdown markdown={markdown} instanceUrl={instanceUrl} />).container;

/** Nothing in the output may load a resource or run code. */
function expectInert(container: HTMLElement) {
  expect(container.querySelectorAll('img, iframe, script, style, object, embed, link, video, audio, source')).toHaveLength(0);
  expect(container.querySelectorAll('[src], [srcset], [style], [onerror], [onload], [onclick]')).toHaveLength(0);
}

describe('SafeMarkdown', () => {
  it('shows an image as text with its URL, never as an <img>', () => {
    const container = renderMarkdown('![x](https://evil.example/p.png)');
    expectInert(container);
    expect(container.textContent).toContain('[image: x]');
    expect(container.textContent).toContain('https://evil.example/p.png');
  });

  it('shows reference-style images and images inside links as text', () => {
    const container = renderMarkdown(
      '![chart][c] and [![badge](https://evil.example/b.svg)](https://ok.example/)\n\n[c]: https://evil.example/c.png',
    );
    expectInert(container);
    expect(container.textContent).toContain('[image: chart]');
    expect(container.textContent).toContain('https://evil.example/c.png');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://ok.example/');
  });

  it('drops raw HTML: <img>, <iframe>, <script>, <style>', () => {
    const container = renderMarkdown(
      [
        'Before <img src="https://evil.example/t.gif" onerror="alert(1)"> after',
        '',
        '<iframe src="https://evil.example/"></iframe>',
        '',
        '<script>alert(1)</script>',
        '',
        '<style>body { background: url(https://evil.example/s.png) }</style>',
        '',
        '<div onclick="alert(1)">block</div>',
      ].join('\n'),
    );
    expectInert(container);
    expect(container.querySelector('.markdown div')).toBeNull();
    expect(container.textContent).toContain('Before');
  });

  it('does not render a javascript: link as a link', () => {
    const container = renderMarkdown('[a](javascript:alert(1))');
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain('a');
  });

  it('does not render an autolink with a javascript: scheme as a link', () => {
    const container = renderMarkdown('<javascript:alert(1)>');
    expect(container.querySelector('a')).toBeNull();
  });

  it.each(['data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'chrome://settings', 'vbscript:x'])(
    'does not render %s as a link',
    (href) => {
      const container = renderMarkdown(`[click](<${href}>)`);
      expect(container.querySelector('a')).toBeNull();
    },
  );

  it('opens a normal link in a new tab and shows its full URL', () => {
    const container = renderMarkdown('See [the docs](https://airflow.apache.org/docs/stable/).');
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://airflow.apache.org/docs/stable/');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toContain('noopener');
    expect(link?.getAttribute('rel')).toContain('noreferrer');
    expect(link?.getAttribute('title')).toBe('https://airflow.apache.org/docs/stable/');
    expect(container.textContent).toContain('the docs https://airflow.apache.org/docs/stable/');
  });

  it('does not repeat the URL of a link whose text is the URL', () => {
    const container = renderMarkdown('<https://example.com/a>');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://example.com/a');
    expect(container.textContent).toBe('https://example.com/a');
  });

  it('shows where a link that looks like another URL really goes', () => {
    const container = renderMarkdown('[https://airflow.example/](https://evil.example/)');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://evil.example/');
    expect(container.textContent).toContain('https://evil.example/');
  });

  it('resolves a relative link against the Airflow instance', () => {
    const container = renderMarkdown('[run](dags/etl/runs/r1)', 'https://host/airflow/');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://host/airflow/dags/etl/runs/r1');
  });

  it('renders a code block as <pre><code>', () => {
    const container = renderMarkdown('```python\nprint("hi")\n```');
    expect(container.querySelector('pre > code')?.textContent).toBe('print("hi")\n');
  });
});

describe('clickableUrl', () => {
  it.each([
    ['https://a.example/x', undefined, 'https://a.example/x'],
    ['http://a.example/', undefined, 'http://a.example/'],
    ['JavaScript:alert(1)', undefined, null],
    ['javascript:alert(1)', 'https://host/', null],
    ['dags/x', undefined, null],
    ['dags/x', 'https://host/airflow/', 'https://host/airflow/dags/x'],
    ['/etc', 'file:///home/', null],
  ])('%s (instance %s) → %s', (href, instanceUrl, expected) => {
    expect(clickableUrl(href, instanceUrl)).toBe(expected);
  });
});

describe('SafeMarkdown GFM and code', () => {
  it('renders GFM tables, and a code block with its own Copy button', () => {
    const container = renderMarkdown(['| Check | Result |', '| --- | --- |', '| nulls | 3 |', '', '```python', 'df = df.dropna()', '```'].join('\n'));
    expectInert(container);
    expect([...container.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Check', 'Result']);
    expect(container.querySelector('td')?.textContent).toBe('nulls');
    expect(container.querySelector('pre code')?.textContent).toBe('df = df.dropna()\n');
    expect(container.querySelector('[data-testid="copy-code"]')).not.toBeNull();
  });

  it('still drops raw HTML inside a table, and a bare URL shows its target', () => {
    const container = renderMarkdown(['| a |', '| --- |', '| <img src=x onerror=alert(1)> |', '', 'See https://evil.example/x'].join('\n'));
    expectInert(container);
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://evil.example/x');
    expect(link?.textContent).toBe('https://evil.example/x');
  });
});
