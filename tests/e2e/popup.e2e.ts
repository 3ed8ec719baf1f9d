import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalogue } from "../../utils/storage";
import { type CrmSession, startCrmSession } from "./crm-session";
import type { ExtensionSession } from "./harness";
import { PopupPage } from "./pages/popup";
import { inspectSandbox } from "./sandbox-client";
import { CARD_FIELDS_BODY } from "./send-cases";

let setting: CrmSession;
let session: ExtensionSession;

const CATALOGUE: Catalogue = [
  { id: "stage", apiName: "deal_stage", label: "Deal stage", type: "list", options: ["new", "won", "lost"] },
  { id: "revenue", apiName: "revenue", label: "Revenue", type: "number", options: [] },
  { id: "product", apiName: "product", label: "Product", type: "text", options: [] },
];

beforeAll(async () => {
  setting = await startCrmSession({ catalogue: CATALOGUE, catalogue$: { v: 2 } });
  session = setting.session;
});

afterAll(async () => {
  await setting?.close();
});

describe("the popup on an amoCRM lead card", () => {
  it("shows the card's contacts, sends the filled fields, and shows what Calltouch matched", async () => {
    const popup = await PopupPage.openOn(session, "http://acme.amocrm.ru/amocrm/leads/detail/24001207");
    const card = popup.contact("+7 915 777-11-22");
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.isChecked()).toBe(true);
    expect(await popup.contact("i.petrov@stroymarket.ru").isChecked()).toBe(true);
    // The company's own line is on the ignore list: never offered.
    expect(await popup.page.getByText("8 800 555-35-35").count()).toBe(0);

    // Keep only the first phone, as a user narrowing the lead down would.
    await popup.keepOnlyContact("+7 915 777-11-22");
    await popup.page.screenshot({ path: "/tmp/popup-e2e.png", fullPage: true });
    await popup.chooseField("Deal stage", "won");
    await popup.fillField("Revenue", "1 250 000,50");
    await popup.send();

    await expect.poll(() => popup.shows(/call 1001/), { timeout: 20_000 }).toBe(true);
    const [request] = await inspectSandbox(setting.sandboxUrl).requests();
    expect(request?.body).toEqual(CARD_FIELDS_BODY);
  });
});
