import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { beforeEach, describe, expect, it, type Mock, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { App } from "../../entrypoints/popup/App";
import type { LeadItem } from "../../utils/calltouch/schemas";
import type { Contact } from "../../utils/detect/types";
import type { CredentialsStatus, DetectReply, QueueStatus } from "../../utils/messaging";
import type { OpRecord, OpState } from "../../utils/sending/types";
import { emptyCounts } from "../../utils/sending/types";
import {
  type Catalogue,
  catalogueItem,
  detectionSettingsItem,
  myNumbersAskedItem,
  popupDraftItem,
  popupLastSendItem,
} from "../../utils/storage";
import { leadResult } from "../fixtures/answers";
import { fakeBackground } from "./fake-background";
import { useFakeI18n } from "./fake-i18n";
import { resetPageEachTest } from "./page-hooks";

vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const background = fakeBackground();

const CARD_URL = "https://acme.amocrm.ru/leads/detail/24001207";
const OTHER_URL = "https://acme.amocrm.ru/leads/detail/24001300";

const CATALOGUE: Catalogue = [
  { id: "f-product", apiName: "product", label: "Product", type: "text", options: [] },
  { id: "f-amount", apiName: "deal_amount", label: "Deal amount", type: "number", options: [] },
  { id: "f-stage", apiName: "stage", label: "Stage", type: "list", options: ["new", "won", "lost"] },
  { id: "f-birthday", apiName: "birthday", label: "Birthday", type: "date", options: [] },
];

const phone = (value: string, display: string, inCard: boolean): Contact => ({
  kind: "phone",
  value,
  display,
  source: inCard ? "amocrm" : "text",
  inCard,
});
const email = (value: string, inCard: boolean): Contact => ({
  kind: "email",
  value,
  display: value,
  source: inCard ? "amocrm" : "text",
  inCard,
});

const CARD_CONTACTS: Contact[] = [
  phone("79157771122", "+7 915 777-11-22", true),
  phone("79161234567", "8 (916) 123-45-67", true),
  email("i.petrov@stroymarket.ru", true),
  phone("74956401234", "+7 (495) 640-12-34", false),
];

/** Another lead's card: other contacts. */
const OTHER_CARD: Contact[] = [phone("79260001122", "+7 926 000-11-22", true)];

function detected(
  contacts: Contact[],
  change: { url?: string; layoutRecognised?: boolean } = {},
): DetectReply {
  return {
    ok: true,
    url: change.url ?? CARD_URL,
    title: "Lead 24001207",
    result: { contacts, adapter: "amocrm", layoutRecognised: change.layoutRecognised ?? true },
  };
}

function queueStatus(change: Partial<QueueStatus> = {}): QueueStatus {
  return {
    counts: emptyCounts(),
    paused: null,
    lastRequest: null,
    totals: { requests: 0, leads: 0, rateLimited: 0 },
    ...change,
  };
}

function opRecord(state: OpState, change: Partial<OpRecord> = {}): OpRecord {
  return {
    id: 41,
    jobId: "job-1",
    source: "popup",
    method: "customFields",
    item: { matching: [{ type: "leadContact", leadContactParams: { phones: ["79157771122"] } }] },
    state,
    attempts: state === "queued" ? 0 : 1,
    notBefore: 0,
    createdAt: 0,
    updatedAt: 0,
    label: "",
    ...change,
  };
}

/** Credentials saved and accepted at the last check. */
function credentials(change: Partial<CredentialsStatus> = {}): CredentialsStatus {
  return {
    hasToken: true,
    tokenHint: "••••1a2b",
    tokenHost: "api.calltouch.ru",
    siteId: "777",
    apiBaseUrl: "https://api.calltouch.ru",
    blocked: null,
    lastRequest: null,
    paused: null,
    tamper: null,
    connection: { state: "connected", at: Date.parse("2026-12-02T09:00:00Z") },
    ...change,
  };
}

interface Background {
  detect?: DetectReply;
  status?: CredentialsStatus;
  /** The answers to successive getJob calls; the last one repeats. */
  job?: OpRecord[][];
  queue?: QueueStatus;
  /** The op ids the queue gives an enqueued lead. */
  ids?: number[];
}

/** The background's canned answers. */
function answer({
  detect = detected(CARD_CONTACTS),
  job = [[opRecord("queued")]],
  queue,
  ids = [41],
  status = credentials(),
}: Background) {
  let polls = 0;
  background.handle({
    getCredentialsStatus: () => status,
    detectContacts: () => detect,
    getQueueStatus: () => queue ?? queueStatus(),
    enqueue: () => ({ ok: true, jobId: "job-1", ids }),
    getJob: () => job[Math.min(polls++, job.length - 1)] ?? [],
  });
}

const enqueued = () => background.calls("enqueue");

const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });
const choose = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });

