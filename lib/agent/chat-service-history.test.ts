import { describe, expect, it } from 'vitest';
import type { PageContext } from '../airflow/page-context';
import type { StoredConversation } from './chat-service';
import type { Conversation } from '../messaging/conversation';
import { scriptedModel } from './testing/mock-models';
import { chatServiceForTest } from './testing/chat-service-fixture';

const context: PageContext = { instanceUrl: 'http://h/', pageUrl: 'http://h/dags/etl', pageKind: 'dag', dagId: 'etl' };

function setup(model: ReturnType<typeof scriptedModel>) {
  const answered: [string, StoredConversation, PageContext | null][] = [];
  const { chat, saved } = chatServiceForTest(model, {
    settings: { noToolCalling: true },
    deps: {
      mcpClientFor: async () => ({ listTools: async () => ({ tools: [] }), callTool: async () => ({ content: [] }) }),
      onAnswered: (key, conversation, page) => void answered.push([key, conversation, page]),
    },
  });
  return { chat, saved, answered };
}

describe('chat service and the kept history', () => {
  it('hands each ended answer, with the page it was asked on, to the history', async () => {
    const { chat, answered } = setup(scriptedModel([[{ type: 'text', text: 'It is paused.' }]]));
    await chat.ask('w1', 'Is this Dag paused?', context);
    expect(answered).toHaveLength(1);
    const [key, conversation, page] = answered[0]!;
    expect(key).toBe('w1');
    expect(page).toBe(context);
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(conversation.messages[1]).toMatchObject({ status: 'done' });
  });

  it('restores an earlier conversation into the window, stored and shown', async () => {
    const { chat, saved } = setup(scriptedModel([]));
    const earlier: Conversation = { id: 'earlier', messages: [{ id: 'q', role: 'user', parts: [{ type: 'text', text: 'Why?' }], createdAt: 1 }] };
    await chat.restore('w1', earlier);
    expect((await chat.conversation('w1')).id).toBe('earlier');
    expect(saved.get('w1')?.id).toBe('earlier');
  });
});
