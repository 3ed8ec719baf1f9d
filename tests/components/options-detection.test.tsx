import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { CRM_SITES, siteAddressPattern } from "../../components/options/crm-sites";
import { parseIgnoreList } from "../../components/options/ignore-list";
import { App } from "../../entrypoints/options/App";
import { pickAdapter } from "../../utils/detect";
import { sendMessage } from "../../utils/messaging";
import {
  DEFAULT_DETECTION_SETTINGS,
  type DetectionSettings,
  detectionSettingsItem,
} from "../../utils/storage";
import { credentialsStatus } from "../fixtures/answers";
import { useFakeI18n } from "./fake-i18n";

vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const send = sendMessage as unknown as Mock<(type: string, data?: unknown) => Promise<unknown>>;

const STATUS = credentialsStatus();

type Origins = { origins?: string[] };
let request: Mock<(permissions: Origins) => Promise<boolean>>;
let remove: Mock<(permissions: Origins) => Promise<boolean>>;
let contains: Mock<(permissions: Origins) => Promise<boolean>>;

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
  send.mockReset();
  send.mockImplementation(async (type) => (type === "getCredentialsStatus" ? STATUS : null));
  request = vi.fn(async () => true);
  remove = vi.fn(async () => true);
  contains = vi.fn(async () => true);
  const permissions = fakeBrowser.permissions;
  vi.spyOn(permissions, "request").mockImplementation(request as unknown as typeof permissions.request);
  vi.spyOn(permissions, "remove").mockImplementation(remove as unknown as typeof permissions.remove);
  vi.spyOn(permissions, "contains").mockImplementation(contains as unknown as typeof permissions.contains);
});

afterEach(() => {
  cleanup();
});

const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });
const stored = () => detectionSettingsItem.getValue();

