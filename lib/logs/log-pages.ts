// Sources of log pages for the triage, each read lazily so no whole log is ever held:
// the log API through its continuation tokens, and raw NDJSON or plain-text chunks.
import { apiV2Path, type AirflowClient } from '../airflow/api-client';
import type { LogContentItem } from '../mcp/task-log/render-log-event';

export interface TryIds {
  dagId: string;
  runId: string;
  taskId: string;
  /** -1 for an unmapped task. */
  mapIndex: number;
  tryNumber: number;
}

export interface LogPageSource {
  pages: AsyncIterable<LogContentItem[]>;
  /** After reading: false when the log was still growing and reading stopped at `maxPages`. */
  readonly complete: boolean;
  readonly pagesRead: number;
}

interface LogPage {
  content: LogContentItem[] | string;
  continuation_token?: string | null;
}

// A running task hands out a continuation token on every page; a finished one sends one page.
const DEFAULT_MAX_PAGES = 50;

export function taskLogPath(ids: TryIds): string {
  return apiV2Path`dags/${ids.dagId}/dagRuns/${ids.runId}/taskInstances/${ids.taskId}/logs/${ids.tryNumber}`;
}

/** The pages of one try's log, fetched one at a time as the reader asks for them. */
export function readLogPages(client: AirflowClient, ids: TryIds, signal?: AbortSignal, maxPages = DEFAULT_MAX_PAGES): LogPageSource {
  const state = { complete: false, pagesRead: 0 };
  async function* pages(): AsyncGenerator<LogContentItem[]> {
    let token: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const query = { map_index: ids.mapIndex, full_content: false, token };
      const body = await client.get<LogPage>(taskLogPath(ids), query, signal ? { signal } : {});
      state.pagesRead += 1;
      // Older servers may send one text blob instead of an event list.
      const content = typeof body.content === 'string' ? body.content.split('\n') : body.content;
      yield content;
      if (!body.continuation_token || content.length === 0) {
        state.complete = true;
        return;
      }
      token = body.continuation_token;
    }
  }
  return {
    pages: pages(),
    get complete() {
      return state.complete;
    },
    get pagesRead() {
      return state.pagesRead;
    },
  };
}

/**
 * Pages of events from raw text chunks, split at newlines across chunk borders: NDJSON (what the
 * UI fetches, `accept: application/x-ndjson`) becomes structured events, any other line stays
 * plain text. Blank lines are dropped, as the UI drops them.
 */
export async function* textChunkPages(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  pageSize = 2000,
): AsyncGenerator<LogContentItem[]> {
  const decoder = new TextDecoder();
  let carry = '';
  let page: LogContentItem[] = [];
  for await (const chunk of chunks) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const item = parseLine(text, start, end);
      if (item !== null) page.push(item);
      start = end + 1;
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    carry = text.slice(start);
  }
  const rest = parseLine(carry + decoder.decode(), 0, undefined);
  if (rest !== null) page.push(rest);
  if (page.length > 0) yield page;
}

function parseLine(text: string, start: number, end: number | undefined): LogContentItem | null {
  let line = text.slice(start, end);
  if (line.endsWith('\r')) line = line.slice(0, -1);
  if (line.trim() === '') return null;
  if (line.charCodeAt(0) === 123 /* { */) {
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as LogContentItem;
    } catch {
      // not JSON after all: a plain line
    }
  }
  return line;
}
