import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { App } from "../../entrypoints/options/App";
import { DEFAULT_API_BASE_URL } from "../../utils/calltouch/limits";
import type { CredentialsStatus, SaveCredentialsResult } from "../../utils/messaging";
import { emptyCounts } from "../../utils/sending/types";
import { type CatalogueField, catalogueItem } from "../../utils/storage";
import { credentialsStatus } from "../fixtures/answers";
import { fakeBackground } from "./fake-background";
import { useFakeI18n } from "./fake-i18n";

vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const background = fakeBackground();
const send = background.mock;

const NOW = Date.UTC(2025, 2, 12, 11, 5);

/** Nothing saved yet, with `change`. */
const statusOf = (change: Partial<CredentialsStatus> = {}) =>
  credentialsStatus({ hasToken: false, tokenHint: null, siteId: "", ...change });

const zero = { requests: 0, leads: 0, rateLimited: 0 };
const USAGE = {
  today: { requests: 3, leads: 250, rateLimited: 0 },
  days: [{ day: "2025-03-12", counters: { requests: 3, leads: 250, rateLimited: 0 } }],
  totals: { requests: 3, leads: 250, rateLimited: 0 },
  share: 5,
};
const QUEUE = {
  counts: { ...emptyCounts(), done: 250 },
  paused: null,
  lastRequest: null,
  totals: zero,
};

/** The background's canned answers; a check answers `checked` (by default the status itself). */
function answer(status: CredentialsStatus, save: SaveCredentialsResult = { ok: true }, checked = status) {
  background.handle({
    getCredentialsStatus: () => status,
    getUsage: () => USAGE,
    getQueueStatus: () => QUEUE,
    saveCredentials: () => save,
    checkConnection: () => checked,
  });
}

const sentSaves = () => background.calls("saveCredentials");

let requestPermission: Mock<(permissions: { origins?: string[] }) => Promise<boolean>>;

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
  background.reset();
  requestPermission = vi.fn(async () => true);
  vi.spyOn(fakeBrowser.permissions, "request").mockImplementation(
    requestPermission as unknown as typeof fakeBrowser.permissions.request,
  );
});

afterEach(() => {
  cleanup();
});

const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

async function renderPage(status = statusOf()) {
  answer(status);
  render(<App />);
  return {
    token: (await screen.findByLabelText("Access-Token")) as HTMLInputElement,
    siteId: screen.getByLabelText("Cabinet ID (SiteId)") as HTMLInputElement,
    apiUrl: screen.getByLabelText("API address") as HTMLInputElement,
    save: screen.getByRole("button", { name: "Save" }),
  };
}

