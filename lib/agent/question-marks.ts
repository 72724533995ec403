/**
 * Performance marks along one question's way from the panel to the model, in the worker:
 * `question:received` (the panel's message arrived) … `question:model` (the model is called).
 * Cheap enough to keep: `npm run bench -- --browser` reads them from the worker to say where the
 * time before the first model request goes (issue 21, item 4).
 */
export const QUESTION_PHASES = ['received', 'saved', 'settings', 'session', 'tools', 'evidence', 'model'] as const;
export type QuestionPhase = (typeof QUESTION_PHASES)[number];

const PREFIX = 'question:';

export function markQuestion(phase: QuestionPhase): void {
  // A new question starts a new set: the marks of the one before are dropped.
  if (phase === 'received') for (const name of QUESTION_PHASES) performance.clearMarks(`${PREFIX}${name}`);
  performance.mark(`${PREFIX}${phase}`);
}

/** The last question's marks, in ms since `received` (a phase it did not reach is absent). */
export function questionMarks(): Partial<Record<QuestionPhase, number>> {
  const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith(PREFIX));
  const start = marks.findLast((m) => m.name === `${PREFIX}received`)?.startTime;
  if (start === undefined) return {};
  return Object.fromEntries(marks.filter((m) => m.startTime >= start).map((m) => [m.name.slice(PREFIX.length), Math.round((m.startTime - start) * 10) / 10]));
}
