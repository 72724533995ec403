import { z } from 'zod';
import type { PageContext } from '../airflow/page-context';

/**
 * The Airflow object a conversation was about: a Dag, one of its runs, a task instance of the run,
 * a mapped instance of it, one try of it. Conversations are found again by it ("2 earlier
 * conversations about this task").
 */
export const ConversationSubjectSchema = z.object({
  dagId: z.string(),
  runId: z.string().optional(),
  taskId: z.string().optional(),
  /** -1 (or absent) when the task is not mapped, as in Airflow's own API. */
  mapIndex: z.number().int().optional(),
  tryNumber: z.number().int().positive().optional(),
});
export type ConversationSubject = z.infer<typeof ConversationSubjectSchema>;

/** The subject of the page a question was asked on; null off any Dag (home, connections, …). */
export function subjectOfPage(context: Pick<PageContext, 'dagId' | 'runId' | 'taskId' | 'mapIndex' | 'tryNumber'>): ConversationSubject | null {
  if (!context.dagId) return null;
  return {
    dagId: context.dagId,
    ...(context.runId ? { runId: context.runId } : {}),
    ...(context.runId && context.taskId ? { taskId: context.taskId } : {}),
    ...(context.runId && context.taskId && context.mapIndex !== undefined && context.mapIndex >= 0 ? { mapIndex: context.mapIndex } : {}),
    ...(context.runId && context.taskId && context.tryNumber ? { tryNumber: context.tryNumber } : {}),
  };
}

/**
 * The key conversations about the same task instance share, whatever try they were about, so a
 * conversation about try 1 is offered on try 2 (with the note that there is a newer try).
 * JSON, so no id can collide with another.
 */
export const subjectKey = (subject: ConversationSubject): string =>
  JSON.stringify([subject.dagId, subject.runId ?? null, subject.taskId ?? null, subject.mapIndex ?? -1]);

/** `etl.transform[3]`, `etl run manual__…`, `etl`: how a subject is named in notes and lists. */
export function describeSubject(subject: ConversationSubject): string {
  if (subject.taskId) return `${subject.dagId}.${subject.taskId}${subject.mapIndex !== undefined && subject.mapIndex >= 0 ? `[${subject.mapIndex}]` : ''}`;
  if (subject.runId) return `${subject.dagId} run ${subject.runId}`;
  return subject.dagId;
}

/**
 * The sentence beside an old conversation when the task has run again since: its answer was
 * about a try that is no longer the latest. Null when it is still current (or either is unknown).
 */
export function newerTryNote(conversationTry: number | undefined, currentTry: number | undefined): string | null {
  if (!conversationTry || !currentTry || currentTry <= conversationTry) return null;
  return `This conversation was about try ${conversationTry}; the task has a newer try (${currentTry}) since.`;
}
