import "fake-indexeddb/auto";
import { beforeEach } from "vitest";
import { closePrivateStore, PRIVATE_DB } from "../utils/private-store";

// Settings live in the private store's IndexedDB: each test starts without any, as with a fresh browser.
beforeEach(async () => {
  await closePrivateStore();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(PRIVATE_DB);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});
