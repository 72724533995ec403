// Decides, before any model call, whether a question asks why something failed and, if so,
// which evidence to prefetch: the evidence pack of the task instance (or run) the user is
// looking at. With the pack in its context, the model answers "why did this fail?" in one call.

/** The page the question is asked on (the fields of lib/airflow/page-context.ts used here). */
export interface DiagnosisContext {
  pageKind: string;
  dagId?: string;
  runId?: string;
  taskId?: string;
  mapIndex?: number;
  tryNumber?: number;
}

/** A tool call to make before the model is asked (the shape of the agent's `Prefetch`). */
export interface DiagnosisPrefetch {
  toolName: 'get_failure_evidence';
  args: { dag_id: string; run_id: string; task_id?: string; map_index?: number; try_number?: number };
}

export interface DiagnosisPlan {
  /** True when the question is about a failure. */
  failureQuestion: boolean;
  /** What to fetch before the model is called: empty when the page names no run. */
  prefetch: DiagnosisPrefetch[];
}

// "why did it fail", "what went wrong", "root cause?", "explain this error", "is it the upstream?"
const FAILURE_WORDS =
  /\b(?:fail(?:s|ed|ing|ure)?|error(?:s|ed)?|exception|traceback|crash(?:ed|es)?|broke(?:n)?|wrong|root[ -]?cause|diagnos\w*|upstream_failed|red|retr(?:y|ies|ied)|timed? ?out|killed|oom|zombie|heartbeat)\b/i;
const WHY_WORDS = /\b(?:why|what|how come|explain|cause|reason|happened|debug|fix)\b/i;

export function isFailureQuestion(question: string): boolean {
  return FAILURE_WORDS.test(question) && (WHY_WORDS.test(question) || question.trim().split(/\s+/).length <= 4);
}

export function planDiagnosis(question: string, context: DiagnosisContext | null): DiagnosisPlan {
  const failureQuestion = isFailureQuestion(question);
  if (!failureQuestion || !context?.dagId || !context.runId) return { failureQuestion, prefetch: [] };
  const args: DiagnosisPrefetch['args'] = { dag_id: context.dagId, run_id: context.runId };
  if (context.pageKind === 'task_instance' && context.taskId) {
    args.task_id = context.taskId;
    args.map_index = context.mapIndex ?? -1;
    if (context.tryNumber !== undefined) args.try_number = context.tryNumber;
  } else if (context.pageKind !== 'dag_run') {
    return { failureQuestion, prefetch: [] };
  }
  return { failureQuestion, prefetch: [{ toolName: 'get_failure_evidence', args }] };
}
