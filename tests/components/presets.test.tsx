import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { OTHER_CHOICE } from "../../components/SelectWithOther";
import { App } from "../../entrypoints/options/App";
import { emptyCounts } from "../../utils/sending/types";
import { type CatalogueField, catalogueItem, type Preset, presetsItem } from "../../utils/storage";
import { credentialsStatus } from "../fixtures/answers";
import { fakeBackground } from "./fake-background";
import { useFakeI18n } from "./fake-i18n";

vi.mock("../../utils/messaging", () => ({ sendMessage: vi.fn() }));

const background = fakeBackground();

const STATUS = credentialsStatus();

const NOTHING = { requests: 0, leads: 0, rateLimited: 0 };
const USAGE = { today: NOTHING, days: [], totals: NOTHING, share: 0 };
const QUEUE = { counts: emptyCounts(), paused: null, lastRequest: null, totals: NOTHING };

const CATALOGUE: CatalogueField[] = [
  { id: "a", apiName: "deal_amount", label: "Deal amount", type: "number", options: [] },
  { id: "b", apiName: "stage", label: "Stage", type: "list", options: ["new", "won"] },
  { id: "c", apiName: "visit_date", label: "", type: "date", options: [] },
  { id: "d", apiName: "manager", label: "Manager", type: "text", options: [] },
];

const PRESETS: Preset[] = [
  {
    id: "p1",
    name: "Won",
    fields: [{ apiName: "stage", value: "won" }],
    overwrite: false,
    matching: [{ type: "leadContact" }],
  },
  {
    id: "p2",
    name: "Visit",
    fields: [
      { apiName: "visit_date", value: "2025-03-12" },
      { apiName: "deal_amount", value: 1250.5 },
    ],
    overwrite: true,
    matching: [
      { type: "requestContact", searchDepth: 90, typeToMatch: "latest" },
      { type: "callContact", searchDepth: 43_200, tags: ["vip"], tagsLogic: "and" },
    ],
  },
];

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("en");
  background.handle({
    getCredentialsStatus: () => STATUS,
    getUsage: () => USAGE,
    getQueueStatus: () => QUEUE,
  });
});

afterEach(() => {
  cleanup();
});

const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });
const choose = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });
const stored = () => presetsItem.getValue();