/** The text of the elements that describe a control (its inline error first, then its help). */
function descriptionOf(control: HTMLElement): string {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

async function renderDetection(
  settings: Partial<DetectionSettings> = {},
  heading = "Finding contacts on pages",
) {
  await detectionSettingsItem.setValue({ ...DEFAULT_DETECTION_SETTINGS, ...settings });
  render(<App />);
  const region = await screen.findByRole("region", { name: heading });
  await waitFor(() => expect(within(region).queryByText(/^(Loading…|Загрузка…)$/)).toBeNull());
  return region;
}

describe("CRM sites table", () => {
  it.each(CRM_SITES.flatMap((site) => site.patterns.map((pattern) => [site.id, pattern] as const)))(
    "%s: %s is a page of that CRM's adapter",
    (id, pattern) => {
      expect(pattern).toMatch(/^https:\/\/\*\.[a-z\d.-]+\/\*$/);
      const url = new URL(pattern.replace("*.", "app.").replace(/\*$/, ""));
      expect(pickAdapter(url).name).toBe(id);
    },
  );

  it.each([
    ["https://crm.mycompany.ru", "https://crm.mycompany.ru/*"],
    ["crm.mycompany.ru/crm/deal/details/1/", "https://crm.mycompany.ru/*"],
    ["https://crm.mycompany.ru:8443/", "https://crm.mycompany.ru/*"],
    ["http://localhost:3000", "http://localhost/*"],
    ["https://пример.рф", "https://xn--e1afmkfd.xn--p1ai/*"],
  ])("another site %j is the pattern %j", (input, pattern) => {
    expect(siteAddressPattern(input)).toEqual({ pattern });
  });

  it.each([
    ["", "siteUrlInvalid"],
    ["not a site", "siteUrlInvalid"],
    ["https://*.mycompany.ru", "siteUrlInvalid"],
    ["http://crm.mycompany.ru", "insecureUrl"],
    ["ftp://crm.mycompany.ru", "insecureUrl"],
  ])("another site %j is refused (%s)", (input, error) => {
    expect(siteAddressPattern(input)).toEqual({ error });
  });
});

describe("region", () => {
  it("saves the chosen country and keeps the other settings", async () => {
    const region = await renderDetection({ ignore: ["+74951234567"] });
    const select = within(region).getByLabelText(
      "Country of numbers without a country code",
    ) as HTMLSelectElement;
    expect(select.value).toBe("RU");
    expect(select.selectedOptions[0]?.textContent).toBe("Russia");
    expect(within(select).getByRole("option", { name: "Kazakhstan" })).toBeTruthy();

    fireEvent.change(select, { target: { value: "KZ" } });
    await waitFor(async () =>
      expect(await stored()).toStrictEqual({ region: "KZ", ignore: ["+74951234567"], enabledSites: [] }),
    );
    expect(select.value).toBe("KZ");
  });

  it("names the countries in the UI language", async () => {
    useFakeI18n("ru");
    const region = await renderDetection({}, "Поиск контактов на страницах");
    const select = within(region).getByLabelText("Страна номеров без кода страны") as HTMLSelectElement;
    expect(select.selectedOptions[0]?.textContent).toBe("Россия");
    expect(within(select).getByRole("option", { name: "Казахстан" })).toBeTruthy();
  });
});

describe("my numbers and emails", () => {
  it.each([
    [
      "8 800 555-35-35\n+74951234567\ninfo@company.ru",
      ["8 800 555-35-35", "+74951234567", "info@company.ru"],
      [],
    ],
    [
      "  +7 (915) 777-11-22  \n\n8 915 777 11 22\nINFO@company.ru\ninfo@company.ru",
      ["+7 (915) 777-11-22", "INFO@company.ru"],
      [],
    ],
    ["555-35-35\n12345678901234567\ninfo@\nhello", [], [1, 2, 3, 4]],
  ])("parseIgnoreList(%j)", (text, entries, invalidLines) => {
    expect(parseIgnoreList(text, "RU")).toEqual({ entries, invalidLines });
  });

  it("saves the valid lines and flags the invalid ones by line number", async () => {
    const region = await renderDetection();
    const textarea = within(region).getByLabelText("Numbers and emails, one per line");
    type(
      textarea,
      "8 800 555-35-35\nnot a phone\n+74951234567\n info@company.ru \n555-35-35\n+7 (800) 555 35 35",
    );
    fireEvent.click(within(region).getByRole("button", { name: "Save list" }));

    await waitFor(async () =>
      expect((await stored()).ignore).toEqual(["8 800 555-35-35", "+74951234567", "info@company.ru"]),
    );
    await waitFor(() => expect(textarea.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(textarea)).toContain(
      "Not saved, lines: 2, 5. Each line must be a phone number (10 to 15 digits) or an email.",
    );
    expect(within(region).getByText("Saved. Entries in the list: 3.")).toBeTruthy();
    expect(document.activeElement).toBe(textarea);
    // The invalid lines stay to be fixed.
    expect((textarea as HTMLTextAreaElement).value).toContain("not a phone");

    type(textarea, "8 800 555-35-35\n+74951234567\ninfo@company.ru\n+7 (800) 555 35 35\n");
    fireEvent.click(within(region).getByRole("button", { name: "Save list" }));
    await waitFor(() => expect(textarea.getAttribute("aria-invalid")).toBe("false"));
    expect((textarea as HTMLTextAreaElement).value).toBe("8 800 555-35-35\n+74951234567\ninfo@company.ru");
    expect((await stored()).ignore).toEqual(["8 800 555-35-35", "+74951234567", "info@company.ru"]);
  });

  it("shows the stored list", async () => {
    const region = await renderDetection({ ignore: ["+74951234567", "info@company.ru"] });
    const textarea = within(region).getByLabelText("Numbers and emails, one per line") as HTMLTextAreaElement;
    expect(textarea.value).toBe("+74951234567\ninfo@company.ru");
  });
});

describe("CRM sites", () => {
  const AMOCRM = ["https://*.amocrm.ru/*", "https://*.amocrm.com/*", "https://*.kommo.com/*"];

  it("asks for exactly the CRM's patterns in the click, then stores them", async () => {
    const region = await renderDetection({ ignore: ["info@company.ru"] });
    const amocrm = within(region).getByRole("checkbox", { name: "amoCRM / Kommo" }) as HTMLInputElement;
    expect(amocrm.checked).toBe(false);

    fireEvent.click(amocrm);
    // Asked synchronously in the click: nothing was awaited before it.
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenCalledWith({ origins: AMOCRM });
    await waitFor(async () =>
      expect(await stored()).toStrictEqual({
        region: "RU",
        ignore: ["info@company.ru"],
        enabledSites: AMOCRM,
      }),
    );
    await waitFor(() => expect(amocrm.checked).toBe(true));
    expect(within(region).getByText("amoCRM / Kommo: the extension runs there by itself now.")).toBeTruthy();
    expect(remove).not.toHaveBeenCalled();
  });

  it("keeps both of two CRMs ticked in a row", async () => {
    const region = await renderDetection();
    fireEvent.click(within(region).getByRole("checkbox", { name: "amoCRM / Kommo" }));
    fireEvent.click(within(region).getByRole("checkbox", { name: "Pipedrive" }));
    await waitFor(async () =>
      expect(new Set((await stored()).enabledSites)).toEqual(
        new Set([...AMOCRM, "https://*.pipedrive.com/*"]),
      ),
    );
  });

  it("leaves the CRM off with an inline error when access is refused", async () => {
    request.mockResolvedValue(false);
    const region = await renderDetection();
    const bitrix = within(region).getByRole("checkbox", { name: "Bitrix24 (cloud)" }) as HTMLInputElement;
    fireEvent.click(bitrix);

    await waitFor(() => expect(bitrix.getAttribute("aria-invalid")).toBe("true"));
    expect(bitrix.checked).toBe(false);
    expect(descriptionOf(bitrix)).toBe(
      "Access to Bitrix24 (cloud) was not granted, so the extension cannot run there by itself.",
    );
    expect(request.mock.calls[0]?.[0].origins).toContain("https://*.bitrix24.ru/*");
    expect((await stored()).enabledSites).toEqual([]);
  });

  it("disabling removes the patterns and gives the access back", async () => {
    const region = await renderDetection({
      enabledSites: ["https://*.pipedrive.com/*", ...AMOCRM],
    });
    const pipedrive = within(region).getByRole("checkbox", { name: "Pipedrive" }) as HTMLInputElement;
    await waitFor(() => expect(pipedrive.checked).toBe(true));
    fireEvent.click(pipedrive);

    await waitFor(async () => expect((await stored()).enabledSites).toEqual(AMOCRM));
    await waitFor(() => expect(remove).toHaveBeenCalledWith({ origins: ["https://*.pipedrive.com/*"] }));
    expect(pipedrive.checked).toBe(false);
    expect(request).not.toHaveBeenCalled();
    expect(within(region).getByText("Pipedrive: the extension no longer runs there by itself.")).toBeTruthy();
  });

  it("adds another site by its address and removes it", async () => {
    const region = await renderDetection();
    const address = within(region).getByLabelText("Another site");
    type(address, "http://crm.mycompany.ru");
    fireEvent.click(within(region).getByRole("button", { name: "Add site" }));
    expect(descriptionOf(address)).toContain("The address must start with https://");
    expect(request).not.toHaveBeenCalled();

    type(address, "crm.mycompany.ru/crm/deal/details/7/");
    fireEvent.click(within(region).getByRole("button", { name: "Add site" }));
    expect(request).toHaveBeenCalledWith({ origins: ["https://crm.mycompany.ru/*"] });
    await waitFor(async () => expect((await stored()).enabledSites).toEqual(["https://crm.mycompany.ru/*"]));
    const list = await within(region).findByRole("list", { name: "Other sites" });
    expect(within(list).getByText("https://crm.mycompany.ru")).toBeTruthy();
    expect((address as HTMLInputElement).value).toBe("");

    fireEvent.click(within(list).getByRole("button", { name: "Remove https://crm.mycompany.ru" }));
    await waitFor(async () => expect((await stored()).enabledSites).toEqual([]));
    await waitFor(() => expect(remove).toHaveBeenCalledWith({ origins: ["https://crm.mycompany.ru/*"] }));
    await waitFor(() => expect(within(region).queryByRole("list", { name: "Other sites" })).toBeNull());
  });

  it("says at the address when its access is refused", async () => {
    request.mockResolvedValue(false);
    const region = await renderDetection();
    const address = within(region).getByLabelText("Another site");
    type(address, "https://crm.mycompany.ru");
    fireEvent.click(within(region).getByRole("button", { name: "Add site" }));
    await waitFor(() => expect(address.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(address)).toContain("Access to https://crm.mycompany.ru was not granted");
    expect((await stored()).enabledSites).toEqual([]);
  });

  it("shows a site whose access was withdrawn in the browser as off, and asks again when ticked", async () => {
    contains.mockResolvedValue(false);
    const region = await renderDetection({ enabledSites: ["https://*.hubspot.com/*"] });
    const hubspot = within(region).getByRole("checkbox", { name: "HubSpot" }) as HTMLInputElement;
    await waitFor(() => expect(hubspot.checked).toBe(false));
    expect(descriptionOf(hubspot)).toContain("Access was withdrawn in the browser");

    fireEvent.click(hubspot);
    expect(request).toHaveBeenCalledWith({ origins: ["https://*.hubspot.com/*"] });
    await waitFor(() => expect(hubspot.checked).toBe(true));
    expect((await stored()).enabledSites).toEqual(["https://*.hubspot.com/*"]);
  });
});

describe("page", () => {
  it("has a navigation to its sections, in order", async () => {
    await renderDetection();
    const nav = screen.getByRole("navigation", { name: "Sections of the settings" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => link.textContent)).toEqual([
      "Connection to Calltouch",
      "Custom fields",
      "Presets for the context menu",
      "Finding contacts on pages",
      "Privacy",
    ]);
    for (const link of links) {
      expect(document.getElementById(link.getAttribute("href")?.slice(1) ?? "")).toBeTruthy();
    }
  });

  it("labels every input and names every button", async () => {
    await renderDetection({ enabledSites: ["https://crm.mycompany.ru/*"] });
    await screen.findByRole("list", { name: "Other sites" });
    for (const control of document.querySelectorAll("input, select, textarea")) {
      expect(control.id && document.querySelector(`label[for="${control.id}"]`)?.textContent).toBeTruthy();
    }
    for (const button of screen.getAllByRole("button")) {
      expect(button.getAttribute("aria-label") || button.textContent?.trim()).toBeTruthy();
    }
  });
});
