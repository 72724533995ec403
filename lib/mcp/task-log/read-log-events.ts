import type { AirflowClient } from '../../airflow/api-client';
import type { LogContentItem } from './render-log-event';

interface LogPage {
  content: LogContentItem[] | string;
  continuation_token?: string | null;
}

// A running task hands out a continuation token on every page; stop after this many.
const MAX_PAGES = 20;

/** Reads a task log through its continuation-token pages; `complete` is false if it stopped early. */
export async function readLogEvents(
  client: AirflowClient,
  path: string,
  mapIndex: number,
  signal: AbortSignal,
): Promise<{ events: LogContentItem[]; complete: boolean }> {
  const events: LogContentItem[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = { map_index: mapIndex, full_content: false, token };
    const body = await client.get<LogPage>(path, query, { signal });
    // Older servers may send one text blob instead of an event list.
    const content = typeof body.content === 'string' ? body.content.split('\n') : body.content;
    events.push(...content);
    if (!body.continuation_token || content.length === 0) return { events, complete: true };
    token = body.continuation_token;
  }
  return { events, complete: false };
}
