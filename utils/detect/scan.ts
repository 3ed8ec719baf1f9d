/**
 * The one walk over a page: a TreeWalker over elements and text that reads contact links, form fields
 * and visible text, and enters open shadow roots and same-origin frames. No layout is read.
 */

import { safeDecode } from "./decode";
import { findEmails, mailtoAddresses, normaliseEmail } from "./email";
import { attributeHints, hasEmailWord, hasPhoneWord, LOOKBEHIND, namesIdentifier } from "./hints";
import { findPhones, normalisePhone, type PhoneContext } from "./phone";
import type { BaseSource, ContactKind, CountryCode } from "./types";

/** One contact as read from the page, before ranking and deduplication. */
export interface Occurrence {
  kind: ContactKind;
  value: string;
  display: string;
  source: BaseSource;
  node: Node;
}

/** Marks our own UI on the page: never read. */
export const OWN_UI_ATTRIBUTE = "data-calltouch-tagger";

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const SHOW_ELEMENTS_AND_TEXT = 0x1 | 0x4;
// Not shown as text (a select shows one option of many), or drawn rather than written (charts in svg
// and canvas are full of numbers).
const SKIPPED_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "svg",
  "canvas",
  "object",
  "embed",
  "video",
  "audio",
  "select",
]);
const TEXT_INPUT_TYPES = new Set(["text", "tel", "email", "search", ""]);
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const PHONE_HREF = /^(?:tel|callto|sip):/i;
const MAILTO_HREF = /^mailto:/i;
const NON_SPACE = /\S/;
const LETTER = /\p{L}/u;
const DIGIT = /\d/;
const AT_SIGN = /@/;
const FIELD_LIST_SEPARATOR = /[,;\n]/;
// The shortest text that can hold a contact: `a@b.ru`.
const MIN_TEXT = 6;

type ControlRole = "phone" | "email" | "id" | "text";

/** Collects the contacts of one page (or of nodes added to it) in document order. */
export class PageScan implements PhoneContext {
  readonly found: Occurrence[] = [];
  /** The trees entered: the document, open shadow roots, same-origin frames' documents. */
  readonly scopes: ParentNode[] = [];
  /** For findPhones: the text being read is a phone field's value. */
  field = false;
  private node: Node | null = null;
  private source: BaseSource = "text";
  private prevText = "";
  private readonly frameHosts = new Map<Document, Element>();
  private readonly inactive = new Set<Element>();

  constructor(
    readonly region: CountryCode,
    readonly cache: Map<string, string | null>,
    private readonly inactiveSelector = "",
  ) {}

  /** Reads everything under `root` (a document, an element or a shadow root). */
  scanRoot(root: ParentNode): void {
    const node = root as Node;
    if (node.nodeType === DOCUMENT_NODE) {
      const doc = node as Document;
      this.enterScope(doc);
      const start = doc.body ?? doc.documentElement;
      if (start) this.walk(start);
      return;
    }
    // The document, the shadow root, or the top of a detached subtree: where cards are looked for.
    this.enterScope(node.getRootNode() as unknown as ParentNode);
    this.walk(node);
  }

  /** Reads nodes added to a page already read (the MutationObserver path). */
  scanNodes(nodes: readonly Node[]): void {
    for (const node of nodes) {
      if (!node.isConnected) continue;
      const start = this.visibleStart(node);
      if (!start) continue;
      if (start.nodeType === TEXT_NODE) this.visitText(start as Text);
      else if (start.nodeType === ELEMENT_NODE) this.walkAdded(start as Element);
    }
  }

  private walkAdded(el: Element): void {
    if (this.inactiveSelector) {
      if (el.matches(this.inactiveSelector)) return;
      this.markInactive(el);
    }
    this.walk(el);
  }

  /** The element a shadow root or a frame's document hangs from. */
  hostOf(root: Node): Element | null {
    if (isShadowRoot(root)) return root.host;
    if (root.nodeType !== DOCUMENT_NODE) return null;
    const doc = root as Document;
    const known = this.frameHosts.get(doc);
    if (known) return known;
    try {
      return doc.defaultView?.frameElement ?? null;
    } catch {
      return null;
    }
  }

