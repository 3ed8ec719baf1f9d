/**
 * The Access-Token, in the queue's IndexedDB (`secrets`): out of reach of content scripts, unlike
 * storage.local. Only the background imports this module: no other context ever holds the token.
 */
import { DEFAULT_API_BASE_URL } from "../calltouch/limits";
import { getDb } from "../db";

const TOKEN_KEY = "accessToken";

/** The API origin the token was saved for, next to it: a token is sent to no other origin. */
const TOKEN_ORIGIN_KEY = "accessTokenOrigin";

/** A saved token and the API origin it is bound to. */
export interface SavedToken {
  token: string;
  /** `https://api.calltouch.ru`; a token saved before tokens were bound counts as bound to the default API. */
  origin: string;
}

/**
 * Stores the Access-Token in IndexedDB, out of reach of content scripts, bound to the API origin it is
 * for. Only the background calls this.
 */
export async function saveToken(token: string, origin = new URL(DEFAULT_API_BASE_URL).origin): Promise<void> {
  const tx = (await getDb()).transaction("secrets", "readwrite");
  await Promise.all([tx.store.put(token, TOKEN_KEY), tx.store.put(origin, TOKEN_ORIGIN_KEY), tx.done]);
}

/** The stored Access-Token with the origin it is bound to, or null. Background only. */
export async function readSavedToken(): Promise<SavedToken | null> {
  const db = await getDb();
  const [token, origin] = await Promise.all([
    db.get("secrets", TOKEN_KEY),
    db.get("secrets", TOKEN_ORIGIN_KEY),
  ]);
  if (typeof token !== "string" || !token) return null;
  return {
    token,
    origin: typeof origin === "string" && origin ? origin : new URL(DEFAULT_API_BASE_URL).origin,
  };
}

/** Forgets the stored Access-Token and its origin. */
export async function clearToken(): Promise<void> {
  const tx = (await getDb()).transaction("secrets", "readwrite");
  await Promise.all([tx.store.delete(TOKEN_KEY), tx.store.delete(TOKEN_ORIGIN_KEY), tx.done]);
}

/** What the UI may show of a token: its last four characters, masked (`••••1a2b`). */
export function tokenHint(token: string): string {
  return `••••${token.slice(-4)}`;
}
