import type { ModelProvider } from './items';

/**
 * The model API keys (one per provider) live in the extension origin's IndexedDB, not in `browser.storage`:
 * content scripts can read `storage.local` (they share the extension's storage areas), but they
 * run in the page's origin and cannot open the extension origin's databases. So the key is
 * readable by the worker and the options page only, never by a content script or a page.
 */
const DATABASE = 'airflow-assistant-secrets';
const STORE = 'secrets';
/** Gemini keeps the record name it had before there were other providers, so a saved key stays. */
const keyName = (provider: ModelProvider) => (provider === 'google' ? 'model-api-key' : `model-api-key:${provider}`);

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

export async function readApiKey(provider: ModelProvider = 'google'): Promise<string> {
  const value = await withStore('readonly', (store) => store.get(keyName(provider)) as IDBRequest<unknown>);
  return typeof value === 'string' ? value : '';
}

export async function writeApiKey(apiKey: string, provider: ModelProvider = 'google'): Promise<void> {
  await withStore('readwrite', (store) => store.put(apiKey, keyName(provider)));
}

export async function removeApiKey(provider: ModelProvider = 'google'): Promise<void> {
  await withStore('readwrite', (store) => store.delete(keyName(provider)));
}

/** Every provider's key, for "Forget keys and history". */
export async function removeAllApiKeys(): Promise<void> {
  await withStore('readwrite', (store) => store.clear());
}
