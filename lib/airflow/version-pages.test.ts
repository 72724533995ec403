// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectAirflow3Ui } from './detect-airflow-page';
import { readPageContext } from './read-page-context';

/**
 * Pages of Airflow 3.0, 3.1 and 3.2, captured from the real UI of each version by
 * e2e/versions.spec.ts (AIRFLOW_E2E_CAPTURE_PAGES=1): the extension recognises each version's UI
 * and reads the same page context from it as from 3.3's (__fixtures__/pages/root).
 */
interface VersionManifest {
  airflowVersion: string;
  instanceUrl: string;
  runs: Record<string, string>;
  pages: { name: string; url: string; file: string }[];
}
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = (minor: string) => path.join(here, '__fixtures__', 'pages', 'versions', minor, path.sep);
const manifestOf = (minor: string) => JSON.parse(readFileSync(`${dir(minor)}manifest.json`, 'utf8')) as VersionManifest;
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

const DAG = 'fail_python_exception';

describe.each(['3.0', '3.1', '3.2'])('pages of Airflow %s', (minor) => {
  const manifest = manifestOf(minor);
  const load = (name: string) => {
    const page = manifest.pages.find((p) => p.name === name);
    if (!page) throw new Error(`no ${name} page captured for ${minor}`);
    return { doc: parse(readFileSync(`${dir(minor)}${page.file}`, 'utf8')), url: page.url };
  };
  const runId = () => manifest.runs[DAG]!;

  it('is the version it says', () => {
    expect(manifest.airflowVersion.startsWith(`${minor}.`)).toBe(true);
  });

  it('is recognised as the Airflow 3 UI, with its instance URL', () => {
    for (const name of ['task-instance', 'dag-run', 'dag']) {
      const { doc, url } = load(name);
      expect(detectAirflow3Ui(doc, url), name).toEqual({ instanceUrl: manifest.instanceUrl });
    }
  });

  it('reads the failed task instance, its run and its Dag', () => {
    const ti = load('task-instance');
    expect(readPageContext(ti.doc, ti.url)).toMatchObject({ pageKind: 'task_instance', dagId: DAG, runId: runId(), taskId: 'transform', mapIndex: -1, tryNumber: 1 });
    const run = load('dag-run');
    expect(readPageContext(run.doc, run.url)).toMatchObject({ pageKind: 'dag_run', dagId: DAG, runId: runId() });
    const dag = load('dag');
    expect(readPageContext(dag.doc, dag.url)).toMatchObject({ pageKind: 'dag', dagId: DAG });
  });
});
