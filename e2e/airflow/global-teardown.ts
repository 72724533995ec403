/** Playwright global teardown: stops the Airflow started by global-setup.ts. */
import { stopRig } from './global-setup.ts';

export default async function globalTeardown(): Promise<void> {
  await stopRig();
}
