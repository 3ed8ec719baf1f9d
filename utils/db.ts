/** The extension's IndexedDB: the send queue and history, small engine state, and secrets. */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { connectionOnce } from "./idb-connection";
import type { OpRecord } from "./sending/types";

export interface TaggerDB extends DBSchema {
  ops: {
    key: number;
    value: OpRecord;
    indexes: {
      "by-state": OpRecord["state"];
      "by-state-notBefore": [OpRecord["state"], number];
      "by-job": string;
      "by-updated": number;
      "by-seq": [string, OpRecord["state"]];
    };
  };
  /**
   * How many ops are in each state, kept up to date in the same transactions that change states:
   * counting an index walks every entry, which a history of 100,000 ops cannot afford per batch. Also the
   * holds of paused and cancelled jobs. Parsed on read (utils/sending/counters.ts).
   */
  counters: { key: string; value: unknown };
  /** Engine state that must survive a worker restart (limiter timestamps, pause). */
  kv: { key: string; value: unknown };
  /** Secrets: the extension's IndexedDB is out of reach of content scripts, unlike storage.local. */
  secrets: { key: string; value: string };
  /**
   * The requests under way, recorded right before each leaves. A store of its own: its writes sit on the
   * path of every request and must not wait behind the transactions that write answers into `ops`.
   */
  departures: { key: string; value: unknown };
}

export const DB_NAME = "calltouch-tagger";
const DB_VERSION = 2;

const connection = connectionOnce((blocking) =>
  openDB<TaggerDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const ops = db.createObjectStore("ops", { keyPath: "id", autoIncrement: true });
        ops.createIndex("by-state", "state");
        ops.createIndex("by-state-notBefore", ["state", "notBefore"]);
        ops.createIndex("by-job", "jobId");
        ops.createIndex("by-updated", "updatedAt");
        db.createObjectStore("counters");
        db.createObjectStore("kv");
        db.createObjectStore("secrets");
      }
      if (oldVersion < 2) {
        // Ops queued before version 2 have no key and stay out of this index: they keep no order.
        tx.objectStore("ops").createIndex("by-seq", ["seqKey", "state"]);
        db.createObjectStore("departures");
      }
    },
    blocking,
  }),
);

/** Opens (once per context) and upgrades the database; a failed open is tried again by the next call. */
export const getDb = (): Promise<IDBPDatabase<TaggerDB>> => connection.get();

/** Closes the connection (tests simulate a worker restart with it). */
export const closeDb = (): Promise<void> => connection.close();
