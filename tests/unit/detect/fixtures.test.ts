import { beforeEach, describe, expect, it } from "vitest";
import { createContactDetector, detectContacts } from "../../../utils/detect";
import { loadFixture, readExpectation } from "./load-fixture";

const FIXTURE_NAMES = ["amocrm", "bitrix24", "retailcrm", "hubspot", "pipedrive", "salesforce", "generic"];

beforeEach(() => {
  document.head.innerHTML = "";
  document.body.innerHTML = "";
});

describe("CRM fixture pages", () => {
  it.each(FIXTURE_NAMES)("%s: the exact contacts, the card's first", async (name) => {
    const expected = readExpectation(name);
    await loadFixture(name);
    const result = detectContacts(document, {
      url: expected.url,
      region: expected.region,
      ignore: expected.ignore,
    });
    expect(result.adapter).toBe(expected.adapter);
    expect(result.layoutRecognised).toBe(expected.layoutRecognised);
    expect(result.contacts).toEqual(expected.contacts);
  });

  it.each(FIXTURE_NAMES)("%s: the card's contacts come out before the rest of the page's", async (name) => {
    const expected = readExpectation(name);
    await loadFixture(name);
    const { contacts } = detectContacts(document, { url: expected.url, region: expected.region });
    const inCard = contacts.map((contact) => contact.inCard);
    expect(inCard.length).toBeGreaterThan(1);
    expect(inCard).toEqual([...inCard].sort((a, b) => Number(b) - Number(a)));
    if (name !== "generic") expect(inCard[0]).toBe(true);
  });

  it.each(FIXTURE_NAMES)("%s: nothing on the ignore list comes out", async (name) => {
    const expected = readExpectation(name);
    await loadFixture(name);
    const all = detectContacts(document, { url: expected.url, region: expected.region }).contacts;
    const values = new Set(expected.contacts.map((contact) => contact.value));
    const ignored = all.filter((contact) => !values.has(contact.value));
    expect(ignored.length).toBeGreaterThan(0);
    expect(ignored.length).toBeLessThanOrEqual(expected.ignore.length);
  });

  it("reading the same page twice with one detector gives the same answer", async () => {
    const expected = readExpectation("amocrm");
    await loadFixture("amocrm");
    const detector = createContactDetector({ url: expected.url, ignore: expected.ignore });
    expect(detector.detect(document)).toEqual(detector.detect(document));
  });
});