/** The text of the elements that describe a control (its inline error first, then its help). */
function descriptionOf(control: HTMLElement): string {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

async function renderPopup(setup: Background = {}) {
  answer(setup);
  render(<App />);
  await screen.findByRole("heading", { name: "Lead's contacts" });
  await waitFor(() => expect(screen.queryByText("Looking for contacts on the page…")).toBeNull());
}

const checkbox = (name: string) => screen.getByRole("checkbox", { name }) as HTMLInputElement;
const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

/** Fills the four catalogue fields as a person types them. */
async function fillFields() {
  type(await screen.findByLabelText("Product"), " Kitchen ");
  type(input("Deal amount"), "1 250,50");
  choose(input("Stage"), "won");
  type(input("Birthday"), "1990-01-01");
}

const sendButton = () => screen.getByRole("button", { name: "Send to Calltouch" });

let openOptionsPage: Mock<() => Promise<void>>;

resetPageEachTest(background);

beforeEach(async () => {
  window.history.replaceState(null, "", "/popup.html");
  // The popup's own window is focused and the CRM page is its active tab (tab 1).
  const win = await fakeBrowser.windows.create({ focused: true });
  await fakeBrowser.tabs.create({ windowId: win?.id, url: CARD_URL, active: true });
  await catalogueItem.setValue(CATALOGUE);
  // The first run's question about the company's own numbers has its own tests below.
  await myNumbersAskedItem.setValue(true);
  openOptionsPage = vi.fn(async () => undefined);
  vi.spyOn(fakeBrowser.runtime, "openOptionsPage").mockImplementation(openOptionsPage);
});

/** Opens the popup with an op queued behind a pause for a bad token, sends "Kitchen" as the product and waits for the pause to be said. */
async function sendWhileAuthPaused() {
  await renderPopup({
    queue: queueStatus({
      counts: { ...emptyCounts(), queued: 1 },
      paused: { reason: "auth", message: "Invalid token", at: 0 },
    }),
  });
  type(await screen.findByLabelText("Product"), "Kitchen");
  fireEvent.click(sendButton());
  expect(await screen.findByText(/Check your Access-Token and SiteId in the settings/)).toBeTruthy();
}

describe("contacts", () => {
  it("pre-selects the card's contacts and lists the rest of the page unselected", async () => {
    await renderPopup();
    expect(background.mock).toHaveBeenCalledWith("detectContacts", { tabId: 1 });
    expect(checkbox("+7 915 777-11-22").checked).toBe(true);
    expect(checkbox("+7 916 123-45-67").checked).toBe(true);
    expect(checkbox("i.petrov@stroymarket.ru").checked).toBe(true);

    // The rest of the page waits behind "+1 more", so that the card's contacts and Send fit the popup.
    expect(screen.queryByRole("list", { name: "Elsewhere on the page" })).toBeNull();
    const more = screen.getByRole("button", { name: "+1 more on the page" });
    expect(more.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(more);
    const elsewhere = screen.getByRole("list", { name: "Elsewhere on the page" });
    const other = within(elsewhere).getByRole("checkbox", { name: "+7 495 640-12-34" }) as HTMLInputElement;
    expect(other.checked).toBe(false);
    expect(screen.queryByText(/was not recognised/)).toBeNull();
  });

  it("reads the tab named in its URL", async () => {
    window.history.replaceState(null, "", "/popup.html?tabId=7");
    await renderPopup();
    expect(background.mock).toHaveBeenCalledWith("detectContacts", { tabId: 7 });
  });

  it("says plainly when the CRM page's layout was not recognised", async () => {
    await renderPopup({
      detect: detected(
        CARD_CONTACTS.map((c) => ({ ...c, inCard: false })),
        { layoutRecognised: false },
      ),
    });
    expect(
      screen.getByText(
        "The layout of this CRM page was not recognised, so the lead card was not found. Below are all the phones and emails found on the page: tick the lead's.",
      ),
    ).toBeTruthy();
    const found = screen.getByRole("list", { name: "Found on the page" });
    const boxes = within(found).getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes).toHaveLength(4);
    expect(boxes.every((box) => !box.checked)).toBe(true);
  });

  it("explains that browser pages are off limits and still lets a contact be typed", async () => {
    await renderPopup({
      detect: { ok: false, error: "noAccess", message: "Cannot access a chrome:// URL" },
    });
    expect(
      screen.getByText(
        /The extension cannot read this page \(browser pages and the web store are off limits\)/,
      ),
    ).toBeTruthy();
    expect(screen.queryAllByRole("checkbox", { name: /\+7/ })).toHaveLength(0);
    expect(input("Add a phone or email")).toBeTruthy();
  });

  it("takes a phone or email typed by hand: validates, normalises, adds it selected", async () => {
    await renderPopup({ detect: detected([]) });
    expect(
      screen.getByText("No phones or emails were found on this page. Type the lead's phone or email below."),
    ).toBeTruthy();
    const manual = input("Add a phone or email");
    const add = screen.getByRole("button", { name: "Add" });

    type(manual, "915 77");
    fireEvent.click(add);
    expect(manual.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(manual)).toContain("A phone needs 10 to 15 digits");

    type(manual, "ivan@example");
    fireEvent.click(add);
    expect(descriptionOf(manual)).toContain("This is not an email address");

    type(manual, "8 (915) 777-11-22");
    fireEvent.keyDown(manual, { key: "Enter" });
    expect(checkbox("+7 915 777-11-22").checked).toBe(true);
    expect(manual.value).toBe("");
    expect(manual.getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByText("+7 915 777-11-22 added and selected.")).toBeTruthy();

    type(manual, " Ivan@Example.com ");
    fireEvent.click(add);
    expect(checkbox("ivan@example.com").checked).toBe(true);

    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]).toMatchObject({
      ops: [
        {
          label: "+7 915 777-11-22, ivan@example.com",
          operation: {
            item: {
              matching: [
                {
                  type: "leadContact",
                  leadContactParams: { phones: ["79157771122"], emails: ["ivan@example.com"] },
                },
              ],
            },
          },
        },
      ],
    });
  });
});

