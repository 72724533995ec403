import { defineConfig } from '@playwright/test';

/** AIRFLOW_E2E_VERSIONS names the matrix versions to run (default: all of them; `none`: none). */
const chosenVersions = process.env.AIRFLOW_E2E_VERSIONS?.split(',').map((v) => v.trim());

// One real Airflow for the whole suite (started, fed with Dag runs and stopped by the global
// hooks); each test gets a fresh Chromium profile with the built extension loaded.
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/airflow/global-setup.ts',
  globalTeardown: './e2e/airflow/global-teardown.ts',
  // Two cores run Airflow's four processes too; browsers run one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI ? [['list'], ['junit', { outputFile: 'test-results/e2e-junit.xml' }]] : 'list',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  // The read-only proof reads what every other test sent to Airflow, so it runs last, as a
  // teardown project (which runs even when other tests failed).
  projects: [
    { name: 'e2e', testIgnore: [/read-only\.spec\.ts/, /versions\.spec\.ts/, /airflow2\.spec\.ts/], teardown: 'read-only proof' },
    // The version matrix (e2e/versions.spec.ts): older Airflow minors beside the suite's 3.3, each
    // its own Airflow (MATRIX_MINORS in e2e/airflow/versions.ts; AIRFLOW_E2E_VERSIONS chooses
    // others, `none` none).
    { name: 'versions', testMatch: /versions\.spec\.ts/, teardown: 'read-only proof' },
    // Airflow 2.10 (e2e/airflow2.spec.ts): its own Airflow 2 beside the suite's, in the matrix.
    ...(!chosenVersions || chosenVersions.includes('2.10') ? [{ name: 'airflow 2', testMatch: /airflow2\.spec\.ts/, teardown: 'read-only proof' }] : []),
    // The core subset in real Firefox (e2e/firefox/), on the same Airflow and recording proxy.
    { name: 'firefox', testDir: './e2e/firefox', testMatch: /\.firefox\.ts$/, teardown: 'read-only proof' },
    { name: 'read-only proof', testMatch: /read-only\.spec\.ts/ },
  ],
});
