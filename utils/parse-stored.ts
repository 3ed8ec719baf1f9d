/** Reading back what the extension stored: parsed with the value's schema, never cast. */
import type { z } from "zod";

/**
 * `stored` parsed with `schema`, or null when it does not fit: the caller then repairs or resets the
 * value. The reason is logged with the value's key, so a reset is never silent.
 */
export function parseStored<T>(schema: z.ZodType<T>, stored: unknown, key: string): T | null {
  const parsed = schema.safeParse(stored);
  if (parsed.success) return parsed.data;
  console.warn(`Stored value "${key}" is invalid and was repaired or reset:`, parsed.error.issues[0]);
  return null;
}
