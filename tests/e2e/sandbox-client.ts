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
  http429: number;
  leadsReceived: number;
  uniquePhonesReceived: number;
  maxRequestsInAnyWindow: number;
}

/** A small client for one sandbox's inspection endpoints. */
export function inspectSandbox(url: string) {
  const get = async <T>(path: string): Promise<T> =>
    (await fetch(`${url}/__sandbox/${path}`)).json() as Promise<T>;
  return {
    requests: () => get<RecordedRequest[]>("requests"),
    stats: () => get<SandboxStats>("stats"),
    reset: () => fetch(`${url}/__sandbox/reset`, { method: "POST" }),
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
