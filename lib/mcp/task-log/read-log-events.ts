import type { AirflowClient } from '../../airflow/api-client';
import type { TryIds } from '../../logs/log-pages';
import { readTryLog, type LogRead } from '../../logs/read-try-log';
import type { LogContentItem } from '../../logs/render-log-event';

/**
 * Reads the events of one try's log, streamed as NDJSON (as the Airflow UI reads it) and parsed
 * line by line, so the whole log is never one string beside its events. `read` says how far the
 * read got: a timeout or a broken connection leaves the events that arrived.
 */
export async function readLogEvents(client: AirflowClient, ids: TryIds, signal: AbortSignal): Promise<{ events: LogContentItem[]; read: LogRead }> {
  const events: LogContentItem[] = [];
  const read = await readTryLog(
    client,
    ids,
    {
      // One at a time: `events.push(...page)` overflows the call stack on a page of 100k events.
      push: (item) => void events.push(item),
      pushLine: (line) => void events.push(parseLine(line)),
    },
    { signal },
  );
  return { events, read };
}

function parseLine(line: string): LogContentItem {
  if (line.charCodeAt(0) !== 123 /* { */) return line;
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as LogContentItem) : line;
  } catch {
    return line;
  }
}