/** The text of the elements that describe a control (its inline error first, then its help). */
function descriptionOf(control: HTMLElement): string {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

async function renderPresets(
  catalogue = CATALOGUE,
  presets: Preset[] = [],
  heading = "Presets for the context menu",
) {
  await catalogueItem.setValue(catalogue);
  await presetsItem.setValue(presets);
  render(<App />);
  const region = await screen.findByRole("region", { name: heading });
  await waitFor(() => expect(within(region).queryByText(/^(Loading…|Загрузка…)$/)).toBeNull());
  return region;
}

function openNewForm(region: HTMLElement) {
  fireEvent.click(within(region).getByRole("button", { name: "Add preset" }));
  return within(region).getByRole("form", { name: "New preset" });
}

function addField(form: HTMLElement, apiName: string) {
  choose(within(form).getByLabelText("Field to add"), apiName);
  fireEvent.click(within(form).getByRole("button", { name: "Add to preset" }));
}

describe("presets editor", () => {
  it("adds a preset with two fields of different types and a reordered template", async () => {
    const region = await renderPresets();
    expect(within(region).getByText("No presets yet. Add the first one below.")).toBeTruthy();
    const form = openNewForm(region);
    const name = within(form).getByLabelText("Name in the menu");
    expect(document.activeElement).toBe(name);
    type(name, "  Won, big deal ");

    addField(form, "stage");
    const stage = within(form).getByLabelText("Stage");
    expect(document.activeElement).toBe(stage);
    expect(stage.tagName).toBe("SELECT");
    choose(stage, "won");
    addField(form, "deal_amount");
    const amount = within(form).getByLabelText("Deal amount");
    expect(descriptionOf(amount)).toContain("A number, for example 1 250,50.");
    type(amount, "1 250,50");
    fireEvent.click(within(form).getByLabelText("Overwrite values the lead already has"));

    // The default template is one leadContact row; a second row is added and moved above it.
    expect(within(form).getAllByRole("group", { name: /^Rule \d$/ })).toHaveLength(1);
    fireEvent.click(within(form).getByRole("button", { name: "Add rule" }));
    const second = within(form).getByRole("group", { name: "Rule 2" });
    expect(document.activeElement).toBe(within(second).getByLabelText("Find"));
    choose(within(second).getByLabelText("Find"), "callContact");
    choose(within(second).getByLabelText("How far back to search"), "1440");
    choose(within(second).getByLabelText("If several match"), "nearestUniq");
    type(within(second).getByLabelText("Only with tags"), "vip, repeat");
    choose(within(second).getByLabelText("Tags must match"), "or");
    fireEvent.click(within(form).getByRole("button", { name: "Move rule 2 up" }));
    expect(document.activeElement).toBe(within(form).getByRole("button", { name: "Move rule 1 down" }));

    const lead = within(form).getByRole("group", { name: "Rule 2" });
    expect((within(lead).getByLabelText("Find") as HTMLSelectElement).value).toBe("leadContact");
    choose(within(lead).getByLabelText("If several match"), OTHER_CHOICE);
    type(within(lead).getByLabelText("Value for the Calltouch API"), " nearestLead ");

    fireEvent.click(within(form).getByRole("button", { name: "Save preset" }));
    await waitFor(async () =>
      expect(await stored()).toStrictEqual([
        {
          id: expect.any(String),
          name: "Won, big deal",
          fields: [
            { apiName: "stage", value: "won" },
            { apiName: "deal_amount", value: 1250.5 },
          ],
          overwrite: true,
          matching: [
            {
              type: "callContact",
              searchDepth: 1440,
              typeToMatch: "nearestUniq",
              tags: ["vip", "repeat"],
              tagsLogic: "or",
            },
            { type: "leadContact", typeToMatch: "nearestLead" },
          ],
        },
      ]),
    );
    expect(within(region).getByRole("status").textContent).toBe("Preset Won, big deal added.");
    expect(within(region).queryByRole("form")).toBeNull();
    expect(document.activeElement).toBe(within(region).getByRole("button", { name: "Edit Won, big deal" }));
  });

  it("saves a preset of tags and a comment without fields", async () => {
    const region = await renderPresets();
    const form = openNewForm(region);
    type(within(form).getByLabelText("Name in the menu"), "Call back");
    type(within(form).getByLabelText("Tags to add"), " vip, repeat, vip ");
    fireEvent.click(within(form).getByLabelText("Replace the lead's tags"));
    type(within(form).getByLabelText("Comment"), "  Wants a quote.  ");
    fireEvent.click(within(form).getByRole("button", { name: "Save preset" }));

    await waitFor(async () =>
      expect(await stored()).toStrictEqual([
        {
          id: expect.any(String),
          name: "Call back",
          fields: [],
          overwrite: false,
          tags: ["vip", "repeat"],
          tagsOverwrite: true,
          comment: "Wants a quote.",
          matching: [{ type: "leadContact" }],
        },
      ]),
    );
    fireEvent.click(within(region).getByRole("button", { name: "Edit Call back" }));
    const edit = within(region).getByRole("form", { name: "Edit preset Call back" });
    expect((within(edit).getByLabelText("Tags to add") as HTMLInputElement).value).toBe("vip, repeat");
    expect((within(edit).getByLabelText("Comment") as HTMLTextAreaElement).value).toBe("Wants a quote.");
  });

  it("shows inline errors for a blank name and no field, and saves nothing", async () => {
    const region = await renderPresets();
    const form = openNewForm(region);
    type(within(form).getByLabelText("Name in the menu"), "   ");
    fireEvent.click(within(form).getByRole("button", { name: "Save preset" }));

    const name = within(form).getByLabelText("Name in the menu");
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(name)).toContain("Enter the preset's name.");
    const fieldSelect = within(form).getByLabelText("Field to add");
    expect(fieldSelect.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(fieldSelect)).toContain("Add at least one field, tags or a comment.");
    expect(within(form).getByRole("alert").textContent).toBe("Not saved: fix the fields marked in red.");
    expect(document.activeElement).toBe(name);
    expect(await stored()).toEqual([]);
  });

  it("checks each value by its field's type", async () => {
    const region = await renderPresets();
    const form = openNewForm(region);
    type(within(form).getByLabelText("Name in the menu"), "Check");
    addField(form, "deal_amount");
    addField(form, "stage");
    addField(form, "visit_date");
    addField(form, "manager");
    type(within(form).getByLabelText("Deal amount"), "12abc");
    fireEvent.click(within(form).getByRole("button", { name: "Save preset" }));

    expect(descriptionOf(within(form).getByLabelText("Deal amount"))).toContain(
      "Enter a number, for example 1 250,50.",
    );
    expect(descriptionOf(within(form).getByLabelText("Stage"))).toContain("Choose a value.");
    expect(descriptionOf(within(form).getByLabelText("visit_date"))).toContain("Enter a date as yyyy-mm-dd");
    expect(descriptionOf(within(form).getByLabelText("Manager"))).toContain("Enter a value.");
    expect(document.activeElement).toBe(within(form).getByLabelText("Deal amount"));
    // Every catalogue field is in the preset: none is left to add.
    expect(within(form).queryByLabelText("Field to add")).toBeNull();
    expect(within(form).getByText("Every custom field is in this preset already.")).toBeTruthy();

    fireEvent.click(within(form).getByRole("button", { name: "Remove Manager from the preset" }));
    expect(within(form).queryByLabelText("Manager")).toBeNull();
    expect(within(form).getByLabelText("Field to add")).toBeTruthy();
    expect(await stored()).toEqual([]);
  });

  it("asks for minutes when the search depth is typed", async () => {
    const region = await renderPresets();
    const form = openNewForm(region);
    type(within(form).getByLabelText("Name in the menu"), "Depth");
    addField(form, "manager");
    type(within(form).getByLabelText("Manager"), "Anna");
    const row = within(form).getByRole("group", { name: "Rule 1" });
    choose(within(row).getByLabelText("How far back to search"), OTHER_CHOICE);
    type(within(row).getByLabelText("Search depth, minutes"), "1.5");
    fireEvent.click(within(form).getByRole("button", { name: "Save preset" }));
    const minutes = within(row).getByLabelText("Search depth, minutes");
    expect(descriptionOf(minutes)).toContain("Enter a whole number of minutes, greater than 0.");
    expect(document.activeElement).toBe(minutes);

    type(minutes, "90");
    fireEvent.click(within(form).getByRole("button", { name: "Save preset" }));
    await waitFor(async () =>
      expect((await stored())[0]).toMatchObject({
        fields: [{ apiName: "manager", value: "Anna" }],
        matching: [{ type: "leadContact", searchDepth: 90 }],
      }),
    );
  });

  it("edits a preset and keeps what it did not change", async () => {
    const region = await renderPresets(CATALOGUE, PRESETS);
    fireEvent.click(within(region).getByRole("button", { name: "Edit Visit" }));
    const form = within(region).getByRole("form", { name: "Edit preset Visit" });
    expect((within(form).getByLabelText("visit_date") as HTMLInputElement).value).toBe("2025-03-12");
    expect((within(form).getByLabelText("Deal amount") as HTMLInputElement).value).toBe("1250.5");
    const first = within(form).getByRole("group", { name: "Rule 1" });
    expect((within(first).getByLabelText("Search depth, minutes") as HTMLInputElement).value).toBe("90");
    expect((within(first).getByLabelText("Value for the Calltouch API") as HTMLInputElement).value).toBe(
      "latest",
    );
    // A request row takes no tags.
    expect(within(first).queryByLabelText("Only with tags")).toBeNull();

    fireEvent.click(within(form).getByRole("button", { name: "Save preset" }));
    await waitFor(() => expect(within(region).queryByRole("form")).toBeNull());
    expect(await stored()).toStrictEqual(PRESETS);
    expect(within(region).getByRole("status").textContent).toBe("Preset Visit saved.");
  });

  it("removes a preset and can undo the removal", async () => {
    const region = await renderPresets(CATALOGUE, PRESETS);
    fireEvent.click(within(region).getByRole("button", { name: "Remove Won" }));
    await waitFor(async () => expect((await stored()).map((p) => p.id)).toEqual(["p2"]));
    expect(within(region).getByRole("status").textContent).toBe("Preset Won removed.");
    const undo = within(region).getByRole("button", { name: "Undo" });
    expect(document.activeElement).toBe(undo);

    fireEvent.click(undo);
    await waitFor(async () => expect(await stored()).toStrictEqual(PRESETS));
    expect(within(region).getByRole("status").textContent).toBe("Preset Won restored.");
    expect(within(region).queryByRole("button", { name: "Undo" })).toBeNull();
  });

  it("reorders the presets as the menu shows them", async () => {
    const region = await renderPresets(CATALOGUE, PRESETS);
    const list = within(region).getByRole("list", { name: "Presets, in the order of the menu" });
    expect(list.children).toHaveLength(2);
    fireEvent.click(within(region).getByRole("button", { name: "Move Visit up" }));
    await waitFor(async () => expect((await stored()).map((p) => p.id)).toEqual(["p2", "p1"]));
    expect(within(region).getByRole("status").textContent).toBe("Visit moved to place 1 of 2.");
    expect(document.activeElement).toBe(within(region).getByRole("button", { name: "Move Visit down" }));
  });

  it("cancels with Escape and stores nothing", async () => {
    const region = await renderPresets();
    const form = openNewForm(region);
    type(within(form).getByLabelText("Name in the menu"), "Draft");
    fireEvent.keyDown(within(form).getByLabelText("Name in the menu"), { key: "Escape" });
    await waitFor(() => expect(within(region).queryByRole("form")).toBeNull());
    expect(document.activeElement).toBe(within(region).getByRole("button", { name: "Add preset" }));
    expect(await stored()).toEqual([]);
  });

  it("says that presets need custom fields first", async () => {
    await catalogueItem.setValue([]);
    render(<App />);
    const region = await screen.findByRole("region", { name: "Presets for the context menu" });
    await within(region).findByText(
      "Presets need fields in the catalogue first: add them under “Custom fields” above.",
    );
    expect(within(region).queryByRole("button", { name: "Add preset" })).toBeNull();
  });

  it("labels every input of the form", async () => {
    const region = await renderPresets(CATALOGUE, PRESETS);
    fireEvent.click(within(region).getByRole("button", { name: "Edit Visit" }));
    const form = within(region).getByRole("form", { name: "Edit preset Visit" });
    for (const control of form.querySelectorAll("input, select, textarea")) {
      expect(control.id && form.querySelector(`label[for="${control.id}"]`)?.textContent).toBeTruthy();
    }
    for (const button of within(form).getAllByRole("button")) {
      expect(button.getAttribute("aria-label") || button.textContent?.trim()).toBeTruthy();
    }
  });

  it("speaks Russian", async () => {
    useFakeI18n("ru");
    const russian = await renderPresets(CATALOGUE, PRESETS, "Пресеты для контекстного меню");
    expect(within(russian).getByRole("list", { name: "Пресеты в порядке меню" }).children).toHaveLength(2);
    fireEvent.click(within(russian).getByRole("button", { name: "Добавить пресет" }));
    fireEvent.click(within(russian).getByRole("button", { name: "Сохранить пресет" }));
    expect(within(russian).getByText("Введите название пресета.")).toBeTruthy();
    expect(within(russian).getByText("Добавьте хотя бы одно поле, теги или комментарий.")).toBeTruthy();
  });
});
