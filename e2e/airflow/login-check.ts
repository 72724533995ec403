/**
 * Smoke check for login.ts against a real Airflow, with Debian's Chromium.
 *
 *   node_modules/.bin/node e2e/airflow/login-check.ts [--base-path /airflow/] [BASE_URL]
 *
 * Without BASE_URL it starts its own Airflow (harness) and stops it afterwards.
 */
import { chromium } from '@playwright/test';
import { USERS, startAirflow } from './harness.ts';
import type { AirflowInstance } from './harness.ts';
import { loginThroughUi } from './login.ts';

const args = process.argv.slice(2);
let basePath: string | undefined;
let base: string | undefined;
while (args.length) {
  const a = args.shift() as string;
  if (a === '--base-path') basePath = args.shift();
  else base = a;
}
let inst: AirflowInstance | undefined;
if (!base) {
  inst = await startAirflow({ basePath });
  base = inst.baseUrl;
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  for (const u of [USERS.admin, USERS.viewer]) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const t0 = Date.now();
    const cookie = await loginThroughUi(page, base, u);
    const api = await page.request.get(`${base}api/v2/dags?limit=1`);
    const conn = await page.request.get(`${base}api/v2/connections`);
    console.log(
      `${u.username}: logged in in ${Date.now() - t0} ms, at ${page.url()}; _token httpOnly=${cookie.httpOnly} sameSite=${cookie.sameSite} path=${cookie.path}; ` +
        `GET dags with cookie -> ${api.status()}, GET connections -> ${conn.status()}`,
    );
    if (api.status() !== 200) failed = true;
    await ctx.close();
  }
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await loginThroughUi(page, base, USERS.viewer, { next: 'dags/ok_simple' });
  console.log(`next=dags/ok_simple -> ${page.url()}`);
  try {
    await loginThroughUi(await ctx.newPage(), base, { username: 'admin', password: 'wrong' }, { timeoutMs: 10_000 });
    console.log('wrong password: NOT rejected');
    failed = true;
  } catch (e) {
    console.log(`wrong password rejected: ${(e as Error).message.split('\n')[0]}`);
  }
} finally {
  await browser.close();
  await inst?.stop();
}
process.exit(failed ? 1 : 0);
