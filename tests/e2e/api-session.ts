/** The setting of every e2e test that sends: a sandbox API and the extension with its credentials saved. */
import type { ProtocolMap } from "../../utils/messaging";
import { startSandbox } from "../sandbox/server.mjs";
import { type ExtensionSession, type LaunchOptions, launchExtension } from "./harness";
import { inspectSandbox } from "./sandbox-client";

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type SandboxOptions = Parameters<typeof startSandbox>[0] & { token: string; siteId: string };

/** What a session of either browser harness (Chromium, Firefox) gives: the background's protocol. */
export interface BackgroundCaller {
  call<K extends keyof ProtocolMap>(
    type: K,
    ...data: Parameters<ProtocolMap[K]>
  ): Promise<ReturnType<ProtocolMap[K]>>;
  close(): Promise<void>;
}

export interface ApiSession<S extends BackgroundCaller = ExtensionSession> {
  session: S;
  sandbox: Sandbox;
  inspect: ReturnType<typeof inspectSandbox>;
  close(): Promise<void>;
}

/**
 * Starts the sandbox and a browser with the extension (`launch`, given the sandbox's origin to grant),
 * and saves the sandbox's token and SiteId as the options page does; fails when the save is refused.
 */
export async function startSandboxSession<S extends BackgroundCaller>(
  options: SandboxOptions,
  launch: (sandboxOrigin: string) => Promise<S>,
): Promise<ApiSession<S>> {
  const sandbox = await startSandbox(options);
  const session = await launch(sandbox.url);
  const saved = await session.call("saveCredentials", {
    token: options.token,
    siteId: options.siteId,
    apiBaseUrl: sandbox.url,
  });
  if (!saved.ok) throw new Error(`saveCredentials refused: ${JSON.stringify(saved)}`);
  return {
    session,
    sandbox,
    inspect: inspectSandbox(sandbox.url),
    async close() {
      await session.close();
      await sandbox.close();
    },
  };
}

/** {@link startSandboxSession} in Chromium, granted the sandbox's origin and `launch.grantOrigins`. */
export const startApiSession = (options: SandboxOptions, launch: LaunchOptions = {}) =>
  startSandboxSession(options, (sandboxOrigin) =>
    launchExtension({ ...launch, grantOrigins: [sandboxOrigin, ...(launch.grantOrigins ?? [])] }),
  );
