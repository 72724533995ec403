import type { PageContext } from '../airflow/page-context';
import type { Prefetch } from '../messaging/conversation';

/** What the content script found selected in the log view. */
export interface LogSelectionFacts {
  text: string;
  /** UI line numbers (as the log view shows them) the selection covers, in order. */
  uiLines: number[];
  tryNumber?: number;
}

/** Lines of log read on each side of the selection, so the model sees its real surroundings. */
export const LINES_AROUND_SELECTION = 25;
const MAX_QUOTED_CHARS = 2000;

/**
 * The question "Explain this log" asks, and the evidence fetched before the model sees it. The
 * log view is virtualized (only visible rows exist in the DOM), so the surroundings are read
 * through the MCP log tool from the selection's UI line numbers, not from the page.
 */
export function explainLogRequest(
  context: PageContext | null,
  selection: LogSelectionFacts | null,
  selectionText: string | undefined,
): { text: string; prefetch: Prefetch[] } {
  const quoted = (selection?.text || selectionText || '').trim();
  const onTask = context?.pageKind === 'task_instance' && context.dagId && context.runId && context.taskId;
  const ids = onTask
    ? {
        dag_id: context.dagId!,
        run_id: context.runId!,
        task_id: context.taskId!,
        map_index: context.mapIndex ?? -1,
        ...(selection?.tryNumber ?? context.tryNumber ? { try_number: selection?.tryNumber ?? context.tryNumber } : {}),
      }
    : null;

  if (quoted) {
    const first = selection?.uiLines[0];
    const last = selection?.uiLines.at(-1);
    const where = first !== undefined ? ` (log line${last !== first ? `s ${first}–${last}` : ` ${first}`})` : '';
    const prefetch: Prefetch[] =
      ids && first !== undefined
        ? [{ toolName: 'read_task_log', args: { ...ids, mode: 'around_ui_line', ui_line: first, context: LINES_AROUND_SELECTION + (last! - first) } }]
        : ids
          ? [{ toolName: 'read_task_log', args: { ...ids, mode: 'search', pattern: escapeRegExp(firstLine(quoted)), context: LINES_AROUND_SELECTION } }]
          : [];
    return { text: `Explain this log${where}:\n\n${quoteBlock(quoted)}`, prefetch };
  }

  if (ids) {
    return {
      text: `Explain why try ${ids.try_number ?? ''} of \`${ids.task_id}\` failed.`.replace('try  of', 'the latest try of'),
      prefetch: [
        { toolName: 'read_task_log', args: { ...ids, mode: 'search', pattern: 'error|exception|traceback|killed|timed? ?out|failed', context: 5 } },
      ],
    };
  }
  return { text: 'Explain what this page shows.', prefetch: [] };
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim())?.trim().slice(0, 200) ?? text.slice(0, 200);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quoteBlock = (text: string) =>
  (text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
