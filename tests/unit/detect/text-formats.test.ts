import { beforeEach, describe, expect, it } from "vitest";
import { type CountryCode, detectContacts } from "../../../utils/detect";

const URL = "https://admin.example.org/requests/1";

/** The contacts found in one paragraph of text. */
function read(text: string, region?: CountryCode) {
  const paragraph = document.createElement("p");
  paragraph.textContent = text;
  document.body.replaceChildren(paragraph);
  return detectContacts(document, { url: URL, region }).contacts;
}

const values = (text: string, region?: CountryCode) => read(text, region).map((contact) => contact.value);

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("what CRM pages are full of yields nothing", () => {
  it.each([
    // dates and periods
    "12.03.2024",
    "2024-03-12",
    "12-03-2024",
    "12.03.2024 – 15.04.2024",
    "2024-03-12 - 2024-04-15",
    "с 12.03.2024 по 15.04.2024",
    "01/02/2023",
    "03/12/2024 10:30 AM",
    // times
    "12:30",
    "12:30:45",
    "10:00–14:00",
    "длительность 00:03:41",
    // money
    "1 250 000 ₽",
    "15 000 руб.",
    "$1,250,000.00",
    "1 500 000,00",
    "Бюджет: 1 250 000",
    "12 500 000 000",
    "89 500 000 000 ₽",
    "100 000 – 150 000",
    "€12,500.00",
    "Итого 48 730 ₽ (89 285,71 ₽ в среднем)",
    // order, invoice, deal numbers and IDs
    "№ 89157771122",
    "#89157771122",
    "ID 89157771122",
    "id: 89157771122",
    "Заказ 8 915 777 11 22",
    "Заказ №4500123987",
    "Счёт № 8 915 777-11-22",
    "Сделка 89157771122",
    "Order 8-915-777-11-22",
    "Invoice #8 915 777 11 22",
    "Deal 89157771122",
    "Договор 2024-0312-0015",
    // tax and bank numbers
    "ИНН 7707083893",
    "ИНН 770708389312",
    "7707083893",
    "770708389312",
    "ОГРН 1027700132195",
    "ОГРНИП 304500116000157",
    "КПП 770701001",
    "БИК 044525225",
    "р/с 40702810938000012345",
    "40702810938000012345",
    "ИНН/КПП 7707083893/770701001",
    // cards, accounts, UUIDs, IPs, codes
    "4276 3800 1234 5678",
    "5469 3800 1234 5678",
    "PL61 1090 1014 0000 0712 1981 2874",
    "550e8400-e29b-41d4-a716-446655440000",
    "192.168.1.10",
    "10.0.0.7",
    "125009",
    "125009, Москва, ул. Тверская, д. 7",
    "4607001234567",
    "1Z999AA10123456784",
    "Трек-номер 80082354123456",
    "1710245400",
    // percentages, versions, quantities, lists
    "12,5%",
    "15 %",
    "v2.14.3",
    "1.2.3.4567",
    "1 500 шт.",
    "250 kg",
    "1 2 3 4 5 6 7 8 9 10",
    "7 8 9 10 11 12",
    // bare digit runs with no phone word
    "89157771122",
    "79157771122",
    "9157771122",
    "Клиент 89157771122",
    // not valid numbers, too short
    "+7 123 456 78 90",
    "8 (000) 000-00-00",
    "777-11-22",
    "555-12-34",
    // emails that are not
    "logo@2x.png",
    "user@localhost",
    "@username",
    "foo@bar.c",
  ])("%s", (text) => {
    expect(read(text)).toEqual([]);
  });
});

