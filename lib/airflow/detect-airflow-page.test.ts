// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { looksLikeAirflow3Ui, parseAirflowVersion } from './detect-airflow-page';

// The head of the page served by Airflow 3.3.2's API server (captured from the test rig).
const airflowHtml = `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><base href="/" />
<link rel="icon" type="image/png" href="./static/pin_32.png" /><title>Airflow</title>
<script type="module" crossorigin src="./static/assets/index-D4kq8wQn.js"></script></head>
<body><div id="root"></div></body></html>`;

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('looksLikeAirflow3Ui', () => {
  it('recognises the Airflow 3 SPA shell', () => {
    expect(looksLikeAirflow3Ui(parse(airflowHtml))).toBe(true);
  });
  it('rejects an ordinary page titled Airflow', () => {
    expect(looksLikeAirflow3Ui(parse('<html><head><title>Airflow</title></head><body><div id="root"></div></body></html>'))).toBe(false);
  });
});

describe('parseAirflowVersion', () => {
  it('accepts Airflow 3 versions only', () => {
    expect(parseAirflowVersion({ version: '3.3.2', git_version: null })).toBe('3.3.2');
    expect(parseAirflowVersion({ version: '2.11.0' })).toBeNull();
    expect(parseAirflowVersion('nope')).toBeNull();
  });
});