describe("sending", () => {
  it("sends the default matching of the selected contacts with every field read by its type", async () => {
    await renderPopup();
    expect(screen.getByText("By the selected contacts, nearest lead, last 6 months")).toBeTruthy();
    fireEvent.click(checkbox("+7 916 123-45-67"));
    fireEvent.click(screen.getByRole("button", { name: "+1 more on the page" }));
    fireEvent.click(checkbox("+7 495 640-12-34"));
    await fillFields();
    fireEvent.click(sendButton());

    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]).toStrictEqual({
      source: "popup",
      ops: [
        {
          label: "+7 915 777-11-22, i.petrov@stroymarket.ru, +7 495 640-12-34",
          operation: {
            method: "customFields",
            item: {
              matching: [
                {
                  type: "leadContact",
                  leadContactParams: {
                    phones: ["79157771122", "74956401234"],
                    emails: ["i.petrov@stroymarket.ru"],
                  },
                },
              ],
              addCustomFields: {
                overwrite: false,
                customFields: [
                  { field: "product", value: "Kitchen" },
                  { field: "deal_amount", value: 1250.5 },
                  { field: "stage", value: "won" },
                  { field: "birthday", value: "1990-01-01" },
                ],
              },
            },
          },
        },
      ],
    });
  });

  it("sends overwrite when switched on, and leaves empty fields out", async () => {
    await renderPopup();
    const overwrite = checkbox("Overwrite values the lead already has");
    expect(overwrite.checked).toBe(false);
    fireEvent.click(overwrite);
    choose(await screen.findByLabelText("Stage"), "lost");
    fireEvent.click(sendButton());

    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]).toMatchObject({
      ops: [
        {
          operation: {
            item: { addCustomFields: { overwrite: true, customFields: [{ field: "stage", value: "lost" }] } },
          },
        },
      ],
    });
  });

  it("asks for at least one field and marks a malformed number, sending nothing", async () => {
    await renderPopup();
    await screen.findByLabelText("Product");
    fireEvent.click(sendButton());
    expect(await screen.findByText("Fill in at least one field, tags or a comment.")).toBeTruthy();

    type(input("Deal amount"), "12 abc");
    fireEvent.click(sendButton());
    await waitFor(() => expect(input("Deal amount").getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(input("Deal amount"))).toContain("Enter a number, e.g. 1 250,50.");
    expect(document.activeElement).toBe(input("Deal amount"));
    expect(screen.getByRole("alert").textContent).toBe("Not sent: fix the fields marked in red.");
    expect(enqueued()).toEqual([]);
  });

  it("says what is missing when no contact is selected", async () => {
    await renderPopup();
    for (const name of ["+7 915 777-11-22", "+7 916 123-45-67", "i.petrov@stroymarket.ru"])
      fireEvent.click(checkbox(name));
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    expect(
      await screen.findByText(
        "Select at least one contact or add one by hand: Calltouch finds the lead by them.",
      ),
    ).toBeTruthy();
    expect(enqueued()).toEqual([]);
  });
});

describe("tags and comment", () => {
  const CARD_MATCHING = [
    {
      type: "leadContact",
      leadContactParams: {
        phones: ["79157771122", "79161234567"],
        emails: ["i.petrov@stroymarket.ru"],
      },
    },
  ];
  const LABEL = "+7 915 777-11-22, +7 916 123-45-67, i.petrov@stroymarket.ru";
  /** An op on the card's lead: `method` with its part of the item, after the card's matching. */
  const cardOp = (method: OpRecord["method"], body: Record<string, unknown>) => ({
    label: LABEL,
    operation: { method, item: { matching: CARD_MATCHING, ...body } },
  });
  /** Waits for the one enqueued lead and checks that it holds exactly `ops`, in order. */
  async function expectCardOps(...ops: ReturnType<typeof cardOp>[]) {
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]).toStrictEqual({ source: "popup", ops });
  }

  it("sends fields, tags and a comment as three ops with the same matching, and shows each outcome", async () => {
    const done = (id: number, method: OpRecord["method"]) =>
      opRecord("done", { id, method, result: leadResult() });
    await renderPopup({
      ids: [41, 42, 43],
      job: [[done(41, "customFields"), done(42, "tags"), done(43, "comment")]],
    });
    type(await screen.findByLabelText("Product"), "Kitchen");
    type(input("Tags"), " vip, , repeat , vip ");
    expect(checkbox("Replace the lead's tags").checked).toBe(false);
    type(input("Comment"), "  Called back, wants a quote.  ");
    fireEvent.click(sendButton());

    await expectCardOps(
      cardOp("customFields", {
        addCustomFields: { overwrite: false, customFields: [{ field: "product", value: "Kitchen" }] },
      }),
      cardOp("tags", { addTags: { overwrite: false, tags: [{ tag: "vip" }, { tag: "repeat" }] } }),
      cardOp("comment", { addComment: "Called back, wants a quote." }),
    );
    const status = await screen.findByRole("status", { name: "Sent from this window" });
    expect(await within(status).findByText("The fields were added to call 1001.")).toBeTruthy();
    expect(within(status).getByText("The tags were added to call 1001.")).toBeTruthy();
    expect(within(status).getByText("The comment was added to call 1001.")).toBeTruthy();
  });

  it("sends tags alone, with no custom field filled in", async () => {
    await renderPopup();
    await screen.findByLabelText("Product");
    type(input("Tags"), "vip");
    fireEvent.click(checkbox("Replace the lead's tags"));
    fireEvent.click(sendButton());

    await expectCardOps(cardOp("tags", { addTags: { overwrite: true, tags: [{ tag: "vip" }] } }));
  });

  it("refuses more than 20 tags next to the tags input", async () => {
    await renderPopup();
    await screen.findByLabelText("Product");
    type(input("Tags"), Array.from({ length: 21 }, (_, i) => `t${i}`).join(", "));
    fireEvent.click(sendButton());
    await waitFor(() => expect(input("Tags").getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(input("Tags"))).toContain("At most 20 tags can be sent for one lead.");
    expect(enqueued()).toEqual([]);
  });

  it("puts a server error on a sent tag next to the tags input", async () => {
    await renderPopup({
      job: [
        [
          opRecord("failed", {
            method: "tags",
            error: {
              kind: "validation",
              message: "This value is too long.",
              fieldPath: "addTags.tags[0].tag",
            },
          }),
        ],
      ],
    });
    await screen.findByLabelText("Product");
    type(input("Tags"), "a-very-long-tag");
    fireEvent.click(sendButton());

    await waitFor(() => expect(input("Tags").getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(input("Tags"))).toContain("This value is too long.");
    expect(input("Comment").getAttribute("aria-invalid")).toBe("false");
  });

  it("keeps the tags and the comment in the draft", async () => {
    await renderPopup();
    await screen.findByLabelText("Product");
    type(input("Tags"), "vip, repeat");
    fireEvent.click(checkbox("Replace the lead's tags"));
    type(input("Comment"), "Call back");
    await waitFor(async () =>
      expect(await popupDraftItem.getValue()).toMatchObject({
        tags: "vip, repeat",
        tagsOverwrite: true,
        comment: "Call back",
      }),
    );
    cleanup();
    await renderPopup();
    expect((await screen.findByLabelText<HTMLInputElement>("Tags")).value).toBe("vip, repeat");
    expect(checkbox("Replace the lead's tags").checked).toBe(true);
    expect(input("Comment").value).toBe("Call back");
  });
});

