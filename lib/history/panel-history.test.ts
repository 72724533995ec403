import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../messaging/conversation';
import type { PageContext } from '../airflow/page-context';
import { createRedactor } from '../redact';
import { forgetAllConversations } from './history-store';
import { panelHistory } from './panel-history';

const BASE = 'http://localhost:28080/';
const ADMIN = { instanceUrl: BASE, user: 'admin' };
const VIEWER = { instanceUrl: BASE, user: 'viewer' };
const SECRET = 'AKIAFAKE4NSLYQ7VT7G2';
const LINK = `${BASE}dags/etl/runs/r1/tasks/transform?try_number=1#5`;

const page = (tryNumber: number): PageContext => ({
  instanceUrl: BASE,
  pageUrl: `${BASE}dags/etl/runs/r1/tasks/transform`,
  pageKind: 'task_instance',
  dagId: 'etl',
  runId: 'r1',
  taskId: 'transform',
  mapIndex: -1,
  tryNumber,
});

const conversation = (id: string): Conversation => ({
  id,
  messages: [
    { id: 'q', role: 'user', parts: [{ type: 'text', text: 'Why did this task fail?' }], createdAt: 1000 },
    { id: 'a', role: 'assistant', status: 'done', citations: [LINK], parts: [{ type: 'text', text: `Login refused for ${SECRET}.` }], createdAt: 2000 },
  ],
});

describe('panel history', () => {
  beforeEach(() => forgetAllConversations());

  it('offers earlier conversations about the task to their user only, saying when the task has a newer try', async () => {
    await panelHistory.keep(ADMIN, conversation('c1'), page(1));
    expect(await panelHistory.earlierFor(ADMIN, page(1), 'c1')).toEqual([]);
    const offered = await panelHistory.earlierFor(ADMIN, page(2), 'new');
    expect(offered).toMatchObject([{ id: 'c1', title: 'Why did this task fail?', tryNumber: 1 }]);
    expect(offered[0]!.newerTry).toBe('This conversation was about try 1; the task has a newer try (2) since.');
    expect(await panelHistory.earlierFor(VIEWER, page(2), 'new')).toEqual([]);
    expect(await panelHistory.open(VIEWER, 'c1')).toBeNull();
    expect((await panelHistory.open(ADMIN, 'c1'))!.messages[1]!.citations).toEqual([LINK]);
  });

  it('keeps nothing off a Dag or for another instance', async () => {
    await panelHistory.keep(ADMIN, conversation('c1'), { instanceUrl: BASE, pageUrl: BASE, pageKind: 'home' });
    await panelHistory.keep({ instanceUrl: 'http://other/', user: 'admin' }, conversation('c2'), page(1));
    expect(await panelHistory.earlierFor(ADMIN, page(1), 'x')).toEqual([]);
  });

  it("makes the hand-off note with the conversation's placeholders and the object it was kept under", async () => {
    const redactor = createRedactor();
    const placeholder = redactor.redact(SECRET).text;
    await panelHistory.keep(ADMIN, { ...conversation('c1'), redaction: redactor.state() }, page(1));
    const stored = (await panelHistory.open(ADMIN, 'c1'))!;
    const note = (await panelHistory.note(ADMIN, stored, null))!;
    expect(note.markdown).toContain('- **Task:** `transform`');
    expect(note.markdown).toContain(`Login refused for ${placeholder}.`);
    expect(note.markdown).not.toContain(SECRET);
    expect(note.markdown).toContain(`](${LINK})`);
  });
});
