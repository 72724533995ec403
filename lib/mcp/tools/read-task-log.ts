import { z } from 'zod';
import { apiV2Path, type AirflowClient } from '../../airflow/api-client';
import type { TaskInstance } from '../../airflow/rest-types';
import { ToolInputError, defineReadTool } from '../read-tool';
import { readLogEvents } from '../task-log/read-log-events';
import { renderLogEvent } from '../../logs/render-log-event';
import { LOG_LIMITS, formatLogLine, selectLogLines, type LogSelection, type NumberedLogLine } from '../task-log/select-log-lines';
import { dagIdField, mapIndexField, runIdField, taskIdField } from './fields';
import { apiIndexesForUiLines, logLineUiUrl, nearestUiLogLine, uiLogDialectFor, type UiLogDialect } from '../../logs/ui-log-lines';

/** How many of the shown lines get an Airflow UI link to cite: the ones an answer rests on. */
const MAX_CITATION_LINKS = 8;

export const readTaskLog = defineReadTool({
  name: 'read_task_log',
  title: 'Read a task log',
  description: [
    'Read part of the log of one try of a task instance. Modes: "tail" (the last lines, default),',
    '"window" (line_count lines from from_line), "search" (lines matching a regular expression or text, with context),',
    '"around_ui_line" (the lines around a line number as the Airflow UI log view shows it, e.g. from a user\'s selection or a `#N` link).',
    `At most ${LOG_LIMITS.maxLines} lines and ${LOG_LIMITS.maxChars} characters per call.`,
    "Each line starts with its number: the 1-based position of the event in the log API's content list",
    '(it can differ from the row numbers the Airflow UI shows). Format: "N | [timestamp] LEVEL logger: event key=value".',
    'A failed task\'s exception (type, message, traceback frames) follows its event as "N + …" lines; search for "Traceback" or the exception type to find it.',
  ].join(' '),
  inputSchema: {
    dag_id: dagIdField,
    run_id: runIdField,
    task_id: taskIdField,
    map_index: mapIndexField,
    try_number: z.number().int().min(1).optional().describe("Which try to read (1-based); omit for the task instance's latest try."),
    mode: z
      .enum(['tail', 'window', 'search', 'around_ui_line'])
      .default('tail')
      .describe('tail: last lines; window: a range from from_line; search: matching lines with context; around_ui_line: lines around ui_line.'),
    ui_line: z.number().int().min(0).optional().describe('around_ui_line: the line number shown in the Airflow UI log view (not the API line number).'),
    line_count: z
      .number()
      .int()
      .min(1)
      .max(LOG_LIMITS.maxLines)
      .default(200)
      .describe(`tail and window: how many lines (default 200, max ${LOG_LIMITS.maxLines}).`),
    from_line: z.number().int().min(1).default(1).describe('window: the first line to return (1-based).'),
    pattern: z.string().min(1).optional().describe('search: a case-insensitive regular expression, or plain text if it is not a valid one. Required for search.'),
    context: z.number().int().min(0).max(50).default(3).describe('search and around_ui_line: lines of context before and after (default 3, max 50).'),
  },
  async run(client, input, signal) {
    if (input.mode === 'around_ui_line' && input.ui_line === undefined) throw new ToolInputError('read_task_log: mode "around_ui_line" needs ui_line.');
    const tryNumber = input.try_number ?? (await latestTryNumber(client, input, signal));
    const tryIds = { dagId: input.dag_id, runId: input.run_id, taskId: input.task_id, mapIndex: input.map_index, tryNumber };
    const { events, read } = await readLogEvents(client, tryIds, signal);
    const selection = input.mode === 'around_ui_line' ? aroundUiLine(events, input.ui_line!, input.context, uiLogDialectFor(client.baseUrl)) : toSelection(input);
    const known = { dag_id: input.dag_id, run_id: input.run_id, task_id: input.task_id, map_index: input.map_index, try_number: tryNumber };
    const selected = selectLogLines(events.map((event) => renderLogEvent(event, known)), selection);

    const name = `${input.task_id}${input.map_index >= 0 ? `[${input.map_index}]` : ''}`;
    const shown =
      input.mode === 'around_ui_line'
        ? `UI line ${input.ui_line} is line ${selected.lines.find((line) => line.match)?.number}, shown marked with ${input.context} lines around it`
        : describeShown(selected.lines, selected.matchCount, input.pattern);
    // A partial read is said first: what it lacks is unknown, not absent.
    const notes = [...(read.note ? [`${read.note} Lines after line ${events.length} are unknown.`] : []), ...selected.notes];
    const body: string[] = [];
    selected.lines.forEach((line, i) => {
      const previous = selected.lines[i - 1];
      if (previous && line.number > previous.number + 1) body.push('--');
      body.push(formatLogLine(line));
    });
    const header = `Log of ${name} in ${input.dag_id} / ${input.run_id}, try ${tryNumber}: ${events.length} lines; ${shown}.`;
    const ids = { dagId: input.dag_id, runId: input.run_id, taskId: input.task_id, mapIndex: input.map_index };
    const urlOf = (line: NumberedLogLine) => logLineUiUrl(client.baseUrl, ids, tryNumber, nearestUiLogLine(events, line.number - 1, { dialect: uiLogDialectFor(client.baseUrl) }));
    const citations = citationLines(selected.lines).map((line) => `line ${line.number}: ${urlOf(line)}`);
    const citationBlock = citations.length > 0 ? ['', 'Links to cite (they open these lines in the Airflow UI):', ...citations] : [];
    return {
      text: [header, ...notes, ...body, ...citationBlock].join('\n'),
      data: {
        dag_id: input.dag_id,
        run_id: input.run_id,
        task_id: input.task_id,
        map_index: input.map_index,
        try_number: tryNumber,
        mode: input.mode,
        total_lines: events.length,
        match_count: selected.matchCount ?? null,
        notes,
        lines: selected.lines.map((line) => ({ number: line.number, text: line.line, attached: line.attached, match: line.match, url: urlOf(line) })),
      },
    };
  },
});