describe("matching editor", () => {
  it("adds a call rule, moves it first and removes another: the payload keeps that order", async () => {
    await renderPopup();
    const edit = screen.getByRole("button", { name: "Edit matching" });
    expect(edit.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(edit);
    expect(edit.getAttribute("aria-expanded")).toBe("true");
    const first = screen.getByRole("group", { name: "Rule 1" });
    expect((within(first).getByLabelText("Find") as HTMLSelectElement).value).toBe("leadContact");
    expect((within(first).getByLabelText("Phones") as HTMLInputElement).value).toBe(
      "79157771122, 79161234567",
    );

    fireEvent.click(screen.getByRole("button", { name: "Add rule" }));
    const second = screen.getByRole("group", { name: "Rule 2" });
    expect(document.activeElement).toBe(within(second).getByLabelText("Find"));
    choose(within(second).getByLabelText("Find"), "call");
    type(within(second).getByLabelText("Call ID"), "1001");
    fireEvent.click(screen.getByRole("button", { name: "Move rule 2 up" }));
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Move rule 1 down" }));
    expect(
      (within(screen.getByRole("group", { name: "Rule 1" })).getByLabelText("Find") as HTMLSelectElement)
        .value,
    ).toBe("call");

    fireEvent.click(screen.getByRole("button", { name: "Add rule" }));
    expect(screen.getByRole("group", { name: "Rule 3" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Remove rule 3" }));
    expect(screen.queryByRole("group", { name: "Rule 3" })).toBeNull();

    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]).toMatchObject({
      ops: [
        {
          operation: {
            item: {
              matching: [
                { type: "call", callParams: { callId: 1001 } },
                {
                  type: "leadContact",
                  leadContactParams: {
                    phones: ["79157771122", "79161234567"],
                    emails: ["i.petrov@stroymarket.ru"],
                  },
                },
              ],
            },
          },
        },
      ],
    });
  });

  it("marks an invalid date next to its input and sends nothing", async () => {
    await renderPopup();
    fireEvent.click(screen.getByRole("button", { name: "Edit matching" }));
    const rule = screen.getByRole("group", { name: "Rule 1" });
    const date = within(rule).getByLabelText("Date and time") as HTMLInputElement;
    type(date, "31-02-2025 10:00:00");
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());

    await waitFor(() => expect(date.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(date)).toContain("Write the date as dd-mm-yyyy hh:mm:ss");
    expect(document.activeElement).toBe(date);
    expect(enqueued()).toEqual([]);

    type(date, "28-02-2025 10:00:00");
    expect(date.getAttribute("aria-invalid")).toBe("false");
    fireEvent.click(sendButton());
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]).toMatchObject({
      ops: [{ operation: { item: { matching: [{ leadContactParams: { date: "28-02-2025 10:00:00" } }] } } }],
    });
  });
});

