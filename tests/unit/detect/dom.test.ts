import { beforeEach, describe, expect, it } from "vitest";
import {
  createContactDetector,
  detectContacts,
  mergeContacts,
  OWN_UI_ATTRIBUTE,
} from "../../../utils/detect";

const GENERIC_URL = "https://admin.example.org/requests/1";
const AMO_URL = "https://acme.amocrm.ru/leads/detail/24001207";

function detect(html: string, url = GENERIC_URL) {
  document.body.innerHTML = html;
  return detectContacts(document, { url }).contacts;
}

const summary = (html: string) =>
  detect(html).map(({ value, display, source }) => ({ value, display, source }));

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("links", () => {
  it("takes a tel: link's href over its text, and shows the text", () => {
    expect(summary('<a href="tel:+79157771122">+7 915 777-11-23</a>')).toEqual([
      { value: "79157771122", display: "+7 915 777-11-23", source: "tel-link" },
    ]);
  });

  it("shows the href's number when the link text has none", () => {
    expect(summary('<a href="tel:+7%20915%20777-11-22">Позвонить</a>')).toEqual([
      { value: "79157771122", display: "+7 915 777-11-22", source: "tel-link" },
    ]);
  });

  it.each([
    ["tel:89157771122", "79157771122"],
    ["tel:+7-915-777-11-22;ext=123", "79157771122"],
    ["callto://+79157771122", "79157771122"],
    ["callto:89157771122", "79157771122"],
    ["tel:+442079460958", "442079460958"],
  ])("reads %s", (href, value) => {
    expect(detect(`<a href="${href}">call</a>`).map((contact) => contact.value)).toEqual([value]);
  });

  it("reads every address of a mailto: link, without its query", () => {
    expect(summary('<a href="mailto:Ivan@Mail.ru,olga@mail.ru?subject=%D0%97">написать</a>')).toEqual([
      { value: "ivan@mail.ru", display: "Ivan@Mail.ru", source: "mailto-link" },
      { value: "olga@mail.ru", display: "olga@mail.ru", source: "mailto-link" },
    ]);
  });

  it("reads the text of a link that is not a contact link", () => {
    expect(summary('<a href="/contacts/1">Иван, +7 915 777-11-22</a>')).toEqual([
      { value: "79157771122", display: "+7 915 777-11-22", source: "text" },
    ]);
  });
});

describe("form fields", () => {
  it.each([
    ['<input type="tel" value="89157771122">', "tel input with bare digits"],
    ['<input type="text" name="client_phone" value="89157771122">', "name"],
    ['<input type="text" id="mobile" value="89157771122">', "id"],
    ['<input type="text" placeholder="Телефон" value="89157771122">', "placeholder"],
    ['<input type="text" aria-label="Mobile phone" value="89157771122">', "aria-label"],
    ['<label for="f1">Телефон клиента</label><input id="f1" type="text" value="89157771122">', "label"],
    ['<span>Тел.</span> <input type="text" value="89157771122">', "the text before it"],
    ['<textarea name="phones">89157771122</textarea>', "textarea"],
  ])("reads a phone field: %s (%s)", (html) => {
    expect(summary(html)).toEqual([{ value: "79157771122", display: "89157771122", source: "input" }]);
  });

  it("reads every number of a phone field's list", () => {
    const found = detect('<input type="tel" value="89157771122, 8 916 123-45-67;+380441234567">');
    expect(found.map((contact) => contact.value)).toEqual(["79157771122", "79161234567", "380441234567"]);
  });

  it("reads an email field", () => {
    expect(summary('<input type="email" value=" Ivan@Mail.RU ">')).toEqual([
      { value: "ivan@mail.ru", display: "Ivan@Mail.RU", source: "input" },
    ]);
  });

  it.each([
    ['<input type="text" name="comment" value="89157771122">', "a bare run in an unnamed field"],
    ['<label for="f2">ИНН</label><input id="f2" type="text" value="7707083893">', "INN"],
    [
      '<label for="f3">Номер заказа</label><input id="f3" type="text" value="8 915 777 11 22">',
      "order number",
    ],
    ['<input type="hidden" name="phone" value="+79157771122">', "hidden input"],
    ['<input type="number" name="phone" value="89157771122">', "number input"],
    ['<input type="password" value="+79157771122">', "password"],
    ['<select name="phone"><option>+7 915 777-11-22</option></select>', "select"],
  ])("reads no phone from %s (%s)", (html) => {
    expect(detect(html)).toEqual([]);
  });

  it("reads a formatted phone in a plain text field", () => {
    expect(
      summary('<textarea name="comment">Перезвонить на +7 915 777-11-22 после обеда</textarea>'),
    ).toEqual([{ value: "79157771122", display: "+7 915 777-11-22", source: "input" }]);
  });

  it("reads the live value, not the attribute", () => {
    document.body.innerHTML = '<input type="tel" value="">';
    (document.querySelector("input") as HTMLInputElement).value = "+7 915 777-11-22";
    expect(detectContacts(document, { url: GENERIC_URL }).contacts.map((c) => c.value)).toEqual([
      "79157771122",
    ]);
  });

  it("reads contenteditable text", () => {
    expect(summary('<div contenteditable="true">Прораб <b>+7 903 222 33 44</b></div>')).toEqual([
      { value: "79032223344", display: "+7 903 222 33 44", source: "text" },
    ]);
  });
});

