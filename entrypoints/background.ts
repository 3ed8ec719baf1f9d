import { defineBackground } from "wxt/utils/define-background";
import { setUpBackground } from "../utils/background/service";

export default defineBackground(() => {
  setUpBackground();
});
