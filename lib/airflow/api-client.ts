// The only code in the extension that may send a request to Airflow.
// It can only GET, only under its API root (`api/v2/` for Airflow 3, `api/v1/` for Airflow 2),
// and never the auth part of it: `GET api/v2/auth/logout` would end the user's session, so a
// read-only assistant must not be able to reach it, whatever a tool or a model asks for.
import type { ReadOnceCache } from './read-once';

export type AirflowQueryValue = string | number | boolean | null | undefined;
export type AirflowQuery = Record<string, AirflowQueryValue | readonly AirflowQueryValue[]>;

/**
 * Which REST API the client speaks: `v2` is Airflow 3's (a JWT sent as Bearer), `v1` Airflow 2's,
 * which the browser's own `session` cookie authenticates (the default `session` auth backend).
 */
export type AirflowApiVersion = 'v1' | 'v2';

export interface AirflowClientOptions {
  /** Instance base URL, ending with '/', possibly with a base path: `https://h/airflow/`. */
  baseUrl: string;
  /** Default `v2`. */
  api?: AirflowApiVersion;
  /**
   * The user's session token, sent as Bearer when present (v2 only). Airflow 2 takes no token:
   * its session cookie goes with the request (`credentials: 'include'`), so v1 sends no
   * Authorization header at all, and this is never called.
   */
  getToken?: () => Promise<string | null>;
  fetch?: typeof fetch;
  /**
   * How long a read may take before it fails as a timeout: reads of Dags, runs and tasks should
   * be fast, so a hanging Airflow is reported in seconds. A function, so a changed setting
   * applies at the next read. Default `DEFAULT_READ_TIMEOUT_MS`.
   */
  timeoutMs?: number | (() => number);
  /** The same for task log reads (`…/logs/…`), which can be long; default `DEFAULT_LOG_TIMEOUT_MS`. */
  logTimeoutMs?: number;
  /**
   * Time limit of a streamed read (`getStream`), body included: task logs, which Airflow may take
   * a minute to serve. Read at each request, so a changed setting applies at once.
   */
  streamTimeoutMs?: () => number | Promise<number>;
  /** What was read from this instance, kept per Airflow user so that it is read once (read-once.ts). */
  readOnce?: ReadOnceCache;
}

export interface AirflowGetOptions {
  /** Cancels the request, e.g. when the MCP client cancels a tool call. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this read. */
  timeoutMs?: number;
}

export interface AirflowStreamOptions extends AirflowGetOptions {
  /** The media type asked for, e.g. `application/x-ndjson` (what the Airflow UI asks for a log). */
  accept: string;
  /** Time limit of this read, body included; default: the client's `streamTimeoutMs`. */
  timeoutMs?: number;
}

/** A response whose body is read as it arrives, never held whole by the client. */
export interface AirflowStream {
  /** The media type Airflow answered with, without parameters (`application/x-ndjson`). */
  readonly contentType: string;
  /**
   * The body's bytes, chunk by chunk. Iterating throws `AirflowReadInterrupted` when the time
   * limit passes or the connection breaks; stopping the iteration early cancels the download.
   */
  readonly chunks: AsyncIterable<Uint8Array>;
}

export interface AirflowClient {
  readonly baseUrl: string;
  /** GET `path` (relative to the base, under the client's API root, already encoded: build it with `apiV2Path`/`apiV1Path`). */
  get<T>(path: string, query?: AirflowQuery, options?: AirflowGetOptions): Promise<T>;
  /** The same GET, with its body streamed (for bodies that may be very large: task logs). */
  getStream(path: string, query: AirflowQuery | undefined, options: AirflowStreamOptions): Promise<AirflowStream>;
  /** Where reads that do not change (a finished try's evidence) are kept, per Airflow user; none: nothing is kept. */
  readonly readOnce?: ReadOnceCache;
}

export type AirflowApiErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'unreachable'
  | 'timeout'
  | 'cut_read'
  | 'server'
  | 'bad_response';

/** A request the client refuses to send because it could change something in Airflow. */
export class ReadOnlyViolation extends Error {
  override readonly name = 'ReadOnlyViolation';
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`Refused to request "${path}": ${reason}`);
    this.path = path;
  }
}

