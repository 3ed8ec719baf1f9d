/**
 * The connection check: one request with the saved credentials (see `CHECK_REQUEST`), its outcome kept in
 * the private store so that every page shows the same state. Runs in the background only.
 */
import { z } from "zod";
import {
  CONNECTION_STATES,
  checkCredentials,
  connectionOutcome,
  createCalltouchClient,
} from "../calltouch/client";
import { CalltouchError } from "../calltouch/errors";
import type { LastRequest } from "../messaging";
import { definePrivateItem } from "../private-store";
import type { RateLimiter } from "../sending/limiter";
import { settingsItem } from "../storage";
import { type HasHostPermission, sendRefusal } from "./credentials";
import { readSavedToken } from "./token-store";

/** What the last check found, or that one is under way (`checking`); `at` is when it started or ended. */
export const ConnectionCheckSchema = z.object({
  state: z.enum([...CONNECTION_STATES, "checking"]),
  at: z.number(),
  /** What the server or the network said, for a refusal or a failure. */
  message: z.string().max(500).optional(),
});
export type ConnectionCheck = z.infer<typeof ConnectionCheckSchema>;

/** The last check; null when none applies to the saved credentials (saving or forgetting them clears it). */
export const connectionCheckItem = definePrivateItem<ConnectionCheck | null>("connectionCheck", {
  schema: ConnectionCheckSchema.nullable(),
  fallback: null,
});

/** The check waits less than a send: the user is looking at "Checking…". */
const CHECK_TIMEOUT_MS = 15_000;

/** A check still `checking` this long after it started was cut short (the worker stopped): it no longer counts. */
export const CHECK_STALE_MS = 2 * CHECK_TIMEOUT_MS;

/** How long the check waits for a slot of the rate limiter. */
const SLOT_WAIT_MS = 3000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks the saved credentials with one request, taking a slot of the rate limiter like any send, and
 * stores the outcome. Null (and nothing sent) when the credentials may not be used at all: none saved, a
 * token bound to another host, the permission removed; the status names that refusal itself.
 */
export async function runConnectionCheck(
  hasHostPermission: HasHostPermission,
  limiter: Pick<RateLimiter, "acquire">,
  now: () => number = Date.now,
): Promise<ConnectionCheck | null> {
  const [saved, settings] = await Promise.all([readSavedToken(), settingsItem.getValue()]);
  if (!saved || (await sendRefusal(saved, settings, hasHostPermission))) {
    await connectionCheckItem.setValue(null);
    return null;
  }
  // Stored before the request, so that a page opened meanwhile says "Checking…" too.
  await connectionCheckItem.setValue({ state: "checking", at: now() });
  const client = createCalltouchClient({
    baseUrl: settings.apiBaseUrl,
    token: saved.token,
    siteId: settings.siteId,
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  // The check keeps the office's pace like any send, but does not sit out a long hold (an outage's
  // backoff): after SLOT_WAIT_MS it leaves anyway, one request, and the late slot is given back unused.
  const pending = limiter.acquire();
  const slot = await Promise.race([pending, sleep(SLOT_WAIT_MS).then(() => null)]);
  if (slot) await slot.depart();
  else void pending.then((late) => late.settle("answered"));
  const outcome = await checkCredentials(client);
  slot?.settle(
    outcome.kind === "rateLimited" ? "rateLimited" : outcome.kind === "network" ? "noAnswer" : "answered",
  );
  const check: ConnectionCheck = {
    state: outcome.state,
    at: now(),
    ...(outcome.state !== "connected" && outcome.message ? { message: outcome.message.slice(0, 500) } : {}),
  };
  await connectionCheckItem.setValue(check);
  return check;
}

/**
 * The state every page shows: the stored check, unless a send answered after it (a success proves the
 * credentials, an authorisation error refutes them); a `checking` cut short counts as no check.
 */
export function currentConnection(
  check: ConnectionCheck | null,
  lastRequest: LastRequest | null,
  now: number,
): ConnectionCheck | null {
  const live = check && !(check.state === "checking" && now - check.at > CHECK_STALE_MS) ? check : null;
  if (!lastRequest || (live && (live.state === "checking" || live.at >= lastRequest.at))) return live;
  if (lastRequest.ok) return { state: "connected", at: lastRequest.at };
  if (lastRequest.kind !== "auth") return live;
  const message = lastRequest.message ?? "";
  const { state } = connectionOutcome({ ok: false, error: new CalltouchError("auth", message) });
  return { state, at: lastRequest.at, ...(message ? { message: message.slice(0, 500) } : {}) };
}
