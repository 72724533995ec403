// Evidence items from what Airflow knows besides the log: the task instance, the Dag source
// around the failing frame, upstream task states, the last successful run, the audit log and
// import errors. Each cites the UI page that shows it.
import { taskInstanceTabUiUrl, taskInstanceUiUrl } from './ui-log-lines';
import { formatDuration } from '../text/format';
import { dagSourceExcerpt } from './dag-source-excerpt';
import type { EvidenceItem } from './evidence-item';
import type { DagRunFacts, GatheredEvidence, TaskInstanceFacts } from './evidence-types';
import { formatException } from './format-exception';
import { directUpstream } from './upstream-tasks';

const MAX_CONF_CHARS = 300;

export function runEvidenceItems(evidence: GatheredEvidence, instanceUrl: string): EvidenceItem[] {
  const { target, taskInstance: ti } = evidence;
  const tiUrl = taskInstanceUiUrl(instanceUrl, target);
  const items: EvidenceItem[] = [taskInstanceItem(evidence, tiUrl)];

  const exception = evidence.triaged?.triage.rootCause?.exception ?? evidence.triaged?.triage.failure?.exception ?? null;
  const excerpt = evidence.source ? dagSourceExcerpt(evidence.source.lines, evidence.dag, exception, target.taskId) : null;
  if (excerpt) {
    const file = evidence.dag?.relative_fileloc ?? 'the Dag file';
    const about = excerpt.why === 'failing_frame' ? `around line ${excerpt.focusLine}, where it failed` : `the task's definition, line ${excerpt.focusLine}`;
    const version = evidence.source?.versionNumber ? `, Dag version ${evidence.source.versionNumber}` : '';
    items.push({
      id: 'source',
      title: `Dag source ${file} (${about}${version})`,
      lines: excerpt.lines,
      compactLines: excerpt.lines.filter((line) => line.startsWith('>')),
      url: taskInstanceTabUiUrl(instanceUrl, target, 'code'),
      priority: 30,
    });
  }

  const upstream = upstreamItem(evidence, instanceUrl);
  if (upstream) items.push(upstream);
  const lastSuccess = lastSuccessItem(evidence, instanceUrl);
  if (lastSuccess) items.push(lastSuccess);

  const auditEvents = (evidence.auditEvents ?? []).filter((e) => e.event === 'heartbeat timeout' || e.event === 'state mismatch' || /^(?:mark|set)_|clear/i.test(e.event));
  if (auditEvents.length > 0) {
    items.push({
      id: 'audit',
      title: 'Audit log of the task instance',
      lines: auditEvents
        .slice(0, 4)
        .sort((a, b) => a.when.localeCompare(b.when))
        .map((e) => `${e.when.slice(0, 19)} ${e.event}${e.try_number ? ` (try ${e.try_number})` : ''}${e.owner ? ` by ${e.owner}` : ''}: ${(e.extra ?? '').slice(0, 300)}`),
      url: taskInstanceTabUiUrl(instanceUrl, target, 'events'),
      priority: auditEvents.some((e) => e.event === 'heartbeat timeout') && !evidence.triaged?.triage.failure ? 12 : 58,
    });
  }

  evidence.importErrors.forEach(({ error, triage }, i) => {
    const facts = triage.failure?.exception;
    items.push({
      id: `import-error-${i}`,
      title: `Import error of ${error.filename} (${error.timestamp.slice(0, 19)})`,
      lines: facts ? formatException(facts) : error.stack_trace.trim().split('\n').slice(-6),
      url: `${instanceUrl.replace(/\/?$/, '/')}dags/${encodeURIComponent(target.dagId)}`,
      priority: evidence.triaged?.triage.failure ? 58 : 15,
    });
  });
  return items;
}

