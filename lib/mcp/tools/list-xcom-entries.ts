import { z } from 'zod';
import { apiV2Path, type AirflowClient } from '../../airflow/api-client';
import type { Collection, XComEntry } from '../../airflow/rest-types';
import { pageSummary, trimText } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { dagIdField, runIdField } from './fields';

// Values are fetched one request each: keep the count small.
const MAX_ENTRIES = 20;

export const listXcomEntries = defineReadTool({
  name: 'list_xcom_entries',
  title: 'List XCom entries',
  description:
    'XCom entries (values tasks passed on) of a Dag run, optionally of one task, with a short preview of each value.',
  inputSchema: {
    dag_id: dagIdField,
    run_id: runIdField,
    task_id: z.string().min(1).default('~').describe('Task id, or "~" (the default) for all tasks of the run.'),
    map_index: z.number().int().min(-1).optional().describe('Only this map index of a mapped task.'),
    key: z.string().optional().describe('Only this XCom key, e.g. "return_value".'),
    limit: z.number().int().min(1).max(MAX_ENTRIES).default(10).describe(`How many entries (1-${MAX_ENTRIES}, default 10).`),
    preview_chars: z.number().int().min(20).max(2000).default(300).describe('Longest value preview, in characters (default 300).'),
  },
  async run(client, input, signal) {
    const path = apiV2Path`dags/${input.dag_id}/dagRuns/${input.run_id}/taskInstances/${input.task_id}/xcomEntries`;
    const query = { map_index: input.map_index, xcom_key: input.key, limit: input.limit };
    const page = await client.get<Collection & { xcom_entries: XComEntry[] }>(path, query, { signal });
    const entries = await Promise.all(
      page.xcom_entries.map(async (entry) => ({
        task_id: entry.task_id,
        map_index: entry.map_index,
        key: entry.key,
        timestamp: entry.timestamp,
        value_preview: await previewValue(client, entry, input.preview_chars, signal),
      })),
    );
    const lines = entries.map((e) => `- ${e.task_id}${e.map_index >= 0 ? `[${e.map_index}]` : ''} ${e.key}: ${e.value_preview}`);
    const header = `XCom entries of ${input.dag_id} / ${input.run_id}${input.task_id === '~' ? '' : ` / ${input.task_id}`}: ${pageSummary(entries.length, page.total_entries, 0)}.`;
    return { text: [header, ...lines].join('\n'), data: { total_entries: page.total_entries, xcom_entries: entries } };
  },
});

async function previewValue(client: AirflowClient, entry: XComEntry, maxChars: number, signal: AbortSignal): Promise<string> {
  const path = apiV2Path`dags/${entry.dag_id}/dagRuns/${entry.run_id}/taskInstances/${entry.task_id}/xcomEntries/${entry.key}`;
  try {
    const full = await client.get<XComEntry>(path, { map_index: entry.map_index }, { signal });
    const text = typeof full.value === 'string' ? full.value : JSON.stringify(full.value);
    return trimText(text ?? 'null', maxChars);
  } catch (error) {
    // One unreadable value (e.g. a custom serializer) should not hide the other entries.
    return `(value not readable: ${error instanceof Error ? error.message : String(error)})`;
  }
}
