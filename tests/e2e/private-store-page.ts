/**
 * The extension's private store (IndexedDB) as its pages use it, for both browser harnesses. The function
 * runs inside an extension page: it is sent there as text, so it must stay self-contained.
 */

export interface PrivateStoreRequest {
  names: { db: string; store: string; change: string };
  /** Values to store by key; each change is announced so the background rebuilds what depends on it. */
  write?: Record<string, unknown>;
  /** A key to read back (undefined when none). */
  read?: string;
}

/** Writes `write` into the private store and announces each key, then returns the value of `read`. */
export async function privateStoreInPage({ names, write, read }: PrivateStoreRequest): Promise<unknown> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(names.db, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(names.store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  if (write) {
    const tx = db.transaction(names.store, "readwrite");
    for (const [key, value] of Object.entries(write)) tx.objectStore(names.store).put(value, key);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  }
  const value =
    read === undefined
      ? undefined
      : await new Promise((resolve, reject) => {
          const request = db.transaction(names.store).objectStore(names.store).get(read);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
  db.close();
  // Firefox's pages have `browser` (promises); Chromium's have `chrome`, whose calls return promises too.
  const runtime = (globalThis as unknown as { browser?: typeof chrome }).browser?.runtime ?? chrome.runtime;
  for (const key of Object.keys(write ?? {})) {
    await runtime.sendMessage({ [names.change]: key }).catch(() => undefined);
  }
  return value;
}