function taskInstanceItem(evidence: GatheredEvidence, tiUrl: string): EvidenceItem {
  const { taskInstance: ti, task, target } = evidence;
  const facts = [
    `state ${ti.state ?? 'none'}; try ${target.tryNumber} (${ti.try_number} so far, ${(ti.max_tries ?? 0) + 1} allowed)`,
    ti.try_number >= 1 ? `ran ${ti.start_date ?? '-'} → ${ti.end_date ?? '-'} (${formatDuration(ti.duration)}) on ${ti.hostname || '-'}` : `never ran; marked ${ti.end_date ?? '-'}`,
    `operator ${ti.operator_name ?? ti.operator ?? '-'}${task?.execution_timeout ? `; execution_timeout ${timedelta(task.execution_timeout)}` : ''}${task?.trigger_rule && task.trigger_rule !== 'all_success' ? `; trigger_rule ${task.trigger_rule}` : ''}`,
    ti.dag_version ? `Dag version ${ti.dag_version.version_number}${ti.dag_version.bundle_version ? ` (bundle ${ti.dag_version.bundle_version})` : ''}` : '',
    evidence.run ? `run ${evidence.run.state}, ${evidence.run.run_type}${evidence.run.triggering_user_name ? ` by ${evidence.run.triggering_user_name}` : ''}; conf ${conf(evidence.run)}` : '',
    ti.note ? `note: ${ti.note}` : '',
  ].filter(Boolean);
  return { id: 'task-instance', title: 'Task instance', lines: facts, url: tiUrl, priority: 25 };
}

function upstreamItem(evidence: GatheredEvidence, instanceUrl: string): EvidenceItem | null {
  const { tasks, runTaskInstances, target } = evidence;
  if (!tasks || !runTaskInstances) return null;
  const upstreamIds = directUpstream(tasks, target.taskId);
  if (upstreamIds.length === 0) return null;
  const states = upstreamIds.map((id) => {
    const tis = runTaskInstances.filter((ti) => ti.task_id === id);
    const byState = new Map<string, number>();
    for (const ti of tis) byState.set(ti.state ?? 'none', (byState.get(ti.state ?? 'none') ?? 0) + 1);
    const summary = tis.length <= 1 ? (tis[0]?.state ?? 'no instance') : [...byState].map(([s, n]) => `${n} ${s}`).join(', ');
    return `${id}: ${summary}`;
  });
  const failed = runTaskInstances.find((ti) => upstreamIds.includes(ti.task_id) && ti.state !== 'success');
  const cite = failed ?? runTaskInstances.find((ti) => ti.task_id === upstreamIds[0]);
  return {
    id: 'upstream',
    title: `Upstream tasks in this run (${upstreamIds.length})`,
    lines: states.slice(0, 12),
    url: cite ? taskInstanceUiUrl(instanceUrl, { dagId: target.dagId, runId: target.runId, taskId: cite.task_id, mapIndex: cite.map_index }) : taskInstanceUiUrl(instanceUrl, target),
    priority: evidence.taskInstance.state === 'upstream_failed' ? 22 : 55,
  };
}

function lastSuccessItem(evidence: GatheredEvidence, instanceUrl: string): EvidenceItem | null {
  const last = evidence.lastSuccess;
  const { target } = evidence;
  if (!last) {
    return { id: 'last-success', title: 'Last successful run', lines: ['No successful run of this Dag is recorded.'], url: taskInstanceUiUrl(instanceUrl, target), priority: 40 };
  }
  const ti = last.taskInstance;
  const run = last.run;
  const versions = (run.dag_versions ?? []).map((v) => v.version_number);
  const now = (evidence.run?.dag_versions ?? []).map((v) => v.version_number);
  const lines = [
    `run ${run.dag_run_id}, ${run.run_type}, ended ${run.end_date ?? '-'} (run took ${formatDuration(run.duration)})`,
    ti ? `this task: ${ti.state}, took ${formatDuration(ti.duration)} on try ${ti.try_number}` : 'this task did not run in it',
    `Dag version ${versions.join(', ') || '-'}${now.length && versions.join() !== now.join() ? ` (failed run: ${now.join(', ')})` : ' (same as the failed run)'}`,
    `conf ${conf(run)}${evidence.run && conf(evidence.run) !== conf(run) ? ` (failed run: ${conf(evidence.run)})` : ' (same as the failed run)'}`,
  ];
  return {
    id: 'last-success',
    title: 'Last successful run',
    lines,
    url: taskInstanceUiUrl(instanceUrl, { ...target, runId: run.dag_run_id, mapIndex: (ti as TaskInstanceFacts | null)?.map_index ?? target.mapIndex }),
    priority: 40,
  };
}

function conf(run: DagRunFacts): string {
  const text = JSON.stringify(run.conf ?? {});
  return text.length <= MAX_CONF_CHARS ? text : `${text.slice(0, MAX_CONF_CHARS)}…`;
}

function timedelta(value: { days?: number; seconds?: number; microseconds?: number }): string {
  return formatDuration((value.days ?? 0) * 86_400 + (value.seconds ?? 0) + (value.microseconds ?? 0) / 1e6);
}
