import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";

// The only host asked for at install: the Calltouch API. A custom API URL asks for its own host at runtime.
const CALLTOUCH_HOST = "https://api.calltouch.ru/*";
// Plain http on loopback (the local sandbox) only in the development build (`--mode development`).
const LOOPBACK_HOSTS = ["http://127.0.0.1/*", "http://localhost/*"];
/** The add-on's id on addons.mozilla.org: a domain of ours, so no one else can claim it. */
const GECKO_ID = "calltouch-lead-tagger@leadtagger.ru";

export default defineConfig({
  modules: ["@wxt-dev/webextension-polyfill"],
  imports: false,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser, manifestVersion, mode }) => {
    const optionalHosts = ["https://*/*", ...(mode === "production" ? [] : LOOPBACK_HOSTS)];
    return {
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
        ? { optional_host_permissions: optionalHosts }
        : { optional_permissions: optionalHosts }),
      action: { default_title: "__MSG_extName__" },
      ...(browser === "firefox"
        ? {
            browser_specific_settings: {
              gecko: {
                id: GECKO_ID,
                // 140: the first version (an ESR) that knows data_collection_permissions.
                strict_min_version: "140.0",
                // Phones and emails of leads (read from CRM pages) and the values typed for them go to Calltouch.
                data_collection_permissions: { required: ["personallyIdentifyingInfo", "websiteContent"] },
              },
              gecko_android: { strict_min_version: "142.0" },
            },
          }
        : // No other extension and no web page may message this one.
          { externally_connectable: { ids: [] } }),
    };
  },
});
