/**
 * The harness's REST calls to Airflow (harness side only; the extension never writes): tokens,
 * JSON requests with an admin token, waiting for health, Dags and Dag runs, triggering runs.
 * Every request carries `x-rig-client: harness`, so the recording tells them from the extension's.
 */
import { withSlash } from './addresses.ts';
import { sleep } from './processes.ts';
import { RIG_CLIENT_HEADER } from './recording-proxy.ts';
import { USERS } from './users.ts';

export type DagRunState = 'success' | 'failed';

/**
 * Waits for GET {baseUrl}api/v2/monitor/health to satisfy `ok` (`what` names the condition);
 * on failure says what it waited for, for how long, and the last answer.
 */
export async function waitForHealth(
  baseUrl: string,
  ok: (health: Record<string, { status?: string } & Record<string, unknown>>) => boolean,
  opts: { timeoutMs: number; failed: () => string | undefined; what?: string },
): Promise<{ ready: true } | { ready: false; why: string }> {
  const t0 = Date.now();
  const what = `${opts.what ?? 'a healthy answer'} from ${baseUrl}api/v2/monitor/health`;
  const waited = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  let last = 'no response yet';
  for (;;) {
    const failed = opts.failed();
    if (failed) return { ready: false, why: `${failed} while waiting ${waited()} for ${what}` };
    if (Date.now() - t0 > opts.timeoutMs) return { ready: false, why: `waited ${waited()} (limit ${opts.timeoutMs / 1000} s) for ${what}; last answer: ${last}` };
    try {
      const res = await fetch(`${baseUrl}api/v2/monitor/health`, { headers: { [RIG_CLIENT_HEADER]: 'harness' }, signal: AbortSignal.timeout(5000) });
      last = `${res.status} ${(await res.text()).slice(0, 600)}`;
      if (res.ok && ok(JSON.parse(last.slice(4)))) return { ready: true };
    } catch (e) {
      last = String((e as Error).message);
    }
    await sleep(500);
  }
}


const tokenCache = new Map<string, { token: string; at: number }>();

/** POST {base}auth/token → access_token (simple auth manager). */
export async function getToken(baseUrl: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${withSlash(baseUrl)}auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [RIG_CLIENT_HEADER]: 'harness' },
    body: JSON.stringify({ username: user, password }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST auth/token for ${user}: ${res.status} ${text}`);
  const token = (JSON.parse(text) as { access_token?: string }).access_token;
  if (!token) throw new Error(`POST auth/token for ${user}: no access_token in ${text}`);
  return token;
}

async function adminToken(baseUrl: string): Promise<string> {
  const key = withSlash(baseUrl);
  const hit = tokenCache.get(key);
  if (hit && Date.now() - hit.at < 30 * 60_000) return hit.token;
  const token = await getToken(key, USERS.admin.username, USERS.admin.password);
  tokenCache.set(key, { token, at: Date.now() });
  return token;
}

/** Authenticated JSON request against {base}api/v2/<p> with an admin token (or the given one). */
export async function api<T = unknown>(
  baseUrl: string,
  p: string,
  init: { method?: string; body?: unknown; token?: string; accept?: string } = {},
): Promise<T> {
  const token = init.token ?? (await adminToken(baseUrl));
  const method = init.method ?? 'GET';
  // Retries transient failures (connection errors, 5xx such as SQLite "database is locked"
  // on a loaded 2-core machine). Non-GET requests are retried too: callers make them
  // idempotent (triggerDagRun sends its own dag_run_id and accepts 409 on a retry).
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${withSlash(baseUrl)}api/v2/${p.replace(/^\//, '')}`, {
        method,
        headers: {
          // Marks the harness's own requests in the recording (recording-proxy.ts).
          [RIG_CLIENT_HEADER]: 'harness',
          authorization: `Bearer ${token}`,
          accept: init.accept ?? 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      if (attempt < 4) {
        await sleep(500 * attempt);
        continue;
      }
      throw new Error(`${method} api/v2/${p}: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (res.status >= 500 && attempt < 4) {
      await sleep(500 * attempt);
      continue;
    }
    if (!res.ok) {
      const err = new Error(`${method} api/v2/${p}: ${res.status} ${text.slice(0, 500)}`) as Error & {
        status?: number;
        attempt?: number;
      };
      err.status = res.status;
      err.attempt = attempt;
      throw err;
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Waits until the dag-processor has parsed all dagIds; unpauses any that are paused. */
export async function waitForDags(
  baseUrl: string,
  dagIds: readonly string[],
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let missing: string[] = [...dagIds];
  for (;;) {
    const r = await api<{ dags: { dag_id: string; is_paused: boolean }[] }>(
      baseUrl,
      'dags?limit=100&only_active=true',
    );
    const byId = new Map(r.dags.map((d) => [d.dag_id, d]));
    missing = dagIds.filter((id) => !byId.has(id));
    for (const id of dagIds) {
      if (byId.get(id)?.is_paused) {
        await api(baseUrl, `dags/${encodeURIComponent(id)}`, { method: 'PATCH', body: { is_paused: false } });
      }
    }
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`Waited ${(opts.timeoutMs ?? 120_000) / 1000} s for the dag-processor to parse every Dag; still missing: ${missing.join(', ')}`);
    await sleep(1000);
  }
}

/** Triggers a Dag run via REST (admin); returns the dag_run_id. */
export async function triggerDagRun(
  baseUrl: string,
  dagId: string,
  opts: { conf?: Record<string, unknown>; runId?: string; note?: string } = {},
): Promise<string> {
  // Our own run id (same shape as Airflow's manual ones) makes a retried POST safe.
  const runId = opts.runId ?? `manual__${new Date().toISOString().replace('Z', '')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}+00:00`;
  const body: Record<string, unknown> = { logical_date: null, dag_run_id: runId };
  if (opts.conf) body.conf = opts.conf;
  if (opts.note) body.note = opts.note;
  try {
    const r = await api<{ dag_run_id: string }>(baseUrl, `dags/${encodeURIComponent(dagId)}/dagRuns`, {
      method: 'POST',
      body,
    });
    return r.dag_run_id;
  } catch (e) {
    const err = e as { status?: number; attempt?: number };
    if (err.status === 409 && (err.attempt ?? 1) > 1) return runId; // our earlier attempt went through
    throw e;
  }
}

/** Polls a Dag run until it is success or failed. */
export async function waitForDagRun(
  baseUrl: string,
  dagId: string,
  runId: string,
  opts: { timeoutMs?: number; pollMs?: number } = {},
): Promise<DagRunState> {
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  let state = '?';
  for (;;) {
    const r = await api<{ state: string }>(
      baseUrl,
      `dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}`,
    );
    state = r.state;
    if (state === 'success' || state === 'failed') return state;
    if (Date.now() > deadline) throw new Error(`Waited ${(opts.timeoutMs ?? 180_000) / 1000} s for Dag run ${dagId}/${runId} to finish; it is still ${state}`);
    await sleep(opts.pollMs ?? 1000);
  }
}
