/** Reads the sandbox's inspection API (test-only, under /__sandbox/). */
export interface RecordedRequest {
  seq: number;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

export interface SandboxStats {
  requests: number;
  byStatus: Record<string, number>;
  dropped: number;
  http429: number;
  leadsReceived: number;
  uniquePhonesReceived: number;
  maxRequestsInAnyWindow: number;
}

export interface SandboxLead {
  comments: string[];
  tags: string[];
}

/** Requests the server has received but not answered yet. */
export const inFlight = (stats: SandboxStats): number =>
  stats.requests - stats.dropped - Object.values(stats.byStatus).reduce((sum, n) => sum + n, 0);

/** Calls one of the sandbox's `/__sandbox/` endpoints: GET without a body, POST with one (JSON); its JSON answer. */
export const controlSandbox = (url: string, path: string, body?: unknown) =>
  fetch(`${url}/__sandbox/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json());

/** A small client for one sandbox's inspection endpoints. */
export function inspectSandbox(url: string) {
  const get = async <T>(path: string): Promise<T> =>
    (await fetch(`${url}/__sandbox/${path}`)).json() as Promise<T>;
  return {
    requests: () => get<RecordedRequest[]>("requests"),
    stats: () => get<SandboxStats>("stats"),
    reset: () => fetch(`${url}/__sandbox/reset`, { method: "POST" }),
    /** Queues a fault for the next `count` API requests (`delay`: answered `delayMs` late). */
    fault: (mode: "delay" | "drop" | "500" | "502" | "malformed", count: number, delayMs = 0) =>
      fetch(`${url}/__sandbox/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ mode, count, delayMs }),
      }),
    /** The leads written to, with their comments, tags and custom fields. */
    touchedLeads: () => get<{ calls: SandboxLead[]; requests: SandboxLead[] }>("leads?touched=1"),
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
