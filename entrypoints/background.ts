import { defineBackground } from "wxt/utils/define-background";
import { setUpBackground } from "../utils/background/service";
import { setUpZod } from "../utils/zod-config";

export default defineBackground(() => {
  setUpZod();
  const background = setUpBackground();
  // A real right-click menu cannot be driven in tests: they call the same handler through the worker.
  Object.assign(globalThis, { calltouchTagger: background });
});
