import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { messageText, type Conversation } from '@/lib/messaging/conversation';
import { Composer } from './Composer';
import { MessageView } from './MessageView';
import { AnswerUsage, ConversationUsage } from './UsageLine';
import { CopyButton } from './CopyButton';

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
  /** The page's own actions (Explain this log, Hand-off note), in the toolbar beside New conversation. */
  actions?: ReactNode;
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
  actions,
}: ChatViewProps) {
  const { messages } = conversation;
  const last = messages.at(-1);
  const canAsk = !busy && !disabledReason;
  const { listRef, behind, jumpToLatest } = useStickToBottom(messages);
  const inputRef = useKeyboardInPanel();
  // A suggestion already asked in this conversation folds away: asking it twice is never the point.
  const asked = new Set(messages.filter((m) => m.role === 'user').map((m) => messageText(m).trim()));
  const openSuggestions = suggestions.filter((question) => !asked.has(question));
  // The button pressed (a suggestion, Stop) disappears with the state it changes; the keyboard
  // goes back to the composer instead of falling to <body>.
  const focusComposer = () => inputRef.current?.focus();

  return (
    <section className="chat" aria-label="Chat with the assistant">
      <div className="chat-toolbar">
        {actions}
        <button type="button" onClick={onClear} disabled={messages.length === 0} data-testid="chat-clear">
          New conversation
        </button>
      </div>
      <div className="chat-messages-frame">
        <div className="chat-messages" ref={listRef} role="log" aria-live="polite" data-testid="chat-messages" tabIndex={0} aria-label="Conversation">
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
              {message.role === 'assistant' && message.status !== 'streaming' && (message.usage || messageText(message).trim()) ? (
                <div className="message-footer">
                  {message.usage ? <AnswerUsage usage={message.usage} /> : null}
                  {message.status === 'done' && messageText(message).trim() ? <CopyButton text={messageText(message)} label="Copy answer" testId="copy-answer" /> : null}
                </div>
              ) : null}
            </Fragment>
          ))}
          <ConversationUsage conversation={conversation} />
        </div>
        {behind ? (
          <button type="button" className="jump-to-latest" onClick={jumpToLatest} data-testid="jump-to-latest">
            ↓ Jump to latest
          </button>
        ) : null}
      </div>
      {openSuggestions.length > 0 && !busy && (
        <div className="chat-suggestions" role="group" aria-label="Suggested questions">
          {openSuggestions.map((question) => (
            <button
              key={question}
              type="button"
              className="suggestion"
              disabled={!canAsk}
              onClick={() => {
                onAsk(question);
                focusComposer();
              }}
              data-testid="suggestion"
            >
              {question}
            </button>
          ))}
        </div>
      )}
      <Composer
        busy={busy}
        disabledReason={disabledReason}
        onAsk={onAsk}
        onStop={() => {
          onStop();
          focusComposer();
        }}
        inputRef={inputRef}
        {...(modelRecipient ? { modelRecipient } : {})}
      />
    </section>
  );
}

/**
 * Puts the keyboard in the composer when the panel opens (shortcut, toolbar, context menu: each
 * loads the panel's page) and whenever the panel's window gets focus with nothing focused in it,
 * so what the user types lands in the question, never in the Airflow page's single-letter hotkeys.
 */
function useKeyboardInPanel() {
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const focusIfNothingIs = () => {
      const active = document.activeElement;
      if (!active || active === document.body) inputRef.current?.focus();
    };
    window.focus();
    inputRef.current?.focus();
    window.addEventListener('focus', focusIfNothingIs);
    return () => window.removeEventListener('focus', focusIfNothingIs);
  }, []);
  return inputRef;
}

/**
 * Keeps the list scrolled to the newest text while an answer streams, unless the user has
 * scrolled up to read something: then it leaves the scroll position alone and says new content
 * arrived below ("Jump to latest").
 */
function useStickToBottom(messages: Conversation['messages']) {
  const listRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const [behind, setBehind] = useState(false);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const onScroll = () => {
      stuck.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      if (stuck.current) setBehind(false);
    };
    list.addEventListener('scroll', onScroll);
    return () => list.removeEventListener('scroll', onScroll);
  }, []);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (stuck.current) list.scrollTop = list.scrollHeight;
    else if (list.scrollHeight > list.clientHeight) setBehind(true);
  }, [messages]);

  const jumpToLatest = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    stuck.current = true;
    list.scrollTop = list.scrollHeight;
    setBehind(false);
  }, []);

  return { listRef, behind, jumpToLatest };
}
