import { airflowUserKey, type AirflowUser } from './airflow-user';

/**
 * What was read from one Airflow instance, kept so that it is read once: a finished try's log
 * and facts do not change, so the triage card, the suggestions, the question prefetch and the
 * model's tools share one read of them. Keyed by the Airflow user first (the user of the session
 * token at the time of the read): one user's reads never answer another's, and with no known
 * user nothing is kept. A small LRU, so memory stays bounded; values are the triage's bounded
 * results, never whole logs.
 */
export interface ReadOnceCache {
  /**
   * The value remembered for `what` for the current user, or `read()`'s, remembered when `keep`
   * says it will not change (a finished try). A read under way is shared; a failed one is not kept.
   */
  remember<T>(what: readonly unknown[], read: () => Promise<T>, keep: (value: T) => boolean): Promise<T>;
  /** Forget everything remembered for this user (the card's Retry asks for a fresh read). */
  forgetUser(owner: AirflowUser): void;
  readonly size: number;
}

export const READ_ONCE_ENTRIES = 16;

export function createReadOnceCache(currentUser: () => Promise<AirflowUser | null>, maxEntries = READ_ONCE_ENTRIES): ReadOnceCache {
  // Insertion order is the LRU order: a hit is moved to the end.
  const entries = new Map<string, { owner: string; value: Promise<unknown>; kept: boolean }>();
  return {
    async remember<T>(what: readonly unknown[], read: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
      const owner = await currentUser();
      if (!owner) return read();
      const ownerKey = airflowUserKey(owner);
      const key = JSON.stringify([ownerKey, ...what]);
      const found = entries.get(key);
      if (found) {
        entries.delete(key);
        entries.set(key, found);
        return found.value as Promise<T>;
      }
      const entry = { owner: ownerKey, value: read() as Promise<unknown>, kept: false };
      entries.set(key, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      entry.value.then(
        async (value) => {
          // Kept only if the session still belongs to the user it was read for: a login as
          // someone else during the read may have answered it with their token.
          const still = keep(value as T) ? await currentUser().catch(() => null) : null;
          if (still && airflowUserKey(still) === ownerKey) entry.kept = true;
          else if (entries.get(key) === entry) entries.delete(key);
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry.value as Promise<T>;
    },
    forgetUser(owner: AirflowUser): void {
      const ownerKey = airflowUserKey(owner);
      for (const [key, entry] of entries) if (entry.owner === ownerKey) entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
