import { render } from "preact";
import { t, uiLanguage } from "../../utils/i18n";
import { setUpZod } from "../../utils/zod-config";
import { App } from "./App";
import "./style.css";

setUpZod();
document.documentElement.lang = uiLanguage();
document.title = t("bulkTitle");
const root = document.getElementById("app");
if (root) render(<App />, root);
