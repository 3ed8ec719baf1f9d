/** Serves the fixture CRM pages on loopback, whatever host name the browser asked for. */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const FIXTURES = path.resolve("tests/fixtures/crm");

/** `/amocrm/...` serves `amocrm.html`, `/plain` a page without contacts. Resolves with the port. */
export async function serveFixtures(): Promise<{ port: number; close(): void }> {
  const server = createServer(async (req, res) => {
    const name = (req.url ?? "/").split("/")[1] ?? "";
    if (name === "plain") {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end("<!doctype html><title>Notes</title><p>Nothing to see here: no phone, no email.</p>");
      return;
    }
    try {
      const html = await readFile(path.join(FIXTURES, `${name.replace(/[^a-z0-9-]/g, "")}.html`));
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(html);
    } catch {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}
