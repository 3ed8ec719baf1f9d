import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalogue } from "../../utils/storage";
import { type CrmSession, startCrmSession } from "./crm-session";
import type { ExtensionSession } from "./harness";
import { inspectSandbox } from "./sandbox-client";

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
    const url = "http://acme.amocrm.ru/amocrm/leads/detail/24001207";
    const crm = await session.context.newPage();
    await crm.goto(url);
    const worker = await session.worker();
    const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);

    const popup = await session.openPage(`popup.html?tabId=${tabId}`);
    const card = popup.getByRole("checkbox", { name: "+7 915 777-11-22" });
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.isChecked()).toBe(true);
    expect(await popup.getByRole("checkbox", { name: "i.petrov@stroymarket.ru" }).isChecked()).toBe(true);
    // The company's own line is on the ignore list: never offered.
    expect(await popup.getByText("8 800 555-35-35").count()).toBe(0);

    // Keep only the first phone, as a user narrowing the lead down would.
    for (const box of await popup.getByRole("checkbox").all()) {
      const label = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "");
      if ((await box.isChecked()) && !label.includes("+7 915 777-11-22")) await box.uncheck();
    }
    await popup.screenshot({ path: "/tmp/popup-e2e.png", fullPage: true });
    await popup.getByLabel("Deal stage").selectOption("won");
    await popup.getByLabel("Revenue").fill("1 250 000,50");
    await popup.getByRole("button", { name: "Send to Calltouch" }).click();

    await expect
      .poll(
        () =>
          popup
            .getByText(/call 1001/)
            .first()
            .isVisible(),
        { timeout: 20_000 },
      )
      .toBe(true);
    const [request] = await inspectSandbox(setting.sandboxUrl).requests();
    expect(request?.body).toEqual({
      leads: [
        {
          matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }],
          addCustomFields: {
            overwrite: false,
            customFields: [
              { field: "deal_stage", value: "won" },
              { field: "revenue", value: 1250000.5 },
            ],
          },
        },
      ],
    });
  });
});
