import type { LanguageModel } from 'ai';
import type { AirflowClient } from '../../airflow/api-client';
import type { PageContext } from '../../airflow/page-context';
import { REPLAY_BASE_URL } from '../../airflow/testing/replay-fixture';
import { buildAirflowMcpServer, connectInProcess } from '../../mcp';
import type { Conversation } from '../../messaging/conversation';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../../storage/items';
import { createChatService, type ChatServiceDeps } from '../chat-service';

/**
 * The chat service as the agent tests run it, in one place: conversations kept in a map, a model
 * with its key set, a signed-in user, ids `id-1`, `id-2`… Its MCP server is the built-in one over
 * `airflow` (a replayed recording); without one, any use of Airflow throws.
 */
export function chatServiceForTest(
  model: LanguageModel,
  options: { airflow?: AirflowClient; settings?: Partial<ModelSettings>; stored?: Record<string, Conversation>; deps?: Partial<ChatServiceDeps> } = {},
) {
  const saved = new Map<string, Conversation>(Object.entries(options.stored ?? {}));
  const { airflow } = options;
  let id = 0;
  const chat = createChatService({
    loadConversation: async (key) => saved.get(key),
    saveConversation: async (key, conversation) => void saved.set(key, conversation),
    loadModelSettings: async () => ({ ...DEFAULT_MODEL_SETTINGS, apiKeySet: true, ...options.settings }),
    loadApiKey: async () => 'k',
    createModel: () => model,
    mcpClientFor: async () => {
      if (!airflow) throw new Error('no Airflow in this test');
      return connectInProcess(buildAirflowMcpServer(airflow));
    },
    hasSession: async () => true,
    onChange: () => {},
    newId: () => `id-${++id}`,
    ...options.deps,
  });
  return { chat, saved };
}

/** The page of a task instance of the recorded Airflow (`fail_python_exception.transform` by default). */
export function taskPageContext(
  ids: { dagId?: string; runId: string; taskId?: string; mapIndex?: number },
  tryNumber?: number,
): PageContext {
  const { dagId = 'fail_python_exception', runId, taskId = 'transform', mapIndex = -1 } = ids;
  return {
    instanceUrl: REPLAY_BASE_URL,
    pageUrl: `${REPLAY_BASE_URL}dags/${dagId}/runs/x/tasks/${taskId}`,
    pageKind: 'task_instance',
    dagId,
    runId,
    taskId,
    mapIndex,
    ...(tryNumber === undefined ? {} : { tryNumber }),
  };
}
