import { z } from 'zod';
import { buildEvidencePack, DEFAULT_PACK_TOKENS } from '../../logs/evidence-pack';
import { failedTaskOfRun } from '../../logs/failed-task-of-run';
import { ToolInputError, defineReadTool } from '../read-tool';
import { dagIdField, mapIndexField, runIdField, taskIdField } from './fields';

export const getFailureEvidence = defineReadTool({
  name: 'get_failure_evidence',
  title: 'Get the evidence of a task failure',
  description: [
    'Why did a task instance fail? Reads its whole log (any size) and triages it without a model, then returns an evidence pack:',
    'the diagnosis (failure class and headline), the failing log line with its exception and traceback, the first sign of the cause,',
    'the Dag source around the failing line, the task instance, upstream task states (and the failed upstream task\'s log for upstream_failed),',
    'earlier tries compared, the last successful run (duration, conf, Dag version), and audit events such as heartbeat timeouts.',
    'Every item has an Airflow UI link to cite; log line numbers are the UI\'s. Call this first for a failure question: one call is usually enough.',
    'Without task_id it diagnoses the run\'s first failed task instance.',
  ].join(' '),
  inputSchema: {
    dag_id: dagIdField,
    run_id: runIdField,
    task_id: taskIdField.optional().describe('Task id; tasks inside a task group are "group.task". Omit it to diagnose the run\'s first failed task.'),
    map_index: mapIndexField,
    try_number: z.number().int().min(1).optional().describe("Which try to diagnose (1-based); omit for the task instance's latest try."),
    max_tokens: z
      .number()
      .int()
      .min(500)
      .max(8000)
      .default(DEFAULT_PACK_TOKENS)
      .describe(`Size budget of the pack in tokens (estimated as characters / 4; default ${DEFAULT_PACK_TOKENS}).`),
  },
  async run(client, input, signal) {
    let taskId = input.task_id;
    let mapIndex = input.map_index;
    const notes: string[] = [];
    if (!taskId) {
      const failed = await failedTaskOfRun(client, input.dag_id, input.run_id, signal);
      if (!failed) throw new ToolInputError(`No task instance failed in run ${input.run_id} of ${input.dag_id}; name the task to look at with task_id.`);
      taskId = failed.taskId;
      mapIndex = failed.mapIndex;
      notes.push(`Chosen as the run's first failed task instance${failed.alsoFailed.length > 0 ? `; also failed: ${failed.alsoFailed.join(', ')}` : ''}.`);
    }
    const target = { dagId: input.dag_id, runId: input.run_id, taskId, mapIndex, ...(input.try_number ? { tryNumber: input.try_number } : {}) };
    const pack = await buildEvidencePack(client, target, { signal, maxTokens: input.max_tokens, notes });
    return {
      text: pack.text,
      data: {
        dag_id: pack.target.dagId,
        run_id: pack.target.runId,
        task_id: pack.target.taskId,
        map_index: pack.target.mapIndex,
        try_number: pack.target.tryNumber,
        failure_class: pack.diagnosis.failureClass,
        signals: pack.diagnosis.signals,
        headline: pack.diagnosis.headline,
        summary: pack.diagnosis.summary,
        items: pack.items.map((item) => ({ id: item.id, title: item.title, url: item.url, lines: item.lines, log_line: item.logLine ?? null })),
        omitted: pack.omitted,
        problems: pack.problems,
        tokens: pack.tokens,
      },
    };
  },
});
