/**
 * The setting the CRM e2e tests share: a sandbox API, the fixture pages served under amoCRM's host name,
 * and the extension with credentials saved, "my numbers" set and any other storage the test needs.
 */
import { startSandbox } from "../sandbox/server.mjs";
import { serveFixtures } from "./crm-server";
import { type ExtensionSession, launchExtension } from "./harness";

export interface CrmSession {
  session: ExtensionSession;
  sandboxUrl: string;
  fixturesPort: number;
  close(): Promise<void>;
}

/** Starts everything; `storage` is stored as the extension's settings after the credentials are saved. */
export async function startCrmSession(storage: Record<string, unknown> = {}): Promise<CrmSession> {
  const sandbox = await startSandbox({ token: "tok", siteId: "777" });
  const fixtures = await serveFixtures();
  const session = await launchExtension({
    grantOrigins: [sandbox.url, "http://acme.amocrm.ru"],
    args: [`--host-resolver-rules=MAP *.amocrm.ru 127.0.0.1:${fixtures.port}`],
  });
  await session.call("saveCredentials", { token: "tok", siteId: "777", apiBaseUrl: sandbox.url });
  await session.setItems({
    detection: { region: "RU", ignore: ["8 800 555-35-35", "+74951203535"], enabledSites: [] },
    ...storage,
  });
  return {
    session,
    sandboxUrl: sandbox.url,
    fixturesPort: fixtures.port,
    async close() {
      await session.close();
      await sandbox.close();
      fixtures.close();
    },
  };
}
