/**
 * The files of imports. They live in a database of their own: a CSV of customers' contacts does not
 * belong in storage.local, which content scripts can read, and the queue's database keeps its own versioning.
 */
import { type IDBPDatabase, openDB } from "idb";
import { connectionOnce } from "../idb-connection";

const BULK_FILES_DB = "calltouch-tagger-bulk";
const connection = connectionOnce((blocking) =>
  openDB(BULK_FILES_DB, 1, {
    upgrade(db) {
      db.createObjectStore("files");
    },
    blocking,
  }),
);

const openBulkFiles = (): Promise<IDBPDatabase> => connection.get();

/** Keeps the decoded text of an import's file until `deleteBulkFile`. */
export async function saveBulkFile(jobId: string, text: string): Promise<void> {
  await (await openBulkFiles()).put("files", text, jobId);
}

/** The text of an import's file, or null when it was deleted. */
export async function readBulkFile(jobId: string): Promise<string | null> {
  const text: unknown = await (await openBulkFiles()).get("files", jobId);
  return typeof text === "string" ? text : null;
}

/** Forgets an import's file. */
export async function deleteBulkFile(jobId: string): Promise<void> {
  await (await openBulkFiles()).delete("files", jobId);
}

/** The job ids whose files are kept. */
export async function listBulkFileIds(): Promise<string[]> {
  const keys = await (await openBulkFiles()).getAllKeys("files");
  return keys.filter((key): key is string => typeof key === "string");
}
