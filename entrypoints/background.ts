import { defineBackground } from "wxt/utils/define-background";
import { setUpBackground } from "../utils/background/service";
import { DEV_BUILD } from "../utils/build-flavour";
import { setUpZod } from "../utils/zod-config";

export default defineBackground(() => {
  setUpZod();
  const background = setUpBackground();
  // A real right-click menu cannot be driven in tests: they call the same handler through the worker.
  // The store build has no such hook.
  if (DEV_BUILD) Object.assign(globalThis, { calltouchTagger: background });
});
