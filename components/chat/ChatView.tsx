import { Fragment, useLayoutEffect, useRef } from 'react';
import type { Conversation } from '@/lib/agent/conversation';
import { Composer } from './Composer';
import { MessageView } from './MessageView';
import { AnswerUsage, ConversationUsage } from './UsageLine';

export type ChatViewProps = {
  conversation: Conversation;
  /** An answer is being produced; a new question waits, Stop is offered. */
  busy: boolean;
  onAsk: (text: string) => void;
  onStop: () => void;
  onRetry: () => void;
  onClear: () => void;
  /** Questions offered as buttons, e.g. "Why did this task fail?" for a failed task instance. */
  suggestions?: string[];
  /** Why the user can't ask now (no Airflow page, no API key…); shown instead of accepting input. */
  disabledReason?: string;
  /** The Airflow instance of the page: relative links in answers resolve against it. */
  instanceUrl?: string;
  onOpenOptions?: () => void;
  /** Opens a cited Airflow page in the Airflow tab. */
  onNavigate?: (url: string) => void;
  /** Who receives the questions, for the redaction preview. */
  modelRecipient?: string;
};

/** The conversation with the assistant: messages, suggested questions and the composer. */
export function ChatView({
  conversation,
  busy,
  onAsk,
  onStop,
  onRetry,
  onClear,
  suggestions = [],
  disabledReason,
  instanceUrl,
  onOpenOptions,
  onNavigate,
  modelRecipient,
}: ChatViewProps) {
  const { messages } = conversation;
  const last = messages.at(-1);
  const canAsk = !busy && !disabledReason;
  const listRef = useStickToBottom(messages);

  return (
    <section className="chat" aria-label="Chat with the assistant">
      <div className="chat-toolbar">
        <button type="button" onClick={onClear} disabled={messages.length === 0} data-testid="chat-clear">
          New conversation
        </button>
        <ConversationUsage conversation={conversation} />
      </div>
      <div className="chat-messages" ref={listRef} role="log" aria-live="polite">
        {messages.map((message) => (
          <Fragment key={message.id}>
            <MessageView
              message={message}
              instanceUrl={instanceUrl}
              onRetry={message === last && !busy ? onRetry : undefined}
              onOpenOptions={onOpenOptions}
              onNavigate={onNavigate}
            />
            {/* Beside the answer, not in it: the answer's text stays what the model wrote. */}
            {message.usage && message.status !== 'streaming' ? <AnswerUsage usage={message.usage} /> : null}
          </Fragment>
        ))}
      </div>
      {suggestions.length > 0 && !busy && (
        <div className="chat-suggestions">
          {suggestions.map((question) => (
            <button
              key={question}
              type="button"
              className="suggestion"
              disabled={!canAsk}
              onClick={() => onAsk(question)}
              data-testid="suggestion"
            >
              {question}
            </button>
          ))}
        </div>
      )}
      <Composer busy={busy} disabledReason={disabledReason} onAsk={onAsk} onStop={onStop} {...(modelRecipient ? { modelRecipient } : {})} />
    </section>
  );
}

/**
 * Keeps the list scrolled to the newest text while an answer streams, unless the user has
 * scrolled up to read something: then it leaves the scroll position alone.
 */
function useStickToBottom(messages: Conversation['messages']) {
  const listRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const onScroll = () => {
      stuck.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    };
    list.addEventListener('scroll', onScroll);
    return () => list.removeEventListener('scroll', onScroll);
  }, []);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && stuck.current) list.scrollTop = list.scrollHeight;
  }, [messages]);

  return listRef;
}