/**
 * The lines worth a link: those carrying an exception, then search matches, then error-level
 * lines, at most MAX_CITATION_LINKS, in log order. The UI's line numbers are not the API's
 * indexes (groups fold, markers are not numbered), so each link is computed with the UI's own rule.
 */
function citationLines(lines: NumberedLogLine[]): NumberedLogLine[] {
  const isError = (line: NumberedLogLine) => / (ERROR|CRITICAL) /.test(` ${line.line} `);
  const ranked = [
    ...lines.filter((line) => line.attached.length > 0),
    ...lines.filter((line) => line.match),
    ...lines.filter(isError),
  ];
  const chosen = [...new Set(ranked)].slice(0, MAX_CITATION_LINKS);
  return chosen.sort((a, b) => a.number - b.number);
}

function describeShown(lines: NumberedLogLine[], matchCount: number | undefined, pattern: string | undefined): string {
  if (matchCount !== undefined) {
    const at = lines.filter((line) => line.match).map((line) => line.number);
    return `${matchCount} lines match /${pattern}/${at.length > 0 ? `, shown with context: ${at.join(', ')}` : ''}`;
  }
  return lines.length > 0 ? `lines ${lines[0]?.number}-${lines[lines.length - 1]?.number} shown` : 'no lines in that range';
}

/**
 * The UI numbers log lines without the `::group::` markers, so its line N is not the API's;
 * find the event the UI shows as N and return a window around it (a "search" selection on that
 * one line, so it is marked as the match).
 */
function aroundUiLine(events: unknown[], uiLine: number, context: number, dialect?: UiLogDialect): LogSelection {
  const [index] = apiIndexesForUiLines(events, [uiLine], dialect);
  if (index === null || index === undefined) throw new ToolInputError(`read_task_log: the log has no UI line ${uiLine}.`);
  return { mode: 'lines', matchLines: [index + 1], context };
}

function toSelection(input: { mode: string; line_count: number; from_line: number; pattern?: string; context: number }): LogSelection {
  if (input.mode === 'search') {
    if (!input.pattern) throw new ToolInputError('read_task_log: mode "search" needs a pattern.');
    return { mode: 'search', pattern: input.pattern, context: input.context };
  }
  if (input.mode === 'window') return { mode: 'window', fromLine: input.from_line, lines: input.line_count };
  return { mode: 'tail', lines: input.line_count };
}

async function latestTryNumber(
  client: AirflowClient,
  input: { dag_id: string; run_id: string; task_id: string; map_index: number },
  signal: AbortSignal,
): Promise<number> {
  const path =
    input.map_index >= 0
      ? apiV2Path`dags/${input.dag_id}/dagRuns/${input.run_id}/taskInstances/${input.task_id}/${input.map_index}`
      : apiV2Path`dags/${input.dag_id}/dagRuns/${input.run_id}/taskInstances/${input.task_id}`;
  const ti = await client.get<TaskInstance>(path, undefined, { signal });
  if (ti.try_number < 1) throw new ToolInputError(`Task ${input.task_id} has not run yet (state ${ti.state ?? 'none'}), so it has no log.`);
  return ti.try_number;
}
