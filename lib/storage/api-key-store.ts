/**
 * The model API key lives in the extension origin's IndexedDB, not in `browser.storage`:
 * content scripts can read `storage.local` (they share the extension's storage areas), but they
 * run in the page's origin and cannot open the extension origin's databases. So the key is
 * readable by the worker and the options page only, never by a content script or a page.
 */
const DATABASE = 'airflow-assistant-secrets';
const STORE = 'secrets';
const API_KEY = 'model-api-key';

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

export async function readApiKey(): Promise<string> {
  const value = await withStore('readonly', (store) => store.get(API_KEY) as IDBRequest<unknown>);
  return typeof value === 'string' ? value : '';
}

export async function writeApiKey(apiKey: string): Promise<void> {
  await withStore('readwrite', (store) => store.put(apiKey, API_KEY));
}

export async function removeApiKey(): Promise<void> {
  await withStore('readwrite', (store) => store.delete(API_KEY));
}
