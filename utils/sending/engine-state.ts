/** The engine's small persistent state in the db's `kv`: the pause and the last request outcome. */
import type { IDBPDatabase } from "idb";
import { z } from "zod";
import { CalltouchErrorKindSchema } from "../calltouch/errors";
import { getDb as defaultGetDb, type TaggerDB } from "../db";

/**
 * Why the engine stopped sending by itself: `auth` and `noCredentials` until `resume()` (credentials
 * changed), `quota` until `until` (the next midnight Moscow time) or `resume()`, `refused` (Calltouch
 * refused every lead of a request for one reason, e.g. an unknown field) until `resume()`.
 */
export const EnginePauseSchema = z.object({
  reason: z.enum(["auth", "quota", "noCredentials", "refused"]),
  message: z.string(),
  at: z.number(),
  until: z.number().optional(),
});
export type EnginePause = z.infer<typeof EnginePauseSchema>;
export type PauseReason = EnginePause["reason"];

/** The last request that failed, as the options page shows it ("auth error at …"). */
export const LastErrorSchema = z.object({
  kind: CalltouchErrorKindSchema,
  message: z.string(),
  at: z.number(),
});
export type LastError = z.infer<typeof LastErrorSchema>;

export interface RequestReport {
  lastError: LastError | null;
  lastSuccessAt: number | null;
}

export interface EngineStateStore {
  /** The stored pause, or null when none (or when the stored value is unreadable). */
  loadPause(): Promise<EnginePause | null>;
  /** Stores the pause (null clears it); resolves once written. */
  savePause(pause: EnginePause | null): Promise<void>;
  /** The last failed request and the time of the last successful one. */
  loadReport(): Promise<RequestReport>;
  recordError(error: LastError): Promise<void>;
  recordSuccess(at: number): Promise<void>;
}

const KEYS = { pause: "pause", lastError: "lastError", lastSuccessAt: "lastSuccessAt" } as const;

/** Creates the store over `kv`. */
export function createEngineStateStore(
  getDb: () => Promise<IDBPDatabase<TaggerDB>> = defaultGetDb,
): EngineStateStore {
  const read = async <T>(key: string, schema: z.ZodType<T>): Promise<T | null> => {
    const parsed = schema.safeParse(await (await getDb()).get("kv", key));
    return parsed.success ? parsed.data : null;
  };
  const write = async (key: string, value: unknown) => {
    const db = await getDb();
    await (value === null ? db.delete("kv", key) : db.put("kv", value, key));
  };

  return {
    loadPause: () => read(KEYS.pause, EnginePauseSchema),
    savePause: (pause) => write(KEYS.pause, pause),
    async loadReport() {
      const [lastError, lastSuccessAt] = await Promise.all([
        read(KEYS.lastError, LastErrorSchema),
        read(KEYS.lastSuccessAt, z.number()),
      ]);
      return { lastError, lastSuccessAt };
    },
    recordError: (error) => write(KEYS.lastError, error),
    recordSuccess: (at) => write(KEYS.lastSuccessAt, at),
  };
}