/** The text of the elements that describe a control (its inline error first, then its help). */
function descriptionOf(control: HTMLElement): string {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

describe("credentials", () => {
  it("shows an inline error for a non-digit SiteId and sends nothing", async () => {
    const { token, siteId, save } = await renderPage();
    type(token, "secret-token");
    type(siteId, "12a4");
    expect(siteId.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(siteId)).toContain("The SiteId may contain digits only.");

    fireEvent.click(save);
    await screen.findByRole("alert");
    expect(screen.getByRole("alert").textContent).toBe("Not saved: fix the fields marked in red.");
    expect(document.activeElement).toBe(siteId);
    expect(sentSaves()).toEqual([]);
  });

  it("shows an inline error for an http API address on a remote host and sends nothing", async () => {
    const { token, siteId, apiUrl, save } = await renderPage();
    fireEvent.click(screen.getByText("Advanced"));
    type(token, "secret-token");
    type(siteId, "12345");
    type(apiUrl, "http://api.example.org");
    fireEvent.click(save);

    await waitFor(() => expect(apiUrl.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(apiUrl)).toContain("The address must start with https://");
    expect(requestPermission).not.toHaveBeenCalled();
    expect(sentSaves()).toEqual([]);
  });

  it("saves exactly the typed values and says so", async () => {
    const { token, siteId, save } = await renderPage();
    type(token, "secret-token-1a2b");
    type(siteId, "12345");
    answer(statusOf({ hasToken: true, tokenHint: "••••1a2b", siteId: "12345" }));
    fireEvent.click(save);

    expect(await screen.findByText("Connection settings saved.")).toBeTruthy();
    expect(sentSaves()).toStrictEqual([
      { token: "secret-token-1a2b", siteId: "12345", apiBaseUrl: DEFAULT_API_BASE_URL },
    ]);
    expect(requestPermission).not.toHaveBeenCalled();
    expect(token.value).toBe("");
    expect(await screen.findByText("A token is saved (••••1a2b). Leave empty to keep it.")).toBeTruthy();
  });

  it("keeps the saved token when the field is left empty", async () => {
    const { token, save } = await renderPage(
      statusOf({ hasToken: true, tokenHint: "••••1a2b", siteId: "777" }),
    );
    expect(descriptionOf(token)).toBe("A token is saved (••••1a2b). Leave empty to keep it.");
    fireEvent.click(save);

    await screen.findByText("Connection settings saved.");
    expect(sentSaves()).toStrictEqual([{ siteId: "777", apiBaseUrl: DEFAULT_API_BASE_URL }]);
  });

  it("asks for a token when none is saved", async () => {
    const { token, siteId, save } = await renderPage();
    type(siteId, "777");
    fireEvent.click(save);

    await waitFor(() => expect(token.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(token)).toContain("Enter the Access-Token.");
    expect(sentSaves()).toEqual([]);
  });

  it("asks for the host permission of a custom API address before sending", async () => {
    const { token, siteId, apiUrl, save } = await renderPage();
    type(token, "tok");
    type(siteId, "1");
    type(apiUrl, "https://api.example.org:8443/v1/");
    fireEvent.click(save);

    await screen.findByText("Connection settings saved.");
    expect(requestPermission).toHaveBeenCalledWith({ origins: ["https://api.example.org/*"] });
    expect(sentSaves()).toStrictEqual([
      { token: "tok", siteId: "1", apiBaseUrl: "https://api.example.org:8443/v1" },
    ]);
    const saveCall = send.mock.calls.findIndex(([kind]) => kind === "saveCredentials");
    expect(requestPermission.mock.invocationCallOrder[0]).toBeLessThan(
      send.mock.invocationCallOrder[saveCall] ?? Number.NaN,
    );
  });

  it("does not send when the host permission is refused", async () => {
    requestPermission.mockResolvedValue(false);
    const { token, siteId, apiUrl, save } = await renderPage();
    type(token, "tok");
    type(siteId, "1");
    type(apiUrl, "https://api.example.org");
    fireEvent.click(save);

    await waitFor(() => expect(apiUrl.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(apiUrl)).toContain("Access to api.example.org was not granted");
    expect(sentSaves()).toEqual([]);
  });

  it("shows the background's refusal next to the field it concerns", async () => {
    const { token, siteId, save } = await renderPage();
    type(token, "tok");
    type(siteId, "1");
    answer(statusOf(), { ok: false, errors: { siteId: "Unknown cabinet." } });
    fireEvent.click(save);

    await waitFor(() => expect(descriptionOf(siteId)).toContain("Unknown cabinet."));
    expect(screen.queryByText("Connection settings saved.")).toBeNull();
  });

  it("show/hide toggles the token between hidden and plain text", async () => {
    const { token } = await renderPage();
    const toggle = screen.getByRole("button", { name: "Show token" });
    expect(token.type).toBe("password");
    expect(toggle.getAttribute("aria-pressed")).toBe("false");

    fireEvent.click(toggle);
    expect(token.type).toBe("text");
    expect(toggle.getAttribute("aria-pressed")).toBe("true");

    fireEvent.click(toggle);
    expect(token.type).toBe("password");
  });
});

describe("connection check", () => {
  const SAVED = { hasToken: true, tokenHint: "••••1a2b", siteId: "12345" };
  const credentials = () => screen.findByRole("region", { name: "Connection to Calltouch" });
  /** The connection state: the live region of the credentials card that is not the save notice. */
  const state = async () =>
    (await within(await credentials()).findAllByRole("status")).find((el) => el.dataset.state) ?? null;

  async function saveTyped(token: string, checked: Promise<CredentialsStatus> | CredentialsStatus) {
    const fields = await renderPage();
    type(fields.token, token);
    type(fields.siteId, "12345");
    background.also({ checkConnection: () => checked });
    fireEvent.click(fields.save);
    return fields;
  }

  it("says what the check costs", async () => {
    await renderPage();
    expect(
      screen.getByText(
        "Save checks the token and SiteId with one request to Calltouch. It spends no API points.",
      ),
    ).toBeTruthy();
  });

  it("Save: Checking…, then Connected with the time of the check", async () => {
    let reply: (status: CredentialsStatus) => void = () => {};
    const checked = new Promise<CredentialsStatus>((resolve) => {
      reply = resolve;
    });
    await saveTyped("secret-token-1a2b", checked);
    await waitFor(() => expect(background.calls("checkConnection")).toHaveLength(1));
    await waitFor(async () => expect((await state())?.textContent).toBe("Checking the connection…"));
    expect((await state())?.getAttribute("aria-busy")).toBe("true");
    expect(screen.queryByRole("button", { name: "Check now" })).toBeNull();

    reply(statusOf({ ...SAVED, connection: { state: "connected", at: NOW } }));
    await waitFor(async () => expect((await state())?.textContent).toMatch(/^Connected · checked .*2025/));
    expect((await state())?.className).toContain("status--ok");
    expect(screen.getByText("Connection settings saved.")).toBeTruthy();
    expect(sentSaves()).toHaveLength(1);
  });

  it("a wrong token is saved but never shown in green: Token refused, with where to copy it", async () => {
    await saveTyped(
      "wrong-token",
      statusOf({ ...SAVED, connection: { state: "tokenRefused", at: NOW, message: "Invalid Access-Token" } }),
    );
    await waitFor(async () => expect((await state())?.textContent).toContain("Token refused · checked"));
    const shown = await state();
    expect(shown?.className).toContain("status--error");
    expect(shown?.textContent).toContain("Integrations → API and Webhooks");
    expect(shown?.textContent).toContain("Calltouch said: Invalid Access-Token");
    const saved = screen.getByText("Connection settings saved.");
    expect(saved.className).not.toContain("notice--ok");
  });

  it.each([
    [
      "siteIdRefused",
      "SiteId refused · checked",
      "does not open the cabinet with this SiteId",
      "status--error",
    ],
    ["unreachable", "Can't reach Calltouch · tried", "Check your internet connection", "status--warning"],
  ] as const)("shows %s", async (check, text, help, tone) => {
    await renderPage(
      statusOf({ ...SAVED, connection: { state: check, at: NOW, message: "Failed to fetch" } }),
    );
    const shown = await state();
    expect(shown?.textContent).toContain(text);
    expect(shown?.textContent).toContain(help);
    expect(shown?.className).toContain(tone);
    // A network error's raw text is no help to the user; only a refusal quotes Calltouch.
    expect(shown?.textContent?.includes("Failed to fetch")).toBe(check === "siteIdRefused");
  });

  it("says when a saved connection has not been checked, and checks it on demand", async () => {
    await renderPage(statusOf(SAVED));
    expect((await state())?.textContent).toBe("The connection has not been checked yet.");
    answer(
      statusOf(SAVED),
      { ok: true },
      statusOf({ ...SAVED, connection: { state: "connected", at: NOW } }),
    );
    fireEvent.click(screen.getByRole("button", { name: "Check now" }));
    await waitFor(async () => expect((await state())?.textContent).toMatch(/^Connected/));
    expect(background.calls("checkConnection")).toHaveLength(1);
    expect(sentSaves()).toEqual([]);
  });

  it("shows no connection state before a token is saved", async () => {
    await renderPage();
    expect(await state()).toBeNull();
  });

  it("names the exact place of the token in the cabinet, in Russian too", async () => {
    const { token } = await renderPage();
    expect(descriptionOf(token)).toContain("Integrations → API and Webhooks");
    cleanup();
    useFakeI18n("ru");
    answer(statusOf());
    render(<App />);
    const ru = await screen.findByLabelText("Токен доступа (Access-Token)");
    expect(descriptionOf(ru)).toContain("Интеграции → API и Webhooks");
  });
});

describe("status", () => {
  const statusRegion = async () => {
    const section = await screen.findByRole("region", { name: "Connection status" });
    return within(section).getByRole("status");
  };

  it("shows the auth error with its time and what to check", async () => {
    await renderPage(
      statusOf({ lastRequest: { ok: false, at: NOW, kind: "auth", message: "Invalid token" } }),
    );
    const region = await statusRegion();
    expect(region.textContent).toContain("Check your Access-Token and SiteId.");
    expect(region.textContent).toContain("2025");
    expect(region.textContent).toContain("Calltouch said: Invalid token");
  });

  it("shows the last successful request", async () => {
    await renderPage(statusOf({ lastRequest: { ok: true, at: NOW } }));
    expect((await statusRegion()).textContent).toMatch(/^The last request succeeded: .*2025/);
  });

  it("shows a quota pause with when it resumes", async () => {
    const until = Date.UTC(2025, 2, 13, 0, 0);
    await renderPage(statusOf({ paused: { reason: "quota", message: "", at: NOW, until } }));
    const text = (await statusRegion()).textContent ?? "";
    expect(text).toContain("the daily API points are spent. It resumes on");
    expect(text).toContain("13");
  });

  it("says when the background does not answer", async () => {
    send.mockRejectedValue(new Error("Could not establish connection."));
    render(<App />);
    await waitFor(async () =>
      expect((await statusRegion()).textContent).toContain("The extension did not answer."),
    );
  });
});

describe("custom-field catalogue", () => {
  const seed: CatalogueField[] = [
    { id: "a", apiName: "deal_amount", label: "Deal amount", type: "number", options: [] },
    { id: "b", apiName: "stage", label: "Stage", type: "list", options: ["new", "won"] },
    { id: "c", apiName: "visit_date", label: "", type: "date", options: [] },
  ];
  const stored = () => catalogueItem.getValue();
  const names = async () => (await stored()).map((f) => f.apiName);

  async function renderCatalogue(fields: CatalogueField[] = seed) {
    await catalogueItem.setValue(fields);
    await renderPage();
    const region = await screen.findByRole("region", { name: "Custom fields" });
    // The catalogue is read from IndexedDB: the list shows once it is loaded.
    await within(region).findByRole("button", { name: "Add field" });
    return region;
  }

  it("adds a field and a list field with comma- and newline-separated options", async () => {
    const region = await renderCatalogue([]);
    expect(within(region).getByText("No fields yet. Add the first one below.")).toBeTruthy();

    fireEvent.click(within(region).getByRole("button", { name: "Add field" }));
    const form = within(region).getByRole("form", { name: "New field" });
    expect(document.activeElement).toBe(within(form).getByLabelText("API name"));
    type(within(form).getByLabelText("API name"), " deal_amount ");
    type(within(form).getByLabelText("Label"), "Deal amount");
    fireEvent.change(within(form).getByLabelText("Type"), { target: { value: "number" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save field" }));
    await waitFor(async () =>
      expect(await stored()).toEqual([
        { id: expect.any(String), apiName: "deal_amount", label: "Deal amount", type: "number", options: [] },
      ]),
    );
    expect(document.activeElement).toBe(within(region).getByRole("button", { name: "Edit Deal amount" }));

    fireEvent.click(within(region).getByRole("button", { name: "Add field" }));
    type(within(region).getByLabelText("API name"), "stage");
    fireEvent.change(within(region).getByLabelText("Type"), { target: { value: "list" } });
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    const options = within(region).getByLabelText("Options");
    expect(descriptionOf(options)).toContain("Add at least one option.");
    type(options, "new, qualified\nlost\n");
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    await waitFor(async () => expect((await stored())[1]?.options).toEqual(["new", "qualified", "lost"]));
    expect(within(region).getByRole("list", { name: /Custom fields/ }).children).toHaveLength(2);
  });

  it("rejects a duplicate or blank API name and keeps the stored list", async () => {
    const region = await renderCatalogue();
    fireEvent.click(within(region).getByRole("button", { name: "Add field" }));
    const apiName = within(region).getByLabelText("API name");
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    expect(descriptionOf(apiName)).toContain("Enter the field's API name.");

    type(apiName, "stage");
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    expect(apiName.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(apiName)).toContain("A field with this API name already exists.");
    expect(await stored()).toEqual(seed);
  });

  it.each([
    ["a space", "lead qualty", "An API name has no spaces: join words with _, for example lead_quality."],
    [
      "Cyrillic letters",
      "стадия",
      "Use only Latin letters, digits, _ and -, exactly as in the Calltouch cabinet.",
    ],
    ["another field's name in other case", "Deal_Amount", "A field with this API name already exists."],
  ])("refuses an API name with %s, next to the field, with focus on it", async (_, name, error) => {
    const region = await renderCatalogue();
    fireEvent.click(within(region).getByRole("button", { name: "Add field" }));
    const apiName = within(region).getByLabelText("API name");
    type(apiName, name);
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    await waitFor(() => expect(apiName.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(apiName)).toContain(error);
    expect(document.activeElement).toBe(apiName);
    expect(await stored()).toEqual(seed);
  });

  it("refuses a label another field has, whatever its case, next to the label", async () => {
    const region = await renderCatalogue();
    fireEvent.click(within(region).getByRole("button", { name: "Add field" }));
    type(within(region).getByLabelText("API name"), "deal_stage");
    const label = within(region).getByLabelText("Label");
    type(label, " deal AMOUNT ");
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    await waitFor(() => expect(label.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(label)).toContain("Another field already has this label.");
    expect(document.activeElement).toBe(label);
    expect(within(region).getByLabelText("API name").getAttribute("aria-invalid")).not.toBe("true");

    type(label, "Deal stage");
    expect(label.getAttribute("aria-invalid")).not.toBe("true");
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    await waitFor(async () =>
      expect(await names()).toEqual(["deal_amount", "stage", "visit_date", "deal_stage"]),
    );
  });

  it("edits a field", async () => {
    const region = await renderCatalogue();
    fireEvent.click(within(region).getByRole("button", { name: "Edit Stage" }));
    const form = within(region).getByRole("form", { name: "Edit field Stage" });
    expect((within(form).getByLabelText("Options") as HTMLTextAreaElement).value).toBe("new\nwon");
    type(within(form).getByLabelText("Label"), "Deal stage");
    type(within(form).getByLabelText("Options"), "new, won, lost");
    fireEvent.click(within(form).getByRole("button", { name: "Save field" }));

    await waitFor(async () =>
      expect((await stored())[1]).toEqual({
        id: "b",
        apiName: "stage",
        label: "Deal stage",
        type: "list",
        options: ["new", "won", "lost"],
      }),
    );
    expect(within(region).getByRole("status").textContent).toBe("Field Deal stage saved.");
  });

  it("keeps its own API name valid when editing (no false duplicate)", async () => {
    const region = await renderCatalogue();
    fireEvent.click(within(region).getByRole("button", { name: "Edit Deal amount" }));
    fireEvent.click(within(region).getByRole("button", { name: "Save field" }));
    await waitFor(() => expect(within(region).queryByRole("form")).toBeNull());
    expect(await stored()).toEqual(seed);
  });

  it("reorders with the move buttons and keeps focus on the moved field", async () => {
    const region = await renderCatalogue();
    expect(
      (within(region).getByRole("button", { name: "Move Deal amount up" }) as HTMLButtonElement).disabled,
    ).toBe(true);

    fireEvent.click(within(region).getByRole("button", { name: "Move Deal amount down" }));
    await waitFor(async () => expect(await names()).toEqual(["stage", "deal_amount", "visit_date"]));
    expect(document.activeElement).toBe(
      within(region).getByRole("button", { name: "Move Deal amount down" }),
    );
    expect(within(region).getByRole("status").textContent).toBe("Deal amount moved to place 2 of 3.");

    fireEvent.click(within(region).getByRole("button", { name: "Move visit_date up" }));
    await waitFor(async () => expect(await names()).toEqual(["stage", "visit_date", "deal_amount"]));

    fireEvent.click(within(region).getByRole("button", { name: "Move visit_date up" }));
    await waitFor(async () => expect(await names()).toEqual(["visit_date", "stage", "deal_amount"]));
    // At the top "up" is disabled: focus moves to the field's "down" button instead of being lost.
    expect(document.activeElement).toBe(within(region).getByRole("button", { name: "Move visit_date down" }));
  });

  it("removes a field and can undo the removal", async () => {
    const region = await renderCatalogue();
    fireEvent.click(within(region).getByRole("button", { name: "Remove Stage" }));
    await waitFor(async () => expect(await names()).toEqual(["deal_amount", "visit_date"]));
    expect(within(region).getByRole("status").textContent).toBe("Field Stage removed.");
    const undo = within(region).getByRole("button", { name: "Undo" });
    expect(document.activeElement).toBe(undo);

    fireEvent.click(undo);
    await waitFor(async () => expect(await stored()).toEqual(seed));
    expect(within(region).queryByRole("button", { name: "Undo" })).toBeNull();
  });

  it("cancels an edit with Escape and returns focus", async () => {
    const region = await renderCatalogue();
    const edit = within(region).getByRole("button", { name: "Edit Stage" });
    fireEvent.click(edit);
    fireEvent.keyDown(within(region).getByLabelText("API name"), { key: "Escape" });
    await waitFor(() => expect(within(region).queryByRole("form")).toBeNull());
    expect(document.activeElement).toBe(within(region).getByRole("button", { name: "Edit Stage" }));
    expect(await stored()).toEqual(seed);
  });
});

describe("usage", () => {
  it("shows what today's requests cost", async () => {
    await renderPage();
    expect(await screen.findByText("Today: requests — 3, leads sent — 250.")).toBeTruthy();
    expect(screen.getByText(/Calltouch spends API points per request, not per lead/)).toBeTruthy();
  });
});

describe("page", () => {
  it("labels every input and names every button", async () => {
    await renderCatalogue();
    for (const control of document.querySelectorAll("input, select, textarea")) {
      expect(control.id && document.querySelector(`label[for="${control.id}"]`)).toBeTruthy();
    }
    for (const button of screen.getAllByRole("button")) {
      expect(button.getAttribute("aria-label") || button.textContent?.trim()).toBeTruthy();
    }
  });

  async function renderCatalogue() {
    await catalogueItem.setValue([{ id: "a", apiName: "x", label: "", type: "text", options: [] }]);
    await renderPage();
    fireEvent.click(await screen.findByRole("button", { name: "Add field" }));
  }
});

describe("privacy policy", () => {
  it("links the policy bundled with the extension (PRIVACY.md), opening in a new tab", async () => {
    await renderPage();
    const link = screen.getByRole("link", { name: /Privacy policy/ }) as HTMLAnchorElement;
    expect(link.getAttribute("href")).toBe(fakeBrowser.runtime.getURL("/privacy.html"));
    expect(link.target).toBe("_blank");
  });
});
