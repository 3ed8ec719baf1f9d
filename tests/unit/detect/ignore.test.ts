import { beforeEach, describe, expect, it } from "vitest";
import { detectContacts, normaliseContactValue } from "../../../utils/detect";

const URL = "https://admin.example.org/requests/1";

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("ignore-list entries are normalised like detected contacts", () => {
  it.each([
    ["8 800 555-35-35", "phone", "78005553535"],
    ["+78005553535", "phone", "78005553535"],
    ["88005553535", "phone", "78005553535"],
    ["8 (800) 555 35 35", "phone", "78005553535"],
    ["tel:+7-800-555-35-35", "phone", "78005553535"],
    ["+74951234567", "phone", "74951234567"],
    ["  495 123-45-67 ", "phone", "74951234567"],
    ["+44 20 7946 0958", "phone", "442079460958"],
    ["380441234567", "phone", "380441234567"],
    ["info@company.ru", "email", "info@company.ru"],
    [" INFO@Company.RU ", "email", "info@company.ru"],
    ["mailto:Sales@Company.ru", "email", "sales@company.ru"],
  ])("%s", (entry, kind, value) => {
    expect(normaliseContactValue(entry)).toEqual({ kind, value });
  });

  it.each(["", "call me", "12345", "info@", "@company.ru", "8 800 555"])("rejects %j", (entry) => {
    expect(normaliseContactValue(entry)).toBeNull();
  });

  it("reads entries without a country code in the given region", () => {
    expect(normaliseContactValue("(415) 555-2671", "US")).toEqual({ kind: "phone", value: "14155552671" });
  });
});

describe("ignored contacts never come out", () => {
  const page = `
    <p>Наш номер: 8 800 555-35-35, отдел продаж <a href="tel:+74951234567">+7 (495) 123-45-67</a></p>
    <p>Клиент: +7 915 777-11-22, <a href="mailto:Ivan@Mail.ru">Ivan@Mail.ru</a>, копия на <b>INFO@company.ru</b></p>`;

  it("whatever the format on the page and in the list", () => {
    document.body.innerHTML = page;
    const ignore = ["+7 800 555 35 35", "8 (495) 123-45-67", "info@COMPANY.ru", "not a contact"];
    const found = detectContacts(document, { url: URL, ignore }).contacts;
    expect(found.map((c) => c.value)).toEqual(["79157771122", "ivan@mail.ru"]);
  });

  it("and nothing is dropped without a list", () => {
    document.body.innerHTML = page;
    expect(detectContacts(document, { url: URL }).contacts).toHaveLength(5);
  });
});
