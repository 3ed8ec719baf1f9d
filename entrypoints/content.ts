import { defineContentScript } from "wxt/utils/define-content-script";
import { type PageWatcher, watchPage } from "../utils/content/watcher";
import type { DetectionResult } from "../utils/detect";
import { sendMessage } from "../utils/messaging";
import { setUpZod } from "../utils/zod-config";

// Injected on demand (popup, context menu) and registered by itself on the CRM sites the user enabled.
// Injected again into the same page, it answers from the watcher the first injection left there.
const KEY = Symbol.for("calltouch-tagger.watcher");
type Holder = { [KEY]?: PageWatcher };

export default defineContentScript({
  registration: "runtime",
  matches: [],
  async main(ctx): Promise<DetectionResult> {
    setUpZod();
    const holder = globalThis as Holder;
    if (!holder[KEY]) {
      const options = await sendMessage("getDetectionOptions");
      const watcher = watchPage(
        document,
        { region: options.region, ignore: options.ignore },
        ctx.signal,
        (run, ms) => ctx.setTimeout(run, ms),
      );
      holder[KEY] = watcher;
      ctx.onInvalidated(() => {
        delete holder[KEY];
      });
    }
    return (holder[KEY] as PageWatcher).current();
  },
});