describe("phone formats give one E.164 value", () => {
  it.each([
    ["8 (915) 777-11-22", "79157771122"],
    ["+7 915 777 11 22", "79157771122"],
    ["+7 (915) 777-11-22", "79157771122"],
    ["8 915 777 11 22", "79157771122"],
    ["8-915-777-11-22", "79157771122"],
    ["8 915 777-11-22", "79157771122"],
    ["+7 915 7771122", "79157771122"],
    ["+79157771122", "79157771122"],
    ["(915) 777-11-22", "79157771122"],
    ["915 777-11-22", "79157771122"],
    ["+7 915 777–11–22", "79157771122"],
    ["+7\u00a0915\u00a0777\u00a011\u00a022", "79157771122"],
    ["(8 915 777-11-22)", "79157771122"],
    ["8 (495) 123-45-67", "74951234567"],
    ["8 800 555-35-35", "78005553535"],
    ["Тел.: +7 (915) 777-11-22", "79157771122"],
    ["тел. 89157771122", "79157771122"],
    ["Телефон: 79157771122", "79157771122"],
    ["моб 89157771122", "79157771122"],
    ["WhatsApp 79157771122", "79157771122"],
    ["Phone: 89157771122", "79157771122"],
    ["Mobile 9157771122", "79157771122"],
    ["+7 915 777-11-22 доб. 123", "79157771122"],
    ["Звонок +7 915 777-11-22 12:30", "79157771122"],
    ["Звонок +7 915 777-11-22 12.03.2024", "79157771122"],
    ["12.03.2024 8 915 777 11 22", "79157771122"],
    ["Тел. № 8 915 777-11-22", "79157771122"],
    ["+44 20 7946 0958", "442079460958"],
    ["+1 (415) 555-2671", "14155552671"],
    ["+380 44 123 4567", "380441234567"],
    ["+375 29 123-45-67", "375291234567"],
    ["+7 701 123 4567", "77011234567"],
    ["+49 30 901820", "4930901820"],
    ["+33 1 42 68 53 00", "33142685300"],
    ["+86 138 0013 8000", "8613800138000"],
    ["WhatsApp: 380441234567", "380441234567"],
  ])("%s", (text, value) => {
    expect(read(text)).toEqual([
      { kind: "phone", value, display: expect.any(String), source: "text", inCard: false },
    ]);
  });

  it("keeps the number as written for display", () => {
    expect(read("Тел.: +7 (915) 777-11-22, звонить днём")[0]?.display).toBe("+7 (915) 777-11-22");
  });

  it("finds every phone of a list, once each", () => {
    expect(values("+7 915 777-11-22, 8 (915) 777-11-22; +7 916 123-45-67 и 8 903 222 33 44")).toEqual([
      "79157771122",
      "79161234567",
      "79032223344",
    ]);
  });

  it("reads numbers without a country code in the configured region", () => {
    expect(values("(415) 555-2671", "US")).toEqual(["14155552671"]);
    expect(values("(415) 555-2671")).toEqual(["74155552671"]);
    expect(values("020 7946 0958", "GB")).toEqual(["442079460958"]);
  });
});

describe("emails", () => {
  it.each([
    ["Ivan.Petrov@Example.COM", "ivan.petrov@example.com"],
    ["почта: info@company.ru.", "info@company.ru"],
    ["<info+crm@company.co.uk>", "info+crm@company.co.uk"],
    ["почта@пример.рф", "почта@пример.рф"],
    ["e-mail:sales-team@my-company.travel", "sales-team@my-company.travel"],
  ])("%s", (text, value) => {
    expect(read(text)).toEqual([
      { kind: "email", value, display: expect.any(String), source: "text", inCard: false },
    ]);
  });

  it("finds phones and emails side by side", () => {
    expect(values("Иван, +7 915 777-11-22, ivan@mail.ru")).toEqual(["79157771122", "ivan@mail.ru"]);
  });
});

describe("long and hostile text stays linear", () => {
  it.each([
    ["a long run of letters after an @", `a@${"b".repeat(100_000)}`],
    ["a long run of labels after an @", `a@${"b-".repeat(50_000)}c`],
    ["a long run of lone digits", "1 ".repeat(200_000)],
    ["a long run of digits", "1234567890".repeat(50_000)],
    ["a long run of dotted digits", "1.".repeat(100_000)],
  ])("%s", (_, text) => {
    const started = performance.now();
    expect(read(text)).toEqual([]);
    // Seconds before the scan was linear; well under a second now, even on a loaded machine.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("still finds the phones of a long run of numbers separated by spaces", () => {
    expect(values(`${"8 915 777 11 22 ".repeat(3)}8 916 123 45 67`)).toEqual(["79157771122", "79161234567"]);
  });
});
