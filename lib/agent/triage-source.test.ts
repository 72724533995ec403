import { describe, expect, it } from 'vitest';
import type { PageContext } from '../airflow/page-context';
import { REPLAY_BASE_URL, replayClient } from '../mcp/testing/replay-fixture';
import { loadRigFixture } from '../logs/testing/rig-fixtures';
import { createTriageSource } from './triage-source';

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

  it('reads a page\'s card once, and again only after its Retry forgets it', async () => {
    const { client, requests } = replayClient(fixture.exchanges);
    const triage = createTriageSource(() => client, async () => ({ taskState: 'failed' }));
    const logReads = () => requests.filter((r) => r.url.includes('/logs/')).length;

    expect((await triage(context))?.headline).toBe("ValueError: column 'amount' has 3 nulls");
    await triage(context);
    expect(logReads()).toBe(1);

    triage.forget(context);
    expect((await triage(context))?.headline).toBe("ValueError: column 'amount' has 3 nulls");
    expect(logReads()).toBe(2);
  });
});
