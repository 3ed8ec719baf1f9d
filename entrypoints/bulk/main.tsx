import { render } from "preact";
import { t, uiLanguage } from "../../utils/i18n";
import { App } from "./App";
import "./style.css";

document.documentElement.lang = uiLanguage();
document.title = t("bulkTitle");
const root = document.getElementById("app");
if (root) render(<App />, root);