describe("results", () => {
  it("shows Sending… then the call the fields went to, and clears the draft", async () => {
    await renderPopup({
      job: [[opRecord("queued")], [opRecord("sending")], [opRecord("done", { result: leadResult() })]],
    });
    type(await screen.findByLabelText("Product"), "Kitchen");
    await waitFor(async () => expect(await popupDraftItem.getValue()).not.toBeNull());
    fireEvent.click(sendButton());

    const status = await screen.findByRole("status", { name: "Sent from this window" });
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(within(status).getByText("Sending…")).toBeTruthy();
    expect(await within(status).findByText("The fields were added to call 1001.")).toBeTruthy();
    expect(within(status).getByText("Found by the rule: Call or request by phone or email")).toBeTruthy();
    expect(
      within(status).getByText("+7 915 777-11-22, +7 916 123-45-67, i.petrov@stroymarket.ru"),
    ).toBeTruthy();
    await waitFor(async () => expect(await popupDraftItem.getValue()).toBeNull());
  });

  it("says when Calltouch found no call or request", async () => {
    await renderPopup({ job: [[opRecord("notMatched", { result: leadResult({ matchedType: null }) })]] });
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    expect(await screen.findByText("Calltouch found no call or request for these contacts.")).toBeTruthy();
  });

  it("puts a server validation error next to the input of the sent field it names", async () => {
    await renderPopup({
      job: [
        [
          opRecord("failed", {
            error: {
              kind: "validation",
              message: "This value is not a valid number.",
              fieldPath: "addCustomFields.customFields[0].value",
            },
          }),
        ],
      ],
    });
    // The first field sent is the catalogue's second: the error must land on it, not on "Product".
    type(await screen.findByLabelText("Deal amount"), "100");
    choose(input("Stage"), "new");
    fireEvent.click(sendButton());

    await waitFor(() => expect(input("Deal amount").getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(input("Deal amount"))).toContain(
      "Calltouch did not accept the data: this is not a number.",
    );
    expect(input("Product").getAttribute("aria-invalid")).toBe("false");
    expect(input("Stage").getAttribute("aria-invalid")).toBe("false");
    expect(
      screen.getByText("Not sent. Calltouch did not accept the data: this is not a number.", {
        selector: "p",
      }),
    ).toBeTruthy();
  });

  it("opens the default matching to show a server error on its phones", async () => {
    await renderPopup({
      job: [
        [
          opRecord("failed", {
            error: {
              kind: "validation",
              message: "Phone is invalid.",
              fieldPath: "matching[0].leadContactParams.phones[0]",
            },
          }),
        ],
      ],
    });
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());

    const rule = await screen.findByRole("group", { name: "Rule 1" });
    const phones = within(rule).getByLabelText("Phones");
    expect(phones.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(phones)).toContain("Phone is invalid.");
  });

  it("says why sending is paused and opens the settings", async () => {
    await sendWhileAuthPaused();
    fireEvent.click(screen.getByRole("button", { name: "Open settings" }));
    expect(openOptionsPage).toHaveBeenCalled();
  });
});

describe("draft", () => {
  it("is restored for the same lead and not for another", async () => {
    await renderPopup();
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(checkbox("+7 916 123-45-67"));
    fireEvent.click(checkbox("Overwrite values the lead already has"));
    await waitFor(async () =>
      expect(await popupDraftItem.getValue()).toMatchObject({
        url: CARD_URL,
        fields: { product: "Kitchen" },
        overwrite: true,
      }),
    );
    cleanup();

    await renderPopup();
    expect((await screen.findByLabelText("Product")) as HTMLInputElement).toHaveProperty("value", "Kitchen");
    expect(checkbox("+7 916 123-45-67").checked).toBe(false);
    expect(checkbox("+7 915 777-11-22").checked).toBe(true);
    expect(checkbox("Overwrite values the lead already has").checked).toBe(true);
    cleanup();

    await renderPopup({ detect: detected(OTHER_CARD, { url: OTHER_URL }) });
    expect((await screen.findByLabelText("Product")) as HTMLInputElement).toHaveProperty("value", "");
    expect(checkbox("+7 926 000-11-22").checked).toBe(true);
    expect(checkbox("Overwrite values the lead already has").checked).toBe(false);
    expect(screen.queryByText(/Unsent draft/)).toBeNull();
  });

  it("brings back a typed contact and the edited matching", async () => {
    await renderPopup();
    type(input("Add a phone or email"), "+7 903 555-66-77");
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    fireEvent.click(screen.getByRole("button", { name: "Edit matching" }));
    fireEvent.click(screen.getByRole("button", { name: "Add rule" }));
    choose(within(screen.getByRole("group", { name: "Rule 2" })).getByLabelText("Find"), "request");
    type(within(screen.getByRole("group", { name: "Rule 2" })).getByLabelText("Request ID"), "1257513");
    await waitFor(async () => expect((await popupDraftItem.getValue())?.matching).toHaveLength(2));
    cleanup();

    await renderPopup();
    expect(checkbox("+7 903 555-66-77").checked).toBe(true);
    const summary = screen.getByRole("list", { name: "Matching rules, highest priority first" });
    expect(summary.textContent).toContain("Request by its ID: 1257513");
  });
});

