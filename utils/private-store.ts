/**
 * The extension's settings and personal data, where only its own pages and the background reach them:
 * an IndexedDB of the extension's origin. storage.local is not that place: content scripts, which run
 * inside web pages, can read and write it. Every value is parsed with its zod schema when it is written
 * and again when it is read. A change is announced to the other extension contexts with a runtime
 * message (which wakes a sleeping background worker, unlike a BroadcastChannel); they read the value again.
 */
import { type IDBPDatabase, openDB } from "idb";
import { browser } from "wxt/browser";
import { z } from "zod";
import { connectionOnce } from "./idb-connection";
import { parseStored } from "./parse-stored";

export const PRIVATE_DB = "calltouch-tagger-private";
export const PRIVATE_STORE = "items";
/**
 * The runtime message of a change: `{ [CHANGE_MESSAGE]: key }`. It has no `type`, so the typed protocol
 * (utils/messaging.ts) leaves it alone; it carries no value, so a forged one makes readers read the truth.
 */
export const CHANGE_MESSAGE = "calltouchTaggerPrivateChange";
const ChangeMessageSchema = z.object({ [CHANGE_MESSAGE]: z.string() });

const connection = connectionOnce((blocking) =>
  openDB(PRIVATE_DB, 1, {
    upgrade(db) {
      db.createObjectStore(PRIVATE_STORE);
    },
    // Another context deletes or upgrades the database: let it, and open again on the next call.
    blocking,
  }),
);

const open = (): Promise<IDBPDatabase> => connection.get();

/** Closes this context's connection (tests delete the database between cases). */
export const closePrivateStore = (): Promise<void> => connection.close();

/** Told of a change: with the new value from this context, without it from another (then it reads). */
type KeyListener = (key: string, change?: { value: unknown }) => void;
const listeners = new Set<KeyListener>();
let listening = false;

/** Registered on the first watch; the background watches synchronously at start, so a change wakes it. */
function listen(): void {
  if (listening) return;
  listening = true;
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; url?: string }) => {
    const change = ChangeMessageSchema.safeParse(message);
    if (!change.success || sender.id !== browser.runtime.id) return;
    for (const listener of listeners) listener(change.data[CHANGE_MESSAGE]);
  });
}

function announce(key: string, value: unknown): void {
  // A runtime message does not reach its sender: this context's watchers are told directly, with the value.
  for (const listener of listeners) listener(key, { value });
  // Nobody else may be listening (no page open, and the worker is this context): that is no error.
  void Promise.resolve()
    .then(() => browser.runtime.sendMessage({ [CHANGE_MESSAGE]: key }))
    .catch(() => undefined);
}

/** A value of the private store, with the part of WXT's storage item that the pages use. */
export interface PrivateItem<T> {
  readonly key: string;
  /** The stored value parsed with the schema; the fallback when none is stored (or `salvage` gave up). */
  getValue(): Promise<T>;
  /** Parses (throws a ZodError on invalid data), stores and announces the value. */
  setValue(value: T): Promise<void>;
  /** Calls back with the new value after every change, in any extension context; returns the unwatch. */
  watch(callback: (value: T) => void): () => void;
}

export interface PrivateItemOptions<T> {
  schema: z.ZodType<T>;
  fallback: T;
  /** Makes a stored value that fails the schema (written by an older version) valid, or null to drop it. */
  salvage?: (stored: unknown) => T | null;
  /** The storage.local key an older version kept this value under (see `moveLegacyItems`). */
  legacyKey?: string;
}

/** How an older version's value of an item is made current: parsed or salvaged, or null to drop it. */
interface LegacyItem {
  legacyKey: string;
  migrate(old: unknown): unknown;
}

const registry = new Map<string, LegacyItem>();

/** Declares an item of the private store. */
export function definePrivateItem<T>(key: string, options: PrivateItemOptions<T>): PrivateItem<T> {
  const { schema, fallback, salvage, legacyKey } = options;
  if (legacyKey)
    registry.set(key, {
      legacyKey,
      migrate(old) {
        // An older version's value is expected not to fit: it is salvaged without a warning.
        const parsed = schema.safeParse(old);
        return parsed.success ? parsed.data : (salvage?.(old) ?? null);
      },
    });
  const read = async (): Promise<T> => {
    const stored: unknown = await (await open()).get(PRIVATE_STORE, key);
    if (stored === undefined) return fallback;
    return parseStored(schema, stored, key) ?? salvage?.(stored) ?? fallback;
  };
  return {
    key,
    getValue: read,
    async setValue(value) {
      const parsed = schema.parse(value);
      await (await open()).put(PRIVATE_STORE, parsed, key);
      announce(key, parsed);
    },
    watch(callback) {
      listen();
      const listener: KeyListener = (changed, change) => {
        if (changed !== key) return;
        if (change)
          callback(
            change.value === undefined ? fallback : (parseStored(schema, change.value, key) ?? fallback),
          );
        else void read().then(callback, () => undefined);
      };
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Moves what an older version kept in storage.local into the private store, once, when the extension is
 * updated (the background calls it from `onInstalled`): each value is parsed with its item's schema (or
 * salvaged); then storage.local is emptied (an old popup draft, with a lead's contacts, goes too).
 * Afterwards nothing in storage.local is read again, so a value a web page's content script writes there
 * changes nothing.
 */
export async function moveLegacyItems(): Promise<string[]> {
  const moved: string[] = [];
  for (const [key, { legacyKey, migrate }] of registry) {
    const legacy = await browser.storage.local.get(legacyKey);
    const old: unknown = legacy[legacyKey];
    if (old === undefined) continue;
    const value = migrate(old);
    const db = await open();
    if (value !== null && (await db.get(PRIVATE_STORE, key)) === undefined) {
      await db.put(PRIVATE_STORE, value, key);
      announce(key, value);
      moved.push(key);
    }
  }
  await browser.storage.local.clear();
  return moved;
}
