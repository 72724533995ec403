import { defineConfig } from '@playwright/test';

// `npm run bench -- --browser`: the product's timings in the built extension, in real Chromium,
// against the e2e rig's real Airflow (started and stopped by the e2e global hooks, which record
// every request through the recording proxy) and the model stand-in. Not tests: they assert
// only that each measurement happened; bench/run.ts prints what they measured.
export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  globalSetup: '../../e2e/airflow/global-setup.ts',
  globalTeardown: '../../e2e/airflow/global-teardown.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 10 * 60_000,
  expect: { timeout: 60_000 },
  retries: 0,
  reporter: 'line',
});
