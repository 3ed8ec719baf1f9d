import { z } from "zod";

/** An API base URL: https, or plain http on loopback only (the local sandbox). */
export const ApiBaseUrlSchema = z
  .string()
  .trim()
  .transform((s, ctx) => {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      ctx.addIssue({ code: "custom", message: "invalidUrl" });
      return z.NEVER;
    }
    const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
      ctx.addIssue({ code: "custom", message: "insecureUrl" });
      return z.NEVER;
    }
    return url.origin + url.pathname.replace(/\/+$/, "");
  });

/**
 * The host permission an API URL needs: scheme and host, any port (Firefox rejects patterns with a port).
 * The default API is covered by the manifest; any other URL's is asked for at runtime.
 */
export function hostPermissionPattern(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
