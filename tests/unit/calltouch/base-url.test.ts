import { describe, expect, it } from "vitest";
import { createApiBaseUrlSchema, hostPermissionPattern } from "../../../utils/calltouch/base-url";

const code = (schema: ReturnType<typeof createApiBaseUrlSchema>, input: string) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed.data : parsed.error.issues[0]?.message;
};

describe("API base URL", () => {
  const store = createApiBaseUrlSchema(false);
  const dev = createApiBaseUrlSchema(true);

  it.each([
    ["https://api.calltouch.ru/", "https://api.calltouch.ru", "https://api.calltouch.ru"],
    ["  https://api.example.org/v1/?x=1#y ", "https://api.example.org/v1", "https://api.example.org/v1"],
    ["http://127.0.0.1:8787", "loopbackUrl", "http://127.0.0.1:8787"],
    ["http://localhost:8787/", "loopbackUrl", "http://localhost:8787"],
    ["https://localhost", "loopbackUrl", "https://localhost"],
    ["http://api.example.org", "httpsRequired", "insecureUrl"],
    ["javascript:alert(1)", "httpsRequired", "insecureUrl"],
    ["https://user:pass@api.example.org", "invalidUrl", "invalidUrl"],
    ["not a url", "invalidUrl", "invalidUrl"],
    [`https://a.example.org/${"x".repeat(3000)}`, "invalidUrl", "invalidUrl"],
  ])("%s → store build %s, development build %s", (input, storeResult, devResult) => {
    expect(code(store, input)).toBe(storeResult);
    expect(code(dev, input)).toBe(devResult);
  });

  it("asks for the host of the URL, any port", () => {
    expect(hostPermissionPattern("http://127.0.0.1:8787/x")).toBe("http://127.0.0.1/*");
  });
});
