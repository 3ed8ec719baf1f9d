import { browser } from "wxt/browser";
import { defineContentScript } from "wxt/utils/define-content-script";
import { type PageWatcher, watchPage } from "../utils/content/watcher";
import { type DetectionResult, limitDetection } from "../utils/detect";
import { sendMessage } from "../utils/messaging";
import { setUpZod } from "../utils/zod-config";

// Injected on demand (popup, context menu) and registered by itself on the CRM sites the user enabled.
// Injected again into the same page, it answers from the watcher the first injection left there.
const KEY = Symbol.for("calltouch-tagger.watcher");
type Holder = { [KEY]?: PageWatcher };

export default defineContentScript({
  registration: "runtime",
  matches: [],
  // WXT would post `content-script-started` with the extension's id to the page at every injection.
  noScriptStartedPostMessage: true,
  async main(): Promise<DetectionResult> {
    setUpZod();
    const holder = globalThis as Holder;
    if (!holder[KEY]) {
      const options = await sendMessage("getDetectionOptions");
      // Not WXT's `ctx`: each injection's ctx is invalidated by the next one (and by a page that fires
      // the same DOM event), which would drop the watcher and rescan from zero at every popup. The watcher
      // lives until the extension goes away (updated, disabled, removed).
      const controller = new AbortController();
      const alive = () => {
        if (browser.runtime?.id) return true;
        controller.abort();
        delete holder[KEY];
        return false;
      };
      holder[KEY] = watchPage(
        document,
        { region: options.region, ignore: options.ignore, alive },
        controller.signal,
        (run, ms) => setTimeout(() => alive() && run(), ms),
      );
    }
    return limitDetection((holder[KEY] as PageWatcher).current());
  },
});
