import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A remote tool's result as the REST answer it stands for: an HTTP status and a JSON body,
 * so the built-in tools read it exactly as they read Airflow (see airflow-over-mcp.ts).
 */
export interface RestAnswer {
  status: number;
  body: unknown;
}

export const ok = (body: unknown): RestAnswer => ({ status: 200, body });
export const notFound = (detail?: string): RestAnswer => ({ status: 404, body: detail ? { detail } : {} });

function resultText(result: CallToolResult): string {
  return result.content
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('')
    .trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * airflow-mcp-plugin (REST operation tools): JSON comes as `structuredContent` (with empty
 * `content`), other answers as text; an HTTP error is `isError` with `HTTP 403: {"detail":…}`.
 */
export function readRestOperationResult(result: CallToolResult): RestAnswer {
  const text = resultText(result);
  if (result.isError) {
    const http = /^HTTP (\d{3}): ?([^]*)$/.exec(text);
    if (http) return { status: Number(http[1]), body: parseJson(http[2] ?? '') ?? { detail: http[2] } };
    // Arguments the plugin rejected (pydantic validation, a missing path parameter).
    return { status: 400, body: { detail: text.slice(0, 500) } };
  }
  if (result.structuredContent !== undefined) return ok(result.structuredContent);
  const json = parseJson(text);
  return json === undefined ? { status: 502, body: { detail: `Not JSON: ${text.slice(0, 200)}` } } : ok(json);
}

/**
 * astro-airflow-mcp: a JSON string as text (and as `structuredContent.result`). Failures are
 * ordinary results holding `{error, error_type, …}` (an httpx error message with the status),
 * or `{available: false, note}` when Airflow answered 404.
 */
export function readAstroResult(result: CallToolResult): RestAnswer {
  const wrapped = (result.structuredContent as { result?: unknown } | undefined)?.result;
  const text = typeof wrapped === 'string' ? wrapped : resultText(result);
  const json = parseJson(text);
  if (result.isError || json === undefined) return { status: 502, body: { detail: text.slice(0, 300) || 'empty answer' } };
  return astroFailure(json) ?? ok(json);
}

/** The REST error an astro-airflow-mcp failure payload stands for, or null if `value` is none. */
export function astroFailure(value: unknown): RestAnswer | null {
  const failure = (value ?? {}) as { error?: unknown; error_type?: unknown; available?: unknown };
  if (failure.available === false) return notFound();
  if (typeof failure.error !== 'string' || typeof failure.error_type !== 'string') return null;
  if (failure.error_type === 'NotFoundError') return notFound();
  const status = Number(/'(\d{3}) [^']*'/.exec(failure.error)?.[1] ?? /\bHTTP (\d{3})\b/.exec(failure.error)?.[1]);
  // Airflow's own words for these, so the answer reads as the built-in path's does.
  if (status === 401) return { status, body: { detail: 'Not authenticated' } };
  if (status === 403) return { status, body: { detail: 'Forbidden' } };
  if (status === 404) return notFound();
  return { status: status >= 400 ? status : 502, body: { detail: failure.error.split('\n')[0]?.slice(0, 300) } };
}