  /** Whether a phone word names the bare digit run at `index` of `text`. */
  hasEvidence(text: string, index: number): boolean {
    const before = text.slice(Math.max(0, index - LOOKBEHIND), index);
    if (hasPhoneWord(before)) return true;
    // A label in the node before (`<dt>Телефон</dt><dd>89157771122</dd>`), unless other words intervene.
    if (!LETTER.test(before) && isPhoneLabel(this.prevText)) return true;
    const node = this.node;
    const parent = node && (node.nodeType === ELEMENT_NODE ? (node as Element) : node.parentElement);
    return !!parent && (hasPhoneWord(attributeHints(parent)) || hasParentHint(parent));
  }

  private enterScope(scope: ParentNode): void {
    this.scopes.push(scope);
    if (this.inactiveSelector) this.markInactive(scope);
  }

  private markInactive(scope: ParentNode): void {
    for (const el of scope.querySelectorAll(this.inactiveSelector)) this.inactive.add(el);
  }

  private walk(start: Node): void {
    if (start.nodeType === ELEMENT_NODE && !this.visitElement(start as Element)) return;
    const doc = start.ownerDocument;
    if (!doc) return;
    const walker = doc.createTreeWalker(start, SHOW_ELEMENTS_AND_TEXT);
    let node = walker.nextNode();
    while (node) {
      if (node.nodeType === TEXT_NODE) {
        this.visitText(node as Text);
        node = walker.nextNode();
      } else {
        node = this.visitElement(node as Element) ? walker.nextNode() : skipChildren(walker);
      }
    }
  }

  /** Reads what the element itself holds; false when its children must not be read. */
  private visitElement(el: Element): boolean {
    const tag = el.localName;
    if (SKIPPED_TAGS.has(tag) || isHiddenOrOwn(el)) return false;
    if (this.inactive.size > 0 && this.inactive.has(el)) return false;
    switch (tag) {
      case "a":
        // The href wins over the text: the text of a contact link is not read again.
        return !this.readLink(el);
      case "input":
        this.readInput(el as HTMLInputElement);
        return false;
      case "textarea":
        this.readControl(el, (el as HTMLTextAreaElement).value, "text");
        return false;
      case "iframe":
      case "frame":
        this.readFrame(el as HTMLIFrameElement);
        return false;
    }
    const shadow = el.shadowRoot;
    if (shadow) {
      this.enterScope(shadow);
      this.walk(shadow);
    }
    return true;
  }

  private visitText(node: Text): void {
    const text = node.data;
    if (text.length >= MIN_TEXT) this.readText(text, node, "text");
    if (text.charCodeAt(0) > 32 || NON_SPACE.test(text)) this.prevText = text;
  }

  private readText(text: string, node: Node, source: BaseSource): void {
    this.node = node;
    this.source = source;
    findPhones(text, this, this.addPhone);
    findEmails(text, this.addEmail);
  }

  private readEmails(text: string, node: Node, source: BaseSource): void {
    this.node = node;
    this.source = source;
    findEmails(text, this.addEmail);
  }

  private readLink(el: Element): boolean {
    const href = el.getAttribute("href");
    if (!href) return false;
    if (PHONE_HREF.test(href)) {
      const number = hrefValue(href);
      const value = normalisePhone(number, this.region, this.cache);
      if (value) this.add("phone", value, linkText(el, DIGIT) ?? number, "tel-link", el);
      return value !== null;
    }
    if (!MAILTO_HREF.test(href)) return false;
    let read = false;
    for (const address of mailtoAddresses(href)) {
      const value = normaliseEmail(address);
      if (!value) continue;
      this.add("email", value, linkText(el, AT_SIGN) ?? address, "mailto-link", el);
      read = true;
    }
    return read;
  }

  private readInput(el: HTMLInputElement): void {
    const type = (el.getAttribute("type") ?? "text").toLowerCase();
    if (!TEXT_INPUT_TYPES.has(type)) return;
    const role = type === "tel" ? "phone" : type === "email" ? "email" : "text";
    this.readControl(el, el.value, role);
  }

  /** A form field's value, read as its role says: a phone field, an identifier, or any text. */
  private readControl(el: Element, value: string, declared: ControlRole): void {
    if (value.length < MIN_TEXT) return;
    const role = declared === "text" ? this.controlRole(el) : declared;
    if (role === "phone") this.readPhoneField(value, el);
    // An identifier's field (order, INN, contract) may hold an email, never a phone.
    else if (role === "id") this.readEmails(value, el, "input");
    else this.readText(value, el, "input");
  }

