import type { PageContext } from '../airflow/page-context';
import type { PageFacts } from '../airflow/page-facts';

/**
 * The 2–4 questions the panel offers, chosen from the page and its live state without a model
 * call: what an on-call engineer asks first on that page in that state.
 */
export function suggestQuestions(context: PageContext | null, facts: PageFacts): string[] {
  if (!context) return [];
  switch (context.pageKind) {
    case 'task_instance':
      return forTaskInstance(facts.taskState);
    case 'dag_run':
      return facts.runState === 'failed'
        ? ['Why did this run fail?', 'Which tasks failed, and why?', 'What changed since the last successful run?']
        : facts.runState === 'running' || facts.runState === 'queued'
          ? ['Why is this run slow or stuck?', 'What is still running?']
          : ['Summarize this run', 'How long did each task take?'];
    case 'dag':
    case 'task':
    case 'task_group':
      return (facts.recentFailedRuns ?? 0) > 0
        ? ['Summarize the recent failures', 'What changed since the last successful run?', 'What does this Dag do?']
        : ['What does this Dag do?', 'How have recent runs gone?'];
    case 'import_errors':
      return ['Explain this import error', 'How do I fix it?'];
    case 'dag_warnings':
      return ['Explain these Dag warnings'];
    case 'home':
    case 'dag_list':
      return (facts.importErrors ?? 0) > 0
        ? ['Explain the import errors', 'Which Dags failed recently?']
        : ['Which Dags failed recently?', 'Is Airflow healthy?'];
    default:
      return ['Which Dags failed recently?'];
  }
}

function forTaskInstance(state: string | null | undefined): string[] {
  switch (state) {
    case 'failed':
      return ['Why did this fail?', 'What changed since the last successful run?', 'Will a retry help?'];
    case 'upstream_failed':
      return ['Which upstream task failed, and why?', 'Will a retry help?'];
    case 'up_for_retry':
      return ['Why did the last try fail?', 'Why is this slow or stuck?', 'Will the retry help?'];
    case 'running':
    case 'queued':
    case 'scheduled':
    case 'deferred':
    case 'up_for_reschedule':
      return ['Why is this slow or stuck?', 'What is it waiting for?'];
    case 'success':
      return ['What does this task do?', 'How long does it usually take?'];
    default:
      return ['What does this task do?', 'Why has it not run?'];
  }
}
