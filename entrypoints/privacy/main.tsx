// The privacy policy inside the extension: PRIVACY.md itself, bundled as text, so the page, the store
// listings and the repository never disagree.
import policy from "../../PRIVACY.md?raw";
import { t, uiLanguage } from "../../utils/i18n";
import "../../assets/base.css";

document.documentElement.lang = uiLanguage();
document.title = t("privacyPolicyTitle");
const root = document.getElementById("app");
if (root) {
  const text = document.createElement("pre");
  text.className = "privacy__text";
  text.textContent = policy;
  root.replaceChildren(text);
}
