/** The setting of every e2e test that sends: a sandbox API and the extension with its credentials saved. */
import { startSandbox } from "../sandbox/server.mjs";
import { type ExtensionSession, type LaunchOptions, launchExtension } from "./harness";
import { inspectSandbox } from "./sandbox-client";

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type SandboxOptions = Parameters<typeof startSandbox>[0] & { token: string; siteId: string };

export interface ApiSession {
  session: ExtensionSession;
  sandbox: Sandbox;
  inspect: ReturnType<typeof inspectSandbox>;
  close(): Promise<void>;
}

/**
 * Starts the sandbox and the extension, granted the sandbox's origin (and `launch.grantOrigins`), and
 * saves the sandbox's token and SiteId as the options page does; fails when the save is refused.
 */
export async function startApiSession(
  options: SandboxOptions,
  launch: LaunchOptions = {},
): Promise<ApiSession> {
  const sandbox = await startSandbox(options);
  const session = await launchExtension({
    ...launch,
    grantOrigins: [sandbox.url, ...(launch.grantOrigins ?? [])],
  });
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