describe("what is not shown is not read", () => {
  it.each([
    ["<div hidden><p>+7 915 777-11-22</p></div>", "hidden attribute"],
    ['<div aria-hidden="true"><p>+7 915 777-11-22</p></div>', "aria-hidden"],
    ['<div style="display: none"><p>+7 915 777-11-22</p></div>', "display:none"],
    ['<div style="color:red;display:none;"><p>+7 915 777-11-22</p></div>', "display:none after another rule"],
    ['<div style="visibility: hidden">+7 915 777-11-22</div>', "visibility:hidden"],
    ['<script>var phone = "+7 915 777-11-22";</script>', "script"],
    ["<style>/* +7 915 777-11-22 */</style>", "style"],
    ["<noscript>+7 915 777-11-22</noscript>", "noscript"],
    ["<template><p>+7 915 777-11-22</p></template>", "template"],
    ["<svg><text>8 915 777 11 22</text></svg>", "svg"],
    [`<div ${OWN_UI_ATTRIBUTE}><p>+7 915 777-11-22</p></div>`, "our own UI"],
    [`<div ${OWN_UI_ATTRIBUTE}="picker"><a href="tel:+79157771122">x</a></div>`, "our own UI's links"],
  ])("%s (%s)", (html) => {
    expect(detect(html)).toEqual([]);
  });

  it("reads the visible siblings of a hidden element", () => {
    expect(detect("<p hidden>+7 915 000-00-01</p><p>+7 915 777-11-22</p>").map((c) => c.value)).toEqual([
      "79157771122",
    ]);
  });
});

describe("shadow roots and frames", () => {
  it("reads open shadow roots, nested ones too", () => {
    document.body.innerHTML = "<x-card></x-card><p>8 903 222 33 44</p>";
    const outer = (document.querySelector("x-card") as Element).attachShadow({ mode: "open" });
    outer.innerHTML = "<span>Телефон</span><x-phone></x-phone>";
    const inner = (outer.querySelector("x-phone") as Element).attachShadow({ mode: "open" });
    inner.innerHTML = '<a href="tel:+79157771122">+7 915 777-11-22</a>';
    const found = detectContacts(document, { url: GENERIC_URL }).contacts;
    expect(found.map((c) => c.value)).toEqual(["79157771122", "79032223344"]);
  });

  it("skips hidden parts of a shadow root and closed roots", () => {
    document.body.innerHTML = "<x-a></x-a><x-b></x-b>";
    const open = (document.querySelector("x-a") as Element).attachShadow({ mode: "open" });
    open.innerHTML = "<p hidden>+7 915 777-11-22</p>";
    const closed = (document.querySelector("x-b") as Element).attachShadow({ mode: "closed" });
    closed.innerHTML = "<p>+7 916 123-45-67</p>";
    expect(detectContacts(document, { url: GENERIC_URL }).contacts).toEqual([]);
  });

  it("reads a same-origin frame", async () => {
    document.body.innerHTML = '<iframe srcdoc="<p>Телефон: +7 915 777-11-22</p>"></iframe>';
    await frameLoaded(document.querySelector("iframe") as HTMLIFrameElement);
    expect(detectContacts(document, { url: GENERIC_URL }).contacts.map((c) => c.value)).toEqual([
      "79157771122",
    ]);
  });

  it("skips a frame of another origin silently", () => {
    document.body.innerHTML = "<iframe></iframe><p>+7 915 777-11-22</p>";
    Object.defineProperty(document.querySelector("iframe"), "contentDocument", {
      get() {
        throw new DOMException("Blocked a frame with origin", "SecurityError");
      },
    });
    expect(detectContacts(document, { url: GENERIC_URL }).contacts.map((c) => c.value)).toEqual([
      "79157771122",
    ]);
  });

  it("reads only the subtree it is given", () => {
    document.body.innerHTML = '<div id="a">+7 915 777-11-22</div><div id="b">+7 916 123-45-67</div>';
    const found = detectContacts(document.getElementById("b") as Element, { url: GENERIC_URL }).contacts;
    expect(found.map((c) => c.value)).toEqual(["79161234567"]);
  });
});