/** A failed GET; `message` is a sentence that can be shown to the user as is. */
// Plain fields, no parameter properties: the file stays erasable TypeScript for Node scripts.
export class AirflowApiError extends Error {
  override readonly name = 'AirflowApiError';
  readonly kind: AirflowApiErrorKind;
  readonly path: string;
  readonly status: number | undefined;
  /** The `detail` Airflow sent, if any. */
  readonly detail: string | undefined;
  constructor(kind: AirflowApiErrorKind, message: string, path: string, status?: number, detail?: string) {
    super(message);
    this.kind = kind;
    this.path = path;
    this.status = status;
    this.detail = detail;
  }
}

/** Reads that should be fast (a Dag, a run, a task instance): a hanging Airflow is said in 10 s. */
export const DEFAULT_READ_TIMEOUT_MS = 10_000;
/** Task log reads, which can be long (the log work owns this one). */
export const DEFAULT_LOG_TIMEOUT_MS = 30_000;
const LOG_PATH = /\/logs\//;
/**
 * A streamed read that ended before the body did: its time limit passed (`timeout`) or the
 * connection broke (`cut`). What arrived before it is real; what did not is unknown, so a reader
 * must say the answer is partial rather than draw conclusions from what is missing.
 */
export class AirflowReadInterrupted extends AirflowApiError {
  readonly reason: 'timeout' | 'cut';
  readonly bytesRead: number;
  readonly timeoutMs: number;
  constructor(reason: 'timeout' | 'cut', message: string, path: string, bytesRead: number, timeoutMs: number) {
    super(reason === 'timeout' ? 'timeout' : 'unreachable', message, path);
    this.reason = reason;
    this.bytesRead = bytesRead;
    this.timeoutMs = timeoutMs;
  }
}

/** Airflow reads a whole log file before it sends the first byte; a 100 MB log can take a minute. */
export const DEFAULT_STREAM_TIMEOUT_MS = 120_000;
const API_ROOTS: Record<AirflowApiVersion, string> = { v1: 'api/v1/', v2: 'api/v2/' };
/**
 * First path segments never requested, whatever the path: logins and logouts (`auth`, in v2;
 * Airflow 2.10's v1 has none, refused anyway in case a plugin or a later 2.x adds one), and in
 * v1 the security manager's users, roles and permissions, which no read-only tool needs and
 * which tell about other users.
 */
const REFUSED_SEGMENTS: Record<AirflowApiVersion, Record<string, string>> = {
  v2: { auth: 'handles login and logout' },
  v1: { auth: 'handles login and logout', users: 'is about other users', roles: 'is about other users', permissions: 'is about other users' },
};

/**
 * Builds an `api/v2/…` path, percent-encoding every interpolated value as one segment:
 * run ids hold `:` and `+` (`manual__2026-01-01T00:00:00+00:00`), task ids in groups hold dots.
 */
export function apiV2Path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return buildPath(API_ROOTS.v2, strings, values);
}

/** The same for Airflow 2's `api/v1/…`. */
export function apiV1Path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return buildPath(API_ROOTS.v1, strings, values);
}

function buildPath(root: string, strings: TemplateStringsArray, values: (string | number)[]): string {
  let path = root + strings[0];
  values.forEach((value, i) => {
    path += encodeSegment(String(value)) + strings[i + 1];
  });
  return path;
}

function encodeSegment(segment: string): string {
  // A lone "." or ".." would be read as a relative step by URL parsing.
  if (segment === '.' || segment === '..') return '%2E'.repeat(segment.length);
  return encodeURIComponent(segment);
}

