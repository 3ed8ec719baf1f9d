/**
 * One IndexedDB connection per context (worker, background page, extension page), opened on first use.
 * A failed open is not kept: the next call opens again (a long-lived Firefox background page would
 * otherwise stop working until restarted). A connection another context asks us to give up (`blocking`:
 * it deletes or upgrades the database) is closed and opened again on the next call.
 *
 * Our own and not idb's: idb opens a connection per `openDB` call and leaves caching to the caller.
 */
export interface Connection<T> {
  get(): Promise<T>;
  /** Closes the connection, if one is open or opening; the next `get` opens a new one. */
  close(): Promise<void>;
}

/** idb's `blocking` callback: another context waits for this connection to close. */
type Blocking = (currentVersion: number, blockedVersion: number | null, event: IDBVersionChangeEvent) => void;

/** `open` passes `blocking` on to idb's `openDB`. */
export function connectionOnce<T extends { close(): void }>(
  open: (blocking: Blocking) => Promise<T>,
): Connection<T> {
  let opening: Promise<T> | undefined;
  const forget = (attempt: Promise<T>) => {
    if (opening === attempt) opening = undefined;
  };
  return {
    get() {
      if (opening) return opening;
      const attempt: Promise<T> = open((_current, _blocked, event) => {
        (event.target as IDBDatabase).close();
        forget(attempt);
      }).catch((error: unknown) => {
        forget(attempt);
        throw error;
      });
      opening = attempt;
      return attempt;
    },
    async close() {
      const current = opening;
      opening = undefined;
      (await current?.catch(() => undefined))?.close();
    },
  };
}
