import { z } from "zod";
import { DEV_BUILD } from "../build-flavour";

/** Is this host the machine itself (the local sandbox)? */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

/**
 * An API base URL schema: https only; plain http on loopback only when `allowLoopback` (development
 * builds and tests, for the local sandbox). The output is the origin and path, without a trailing slash,
 * query, fragment or credentials.
 */
export function createApiBaseUrlSchema(allowLoopback: boolean) {
  return z
    .string()
    .trim()
    .max(2000, "invalidUrl")
    .transform((s, ctx) => {
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        ctx.addIssue({ code: "custom", message: "invalidUrl" });
        return z.NEVER;
      }
      if (url.username || url.password) {
        ctx.addIssue({ code: "custom", message: "invalidUrl" });
        return z.NEVER;
      }
      const loopback = isLoopbackHost(url.hostname);
      if (loopback && !allowLoopback) {
        ctx.addIssue({ code: "custom", message: "loopbackUrl" });
        return z.NEVER;
      }
      if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
        ctx.addIssue({ code: "custom", message: allowLoopback ? "insecureUrl" : "httpsRequired" });
        return z.NEVER;
      }
      return url.origin + url.pathname.replace(/\/+$/, "");
    });
}

/** The API base URL as this build accepts it (loopback only in development builds and tests). */
export const ApiBaseUrlSchema = createApiBaseUrlSchema(DEV_BUILD);

/** The origin of an API base URL (`https://api.calltouch.ru`): what a saved token is bound to. */
export function apiOrigin(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/**
 * The host permission an API URL needs: scheme and host, any port (Firefox rejects patterns with a port).
 * The default API is covered by the manifest; any other URL's is asked for at runtime.
 */
export function hostPermissionPattern(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