export function createAirflowClient(options: AirflowClientOptions): AirflowClient {
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const api = options.api ?? 'v2';
  const readTimeoutMs = () => (typeof options.timeoutMs === 'function' ? options.timeoutMs() : options.timeoutMs) ?? DEFAULT_READ_TIMEOUT_MS;

  async function headersFor(accept: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: accept };
    // v1: the session cookie alone (Airflow 2's `session` auth backend). Its API knows no Airflow 3
    // token, and no token of any kind is ever sent where it was not made for.
    if (api === 'v1') return headers;
    const token = options.getToken ? await options.getToken() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  async function get<T>(path: string, query?: AirflowQuery, getOptions?: AirflowGetOptions): Promise<T> {
    const url = resolveReadOnlyUrl(base, api, path);
    appendQuery(url, query);
    const headers = await headersFor('application/json');

    const timeoutMs = getOptions?.timeoutMs ?? (LOG_PATH.test(path) ? (options.logTimeoutMs ?? DEFAULT_LOG_TIMEOUT_MS) : readTimeoutMs());
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = getOptions?.signal ? AbortSignal.any([getOptions.signal, timeout]) : timeout;
    let response: Response;
    try {
      // The method is fixed here and nowhere else: this client has no way to send anything but GET.
      response = await doFetch(url.toString(), { method: 'GET', headers, credentials: 'include', signal });
    } catch (error) {
      if (getOptions?.signal?.aborted) throw error;
      if (timeout.aborted) {
        throw new AirflowApiError('timeout', `Airflow at ${base.href} did not answer within ${Math.max(1, Math.round(timeoutMs / 1000))} s.`, path);
      }
      throw new AirflowApiError('unreachable', `Airflow at ${base.href} could not be reached.`, path);
    }
    return readResponse<T>(response, path, () => timeout.aborted && !getOptions?.signal?.aborted, timeoutMs);
  }

  async function getStream(path: string, query: AirflowQuery | undefined, streamOptions: AirflowStreamOptions): Promise<AirflowStream> {
    const url = resolveReadOnlyUrl(base, api, path);
    appendQuery(url, query);
    const limitMs = streamOptions.timeoutMs ?? (options.streamTimeoutMs ? await options.streamTimeoutMs() : DEFAULT_STREAM_TIMEOUT_MS);
    const headers = await headersFor(streamOptions.accept);

    // One controller for the whole read: the caller's signal, the time limit, or the reader
    // stopping early all end the download.
    const controller = new AbortController();
    const callerSignal = streamOptions.signal;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const release = () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    };
    const seconds = Math.round(limitMs / 1000);
    const interrupted = (bytesRead: number) =>
      timedOut
        ? new AirflowReadInterrupted('timeout', `Airflow at ${base.href} did not send the whole answer within ${seconds} s.`, path, bytesRead, limitMs)
        : new AirflowReadInterrupted('cut', 'The connection to Airflow broke while reading its answer.', path, bytesRead, limitMs);

    let response: Response;
    try {
      if (callerSignal?.aborted) throw callerSignal.reason;
      // GET only, as in `get`.
      response = await doFetch(url.toString(), { method: 'GET', headers, credentials: 'include', signal: controller.signal });
    } catch (error) {
      release();
      if (callerSignal?.aborted) throw error;
      if (timedOut) throw interrupted(0);
      throw new AirflowApiError('unreachable', `Airflow at ${base.href} could not be reached.`, path);
    }
    if (!response.ok) {
      // An error answer is small; read it as `get` does, for the same sentences.
      try {
        await readResponse<unknown>(response, path, () => timedOut, limitMs);
      } finally {
        release();
      }
    }
    const maybeBody = response.body;
    if (!maybeBody) {
      release();
      return { contentType: contentTypeOf(response), chunks: (async function* () {})() };
    }
    const body: ReadableStream<Uint8Array> = maybeBody;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const reader = body.getReader();
      let bytesRead = 0;
      let done = false;
      try {
        for (;;) {
          let next: ReadableStreamReadResult<Uint8Array>;
          try {
            next = await reader.read();
          } catch (error) {
            if (callerSignal?.aborted) throw error;
            throw interrupted(bytesRead);
          }
          if (next.done) {
            done = true;
            return;
          }
          bytesRead += next.value.byteLength;
          yield next.value;
        }
      } finally {
        release();
        // Stopped early by the reader (or failed): do not download the rest.
        if (!done) void reader.cancel().catch(() => {});
      }
    }
    return { contentType: contentTypeOf(response), chunks: chunks() };
  }

  return Object.freeze({ baseUrl: base.href, get, getStream, ...(options.readOnce ? { readOnce: options.readOnce } : {}) });
}

