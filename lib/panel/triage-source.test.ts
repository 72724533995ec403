import { describe, expect, it } from 'vitest';
import type { AirflowClient } from '../airflow/api-client';
import type { PageContext } from '../airflow/page-context';
import { REPLAY_BASE_URL, replayClient } from '../airflow/testing/replay-fixture';
import { taskInstancePage } from '../airflow/testing/task-page';
import { loadRigFixture } from '../logs/testing/rig-fixtures';
import { createTriageSource, redactTriageCard } from './triage-source';

const context: PageContext = taskInstancePage('http://airflow.example/');

describe('the triage card source', () => {
  it('shows a headline and log lines without control or bidi characters (and secrets masked)', () => {
    const card = redactTriageCard({
      title: '`t` failed',
      failureClass: 'python_exception',
      classLabel: 'Python exception',
      signals: [],
      headline: 'ValueError: \u001b[31mtemplate\u0000broken\u001b[0m at \u202etxt.exe',
      keyLines: [{ label: 'line 3', url: 'http://airflow.example/x#3', text: 'password=hunter2-very-secret \u0007', exception: '\u202eE' }],
      links: [],
    });
    expect(card.headline).toBe('ValueError: template\u2400broken at [U+202E]txt.exe');
    expect(card.keyLines[0]!.text).not.toMatch(/hunter2|\u0007/);
    expect(card.keyLines[0]!.exception).toBe('[U+202E]E');
  });

  it('says why there is no card when Airflow cannot be read, and forgets it once it can', async () => {
    const owner = { instanceUrl: context.instanceUrl, user: 'admin' };
    let facts: { taskState?: string; readError?: { kind: string; status?: number } } = { readError: { kind: 'server', status: 503 } };
    const triageFor = createTriageSource(() => ({ baseUrl: context.instanceUrl }) as AirflowClient, async () => facts);
    expect(await triageFor(context, owner)).toBeNull();
    expect(triageFor.problemFor(context, owner)).toMatchObject({ id: 'airflow.server', retryable: true, title: 'Airflow failed with a server error (HTTP 503).' });

    facts = { taskState: 'success' };
    expect(await triageFor(context, owner)).toBeNull();
    expect(triageFor.problemFor(context, owner)).toBeNull();
  });
});

describe('createTriageSource', () => {
  const fixture = loadRigFixture('python-exception');
  const args = fixture.arguments as { dag_id: string; run_id: string; task_id: string };
  const context: PageContext = {
    instanceUrl: REPLAY_BASE_URL,
    pageUrl: `${REPLAY_BASE_URL}dags/${args.dag_id}/runs/${args.run_id}/tasks/${args.task_id}`,
    pageKind: 'task_instance',
    dagId: args.dag_id,
    runId: args.run_id,
    taskId: args.task_id,
  };

  const owner = { instanceUrl: REPLAY_BASE_URL, user: 'admin' };

  it('reads a page\'s card once, and again only after its Retry forgets it', async () => {
    const { client, requests } = replayClient(fixture.exchanges);
    const triage = createTriageSource(() => client, async () => ({ taskState: 'failed' }));
    const logReads = () => requests.filter((r) => r.url.includes('/logs/')).length;

    expect((await triage(context, owner))?.headline).toBe("ValueError: column 'amount' has 3 nulls");
    await triage(context, owner);
    expect(logReads()).toBe(1);

    triage.forget(context, owner);
    expect((await triage(context, owner))?.headline).toBe("ValueError: column 'amount' has 3 nulls");
    expect(logReads()).toBe(2);
  });
});
