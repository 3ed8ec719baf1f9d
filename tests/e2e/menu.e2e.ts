import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Preset } from "../../utils/storage";
import { type CrmSession, startCrmSession } from "./crm-session";
import type { ExtensionSession } from "./harness";
import { clickMenu, type MenuClick } from "./pages/crm";
import { inspectSandbox } from "./sandbox-client";
import { expectCardContacts } from "./send-cases";

let setting: CrmSession;
let session: ExtensionSession;
let inspect: ReturnType<typeof inspectSandbox>;

const PRESET: Preset = {
  id: "won",
  name: "Deal won",
  overwrite: true,
  fields: [
    { apiName: "deal_stage", value: "won" },
    { apiName: "revenue", value: 125000 },
  ],
  matching: [{ type: "leadContact", searchDepth: 262800 }],
};

/** A preset without fields: tags (replacing the lead's) and a comment. */
const NOTES: Preset = {
  id: "notes",
  name: "Called back",
  overwrite: false,
  fields: [],
  tags: ["vip", "repeat"],
  tagsOverwrite: true,
  comment: "Wants a quote for the kitchen.",
  matching: [{ type: "leadContact", searchDepth: 262800 }],
};

beforeAll(async () => {
  setting = await startCrmSession({ presets: [PRESET, NOTES] });
  session = setting.session;
  inspect = inspectSandbox(setting.sandboxUrl);
});

afterAll(async () => {
  await setting?.close();
});

beforeEach(async () => {
  await inspect.reset();
});

/** Clicks a menu item on the amoCRM lead card. */
const clickMenuOnCard = (click: MenuClick) =>
  clickMenu(session, "http://acme.amocrm.ru/amocrm/leads/detail/1", click);

describe("the context menu", () => {
  it("applies a preset to the selected phone and reports what Calltouch wrote", async () => {
    const notice = await clickMenuOnCard({
      menuItemId: "preset:won",
      selectionText: "+7 (915) 777-11-22",
    });
    expect(notice).toEqual({ title: "Deal won: +79157771122", message: "Written to call 1001." });
    const shown = await (await session.worker()).evaluate(() => chrome.notifications.getAll());
    expect(Object.keys(shown).length).toBeGreaterThan(0);
    const [request] = await inspect.requests();
    expect(request?.body).toEqual({
      leads: [
        {
          matching: [
            { type: "leadContact", leadContactParams: { phones: ["79157771122"], searchDepth: 262800 } },
          ],
          addCustomFields: {
            overwrite: true,
            customFields: [
              { field: "deal_stage", value: "won" },
              { field: "revenue", value: 125000 },
            ],
          },
        },
      ],
    });
  });

  it("adds a preset's tags and comment to the selected phone's lead, one request per method", async () => {
    const notice = await clickMenuOnCard({
      menuItemId: "preset:notes",
      selectionText: "+7 (915) 777-11-22",
    });
    expect(notice).toEqual({
      title: "Called back: +79157771122",
      message: "Written to call 1001: tags, comment.",
    });
    const requests = await inspect.requests();
    expect(requests.map((r) => r.path).sort()).toEqual([
      "/lead-service/v1/api/comment/lead/add",
      "/lead-service/v1/api/tag/lead/add",
    ]);
    const matching = [
      { type: "leadContact", leadContactParams: { phones: ["79157771122"], searchDepth: 262800 } },
    ];
    const bodyOf = (path: string) => requests.find((r) => r.path === path)?.body;
    expect(bodyOf("/lead-service/v1/api/tag/lead/add")).toEqual({
      leads: [{ matching, addTags: { overwrite: true, tags: [{ tag: "vip" }, { tag: "repeat" }] } }],
    });
    expect(bodyOf("/lead-service/v1/api/comment/lead/add")).toEqual({
      comments: [{ matching, addComment: "Wants a quote for the kitchen." }],
    });
  });

  it("uses a clicked mailto: link", async () => {
    const notice = await clickMenuOnCard({
      menuItemId: "preset:won",
      linkUrl: "mailto:Name@Server.com",
    });
    expect(notice?.title).toBe("Deal won: name@server.com");
    const [request] = await inspect.requests();
    expect(request?.body).toMatchObject({
      leads: [{ matching: [{ type: "leadContact", leadContactParams: { emails: ["name@server.com"] } }] }],
    });
  });

  it("falls back to the open card's contacts when nothing is selected", async () => {
    await clickMenuOnCard({ menuItemId: "preset:won" });
    const [request] = await inspect.requests();
    expectCardContacts(request);
  });

  it("says so when nothing usable is selected and the page shows no lead", async () => {
    const notice = await clickMenu(session, `http://127.0.0.1:${setting.fixturesPort}/plain`, {
      menuItemId: "preset:won",
      selectionText: "hello",
    });
    expect(notice?.message).toBe("Select a phone number or an email, or open a lead card, then try again.");
    expect(await inspect.requests()).toHaveLength(0);
  });
});
