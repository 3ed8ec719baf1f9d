import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { issueText, mappingProblemText } from "../../../components/bulk/wording";
import { useFakeI18n } from "../../components/fake-i18n";

beforeEach(() => {
  fakeBrowser.reset();
  useFakeI18n("ru");
});

describe("Russian agreement of counts", () => {
  it.each([
    [21, "Выбрано 21 поле; Calltouch принимает не больше 20 на лид."],
    [22, "Выбрано 22 поля; Calltouch принимает не больше 20 на лид."],
    [25, "Выбрано 25 полей; Calltouch принимает не больше 20 на лид."],
  ])("words %i chosen fields", (count, text) => {
    expect(mappingProblemText({ code: "tooManyFields", count, max: 20 }, [], [])).toBe(text);
  });

  it.each([
    [21, "21 тег, можно не больше 20"],
    [23, "23 тега, можно не больше 20"],
    [25, "25 тегов, можно не больше 20"],
  ])("words %i tags in a row", (count, text) => {
    expect(issueText({ code: "tooManyTags", column: 0, count, max: 20 }, ["Теги"])).toBe(text);
  });
});
