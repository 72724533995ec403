import type { PageContext } from '@/lib/airflow/page-context';
import type { SessionStatus } from '@/lib/messaging/protocol';

const pageKindLabels: Record<PageContext['pageKind'], string> = {
  home: 'Home',
  dag_list: 'Dags',
  dag: 'Dag',
  dag_run: 'Dag run',
  task_instance: 'Task instance',
  mapped_task_list: 'Mapped tasks',
  task_group: 'Task group',
  task: 'Task',
  asset: 'Asset',
  asset_list: 'Assets',
  import_errors: 'Import errors',
  dag_warnings: 'Dag warnings',
  other: 'Airflow',
};

/** Shows what the assistant knows about the page the user is on: the subject of every question. */
export function ContextChip({ context, session }: { context: PageContext; session: SessionStatus | null }) {
  const facts: [string, string | number | undefined][] = [
    ['Dag', context.dagId],
    ['Run', context.runId],
    ['Task', context.taskId],
    ['Map index', context.mapIndex !== undefined && context.mapIndex >= 0 ? context.mapIndex : undefined],
    ['Try', context.tryNumber],
    ['Tab', context.tab],
    ['Log line', context.logLine],
    ['Task group', context.taskGroupId],
    ['Asset', context.assetId],
  ];
  return (
    <section className="context-chip" data-testid="context-chip" aria-label="Page context">
      <header>
        <strong data-testid="context-kind">{pageKindLabels[context.pageKind]}</strong>
        <span className="instance" data-testid="context-instance" title={context.instanceUrl}>
          {context.instanceUrl}
          {context.airflowVersion ? ` · Airflow ${context.airflowVersion}` : ''}
        </span>
      </header>
      <dl>
        {facts
          .filter(([, value]) => value !== undefined)
          .map(([label, value]) => (
            <div key={label} data-testid={`context-${label.toLowerCase().replaceAll(' ', '-')}`}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <SessionLine session={session} />
    </section>
  );
}

function SessionLine({ session }: { session: SessionStatus | null }) {
  if (!session) return null;
  const text =
    session.state === 'signed_in'
      ? `Reading Airflow as ${session.user ?? 'you'}${session.role ? ` (${session.role})` : ''}`
      : session.state === 'expired'
        ? 'Your Airflow session has expired: log in to Airflow again.'
        : 'Not logged in to this Airflow: log in to Airflow in this tab.';
  return (
    <p className={`session session-${session.state}`} data-testid="session-status">
      {text}
    </p>
  );
}
