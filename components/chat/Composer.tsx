import { useId, useMemo, useState, type KeyboardEvent, type Ref } from 'react';
import { createRedactor } from '@/lib/redact';
import { QUESTION_MAX_CHARS } from '@/lib/messaging/conversation';
import { RedactionPreview } from './RedactionPreview';

type Props = {
  /** Who receives the question: "Anthropic (api.anthropic.com)", or "the model on this machine". */
  modelRecipient?: string;
  busy: boolean;
  disabledReason?: string;
  onAsk: (text: string) => void;
  onStop: () => void;
  /** The text box, so the panel can put the keyboard there (on open, after a suggestion or Stop). */
  inputRef?: Ref<HTMLTextAreaElement>;
};

/** Where the question is typed: Enter sends, Shift+Enter starts a new line. */
export function Composer({ busy, disabledReason, onAsk, onStop, modelRecipient, inputRef }: Props) {
  const [text, setText] = useState('');
  const reasonId = useId();
  const lengthId = useId();
  const disabled = Boolean(disabledReason);
  const length = text.trim().length;
  const tooLong = length > QUESTION_MAX_CHARS;
  const canSend = !busy && !disabled && length > 0 && !tooLong;
  // What the question will look like to the model: shown as soon as something in it would be
  // masked (a pasted connection string, a token), so the user sees it before sending.
  const preview = useMemo(() => createRedactor().preview(text), [text]);

  const send = () => {
    if (!canSend) return;
    onAsk(text.trim());
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an IME is composing, Enter confirms the composition rather than sending.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {disabled && (
        <p className="composer-disabled" id={reasonId} data-testid="chat-disabled-reason">
          {disabledReason}
        </p>
      )}
      {length >= QUESTION_MAX_CHARS / 2 && (
        <p className={tooLong ? 'composer-length composer-too-long' : 'composer-length'} id={lengthId} role={tooLong ? 'alert' : undefined} data-testid="chat-length">
          {tooLong
            ? `Your question is ${formatCount(length)} characters; the limit is ${formatCount(QUESTION_MAX_CHARS)}. Shorten it (the relevant log lines are enough) to send it.`
            : `${formatCount(length)} of ${formatCount(QUESTION_MAX_CHARS)} characters`}
        </p>
      )}
      {preview.total > 0 && <RedactionPreview text={preview.text} counts={preview.counts} title={`Your question, as ${modelRecipient ?? 'the model'} will get it`} />}
      <textarea
        ref={inputRef}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={disabled}
        aria-describedby={disabled ? reasonId : length >= QUESTION_MAX_CHARS / 2 ? lengthId : undefined}
        aria-invalid={tooLong || undefined}
        aria-label="Your question"
        placeholder={busy ? 'Answering… you can type your next question' : 'Ask about this page'}
        rows={2}
        data-testid="chat-input"
      />
      <div className="composer-actions">
        {busy && (
          <button type="button" onClick={onStop} data-testid="chat-stop">
            Stop
          </button>
        )}
        <button type="submit" disabled={!canSend} data-testid="chat-send">
          Send
        </button>
      </div>
    </form>
  );
}

const formatCount = (n: number) => n.toLocaleString('en-US');
