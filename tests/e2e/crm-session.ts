/**
 * The setting the CRM e2e tests share: a sandbox API, the fixture pages served under amoCRM's host name,
 * and the extension with credentials saved, "my numbers" set and any other storage the test needs.
 */
import { startApiSession } from "./api-session";
import { serveFixtures } from "./crm-server";
import type { ExtensionSession } from "./harness";

export interface CrmSession {
  session: ExtensionSession;
  sandboxUrl: string;
  fixturesPort: number;
  close(): Promise<void>;
}

/** Starts everything; `storage` is stored as the extension's settings after the credentials are saved. */
export async function startCrmSession(storage: Record<string, unknown> = {}): Promise<CrmSession> {
  const fixtures = await serveFixtures();
  const api = await startApiSession(
    { token: "tok", siteId: "777" },
    {
      grantOrigins: ["http://acme.amocrm.ru"],
      args: [`--host-resolver-rules=MAP *.amocrm.ru 127.0.0.1:${fixtures.port}`],
    },
  );
  await api.session.setItems({
    detection: { region: "RU", ignore: ["8 800 555-35-35", "+74951203535"], enabledSites: [] },
    ...storage,
  });
  return {
    session: api.session,
    sandboxUrl: api.sandbox.url,
    fixturesPort: fixtures.port,
    async close() {
      await api.close();
      fixtures.close();
    },
  };
}
