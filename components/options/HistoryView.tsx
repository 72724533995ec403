import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_HISTORY_RETENTION_DAYS, type HistoryGroup, sendOptionsRequest } from '@/lib/messaging/options-protocol';

/**
 * The kept conversations, only those of the Airflow user logged in now on each instance (a
 * user logged in nowhere sees none), searchable and deletable; and how long they are kept.
 */
export function HistoryView() {
  const [query, setQuery] = useState('');
  const [listed, setListed] = useState<HistoryGroup[]>([]);
  const [days, setDays] = useState(String(DEFAULT_HISTORY_RETENTION_DAYS));
  const [status, setStatus] = useState('');

  /** The worker lists only the conversations of the user signed in now on each instance. */
  const load = useCallback(async (search: string) => {
    const { groups } = await sendOptionsRequest('readHistory', { query: search });
    setListed(groups);
  }, []);

  useEffect(() => {
    void sendOptionsRequest('readHistory', { query: '' }).then(({ groups, retentionDays }) => {
      setDays(String(retentionDays));
      setListed(groups);
    });
  }, []);

  async function saveRetention(event: FormEvent) {
    event.preventDefault();
    const typed = Number(days);
    // Not a number: 0, which the worker replaces with the default.
    const { retentionDays } = await sendOptionsRequest('saveHistoryRetention', { days: Number.isFinite(typed) ? typed : 0 });
    setDays(String(retentionDays));
    setStatus('Saved. Older conversations go when the assistant next starts.');
  }

  return (
    <section className="settings" aria-label="Conversation history" data-testid="history-view">
      <h2 id="history-heading">Conversation history</h2>
      <p className="help">Kept on this computer only, per Airflow instance and user. You see the conversations of the user logged in now.</p>
      <form onSubmit={saveRetention} className="history-retention">
        <label>
          Keep conversations for (days)
          <input type="number" min="1" max="3650" data-testid="history-retention" value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit" data-testid="save-history-retention">
          Save
        </button>
      </form>
      {status && <p data-testid="history-retention-status">{status}</p>}
      <label>
        Search
        <input
          type="search"
          data-testid="history-search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            void load(e.target.value);
          }}
        />
      </label>
      {listed.every((group) => group.items.length === 0) ? <p data-testid="history-empty">No conversations to show.</p> : null}
      {listed.map(({ instanceUrl, user, items }) =>
        items.length ? (
          <div key={instanceUrl} className="history-group">
            <h3>
              {instanceUrl} · {user}
            </h3>
            <ul className="history-list">
              {items.map((item) => (
                <li key={item.id} data-testid="history-item">
                  <div className="history-item-text">
                    <strong>{item.subject}</strong>
                    <span>{item.title}</span>
                    <span className="muted">{new Date(item.updatedAt).toLocaleString()}</span>
                  </div>
                  <button
                    type="button"
                    data-testid="history-delete"
                    aria-label={`Delete "${item.title}"`}
                    onClick={() => void sendOptionsRequest('deleteHistoryConversation', { instanceUrl, id: item.id }).then(() => load(query))}
                  >
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </section>
  );
}
