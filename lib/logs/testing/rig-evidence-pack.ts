// The evidence pack of a recorded log-rig scenario, built through the real api-client answered
// from the recorded responses (any request not recorded fails).
import { replayClient, type ToolFixture } from '../../airflow/testing/replay-fixture';
import { buildEvidencePack, type EvidencePack } from '../evidence-pack';
import { loadRigFixture } from './rig-fixtures';

/** The evidence pack built from the fixture's recorded responses, with the recorded arguments. */
export async function rigEvidencePack(name: string, maxTokens?: number): Promise<{ pack: EvidencePack; fixture: ToolFixture; requests: string[] }> {
  const fixture = loadRigFixture(name);
  const { client, requests } = replayClient(fixture.exchanges);
  const args = fixture.arguments as { dag_id: string; run_id: string; task_id: string; map_index: number; try_number?: number };
  const target = { dagId: args.dag_id, runId: args.run_id, taskId: args.task_id, mapIndex: args.map_index, ...(args.try_number ? { tryNumber: args.try_number } : {}) };
  const pack = await buildEvidencePack(client, target, maxTokens ? { maxTokens } : {});
  return { pack, fixture, requests: requests.map((r) => r.url) };
}
