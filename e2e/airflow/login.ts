/**
 * Log in through Airflow's real login page (simple auth manager, `{base}auth/login`).
 *
 * The page is a small React app: inputs `input[name="username"]`, `input[name="password"]`,
 * and a `button[type="submit"]` ("Sign in", disabled until both fields are filled). Its script
 * POSTs `{base}auth/token`, sets the `_token` cookie itself, then navigates to `next` (or the
 * UI root). On bad credentials it stays on the page and shows an error alert.
 * The UI shell after login has `[data-testid="nav-sidebar"]` and `[data-testid="main-content"]`.
 */
import type { Cookie, Page } from '@playwright/test';

export interface LoginUser {
  username: string;
  password: string;
}

export interface LoginOptions {
  /** Page to land on after login (absolute URL or a path under the base). Default: the UI root. */
  next?: string;
  timeoutMs?: number;
}

/** Logs in and waits until the Airflow UI is shown; returns the `_token` cookie. */
export async function loginThroughUi(
  page: Page,
  baseUrl: string,
  user: LoginUser,
  opts: LoginOptions = {},
): Promise<Cookie> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const timeout = opts.timeoutMs ?? 30_000;
  const next = opts.next ? new URL(opts.next, base).href : undefined;
  const loginUrl = `${base}auth/login${next ? `?next=${encodeURIComponent(next)}` : ''}`;

  // A page whose session just went away may be navigating to the login page by itself (the
  // Airflow UI does on its first 401); that navigation aborts ours, so go again once it is done.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(loginUrl, { timeout });
      break;
    } catch (error) {
      if (attempt >= 3 || !/ERR_ABORTED|interrupted by another navigation/.test(String(error))) throw error;
      await page.waitForLoadState('load', { timeout }).catch(() => {});
    }
  }
  const username = page.locator('input[name="username"]');
  const password = page.locator('input[name="password"]');
  await username.waitFor({ state: 'visible', timeout });
  await username.fill(user.username);
  await password.fill(user.password);
  const submit = page.locator('form button[type="submit"]');
  const tokenResponse = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/auth/token'),
    { timeout },
  );
  await submit.click({ timeout });
  const res = await tokenResponse;
  if (!res.ok()) {
    throw new Error(
      `login as ${user.username} failed: POST auth/token -> ${res.status()} ${(await res.text()).slice(0, 200)}`,
    );
  }

  // Leaves the login page for the UI, which renders into #root.
  const basePath = new URL(base).pathname;
  await page.waitForURL(
    (u) => u.href.startsWith(base) && !u.pathname.startsWith(`${basePath}auth/`),
    { timeout },
  );
  if (next) await page.waitForURL((u) => u.href.startsWith(next.split('#')[0] as string), { timeout });
  // The UI shell: sidebar (data-testid="nav-sidebar") and main area (data-testid="main-content").
  await page.locator('[data-testid="nav-sidebar"]').first().waitFor({ state: 'visible', timeout });
  await page.locator('[data-testid="main-content"]').first().waitFor({ state: 'visible', timeout });

  const cookies = await page.context().cookies(base);
  const token = cookies.find((c) => c.name === '_token');
  if (!token) {
    throw new Error(
      `login as ${user.username}: no _token cookie for ${base} (cookies: ${cookies.map((c) => c.name).join(', ') || 'none'})`,
    );
  }
  return token;
}
