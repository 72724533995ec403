import type { EarlierConversation } from '@/lib/messaging/panel-port';

type Props = {
  earlier: EarlierConversation[];
  /** What the page is: "task", "run" or "Dag", for the heading. */
  objectName: string;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
};

/** "2 earlier conversations about this task": the user's own, kept on this machine. */
export function EarlierConversations({ earlier, objectName, onOpen, onDelete }: Props) {
  if (earlier.length === 0) return null;
  return (
    <details className="earlier-conversations" data-testid="earlier-conversations">
      <summary data-testid="earlier-conversations-summary">
        {earlier.length === 1 ? '1 earlier conversation' : `${earlier.length} earlier conversations`} about this {objectName}
      </summary>
      <ul>
        {earlier.map((item) => (
          <li key={item.id} data-testid="earlier-conversation">
            <button type="button" className="link earlier-conversation-open" onClick={() => onOpen(item.id)} data-testid="earlier-conversation-open">
              {item.title || 'Untitled conversation'}
            </button>{' '}
            <span className="muted">
              {new Date(item.updatedAt).toLocaleString()}
              {item.tryNumber ? ` · try ${item.tryNumber}` : ''}
            </span>{' '}
            <button type="button" className="link earlier-conversation-delete" onClick={() => onDelete(item.id)} data-testid="earlier-conversation-delete" aria-label={`Delete "${item.title}"`}>
              Delete
            </button>
            {item.newerTry ? (
              <p className="muted" data-testid="earlier-conversation-newer-try">
                {item.newerTry}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
