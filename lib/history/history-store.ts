import { z } from 'zod';
import { ConversationSchema, messageText, type Conversation } from '../messaging/conversation';
import { airflowUserKey, type AirflowUser } from '../airflow/airflow-user';
import { ConversationSubjectSchema, subjectKey, type ConversationSubject } from './conversation-subject';

/**
 * Conversations that outlive the browser session, in the extension origin's IndexedDB (like the
 * API keys: no content script or page can open it). Each is kept under the Airflow user it was
 * held with (instance + user) and the object it was about; every read takes the owner, so one
 * user's conversations are never read on behalf of another. Stored answers keep the citations
 * (the evidence links) they had.
 */
const DATABASE = 'airflow-assistant-history';
const STORE = 'conversations';
const BY_OWNER = 'owner';
const BY_OWNER_SUBJECT = 'owner-subject';
const BY_UPDATED = 'updated';

const DAY_MS = 24 * 60 * 60 * 1000;

export const StoredConversationSchema = z.object({
  conversation: ConversationSchema,
  owner: z.object({ instanceUrl: z.string(), user: z.string() }),
  subject: ConversationSubjectSchema,
  /** The first question, for lists. */
  title: z.string(),
  startedAt: z.number(),
  updatedAt: z.number(),
  /** The conversation's redactor state, so a hand-off note uses the answer's placeholders. */
  redactionState: z.unknown().optional(),
});
export type StoredConversation = z.infer<typeof StoredConversationSchema>;

interface Row extends StoredConversation {
  id: string;
  ownerKey: string;
  subjectKey: string;
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex(BY_OWNER, 'ownerKey');
      store.createIndex(BY_OWNER_SUBJECT, ['ownerKey', 'subjectKey']);
      store.createIndex(BY_UPDATED, 'updatedAt');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openDatabase();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

/** Rows are keyed by owner too, so the same conversation id of two users can never overwrite one another. */
const rowId = (owner: AirflowUser, conversationId: string) => JSON.stringify([airflowUserKey(owner), conversationId]);

const titleOf = (conversation: Conversation): string => {
  const first = conversation.messages.find((m) => m.role === 'user');
  return first ? messageText(first).trim().slice(0, 200) : '';
};

/** Keeps (or updates) a conversation; one without any question is not worth keeping. */
export async function saveConversation(
  owner: AirflowUser,
  subject: ConversationSubject,
  conversation: Conversation,
  options: { now?: number; redactionState?: unknown } = {},
): Promise<void> {
  if (!conversation.messages.some((m) => m.role === 'user')) return;
  const now = options.now ?? Date.now();
  const id = rowId(owner, conversation.id);
  const existing = (await withStore<Row | undefined>('readonly', (store) => store.get(id))) as Row | undefined;
  const row: Row = {
    id,
    ownerKey: airflowUserKey(owner),
    subjectKey: subjectKey(existing?.subject ?? subject),
    owner: { instanceUrl: owner.instanceUrl, user: owner.user },
    // A conversation stays about the object it started on, wherever the user went since.
    subject: existing?.subject ?? subject,
    conversation,
    title: titleOf(conversation),
    startedAt: existing?.startedAt ?? conversation.messages[0]?.createdAt ?? now,
    updatedAt: now,
    ...(options.redactionState !== undefined ? { redactionState: options.redactionState } : {}),
  };
  await withStore('readwrite', (store) => store.put(row));
}

const toStored = ({ id: _id, ownerKey: _o, subjectKey: _s, ...stored }: Row): StoredConversation => stored;
const newestFirst = (a: StoredConversation, b: StoredConversation) => b.updatedAt - a.updatedAt;

/** The owner's conversations about this task instance (any try), or this run/Dag; newest first. */
export async function conversationsAbout(owner: AirflowUser, subject: ConversationSubject): Promise<StoredConversation[]> {
  const rows = (await withStore<Row[]>('readonly', (store) =>
    store.index(BY_OWNER_SUBJECT).getAll(IDBKeyRange.only([airflowUserKey(owner), subjectKey(subject)])),
  )) as Row[];
  return rows.map(toStored).sort(newestFirst);
}

/** The owner's conversations (never another user's, nor another instance's), filtered by words in any message; newest first. */
export async function listConversations(owner: AirflowUser, query = ''): Promise<StoredConversation[]> {
  const rows = (await withStore<Row[]>('readonly', (store) => store.index(BY_OWNER).getAll(IDBKeyRange.only(airflowUserKey(owner))))) as Row[];
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (row: Row) => {
    if (!words.length) return true;
    const haystack = [row.title, row.subject.dagId, row.subject.runId, row.subject.taskId, ...row.conversation.messages.map(messageText)]
      .join('\n')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  return rows.filter(matches).map(toStored).sort(newestFirst);
}

/** One of the owner's conversations, or null (also when it is another user's). */
export async function readConversation(owner: AirflowUser, conversationId: string): Promise<StoredConversation | null> {
  const row = (await withStore<Row | undefined>('readonly', (store) => store.get(rowId(owner, conversationId)))) as Row | undefined;
  return row ? toStored(row) : null;
}

/** Deletes one of the owner's conversations; another user's id deletes nothing. */
export async function deleteConversation(owner: AirflowUser, conversationId: string): Promise<void> {
  await withStore('readwrite', (store) => store.delete(rowId(owner, conversationId)));
}

/** Drops every conversation last touched more than `retentionDays` ago; returns how many. */
export async function pruneConversations(retentionDays: number, now = Date.now()): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  const keys = (await withStore<IDBValidKey[]>('readonly', (store) =>
    store.index(BY_UPDATED).getAllKeys(IDBKeyRange.upperBound(cutoff, true)),
  )) as IDBValidKey[];
  if (keys.length) await withStore('readwrite', (store) => void keys.forEach((key) => store.delete(key)));
  return keys.length;
}

/** Every user's conversations, for "Forget keys and history". */
export async function forgetAllConversations(): Promise<void> {
  await withStore('readwrite', (store) => store.clear());
}

/** The instances that have kept conversations (of anyone): the history view asks each who is logged in. */
export async function instancesWithHistory(): Promise<string[]> {
  const rows = (await withStore<Row[]>('readonly', (store) => store.getAll())) as Row[];
  return [...new Set(rows.map((row) => row.owner.instanceUrl))].sort();
}
