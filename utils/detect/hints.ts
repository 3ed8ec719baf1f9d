/** Words around a number or on a form control that tell what it is. */

/** How far back (in characters) a label may stand before the number it names. */
export const LOOKBEHIND = 40;

// The words are Russian and English, so their letters are spelt out: regexes with `\p{L}` and the `iu`
// flags take milliseconds each to compile, paid on the first scan a popup asks for.
// Word starts only: "тел" must not match inside "пользователь". The rough test goes first: it is
// cheap, and most texts have none of these letters in a row.
const PHONE_WORD =
  /(?<![a-zа-яё\d])(?:тел|моб|сот(?:\.|ов)|phone|tel|mobile|cell|whats\s?app|ватсап|вотсап|viber|вайбер)/i;
const PHONE_WORD_ROUGH = /тел|моб|сот|phone|tel|mobile|cell|whats|ватсап|вотсап|viber|вайбер/i;
const EMAIL_WORD = /e-?mail|почт/i;
// A form field for an identifier: its digits are never a phone.
const ID_WORD =
  /(?<![a-zа-яё])(?:инн|огрн[а-яё]*|кпп|бик|снилс|заказ[а-яё]*|сч[её]т[а-яё]*|сделк[а-яё]*|договор[а-яё]*|артикул[а-яё]*|индекс|order|invoice|deal|contract|account|sku|zip|postal)(?![a-zа-яё])/i;

// The word before an identifier: "ID", "Заказ", "Счёт", "ИНН", "Deal"…
const ID_MARKER_WORD =
  /^(?:id|ид|заказ[а-яё]*|сч[её]т[а-яё]*|сделк[а-яё]*|order|invoice|deal|инн|огрн[а-яё]*|кпп|бик|окпо|оквэд|снилс|[рклс]\/с|артикул|арт|sku|ticket|тикет|заявк[а-яё]*|договор[а-яё]*|contract|ref)$/i;
const WORD_OR_SLASH = /[a-zа-яё/]/i;
const MARKER_GAP = new Set([" ", "\u00a0", ":", ".", "-", "#", "№"]);

/** True when the text contains a word that names a phone (`тел`, `моб`, `phone`, `WhatsApp`…). */
export function hasPhoneWord(text: string): boolean {
  return PHONE_WORD_ROUGH.test(text) && PHONE_WORD.test(text);
}

/** True when the text names an email. */
export function hasEmailWord(text: string): boolean {
  return EMAIL_WORD.test(text);
}

/** True when a form field's name or label says it holds an identifier (order, INN, contract…). */
export function namesIdentifier(text: string): boolean {
  return ID_WORD.test(text);
}

/**
 * True when an identifier's marker stands right before `index` of `text` (`№`, `#`, `ID:`, `Заказ`,
 * `Счёт`, `ИНН`, `Deal`…), so the number there is an ID, not a phone — unless a phone word is just
 * before it (`Тел. № 8 915…`). Read backwards by hand: a regex anchored at the end would be tried at
 * every position of the text.
 */
export function followsIdMarker(text: string, index: number): boolean {
  let i = index - 1;
  let sign = false;
  for (; i >= 0 && index - i <= 8 && MARKER_GAP.has(text[i] as string); i--) {
    if (text[i] === "#" || text[i] === "№") sign = true;
  }
  const end = i + 1;
  while (i >= 0 && end - i <= 24 && WORD_OR_SLASH.test(text[i] as string)) i--;
  const word = text.slice(i + 1, end);
  const marked =
    sign || ID_MARKER_WORD.test(word) || ID_MARKER_WORD.test(word.slice(word.lastIndexOf("/") + 1));
  return marked && !hasPhoneWord(text.slice(Math.max(0, index - 24), index));
}

/** The attributes of an element that name what it holds (class, name, data-field…), as one string. */
export function attributeHints(el: Element): string {
  let out = "";
  for (const name of HINT_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value) out += ` ${value}`;
  }
  return out;
}

const HINT_ATTRIBUTES = [
  "name",
  "id",
  "class",
  "placeholder",
  "aria-label",
  "autocomplete",
  "title",
  "itemprop",
  "data-field",
  "data-test-id",
  "data-testid",
  "data-selenium-test",
  "field-label",
];
