import { defineBackground } from "wxt/utils/define-background";
import { setUpBackground } from "../utils/background/service";

export default defineBackground(() => {
  const background = setUpBackground();
  // A real right-click menu cannot be driven in tests: they call the same handler through the worker.
  Object.assign(globalThis, { calltouchTagger: background });
});
