import "fake-indexeddb/auto";
import { configure } from "@testing-library/preact";
import { beforeEach } from "vitest";
import { closePrivateStore, PRIVATE_DB } from "../utils/private-store";

// findBy*/waitFor wait for what a person would see; 1 s (the default) is too short for a busy 2-core CI
// runner, where a page that polls and debounces renders late. A test still fails if the text never comes.
configure({ asyncUtilTimeout: 4000 });

// Settings live in the private store's IndexedDB: each test starts without any, as with a fresh browser.
beforeEach(async () => {
  await closePrivateStore();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(PRIVATE_DB);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});