describe("ranking and deduplication", () => {
  const card = (inside: string) =>
    `<div class="page-list"><p>+7 915 777-11-22</p><p>+7 903 222-33-44</p></div>
     <div id="card_holder"><div class="linked-form__field-pei"><input class="control-phone__formatted" value="${inside}"></div>
     <p>Заметка: моб. 89261112233</p></div>`;

  it("puts the card's fields first, then the card, then the page, and keeps each contact's best place", () => {
    expect(detect(card("8 (915) 777-11-22"), AMO_URL)).toEqual([
      { kind: "phone", value: "79157771122", display: "8 (915) 777-11-22", source: "amocrm", inCard: true },
      { kind: "phone", value: "79261112233", display: "89261112233", source: "text", inCard: true },
      { kind: "phone", value: "79032223344", display: "+7 903 222-33-44", source: "text", inCard: false },
    ]);
  });
});

describe("added nodes (the MutationObserver path)", () => {
  it("reads only the added rows and merges them after the card", () => {
    document.body.innerHTML =
      '<div id="card_holder"><div class="control-phone"><input value="+7 915 777-11-22"></div></div><table></table>';
    const detector = createContactDetector({ url: AMO_URL, ignore: ["+7 495 120-35-35"] });
    const first = detector.detect(document);
    const table = document.querySelector("table") as HTMLTableElement;
    const rows = ["+7 903 222-33-44", "+7 (495) 120-35-35", "+7 915 777-11-22"].map((phone) => {
      const row = table.insertRow();
      row.insertCell().textContent = phone;
      return row;
    });
    const added = detector.detectIn(rows);
    expect(added.map((c) => [c.value, c.inCard])).toEqual([
      ["79032223344", false],
      ["79157771122", false],
    ]);
    expect(mergeContacts(added, first.contacts).map((c) => [c.value, c.source])).toEqual([
      ["79157771122", "amocrm"],
      ["79032223344", "text"],
    ]);
  });

  it("ranks nodes added inside the card as the card's", () => {
    document.body.innerHTML = '<div id="card_holder"><div class="linked-form__field-pei"></div></div>';
    const detector = createContactDetector({ url: AMO_URL });
    detector.detect(document);
    const field = document.querySelector(".linked-form__field-pei") as Element;
    field.innerHTML = '<a href="tel:+79157771122">+7 915 777-11-22</a>';
    expect(detector.detectIn([field.firstChild as Node])).toEqual([
      { kind: "phone", value: "79157771122", display: "+7 915 777-11-22", source: "amocrm", inCard: true },
    ]);
  });

  it("skips nodes added under a hidden element, and reads text added to a contact link from its href", () => {
    document.body.innerHTML = '<div hidden><p></p></div><a href="tel:+79157771122"></a>';
    const hiddenText = document.createTextNode("+7 916 123-45-67");
    document.querySelector("p")?.append(hiddenText);
    const linkText = document.createTextNode("Позвонить");
    document.querySelector("a")?.append(linkText);
    const found = createContactDetector({ url: GENERIC_URL }).detectIn([hiddenText, linkText]);
    expect(found.map((c) => [c.value, c.source])).toEqual([["79157771122", "tel-link"]]);
  });

  it("ignores nodes removed before they were read", () => {
    const orphan = document.createElement("p");
    orphan.textContent = "+7 915 777-11-22";
    expect(createContactDetector({ url: GENERIC_URL }).detectIn([orphan])).toEqual([]);
  });
});

async function frameLoaded(frame: HTMLIFrameElement): Promise<void> {
  for (let attempt = 0; attempt < 100 && !frame.contentDocument?.body?.childElementCount; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
