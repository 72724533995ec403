import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { airflowUserOf, type AirflowUser } from '@/lib/airflow/airflow-user';
import { readSessionToken } from '@/lib/airflow/session';
import { describeSubject } from '@/lib/history/conversation-subject';
import { deleteConversation, instancesWithHistory, listConversations, type StoredConversation } from '@/lib/history/history-store';
import { DEFAULT_HISTORY_RETENTION_DAYS, historyRetentionDaysItem } from '@/lib/storage/items';

type Listed = { owner: AirflowUser; items: StoredConversation[] };

/**
 * The kept conversations, only those of the Airflow user logged in now on each instance (a
 * user logged in nowhere sees none), searchable and deletable; and how long they are kept.
 */
export function HistoryView() {
  const [query, setQuery] = useState('');
  const [listed, setListed] = useState<Listed[]>([]);
  const [days, setDays] = useState(String(DEFAULT_HISTORY_RETENTION_DAYS));
  const [status, setStatus] = useState('');

  const load = useCallback(async (search: string) => {
    const result: Listed[] = [];
    for (const instanceUrl of await instancesWithHistory()) {
      const owner = airflowUserOf(instanceUrl, await readSessionToken(instanceUrl));
      if (owner) result.push({ owner, items: await listConversations(owner, search) });
    }
    setListed(result);
  }, []);

  useEffect(() => {
    void historyRetentionDaysItem.getValue().then((value) => setDays(String(value)));
    void load('');
  }, [load]);

  async function saveRetention(event: FormEvent) {
    event.preventDefault();
    const value = Math.round(Number(days));
    await historyRetentionDaysItem.setValue(Number.isFinite(value) && value >= 1 ? Math.min(value, 3650) : DEFAULT_HISTORY_RETENTION_DAYS);
    setDays(String(await historyRetentionDaysItem.getValue()));
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
      {listed.map(({ owner, items }) =>
        items.length ? (
          <div key={owner.instanceUrl} className="history-group">
            <h3>
              {owner.instanceUrl} · {owner.user}
            </h3>
            <ul className="history-list">
              {items.map((item) => (
                <li key={item.conversation.id} data-testid="history-item">
                  <div className="history-item-text">
                    <strong>{describeSubject(item.subject)}</strong>
                    <span>{item.title}</span>
                    <span className="muted">{new Date(item.updatedAt).toLocaleString()}</span>
                  </div>
                  <button
                    type="button"
                    data-testid="history-delete"
                    aria-label={`Delete "${item.title}"`}
                    onClick={() => void deleteConversation(owner, item.conversation.id).then(() => load(query))}
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
