import { beforeEach, describe, expect, it } from "vitest";
import { CRM_ADAPTERS, detectContacts, pickAdapter } from "../../../utils/detect";

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("the adapter is chosen by URL", () => {
  it.each([
    ["https://acme.amocrm.ru/leads/detail/24001207", "amocrm", true],
    ["https://acme.amocrm.com/contacts/detail/3150419", "amocrm", true],
    ["https://acme.kommo.com/companies/detail/88", "amocrm", true],
    ["https://acme.amocrm.ru/leads/pipeline/1234", "amocrm", false],
    ["https://acme.bitrix24.ru/crm/deal/details/512/", "bitrix24", true],
    ["https://acme.bitrix24.com/crm/lead/details/77/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER", "bitrix24", true],
    ["https://acme.bitrix24.by/crm/contact/details/9/", "bitrix24", true],
    ["https://acme.bitrix24.kz/crm/company/details/5/", "bitrix24", true],
    ["https://acme.bitrix24.com.br/crm/type/174/details/3/", "bitrix24", true],
    ["https://acme.bitrix24.ru/crm/deal/kanban/", "bitrix24", false],
    ["https://crm.acme.ru/crm/deal/details/512/", "bitrix24", true],
    ["https://crm.acme.ru/crm/lead/list/", "bitrix24", false],
    ["https://acme.retailcrm.ru/orders/10452/edit", "retailcrm", true],
    ["https://acme.retailcrm.ru/customers/3301", "retailcrm", true],
    ["https://acme.simla.com/orders/add", "retailcrm", true],
    ["https://acme.retailcrm.ru/orders/", "retailcrm", false],
    ["https://app.hubspot.com/contacts/4470123/record/0-1/101", "hubspot", true],
    ["https://app-eu1.hubspot.com/contacts/26012345/record/0-3/9001", "hubspot", true],
    ["https://app.hubspot.com/contacts/4470123/contact/101", "hubspot", true],
    ["https://app.hubspot.com/contacts/4470123/objects/0-1/views/all/list", "hubspot", false],
    ["https://acme.pipedrive.com/deal/4242", "pipedrive", true],
    ["https://acme.pipedrive.com/person/1717", "pipedrive", true],
    ["https://acme.pipedrive.com/leads/inbox/4e2c9a70-0c47-11ef-a0b5-3b1f2c5d6e7f", "pipedrive", true],
    ["https://acme.pipedrive.com/pipeline/1/user/everyone", "pipedrive", false],
    ["https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAV/view", "salesforce", true],
    ["https://acme.lightning.force.com/lightning/r/Contact/0035g00000XyZaBAAV/view", "salesforce", true],
    ["https://acme.my.salesforce.com/00Q5g00000AbCdE", "salesforce", true],
    ["https://acme.lightning.force.com/lightning/o/Lead/list", "salesforce", false],
    ["https://admin.stroydvor.ru/requests/15230", "generic", false],
    ["https://amocrm.ru.evil.example/leads/detail/1", "generic", false],
    ["https://www.hubspot.com/products/crm", "generic", false],
    ["https://notbitrix24.ru/crm/", "generic", false],
  ])("%s → %s (card page: %s)", (url, name, cardPage) => {
    const adapter = pickAdapter(new URL(url));
    expect(adapter.name).toBe(name);
    expect(adapter.isCardUrl(new URL(url))).toBe(cardPage);
  });

  it.each(CRM_ADAPTERS.map((adapter) => [adapter.name, adapter] as const))(
    "%s: every selector is valid CSS",
    (_, adapter) => {
      for (const selector of [...adapter.card, adapter.fields, adapter.inactive ?? "*"]) {
        expect(() => document.querySelectorAll(selector)).not.toThrow();
        expect(() => document.body.closest(selector)).not.toThrow();
      }
    },
  );
});

describe("a CRM page whose card is not found", () => {
  const page = "<ul><li>Сделка #1 · +7 903 222-33-44</li></ul>";

  it("falls back to the generic scan and says the layout was not recognised", () => {
    document.body.innerHTML = page;
    const result = detectContacts(document, { url: "https://acme.amocrm.ru/leads/detail/24001207" });
    expect(result).toEqual({
      adapter: "generic",
      layoutRecognised: false,
      contacts: [
        { kind: "phone", value: "79032223344", display: "+7 903 222-33-44", source: "text", inCard: false },
      ],
    });
  });

  it("is recognised when the CRM's page is a list, not a card", () => {
    document.body.innerHTML = page;
    const result = detectContacts(document, { url: "https://acme.amocrm.ru/leads/pipeline/1234" });
    expect(result.adapter).toBe("generic");
    expect(result.layoutRecognised).toBe(true);
  });

  it("uses the card when one is open over a list", () => {
    document.body.innerHTML = `${page}<div class="card-holder"><p>+7 915 777-11-22</p></div>`;
    const result = detectContacts(document, { url: "https://acme.amocrm.ru/leads/pipeline/1234" });
    expect(result.adapter).toBe("amocrm");
    expect(result.contacts.map((c) => [c.value, c.inCard])).toEqual([
      ["79157771122", true],
      ["79032223344", false],
    ]);
  });

  it("reads a page whose URL is not a URL with the generic scan", () => {
    document.body.innerHTML = page;
    expect(detectContacts(document, { url: "about:blank" }).adapter).toBe("generic");
    expect(detectContacts(document, { url: "" }).layoutRecognised).toBe(true);
  });
});

describe("card selectors fall back in order", () => {
  it("takes the first selector list that finds a card (RetailCRM: the customer block, not the whole form)", () => {
    document.body.innerHTML = `<form name="intaro_crmbundle_ordertype">
      <div id="order-customer"><input id="intaro_crmbundle_ordertype_phone" value="+7 915 777-11-22"></div>
      <p>Курьер: +7 926 000-12-34</p></form>`;
    const result = detectContacts(document, { url: "https://acme.retailcrm.ru/orders/1/edit" });
    expect(result.contacts.map((c) => [c.value, c.source, c.inCard])).toEqual([
      ["79157771122", "retailcrm", true],
      ["79260001234", "text", false],
    ]);
  });

  it("falls back to a broader card when the precise one is missing", () => {
    document.body.innerHTML = `<form name="intaro_crmbundle_ordertype">
      <input id="intaro_crmbundle_ordertype_phone" value="+7 915 777-11-22"><p>Курьер: +7 926 000-12-34</p></form>`;
    const result = detectContacts(document, { url: "https://acme.retailcrm.ru/orders/1/edit" });
    expect(result.contacts.map((c) => [c.value, c.source, c.inCard])).toEqual([
      ["79157771122", "retailcrm", true],
      ["79260001234", "text", true],
    ]);
  });
});

describe("inactive containers", () => {
  it("skips Salesforce console tabs kept in the DOM but not shown", () => {
    document.body.innerHTML = `
      <div class="oneContent"><records-lwc-highlights-panel><p>+7 903 111-22-33</p></records-lwc-highlights-panel></div>
      <div class="oneContent active"><records-lwc-highlights-panel><p>+7 915 777-11-22</p></records-lwc-highlights-panel></div>`;
    const url = "https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAV/view";
    expect(detectContacts(document, { url }).contacts.map((c) => c.value)).toEqual(["79157771122"]);
  });
});
