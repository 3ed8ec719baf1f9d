/**
 * An HTTP proxy for Firefox that serves chosen host names from local ports: Firefox's counterpart of
 * Chromium's `--host-resolver-rules=MAP *.amocrm.ru 127.0.0.1:PORT`. Any other host gets a 502, so the
 * browser reaches nothing outside the machine.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** `{ "*.amocrm.ru": 8123 }`: a leading `*.` matches every subdomain (and the domain itself). */
export type HostMap = Record<string, number>;

/** The local port a host name maps to, or null. */
export function portForHost(map: HostMap, host: string): number | null {
  for (const [pattern, port] of Object.entries(map)) {
    if (pattern.startsWith("*.")) {
      const domain = pattern.slice(2);
      if (host === domain || host.endsWith(`.${domain}`)) return port;
    } else if (host === pattern) {
      return port;
    }
  }
  return null;
}

/** Starts the proxy on loopback; resolves with its port. */
export async function startHostProxy(map: HostMap): Promise<{ port: number; close(): void }> {
  const server = createServer((req, res) => {
    // A proxied request names the whole URL: `GET http://acme.amocrm.ru/path HTTP/1.1`.
    const target = new URL(req.url ?? "/", `http://${req.headers.host ?? "invalid"}`);
    const port = portForHost(map, target.hostname);
    if (port === null || target.protocol !== "http:") {
      res.statusCode = 502;
      res.end(`not mapped: ${target.host}`);
      return;
    }
    const upstream = request(
      {
        host: "127.0.0.1",
        port,
        method: req.method,
        path: target.pathname + target.search,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(upstream);
  });
  // HTTPS would come as CONNECT: refused, as for an unmapped host.
  server.on("connect", (_req, socket) => socket.end("HTTP/1.1 502 Bad Gateway\r\n\r\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}
