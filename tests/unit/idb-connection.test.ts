import { deleteDB } from "idb";
import { describe, expect, it } from "vitest";
import { getDb } from "../../utils/db";
import { connectionOnce } from "../../utils/idb-connection";

const fakeDb = () => {
  let closed = false;
  return {
    close: () => {
      closed = true;
    },
    get closed() {
      return closed;
    },
  };
};

describe("connectionOnce", () => {
  it("opens once for every caller, and again only after the connection was closed", async () => {
    let opens = 0;
    const connection = connectionOnce(async () => {
      opens++;
      return fakeDb();
    });
    const [a, b] = await Promise.all([connection.get(), connection.get()]);
    expect(a).toBe(b);
    expect(opens).toBe(1);
    await connection.close();
    expect(a.closed).toBe(true);
    expect(await connection.get()).not.toBe(a);
    expect(opens).toBe(2);
  });

  it("tries again after a failed open instead of keeping the failure (a long-lived background page)", async () => {
    let opens = 0;
    const connection = connectionOnce(async () => {
      opens++;
      if (opens === 1) throw new Error("QuotaExceededError");
      return fakeDb();
    });
    await expect(connection.get()).rejects.toThrow("QuotaExceededError");
    await expect(connection.get()).resolves.toHaveProperty("closed", false);
    expect(opens).toBe(2);
  });

  it("closes and forgets a connection another context asks it to give up, and opens a new one next time", async () => {
    let block: ((db: ReturnType<typeof fakeDb>) => void) | undefined;
    const connection = connectionOnce(async (blocking) => {
      block = (db) => blocking(1, 2, { target: db } as unknown as IDBVersionChangeEvent);
      return fakeDb();
    });
    const first = await connection.get();
    block?.(first);
    expect(first.closed).toBe(true);
    expect(await connection.get()).not.toBe(first);
  });

  it("lets another context delete the queue's database while this one holds it open", async () => {
    const db = await getDb();
    expect(db.objectStoreNames.contains("ops")).toBe(true);
    // Blocked for ever if our connection stayed open.
    await deleteDB("calltouch-tagger");
    const reopened = await getDb();
    expect(reopened).not.toBe(db);
    expect(reopened.objectStoreNames.contains("ops")).toBe(true);
    // Still usable: a new connection, not the closed one.
    await reopened.put("kv", 1, "probe");
    expect(await reopened.get("kv", "probe")).toBe(1);
  });
});
