// Sources of log pages for the triage, each read lazily so no whole log is ever held:
// the log API through its continuation tokens, and raw NDJSON or plain-text chunks.
import { apiV2Path, type AirflowClient } from '../airflow/api-client';
import type { LogContentItem } from './render-log-event';

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
 * Pages of raw lines from text chunks (a streamed response body), split at newlines across chunk
 * borders; blank lines are dropped, as the UI drops them. Feed them to `triageLines`: NDJSON
 * (what the UI fetches, `accept: application/x-ndjson`) is parsed only where it may matter, any
 * other line is plain text.
 */
export async function* textChunkLines(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  pageSize = 200,
  /** Asked at the end: true when the text was cut off, so its unterminated last line is a fragment (dropped). */
  wasCut: () => boolean = () => false,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  let carry = '';
  let page: string[] = [];
  for await (const chunk of chunks) for (const piece of typeof chunk === 'string' ? [chunk] : piecesOf(chunk)) {
    // The piece is scanned as is; only the line that spans two pieces is joined (concatenating
    // whole pieces would double the garbage per byte).
    const text = typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    let start = 0;
    let end = text.indexOf('\n');
    if (carry !== '') {
      if (end === -1) {
        carry += text;
        continue;
      }
      const joined = lineAt(carry + text.slice(0, end), 0, undefined);
      if (joined !== null) page.push(joined);
      carry = '';
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    for (; end !== -1; end = text.indexOf('\n', start)) {
      const line = lineAt(text, start, end);
      if (line !== null) page.push(line);
      start = end + 1;
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    carry = text.slice(start);
  }
  const rest = wasCut() ? null : lineAt(carry + decoder.decode(), 0, undefined);
  if (rest !== null) page.push(rest);
  if (page.length > 0) yield page;
}

// Network chunks are decoded a piece at a time. The text being split, and the lines of it the
// triage still holds (the last few, for context), are alive whenever V8 collects its young
// generation; V8 grows that generation by what survives, so a 64 kB string per collection made a
// long read's heap grow with the log. Pieces of 8 kB keep that small; only the line that spans
// two pieces is joined.
const DECODE_PIECE_BYTES = 8 * 1024;

function* piecesOf(chunk: Uint8Array): Generator<Uint8Array> {
  if (chunk.byteLength <= DECODE_PIECE_BYTES) {
    yield chunk;
    return;
  }
  for (let at = 0; at < chunk.byteLength; at += DECODE_PIECE_BYTES) yield chunk.subarray(at, at + DECODE_PIECE_BYTES);
}

function lineAt(text: string, start: number, end: number | undefined): string | null {
  const stop = end ?? text.length;
  const trimmedEnd = stop > start && text.charCodeAt(stop - 1) === 13 /* \r */ ? stop - 1 : stop;
  if (trimmedEnd === start) return null;
  const line = text.slice(start, trimmedEnd);
  // Only whitespace: blank.
  return /\S/.test(line) ? line : null;
}
