import type { PageContext, SessionStatus } from '@/lib/messaging/protocol';

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

/**
 * Shows what the assistant knows about the page the user is on: the subject of every question.
 * A one-line header (kind and the object's ids) that expands on click to every fact, the
 * instance, the Airflow user and the tools in use; a session problem is shown open.
 */
export function ContextChip({ context, session, mcpServer = null }: { context: PageContext; session: SessionStatus | null; mcpServer?: string | null }) {
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
  const subject = [context.dagId, context.taskId ?? context.taskGroupId ?? context.assetId].filter(Boolean).join(' › ');
  const signedIn = session?.state === 'signed_in';
  return (
    <details className="context-chip" data-testid="context-chip" aria-label="Page context">
      <summary className="compact-header">
        <strong data-testid="context-kind">{pageKindLabels[context.pageKind]}</strong>
        {subject ? <span className="context-subject">{subject}</span> : null}
        {context.tryNumber !== undefined ? <span className="context-try-short">try {context.tryNumber}</span> : null}
      </summary>
      <span className="instance" data-testid="context-instance" title={context.instanceUrl}>
        {context.instanceUrl}
        {context.airflowVersion ? ` · Airflow ${context.airflowVersion}` : ''}
      </span>
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
      {signedIn ? <SessionLine session={session} /> : null}
      {mcpServer ? (
        <p className="muted" data-testid="mcp-server-in-use">
          Tools: {mcpServer}
        </p>
      ) : null}
    </details>
  );
}

/** Not logged in or expired: said outside the collapsed header, where it is seen. */
export function SessionProblem({ session }: { session: SessionStatus | null }) {
  return session && session.state !== 'signed_in' ? <SessionLine session={session} /> : null;
}

function SessionLine({ session }: { session: SessionStatus | null }) {
  if (!session) return null;
  const text =
    session.state === 'signed_in'
      ? `Reading Airflow as ${session.user ?? 'you'}${session.role ? ` (${session.role})` : ''}`
      : session.state === 'expired'
        ? 'Your Airflow session has expired: log in to Airflow again.'
        : session.state === 'unusable'
          ? session.reason
          : 'Not logged in to this Airflow: log in to Airflow in this tab.';
  return (
    <p className={`session session-${session.state}`} data-testid="session-status">
      {text}
    </p>
  );
}
