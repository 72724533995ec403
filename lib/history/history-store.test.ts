import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../messaging/conversation';
import {
  conversationsAbout,
  deleteConversation,
  forgetAllConversations,
  instancesWithHistory,
  listConversations,
  pruneConversations,
  readConversation,
  saveConversation,
} from './history-store';

const ADMIN = { instanceUrl: 'http://localhost:28080/', user: 'admin' };
const VIEWER = { instanceUrl: 'http://localhost:28080/', user: 'viewer' };
const ADMIN_ELSEWHERE = { instanceUrl: 'http://other:8080/', user: 'admin' };
const TASK = { dagId: 'etl', runId: 'manual__1', taskId: 'transform', tryNumber: 1 };
const LINK = 'http://localhost:28080/dags/etl/runs/manual__1/tasks/transform?try_number=1#5';
const DAY = 24 * 60 * 60 * 1000;

const asked = (id: string, question: string, answer = 'It raised ValueError.'): Conversation => ({
  id,
  messages: [
    { id: `${id}-q`, role: 'user', parts: [{ type: 'text', text: question }], createdAt: 1 },
    { id: `${id}-a`, role: 'assistant', status: 'done', citations: [LINK], parts: [{ type: 'text', text: answer }], createdAt: 2 },
  ],
});

describe('conversation history', () => {
  beforeEach(() => forgetAllConversations());

  it('finds the conversations about a task instance, of any try, newest first, with their citations', async () => {
    await saveConversation(ADMIN, TASK, asked('c1', 'Why did this task fail?'), { now: 10 });
    await saveConversation(ADMIN, { ...TASK, tryNumber: 2 }, asked('c2', 'And now?'), { now: 20 });
    await saveConversation(ADMIN, { ...TASK, taskId: 'load' }, asked('c3', 'Other task'), { now: 30 });
    await saveConversation(ADMIN, { ...TASK, mapIndex: 2 }, asked('c4', 'A mapped instance'), { now: 40 });

    const found = await conversationsAbout(ADMIN, { ...TASK, tryNumber: 3 });
    expect(found.map((c) => c.conversation.id)).toEqual(['c2', 'c1']);
    expect(found[1]!.subject.tryNumber).toBe(1);
    expect(found[1]!.conversation.messages[1]!.citations).toEqual([LINK]);
    expect(found[1]!.title).toBe('Why did this task fail?');
  });

  it("never shows one user's conversations to another user, nor on another instance", async () => {
    await saveConversation(ADMIN, TASK, asked('c1', 'Why did this task fail?'));
    expect(await conversationsAbout(VIEWER, TASK)).toEqual([]);
    expect(await listConversations(VIEWER)).toEqual([]);
    expect(await listConversations(ADMIN_ELSEWHERE)).toEqual([]);
    expect(await readConversation(VIEWER, 'c1')).toBeNull();
    await deleteConversation(VIEWER, 'c1');
    expect(await listConversations(ADMIN)).toHaveLength(1);
  });

  it('keeps the same conversation id of two users apart', async () => {
    await saveConversation(ADMIN, TASK, asked('same', 'admin question'));
    await saveConversation(VIEWER, TASK, asked('same', 'viewer question'));
    expect((await readConversation(ADMIN, 'same'))!.title).toBe('admin question');
    expect((await readConversation(VIEWER, 'same'))!.title).toBe('viewer question');
  });

  it('updates a conversation in place and keeps when it started', async () => {
    await saveConversation(ADMIN, TASK, asked('c1', 'first'), { now: 100 });
    await saveConversation(ADMIN, TASK, asked('c1', 'first', 'A longer answer.'), { now: 200 });
    const [only, ...rest] = await listConversations(ADMIN);
    expect(rest).toEqual([]);
    expect(only!.startedAt).toBe(1);
    expect(only!.updatedAt).toBe(200);
    expect(only!.conversation.messages[1]!.parts).toEqual([{ type: 'text', text: 'A longer answer.' }]);
  });

  it('does not keep a conversation without a question', async () => {
    await saveConversation(ADMIN, TASK, { id: 'empty', messages: [] });
    expect(await listConversations(ADMIN)).toEqual([]);
  });

  it('searches by words in any message or in the object, and deletes', async () => {
    await saveConversation(ADMIN, TASK, asked('c1', 'Why did this task fail?', 'KeyError: missing column'), { now: 1 });
    await saveConversation(ADMIN, { dagId: 'reports' }, asked('c2', 'Is the Dag paused?', 'No.'), { now: 2 });
    expect((await listConversations(ADMIN, 'keyerror COLUMN')).map((c) => c.conversation.id)).toEqual(['c1']);
    expect((await listConversations(ADMIN, 'reports')).map((c) => c.conversation.id)).toEqual(['c2']);
    expect((await listConversations(ADMIN, 'nothing-like-this')).length).toBe(0);
    await deleteConversation(ADMIN, 'c1');
    expect((await listConversations(ADMIN)).map((c) => c.conversation.id)).toEqual(['c2']);
  });

  it('drops conversations older than the retention', async () => {
    const now = 100 * DAY;
    await saveConversation(ADMIN, TASK, asked('old', 'old'), { now: now - 31 * DAY });
    await saveConversation(VIEWER, TASK, asked('recent', 'recent'), { now: now - 29 * DAY });
    expect(await pruneConversations(30, now)).toBe(1);
    expect(await listConversations(ADMIN)).toEqual([]);
    expect(await listConversations(VIEWER)).toHaveLength(1);
  });

  it('forgets everything at once', async () => {
    await saveConversation(ADMIN, TASK, asked('c1', 'q'));
    await saveConversation(VIEWER, TASK, asked('c2', 'q'));
    await saveConversation(ADMIN_ELSEWHERE, TASK, asked('c3', 'q'));
    expect(await instancesWithHistory()).toEqual(['http://localhost:28080/', 'http://other:8080/']);
    await forgetAllConversations();
    expect(await instancesWithHistory()).toEqual([]);
    expect(await listConversations(ADMIN)).toEqual([]);
    expect(await listConversations(VIEWER)).toEqual([]);
  });
});
