import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection, EventLog } from '../../airflow/rest-types';
import { orDash, pageSummary, trimText } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { limitField, offsetField } from './fields';

export const listEventLogs = defineReadTool({
  name: 'list_event_logs',
  title: 'List audit log events',
  description:
    'The audit log (who did what, when) for a Dag, a Dag run or a task, newest first: triggers, pauses, clears, state changes, task failures.',
  inputSchema: {
    dag_id: z.string().optional().describe('Only events of this Dag.'),
    run_id: z.string().optional().describe('Only events of this Dag run.'),
    task_id: z.string().optional().describe('Only events of this task.'),
    map_index: z.number().int().min(-1).optional().describe('Only events of this map index of a mapped task.'),
    try_number: z.number().int().min(0).optional().describe('Only events of this try.'),
    event: z.string().optional().describe('Only this event type, e.g. "trigger", "paused", "failed".'),
    limit: limitField(50),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const query = { ...input, order_by: '-when' };
    const page = await client.get<Collection & { event_logs: EventLog[] }>(apiV2Path`eventLogs`, query, { signal });
    const events = page.event_logs.map((log) => ({
      when: log.when,
      event: log.event,
      owner: log.owner ?? null,
      dag_id: log.dag_id ?? null,
      run_id: log.run_id ?? null,
      task_id: log.task_id ?? null,
      map_index: log.map_index ?? null,
      try_number: log.try_number ?? null,
      extra: log.extra ? trimText(log.extra, 300) : null,
    }));
    const lines = events.map((e) => {
      const where = [e.dag_id, e.run_id, e.task_id].filter(Boolean).join(' / ');
      const detail = [e.try_number !== null ? `try ${e.try_number}` : '', e.extra ?? ''].filter(Boolean).join('; ');
      return `- ${e.when} ${e.event} by ${orDash(e.owner)}${where ? ` on ${where}` : ''}${detail ? `: ${detail}` : ''}`;
    });
    const text = [`Audit log events, newest first: ${pageSummary(events.length, page.total_entries, input.offset)}.`, ...lines].join('\n');
    return { text, data: { total_entries: page.total_entries, offset: input.offset, event_logs: events } };
  },
});
