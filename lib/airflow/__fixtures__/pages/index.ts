/**
 * Pages captured from a real Airflow 3.3.2 by `scripts/capture-page-fixtures.ts`: at `/` (`root`)
 * and under `/airflow/` (`base-path`). See README.md in this folder for what was kept.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteContext } from '../../page-context';

export type Deployment = 'root' | 'base-path';
export const DEPLOYMENTS: Deployment[] = ['root', 'base-path'];

export interface CapturedPage {
  name: string;
  requested: string;
  url: string;
  title: string;
  file: string;
  links?: string[];
  selectionProbe?: { from: { line: number; offset: number }; to: { line: number; offset: number }; text: string };
}

export interface PagesManifest {
  source: string;
  airflowVersion: string;
  instanceUrl: string;
  basePath: string;
  runs: Record<string, string>;
  notes: string[];
  pages: CapturedPage[];
}

// Plain paths: under happy-dom, `URL` is happy-dom's own and mishandles `file:` URLs.
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = (deployment: Deployment) => path.join(here, deployment, path.sep);

export function loadManifest(deployment: Deployment): PagesManifest {
  return JSON.parse(readFileSync(`${dir(deployment)}manifest.json`, 'utf8')) as PagesManifest;
}

export function loadPageHtml(deployment: Deployment, page: CapturedPage): string {
  return readFileSync(`${dir(deployment)}${page.file}`, 'utf8');
}

type Expected = RouteContext | null;
type Expectation = (runs: Record<string, string>) => Expected;

const D = 'fail_python_exception';
const ti = (runs: Record<string, string>, extra: Partial<RouteContext> = {}): RouteContext => ({
  pageKind: 'task_instance',
  dagId: D,
  runId: runs[D]!,
  taskId: 'transform',
  mapIndex: -1,
  ...extra,
});

/**
 * What each captured page is, as read by hand from the page in the browser (breadcrumbs, tabs,
 * the log's line links). Route part only: what the URL says. The DOM adds `DOM_EXTRAS`.
 */
export const EXPECTED_ROUTES: Record<string, Expectation> = {
  login: () => null,
  home: () => ({ pageKind: 'home' }),
  'dag-list': () => ({ pageKind: 'dag_list' }),
  dag: () => ({ pageKind: 'dag', dagId: D }),
  ...Object.fromEntries(
    ['runs', 'tasks', 'calendar', 'backfills', 'events', 'code', 'details', 'required_actions'].map((tab) => [
      `dag-tab-${tab}`,
      () => ({ pageKind: 'dag', dagId: D, tab }),
    ]),
  ),
  'dag-run': (runs) => ({ pageKind: 'dag_run', dagId: D, runId: runs[D]! }),
  'dag-run-encoded': (runs) => ({ pageKind: 'dag_run', dagId: D, runId: runs[D]! }),
  ...Object.fromEntries(
    ['events', 'code', 'details', 'asset_events', 'required_actions'].map((tab) => [
      `dag-run-tab-${tab}`,
      (runs: Record<string, string>) => ({ pageKind: 'dag_run', dagId: D, runId: runs[D]!, tab }),
    ]),
  ),
  'task-instance': (runs) => ti(runs),
  'task-instance-encoded': (runs) => ti(runs),
  'task-instance-line': (runs) => ti(runs, { tryNumber: 1, logLine: 5 }),
  ...Object.fromEntries(
    ['events', 'xcom', 'code', 'details', 'rendered_templates', 'task_instances', 'asset_events', 'task-state-store'].map(
      (tab) => [`task-instance-tab-${tab}`, (runs: Record<string, string>) => ti(runs, { tab })],
    ),
  ),
  // 3.3.2 redirects a task instance's `required_actions` tab to the task instance itself (and
  // writes the run id raw in the new URL).
  'task-instance-tab-required_actions': (runs) => ti(runs),
  'task-instance-try': (runs) => ({
    pageKind: 'task_instance', dagId: 'fail_retries', runId: runs.fail_retries!, taskId: 'flaky_api_call', mapIndex: -1, tryNumber: 2,
  }),
  'task-instance-latest-try': (runs) => ({
    pageKind: 'task_instance', dagId: 'fail_retries', runId: runs.fail_retries!, taskId: 'flaky_api_call', mapIndex: -1,
  }),
  'mapped-list': (runs) => ({ pageKind: 'mapped_task_list', dagId: 'fail_mapped', runId: runs.fail_mapped!, taskId: 'process_partition' }),
  'mapped-task-instance': (runs) => ({
    pageKind: 'task_instance', dagId: 'fail_mapped', runId: runs.fail_mapped!, taskId: 'process_partition', mapIndex: 1,
  }),
  'mapped-task-instance-tab-details': (runs) => ({
    pageKind: 'task_instance', dagId: 'fail_mapped', runId: runs.fail_mapped!, taskId: 'process_partition', mapIndex: 1, tab: 'details',
  }),
  task: () => ({ pageKind: 'task', dagId: D, taskId: 'transform' }),
  ...Object.fromEntries(
    ['task_instances', 'events', 'required_actions'].map((tab) => [`task-tab-${tab}`, () => ({ pageKind: 'task', dagId: D, taskId: 'transform', tab })]),
  ),
  assets: () => ({ pageKind: 'asset_list' }),
  'dag-runs-all': () => ({ pageKind: 'other', tab: 'dag_runs' }),
  'task-instances-all': () => ({ pageKind: 'other', tab: 'task_instances' }),
  // The UI itself cannot open a raw `%` run id (React Router fails to decode `50%%20off` and
  // shows an empty log), but the id is still the run's: the assistant reads it from the API.
  'odd-run-id-raw': (runs) => ({ pageKind: 'task_instance', dagId: 'ok_simple', runId: runs.ok_simple_odd!, taskId: 'hello', mapIndex: -1 }),
  'odd-run-id-encoded': (runs) => ({ pageKind: 'task_instance', dagId: 'ok_simple', runId: runs.ok_simple_odd!, taskId: 'hello', mapIndex: -1 }),
  'dag-runs-of-odd': () => ({ pageKind: 'dag', dagId: 'ok_simple', tab: 'runs' }),
  'dag-list-import-errors-dialog': () => ({ pageKind: 'dag_list' }),
  'home-import-errors-dialog': () => ({ pageKind: 'home' }),
  'dag-warnings-dialog': () => ({ pageKind: 'dag', dagId: D }),
  'task-instance-groups-expanded': (runs) => ti(runs),
  'task-instance-fullscreen-log': (runs) => ti(runs),
  'long-log-line': (runs) => ({
    pageKind: 'task_instance', dagId: 'fail_long_log', runId: runs.fail_long_log!, taskId: 'reconcile_partitions', mapIndex: -1, tryNumber: 1, logLine: 30004,
  }),
};

/** What the DOM adds to the route: the try named by the log's line links, an open dialog. */
export const DOM_EXTRAS: Record<string, Partial<RouteContext>> = {
  'task-instance': { tryNumber: 1 },
  'task-instance-encoded': { tryNumber: 1 },
  'task-instance-tab-required_actions': { tryNumber: 1 },
  'task-instance-latest-try': { tryNumber: 3 },
  'mapped-task-instance': { tryNumber: 1 },
  'odd-run-id-encoded': { tryNumber: 1 },
  'task-instance-groups-expanded': { tryNumber: 1 },
  'task-instance-fullscreen-log': { tryNumber: 1 },
  'dag-list-import-errors-dialog': { pageKind: 'import_errors' },
  'home-import-errors-dialog': { pageKind: 'import_errors' },
  'dag-warnings-dialog': { pageKind: 'dag_warnings' },
};