function contentTypeOf(response: Response): string {
  return (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function resolveReadOnlyUrl(base: URL, api: AirflowApiVersion, path: string): URL {
  const root = API_ROOTS[api];
  if (/[?#\\]/.test(path)) throw new ReadOnlyViolation(path, 'pass query parameters separately');
  if (path.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
    throw new ReadOnlyViolation(path, 'the path must be relative to the Airflow base URL');
  }
  const url = new URL(path, base);
  // Check the resolved URL, not the string: `api/v2/../auth/logout` or `%2E%2E` must not slip through.
  const apiRoot = base.pathname + root;
  if (url.origin !== base.origin || !url.pathname.startsWith(apiRoot)) {
    throw new ReadOnlyViolation(path, `only ${root}* may be requested`);
  }
  const firstSegment = decodeURIComponent(url.pathname.slice(apiRoot.length).split('/')[0] ?? '').toLowerCase();
  const refused = Object.prototype.hasOwnProperty.call(REFUSED_SEGMENTS[api], firstSegment) ? REFUSED_SEGMENTS[api][firstSegment] : undefined;
  if (refused) throw new ReadOnlyViolation(path, `${root}${firstSegment}/* ${refused}`);
  return url;
}

function appendQuery(url: URL, query: AirflowQuery | undefined): void {
  for (const [key, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item !== undefined && item !== null) url.searchParams.append(key, String(item));
    }
  }
}

async function readResponse<T>(response: Response, path: string, timedOut: () => boolean, timeoutMs: number): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    if (timedOut()) throw new AirflowApiError('timeout', `Airflow did not finish its answer within ${Math.max(1, Math.round(timeoutMs / 1000))} s.`, path, response.status);
    throw new AirflowApiError('cut_read', 'The connection to Airflow broke while reading its answer.', path, response.status);
  }
  if (!response.ok) throw errorForStatus(response.status, path, detailOf(text));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new AirflowApiError(
      'bad_response',
      `Airflow answered ${path} with something that is not JSON (HTTP ${response.status}); is the base URL right?`,
      path,
      response.status,
    );
  }
}

function detailOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { detail?: unknown; error?: unknown };
    const detail = parsed.detail ?? parsed.error;
    if (detail === undefined) return undefined;
    return typeof detail === 'string' ? detail : JSON.stringify(detail);
  } catch {
    // Not JSON: an HTML error page of a proxy or a server, never shown (nor sent) as is.
    const text = body.trim();
    return text === '' || text.startsWith('<') ? undefined : text.slice(0, 200);
  }
}

const SESSION_EXPIRED = 'Your Airflow session has expired: log in to Airflow again, then ask again.';

function errorForStatus(status: number, path: string, detail: string | undefined): AirflowApiError {
  const fail = (kind: AirflowApiErrorKind, message: string) => new AirflowApiError(kind, message, path, status, detail);
  if (status === 401) return fail('unauthenticated', SESSION_EXPIRED);
  if (status === 403) {
    // A token signed with another secret (or mangled) is a dead session, not a permission problem.
    if (detail === 'Invalid JWT token') return fail('unauthenticated', SESSION_EXPIRED);
    const why = detail && detail !== 'Forbidden' ? `: ${detail}` : '.';
    return fail('forbidden', `Your Airflow user may not see ${describeResource(path)} (HTTP 403)${why}`);
  }
  if (status === 404) {
    return fail('not_found', detail ? `Not found in Airflow (HTTP 404): ${detail}` : `Airflow found no ${describeResource(path)} matching the request (HTTP 404).`);
  }
  // Only a JSON detail is kept (see detailOf): a proxy's HTML error page is never shown.
  if (status >= 500) return fail('server', `Airflow failed with a server error (HTTP ${status})${detail ? `: ${detail}` : '; it may be restarting or overloaded.'}`);
  return fail('bad_request', `Airflow refused the request (HTTP ${status})${detail ? `: ${detail}` : '.'}`);
}

// Words for the user, keyed by the API's collection segments.
const RESOURCE_NAMES: Record<string, string> = {
  dags: 'Dags',
  details: 'Dag details',
  dagRuns: 'Dag runs',
  taskInstances: 'task instances',
  tries: 'task tries',
  logs: 'task logs',
  dagSources: 'Dag source code',
  importErrors: 'import errors',
  dagWarnings: 'Dag warnings',
  xcomEntries: 'XCom entries',
  eventLogs: 'the audit log',
  connections: 'connections',
  variables: 'variables',
  config: 'the configuration',
  pools: 'pools',
  providers: 'providers',
  plugins: 'plugins',
  jobs: 'jobs',
  assets: 'assets',
  backfills: 'backfills',
  monitor: 'health status',
  health: 'health status',
};

function describeResource(path: string): string {
  // Both roots are `api/vN/`, so the resource segments start at the third.
  const segments = path.split('/').slice(2);
  const known = segments.filter((segment) => Object.prototype.hasOwnProperty.call(RESOURCE_NAMES, segment));
  const last = known[known.length - 1];
  return last ? (RESOURCE_NAMES[last] ?? 'this resource') : 'this resource';
}
