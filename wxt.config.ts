import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";

// The only host asked for at install: the Calltouch API. A custom API URL asks for its own host at runtime.
const CALLTOUCH_HOST = "https://api.calltouch.ru/*";
const OPTIONAL_HOSTS = ["https://*/*", "http://127.0.0.1/*", "http://localhost/*"];

export default defineConfig({
  modules: ["@wxt-dev/webextension-polyfill"],
  imports: false,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: "__MSG_extName__",
    description: "__MSG_extDescription__",
    default_locale: "en",
    permissions: [
      "storage",
      "unlimitedStorage",
      "alarms",
      "contextMenus",
      "notifications",
      "activeTab",
      "scripting",
    ],
    host_permissions: [CALLTOUCH_HOST],
    // MV3 asks for optional hosts in their own key; Firefox's MV2 build lists them as optional permissions.
    ...(manifestVersion === 3
      ? { optional_host_permissions: OPTIONAL_HOSTS }
      : { optional_permissions: OPTIONAL_HOSTS }),
    action: { default_title: "__MSG_extName__" },
    ...(browser === "firefox"
      ? {
          browser_specific_settings: {
            gecko: { id: "calltouch-lead-tagger@example.org", strict_min_version: "128.0" },
          },
        }
      : {}),
  }),
});
