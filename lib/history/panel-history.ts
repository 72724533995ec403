import type { Conversation } from '../messaging/conversation';
import type { EarlierConversation } from '../messaging/panel-port';
import type { AirflowUser } from '../airflow/airflow-user';
import type { PageContext } from '../airflow/page-context';
import { createRedactor, type RedactionState } from '../redact';
import { handoffNote, type HandoffNote } from './handoff-note';
import { newerTryNote, subjectOfPage } from './conversation-subject';
import { conversationsAbout, deleteConversation, readConversation, saveConversation } from './history-store';

type WithRedaction = Conversation & { redaction?: RedactionState };

/**
 * What the side panel does with the kept history, always as one Airflow user: the worker passes
 * the user logged in now, and the store only answers for that user.
 */
export const panelHistory = {
  /** Keeps a conversation under the object of the page it was held on (nothing off any Dag). */
  async keep(owner: AirflowUser, conversation: WithRedaction, context: PageContext | null): Promise<void> {
    const subject = context ? subjectOfPage(context) : null;
    if (!subject || context?.instanceUrl !== owner.instanceUrl) return;
    const { redaction, ...plain } = conversation;
    await saveConversation(owner, subject, plain, redaction ? { redactionState: redaction } : {});
  },

  /** The owner's other conversations about the object of this page, newest first. */
  async earlierFor(owner: AirflowUser, context: PageContext | null, shownId: string): Promise<EarlierConversation[]> {
    const subject = context ? subjectOfPage(context) : null;
    if (!subject || context?.instanceUrl !== owner.instanceUrl) return [];
    return (await conversationsAbout(owner, subject))
      .filter((stored) => stored.conversation.id !== shownId)
      .map((stored) => ({
        id: stored.conversation.id,
        title: stored.title,
        updatedAt: stored.updatedAt,
        ...(stored.subject.tryNumber ? { tryNumber: stored.subject.tryNumber } : {}),
        newerTry: newerTryNote(stored.subject.tryNumber, context?.tryNumber),
      }));
  },

  /** One of the owner's conversations, with its redactor state, to continue in the panel. */
  async open(owner: AirflowUser, id: string): Promise<WithRedaction | null> {
    const stored = await readConversation(owner, id);
    if (!stored) return null;
    return { ...stored.conversation, ...(stored.redactionState ? { redaction: stored.redactionState as RedactionState } : {}) };
  },

  remove: deleteConversation,

  /** The hand-off note of the conversation shown: about the object it was kept under, else the page's. */
  async note(owner: AirflowUser, conversation: WithRedaction, context: PageContext | null, now = Date.now()): Promise<HandoffNote | null> {
    const stored = await readConversation(owner, conversation.id);
    const subject = stored?.subject ?? (context ? subjectOfPage(context) : null);
    if (!subject) return null;
    return handoffNote({
      instanceUrl: owner.instanceUrl,
      subject,
      conversation,
      redactor: createRedactor(conversation.redaction),
      askedAt: conversation.messages[0]?.createdAt ?? now,
    });
  },
};
export type PanelHistory = typeof panelHistory;