describe("catalogue and footer", () => {
  it("points to the settings when no custom field is set up", async () => {
    await catalogueItem.setValue([]);
    await renderPopup();
    expect(
      await screen.findByText(
        "No custom fields yet. First add the fields of your Calltouch cabinet in the settings.",
      ),
    ).toBeTruthy();
    // Tags and a comment need no custom field: sending stays possible.
    expect(screen.getByRole("button", { name: "Send to Calltouch" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Open settings" }));
    expect(openOptionsPage).toHaveBeenCalled();
  });

  it("shows the queue's counts and a link to the settings", async () => {
    await renderPopup({
      queue: queueStatus({
        counts: {
          queued: 2,
          sending: 1,
          done: 5,
          notMatched: 0,
          failed: 1,
          uncertain: 0,
          held: 0,
          cancelled: 0,
        },
      }),
    });
    expect(await screen.findByText("In the queue: 3")).toBeTruthy();
    expect(screen.getByText("Failed: 1")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    expect(openOptionsPage).toHaveBeenCalled();
  });

  it("speaks Russian when the browser does", async () => {
    useFakeI18n("ru");
    answer({});
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Контакты лида" })).toBeTruthy();
    expect(await screen.findByRole("button", { name: "Отправить в Calltouch" })).toBeTruthy();
  });
});

/** Today at 14:05 local time: what "Unsent draft from …" names. */
function todayAt1405(): number {
  const at = new Date();
  at.setHours(14, 5, 0, 0);
  return at.getTime();
}

/** A draft for the card of CARD_CONTACTS, as the popup stores it. */
async function storeDraft(change: Partial<Parameters<typeof popupDraftItem.setValue>[0]> = {}) {
  await popupDraftItem.setValue({
    url: CARD_URL,
    lead: "card:email:i.petrov@stroymarket.ru,phone:79157771122,phone:79161234567",
    selected: ["phone:79157771122"],
    matching: [],
    fields: { product: "Kitchen" },
    overwrite: false,
    tags: "test",
    tagsOverwrite: false,
    comment: "",
    savedAt: todayAt1405(),
    ...change,
  });
}

describe("header and connection", () => {
  it("names the lead by the page's title, its site, and the connection state", async () => {
    await renderPopup();
    expect(screen.getByRole("heading", { level: 1, name: "Lead 24001207" })).toBeTruthy();
    expect(screen.getByText("acme.amocrm.ru")).toBeTruthy();
    const state = screen.getByText(/^Connected · checked/);
    expect(state.closest("[role=status]")?.getAttribute("data-state")).toBe("connected");
    expect(screen.queryByRole("alert")).toBeNull();
    expect((sendButton() as HTMLButtonElement).disabled).toBe(false);
  });

  it("says it is not connected before anything is filled in, with one way to the settings, and Send off", async () => {
    await renderPopup({ status: credentials({ hasToken: false, tokenHint: null, connection: null }) });
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Not connected: no Access-Token is saved.");
    // The notice comes before the first thing to fill in.
    const firstCheckbox = screen.getAllByRole("checkbox")[0] as HTMLElement;
    expect(alert.compareDocumentPosition(firstCheckbox) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const send = sendButton() as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(descriptionOf(send)).toBe("Send is off until the extension is connected to Calltouch.");
    fireEvent.click(within(alert).getByRole("button", { name: "Open settings" }));
    expect(openOptionsPage).toHaveBeenCalled();
    type(input("Product"), "Kitchen");
    fireEvent.submit(send.form as HTMLFormElement);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(enqueued()).toHaveLength(0);
  });

  it("says so in Russian when Calltouch refused the token", async () => {
    useFakeI18n("ru");
    answer({
      status: credentials({
        connection: { state: "tokenRefused", at: Date.now(), message: "Invalid token" },
      }),
    });
    render(<App />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(
      "Нет подключения: Calltouch отклонил сохранённый Access-Token или SiteId.",
    );
    const send = await screen.findByRole("button", { name: "Отправить в Calltouch" });
    expect((send as HTMLButtonElement).disabled).toBe(true);
    expect(descriptionOf(send)).toBe("Отправка недоступна, пока расширение не подключено к Calltouch.");
  });

  it("puts the button back to Send once the lead failed", async () => {
    await renderPopup({
      job: [
        [opRecord("sending")],
        [opRecord("failed", { error: { kind: "server", message: "Internal error" } })],
      ],
    });
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    expect(await screen.findByRole("button", { name: "Sending…" })).toBeTruthy();
    expect(await screen.findByRole("button", { name: "Send to Calltouch" })).toBeTruthy();
  });

  it("puts the button back to Send while the queue is paused, the pause said next to it", async () => {
    await sendWhileAuthPaused();
    expect(screen.queryByRole("button", { name: "Sending…" })).toBeNull();
    expect(sendButton()).toBeTruthy();
  });
});

describe("contacts: my numbers", () => {
  it("adds a contact marked as my number to the list of my numbers and takes it off the popup", async () => {
    await renderPopup();
    fireEvent.click(screen.getByRole("button", { name: "This is my number: +7 916 123-45-67" }));
    await waitFor(() => expect(screen.queryByRole("checkbox", { name: "+7 916 123-45-67" })).toBeNull());
    expect((await detectionSettingsItem.getValue()).ignore).toEqual(["+7 916 123-45-67"]);
    expect(
      screen.getByText("+7 916 123-45-67 is in “My numbers and emails” now: it will not be offered again."),
    ).toBeTruthy();

    type(input("Product"), "Kitchen");
    fireEvent.click(sendButton());
    await waitFor(() => expect(enqueued()).toHaveLength(1));
    expect(enqueued()[0]?.ops[0]?.operation.item.matching).toEqual([
      {
        type: "leadContact",
        leadContactParams: { phones: ["79157771122"], emails: ["i.petrov@stroymarket.ru"] },
      },
    ]);
  });

  it("asks once on the first run which numbers are the company's own, and takes them off", async () => {
    await myNumbersAskedItem.setValue(false);
    await renderPopup();
    const question = screen.getByRole("region", { name: "Which of these numbers are your company's own?" });
    const save = within(question).getByRole("button", { name: "Save as my numbers" }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.click(within(question).getByRole("checkbox", { name: "+7 916 123-45-67" }));
    fireEvent.click(save);

    await waitFor(() => expect(screen.queryByRole("region", { name: /company's own/ })).toBeNull());
    expect((await detectionSettingsItem.getValue()).ignore).toEqual(["+7 916 123-45-67"]);
    expect(screen.queryByRole("checkbox", { name: "+7 916 123-45-67" })).toBeNull();
    expect(checkbox("+7 915 777-11-22").checked).toBe(true);
    cleanup();

    // Asked once: the next popup does not ask again, even after the list is emptied.
    await detectionSettingsItem.setValue({ region: "RU", ignore: [], enabledSites: [] });
    await renderPopup();
    expect(screen.queryByRole("region", { name: /company's own/ })).toBeNull();
  });

  it("lets the first run's question be dismissed for good, in Russian too", async () => {
    await myNumbersAskedItem.setValue(false);
    useFakeI18n("ru");
    answer({});
    render(<App />);
    const question = await screen.findByRole("region", {
      name: "Какие из этих номеров принадлежат вашей компании?",
    });
    fireEvent.click(within(question).getByRole("button", { name: "Среди них нет моих" }));
    expect(screen.queryByRole("region", { name: /вашей компании/ })).toBeNull();
    await waitFor(async () => expect(await myNumbersAskedItem.getValue()).toBe(true));
    expect((await detectionSettingsItem.getValue()).ignore).toEqual([]);
  });

  it("does not ask when my numbers are set already", async () => {
    await myNumbersAskedItem.setValue(false);
    await detectionSettingsItem.setValue({ region: "RU", ignore: ["8 800 555-35-35"], enabledSites: [] });
    await renderPopup();
    expect(screen.queryByRole("region", { name: /company's own/ })).toBeNull();
  });
});

describe("draft rules", () => {
  it("says a restored draft is one, and Clear empties the form and forgets it", async () => {
    await storeDraft();
    await renderPopup();
    expect(screen.getByText("Unsent draft from 2:05 PM")).toBeTruthy();
    expect(input("Product").value).toBe("Kitchen");
    expect(input("Tags").value).toBe("test");
    expect(checkbox("+7 916 123-45-67").checked).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    expect(screen.queryByText(/Unsent draft/)).toBeNull();
    expect(input("Product").value).toBe("");
    expect(input("Tags").value).toBe("");
    expect(checkbox("+7 916 123-45-67").checked).toBe(true);
    await waitFor(async () => expect(await popupDraftItem.getValue()).toBeNull());
  });

  it("says a restored draft is one in Russian", async () => {
    await storeDraft();
    useFakeI18n("ru");
    answer({});
    render(<App />);
    expect(await screen.findByText("Неотправленный черновик от 14:05")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Очистить" })).toBeTruthy();
  });

  it("never applies a draft to another lead on the same page, and keeps it for its own", async () => {
    await storeDraft();
    await renderPopup({ detect: detected(OTHER_CARD) });
    expect(input("Product").value).toBe("");
    expect(input("Tags").value).toBe("");
    expect(screen.queryByText(/Unsent draft/)).toBeNull();
    expect(checkbox("+7 926 000-11-22").checked).toBe(true);
    expect((await popupDraftItem.getValue())?.fields).toEqual({ product: "Kitchen" });
    cleanup();

    await renderPopup();
    expect(input("Product").value).toBe("Kitchen");
  });

  it("empties fields, tags and comment after a successful send", async () => {
    await renderPopup({ job: [[opRecord("done", { result: leadResult() })]] });
    type(await screen.findByLabelText("Product"), "Kitchen");
    type(input("Tags"), "test");
    type(input("Comment"), "Call back");
    fireEvent.click(checkbox("+7 916 123-45-67"));
    fireEvent.click(sendButton());

    expect(await screen.findByText(/call 1001/)).toBeTruthy();
    await waitFor(() => expect(input("Product").value).toBe(""));
    expect(input("Tags").value).toBe("");
    expect(input("Comment").value).toBe("");
    expect(checkbox("+7 916 123-45-67").checked).toBe(true);
    await waitFor(async () => expect(await popupDraftItem.getValue()).toBeNull());
  });

  it("asks before sending the same thing to the same lead again within a minute", async () => {
    await renderPopup({ job: [[opRecord("done", { result: leadResult() })]] });
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    await waitFor(() => expect(input("Product").value).toBe(""));

    type(input("Product"), "Kitchen");
    fireEvent.click(sendButton());
    const ask = await screen.findByRole("alertdialog");
    expect(ask.textContent).toMatch(/^You sent this to this lead at \d{1,2}:\d{2}\s?[AP]M\. Send again\?/);
    expect(enqueued()).toHaveLength(1);
    fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(enqueued()).toHaveLength(1);

    fireEvent.click(sendButton());
    fireEvent.click(
      within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Send again" }),
    );
    await waitFor(() => expect(enqueued()).toHaveLength(2));
  });

  it("does not ask when something else is sent, or the same after a minute", async () => {
    await renderPopup({ job: [[opRecord("done", { result: leadResult() })]] });
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    await waitFor(() => expect(input("Product").value).toBe(""));

    type(input("Product"), "Bathroom");
    fireEvent.click(sendButton());
    await waitFor(() => expect(enqueued()).toHaveLength(2));
    await waitFor(() => expect(input("Product").value).toBe(""));

    const last = await popupLastSendItem.getValue();
    await popupLastSendItem.setValue({ digest: last?.digest ?? "", at: Date.now() - 61_000 });
    type(input("Product"), "Bathroom");
    fireEvent.click(sendButton());
    await waitFor(() => expect(enqueued()).toHaveLength(3));
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });
});

describe("live states", () => {
  const MATCHING: LeadItem["matching"] = [
    { type: "leadContact", leadContactParams: { phones: ["79157771122"] } },
  ];
  const NEXT_MINUTE = () => Date.now() + 60_000;
  const serverDown = { kind: "server" as const, message: "Calltouch answered HTTP 503." };

  const SEND = { en: "Send to Calltouch", ru: "Отправить в Calltouch" } as const;
  const SENT = { en: "Sent from this window", ru: "Отправлено из этого окна" } as const;

  const CASES: [string, OpRecord[], QueueStatus | undefined, RegExp, RegExp][] = [
    ["sending", [opRecord("sending")], undefined, /Sending…$/, /Отправка…$/],
    [
      "retrying after a server error, with the next try",
      [opRecord("queued", { attempts: 1, notBefore: NEXT_MINUTE(), error: serverDown })],
      undefined,
      /Calltouch is having trouble \(HTTP 503\) — retrying \(2 of 8\) in \d+ s$/,
      /На сервере Calltouch сбой \(HTTP 503\) — повторная попытка \(2 из 8\) через \d+ с$/,
    ],
    [
      "retrying a malformed answer",
      [
        opRecord("queued", {
          attempts: 1,
          notBefore: 0,
          error: { kind: "badResponse", message: "The answer does not match the API's schema: <html>" },
        }),
      ],
      undefined,
      /Calltouch's answer could not be read — retrying \(2 of 3\)$/,
      /Не удалось прочитать ответ Calltouch — повторная попытка \(2 из 3\)$/,
    ],
    [
      "paused: token refused",
      [opRecord("queued")],
      queueStatus({ paused: { reason: "auth", message: "Invalid Access-Token", at: 0 } }),
      /Paused: Calltouch refused the token$/,
      /Приостановлено: Calltouch отклонил токен$/,
    ],
    [
      "paused: points spent",
      [opRecord("queued")],
      queueStatus({ paused: { reason: "quota", message: "", at: 0, until: Date.UTC(2026, 11, 3, 21) } }),
      /Paused: API points are spent until .*2026/,
      /Приостановлено: баллы API израсходованы до .*2026/,
    ],
    [
      "outcome unknown",
      [
        opRecord("uncertain", {
          error: { kind: "unknownOutcome", message: "The API did not answer in time." },
        }),
      ],
      undefined,
      /Outcome unknown — check the lead in Calltouch\./,
      /Результат неизвестен — проверьте лид в Calltouch\./,
    ],
    [
      "failed after the last retry",
      [opRecord("failed", { attempts: 8, error: serverDown })],
      undefined,
      /Not sent\. Calltouch is having trouble \(HTTP 503\)\.$/,
      /Не отправлено\. На сервере Calltouch сбой \(HTTP 503\)\.$/,
    ],
  ];

  it.each(
    CASES.flatMap(([name, ops, queue, en, ru]) => [
      [`${name} (en)`, "en" as const, ops, queue, en],
      [`${name} (ru)`, "ru" as const, ops, queue, ru],
    ]),
  )("%s: the popup says so under the lead it sent", async (_, locale, ops, queue, text) => {
    useFakeI18n(locale);
    answer({ job: [ops], queue });
    render(<App />);
    await waitFor(() => expect(checkbox("+7 915 777-11-22").checked).toBe(true));
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(await screen.findByRole("button", { name: SEND[locale] }));
    const sent = await screen.findByRole("region", { name: SENT[locale] });
    await waitFor(() => expect(sent.textContent).toMatch(text));
  });

  it("says Retrying while Calltouch is down, then Failed, and Send comes back", async () => {
    const retrying = opRecord("queued", { attempts: 7, notBefore: NEXT_MINUTE(), error: serverDown });
    await renderPopup({
      job: [[retrying], [retrying], [retrying], [opRecord("failed", { attempts: 8, error: serverDown })]],
    });
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    const status = await screen.findByRole("status", { name: "Sent from this window" });
    expect(await within(status).findByText(/retrying \(8 of 8\) in (59|60) s$/)).toBeTruthy();
    expect(await within(status).findByText("Not sent. Calltouch is having trouble (HTTP 503).")).toBeTruthy();
    await waitFor(() => expect(sendButton().getAttribute("aria-busy")).toBe("false"));
  });

  it("offers Send again when the outcome is unknown", async () => {
    await renderPopup({
      job: [
        [
          opRecord("uncertain", {
            error: { kind: "unknownOutcome", message: "The API did not answer in time." },
          }),
        ],
      ],
    });
    background.also({ retry: () => ({ count: 1 }) });
    type(await screen.findByLabelText("Product"), "Kitchen");
    fireEvent.click(sendButton());
    expect(await screen.findByText(/^Outcome unknown — check the lead in Calltouch\./)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Send again" }));
    await waitFor(() => expect(background.calls("retry")).toEqual([{ ids: [41] }]));
  });

  it.each([
    [
      "en" as const,
      "Kitchen",
      "Send to Calltouch",
      "Not sent. Calltouch has no custom field «Product (product)». Check its API name in the field catalogue.",
      "Open the field catalogue",
    ],
    [
      "ru" as const,
      "Кухня",
      "Отправить в Calltouch",
      "Не отправлено. В Calltouch нет пользовательского поля «Product (product)». Проверьте его API-имя в каталоге полей.",
      "Открыть каталог полей",
    ],
  ])(
    "names a field Calltouch does not know by its label, marks it and links to the catalogue (%s)",
    async (locale, value, send, text, fix) => {
      useFakeI18n(locale);
      answer({
        job: [
          [
            opRecord("failed", {
              item: { matching: MATCHING, addCustomFields: { customFields: [{ field: "product", value }] } },
              result: leadResult({ added: false, error: 'Custom field "product" not found' }),
              error: { kind: "rejected", message: 'Custom field "product" not found' },
            }),
          ],
        ],
      });
      render(<App />);
      await waitFor(() => expect(checkbox("+7 915 777-11-22").checked).toBe(true));
      type(await screen.findByLabelText("Product"), value);
      fireEvent.click(await screen.findByRole("button", { name: send }));

      expect(await screen.findByText(text)).toBeTruthy();
      await waitFor(() => expect(input("Product").getAttribute("aria-invalid")).toBe("true"));
      expect(descriptionOf(input("Product"))).toContain("«product»");
      fireEvent.click(screen.getByRole("button", { name: fix }));
      await waitFor(async () => {
        const tabs = await fakeBrowser.tabs.query({});
        expect(tabs.some((tab) => tab.url?.endsWith("/options.html#catalogue-heading"))).toBe(true);
      });
    },
  );
});