  /** Bare digits count in a phone field, and it may list several numbers. */
  private readPhoneField(value: string, el: Element): void {
    this.node = el;
    this.source = "input";
    this.field = true;
    for (const part of value.split(FIELD_LIST_SEPARATOR)) findPhones(part, this, this.addPhone);
    this.field = false;
    findEmails(value, this.addEmail);
  }

  /** What a text field holds, from its name, id, class, placeholder, label, or the text before it. */
  private controlRole(el: Element): ControlRole {
    const hints = `${attributeHints(el)} ${this.prevText.slice(-LOOKBEHIND)} ${labelText(el)}`;
    if (hasPhoneWord(hints)) return "phone";
    if (hasEmailWord(hints)) return "email";
    return namesIdentifier(hints) ? "id" : "text";
  }

  private readFrame(el: HTMLIFrameElement): void {
    let doc: Document | null = null;
    try {
      doc = el.contentDocument;
    } catch {
      return; // another origin: not ours to read
    }
    if (!doc?.body) return;
    this.frameHosts.set(doc, el);
    this.enterScope(doc);
    this.walk(doc.body);
  }

  /** The node to read for an added node: itself, the contact link it sits in, or null when hidden. */
  private visibleStart(node: Node): Node | null {
    let start = node;
    for (let el = parentOrHost(node); el; el = parentOrHost(el)) {
      if (SKIPPED_TAGS.has(el.localName) || isHiddenOrOwn(el) || el.localName === "textarea") return null;
      if (this.inactiveSelector && el.matches(this.inactiveSelector)) return null;
      if (el.localName === "a" && isContactHref(el.getAttribute("href"))) start = el;
    }
    return start;
  }

  private readonly addPhone = (value: string, display: string): void => {
    this.add("phone", value, display, this.source, this.node as Node);
  };

  private readonly addEmail = (value: string, display: string): void => {
    this.add("email", value, display, this.source, this.node as Node);
  };

  private add(kind: ContactKind, value: string, display: string, source: BaseSource, node: Node): void {
    this.found.push({ kind, value, display: display.trim(), source, node });
  }
}

function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === 11 && "host" in node;
}

function isHiddenOrOwn(el: Element): boolean {
  if (!el.hasAttributes()) return false;
  if (el.hasAttribute("hidden") || el.hasAttribute(OWN_UI_ATTRIBUTE)) return true;
  if (el.getAttribute("aria-hidden") === "true") return true;
  const style = el.getAttribute("style");
  return style !== null && HIDDEN_STYLE.test(style);
}

/**
 * The text of a field's labels. Only a field with an id, or inside a label, can have one: asking
 * `labels` of the others would search the document for nothing.
 */
function labelText(el: Element): string {
  if (!el.id && !el.closest("label")) return "";
  let text = "";
  for (const label of (el as HTMLInputElement).labels ?? []) text += ` ${label.textContent ?? ""}`;
  return text;
}

function isContactHref(href: string | null): boolean {
  return !!href && (PHONE_HREF.test(href) || MAILTO_HREF.test(href));
}

/** A short text that names a phone and holds no number itself: `Телефон:`, `Mobile`. */
function isPhoneLabel(text: string): boolean {
  return text.length <= LOOKBEHIND && !DIGIT.test(text) && hasPhoneWord(text);
}

/** `<td data-field="phone"><span>89157771122</span></td>`: the grandparent names the value. */
function hasParentHint(el: Element): boolean {
  const grand = el.parentElement;
  return !!grand && hasPhoneWord(attributeHints(grand));
}

function parentOrHost(node: Node): Element | null {
  const parent = node.parentNode;
  if (!parent) return null;
  if (parent.nodeType === ELEMENT_NODE) return parent as Element;
  return isShadowRoot(parent) ? parent.host : null;
}

/** Moves the walker past the current node's subtree. */
function skipChildren(walker: TreeWalker): Node | null {
  for (;;) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
    if (!walker.parentNode()) return null;
  }
}

/** The number of a `tel:`/`callto:` href: decoded, without its parameters (`;ext=`, `?`). */
function hrefValue(href: string): string {
  const raw = href.replace(PHONE_HREF, "").replace(/^\/\//, "");
  return (safeDecode(raw).split(/[;?]/)[0] ?? "").trim();
}

/** The link's text when it shows the contact (a digit for a phone, `@` for an email). */
function linkText(el: Element, shows: RegExp): string | null {
  const text = el.textContent?.trim() ?? "";
  return shows.test(text) ? text : null;
}
