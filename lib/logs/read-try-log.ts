// Reads one try's log the way the Airflow UI does (`accept: application/x-ndjson`): the body is
// streamed through the api-client and handed on line by line as it arrives, so nothing holds the
// whole log. A read that runs out of time or breaks says so, with what it read: a partial log is
// evidence of what it holds, never of what it lacks.
import { AirflowApiError, AirflowReadInterrupted, type AirflowClient } from '../airflow/api-client';
import type { LogContentItem } from './render-log-event';
import { taskLogPath, textChunkLines, type TryIds } from './log-pages';
import { createLogTriage, type LogTriage, type TriageOptions } from './log-triage';
import { uiLogDialectFor } from './ui-log-lines';

export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

/**
 * `complete`: the whole log. `growing`: Airflow stopped streaming a log still being written.
 * `timeout` / `cut`: the read ran out of time or the connection broke; only a first part was read.
 */
export type LogReadState = 'complete' | 'growing' | 'timeout' | 'cut';

export interface LogRead {
  state: LogReadState;
  /** Events (lines) handed on. */
  linesRead: number;
  bytesRead: number;
  elapsedMs: number;
  /** For anything but `complete`: a sentence for the user, saying what was read. */
  note: string | null;
}

/** Takes the log as it arrives: raw NDJSON (or text) lines, or parsed events from a JSON answer. */
export interface LogLineSink {
  pushLine(line: string): void;
  push(item: LogContentItem): void;
}

export interface ReadTryLogOptions {
  signal?: AbortSignal;
  /** Time limit of the read; default: the client's limit for streamed reads. */
  timeoutMs?: number;
}

// Airflow's own words when it gives up waiting for the end of a log still being written
// (airflow/utils/log/log_reader.py, `read_log_stream`).
const STREAM_STOPPED = 'Log stream stopped - End of log marker not found';
// Lines are handed on in small pages: a page keeps alive the text its lines were cut from, and
// what is alive when V8 collects its young generation is what makes that generation grow.
const LINES_PER_PAGE = 32;

/** Streams the log of one try into `sink`; resolves with how far the read got. */
export async function readTryLog(client: AirflowClient, ids: TryIds, sink: LogLineSink, options: ReadTryLogOptions = {}): Promise<LogRead> {
  const started = Date.now();
  let linesRead = 0;
  let bytesRead = 0;
  let stoppedByAirflow = false;
  // An interrupted read ends the line stream like a normal end (so every whole line that arrived
  // is handed on), then reports how it ended.
  let interruption: AirflowReadInterrupted | null = null;
  const outcome = (state: LogReadState, error?: AirflowReadInterrupted): LogRead => {
    const read = { state, linesRead, bytesRead: error ? error.bytesRead : bytesRead, elapsedMs: Date.now() - started };
    return { ...read, note: noteFor(read, error) };
  };
  async function* untilInterrupted(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of chunks) {
        bytesRead += chunk.byteLength;
        yield chunk;
      }
    } catch (error) {
      if (!(error instanceof AirflowReadInterrupted)) throw error;
      interruption = error;
    }
  }
  try {
    const path = taskLogPath(ids);
    const stream = await client.getStream(
      path,
      // The query the UI sends; `full_content=false` keeps the answer the same as the JSON pages'.
      { map_index: ids.mapIndex, full_content: false },
      { accept: NDJSON_MEDIA_TYPE, ...(options.signal ? { signal: options.signal } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
    );
    const chunks = untilInterrupted(stream.chunks);
    if (stream.contentType === 'application/json') {
      // A server that ignores the NDJSON accept sends the JSON page: one document, read whole
      // (a part of it is of no use).
      const content = await jsonLogContent(chunks, path);
      if (interruption) throw interruption;
      for (const item of content) {
        sink.push(item);
        linesRead += 1;
      }
    } else {
      for await (const page of textChunkLines(chunks, LINES_PER_PAGE, () => interruption !== null)) {
        for (const line of page) {
          if (line.includes(STREAM_STOPPED) && line.startsWith('{"event"')) stoppedByAirflow = true;
          sink.pushLine(line);
          linesRead += 1;
        }
      }
    }
  } catch (error) {
    if (error instanceof AirflowReadInterrupted) return outcome(error.reason, error);
    throw error;
  }
  const ended = interruption as AirflowReadInterrupted | null;
  if (ended) return outcome(ended.reason, ended);
  return outcome(stoppedByAirflow ? 'growing' : 'complete');
}

/** The triage of one try's log, read as a stream, with how far the read got. */
export async function triageTryLog(
  client: AirflowClient,
  ids: TryIds,
  options: ReadTryLogOptions & { triage?: TriageOptions } = {},
): Promise<{ triage: LogTriage; read: LogRead }> {
  const builder = createLogTriage({ uiLog: uiLogDialectFor(client.baseUrl), ...options.triage });
  const read = await readTryLog(client, ids, builder, options);
  return { triage: builder.finish(), read };
}

function noteFor(read: Omit<LogRead, 'note'>, error: AirflowReadInterrupted | undefined): string | null {
  const what = read.linesRead > 0 ? `showing what was read (${read.linesRead.toLocaleString('en-US')} lines, ${megabytes(read.bytesRead)})` : 'none of it arrived';
  if (read.state === 'timeout') {
    return `The log could not be read in time (${seconds(error?.timeoutMs ?? read.elapsedMs)}); ${what}.`;
  }
  if (read.state === 'cut') return `The connection broke while the log was read; ${what}.`;
  if (read.state === 'growing') return 'Airflow stopped streaming the log before its end (it is still being written); showing what was read.';
  return null;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

interface LogPage {
  content?: LogContentItem[] | string;
}

async function jsonLogContent(chunks: AsyncIterable<Uint8Array>, path: string): Promise<LogContentItem[]> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(decoder.decode(chunk, { stream: true }));
  parts.push(decoder.decode());
  let body: LogPage;
  try {
    body = JSON.parse(parts.join('')) as LogPage;
  } catch {
    throw new AirflowApiError('bad_response', 'Airflow answered the log request with something that is not JSON.', path);
  }
  // Older servers may send one text blob instead of an event list.
  return typeof body.content === 'string' ? body.content.split('\n') : (body.content ?? []);
}
