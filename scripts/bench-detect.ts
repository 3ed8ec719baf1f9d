// `npx tsx scripts/bench-detect.ts` (`npm run bench:detect`): contact detection (utils/detect) bundled
// for the browser and timed in headless Chromium on generated CRM pages — a lead card (~2,000 nodes),
// a 5,000-row contact table (~100,000 nodes) and 100 rows appended to it (the MutationObserver path) —
// against the naive way, libphonenumber over `document.body.innerText`. Also the gzip sizes of the
// built content script and popup when `.output/chrome-mv3-dev` (`npm run build:dev`) has them. Human lines go to stderr; the
// last line of stdout is JSON.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
// esbuild comes with tsx, which runs this script, so it is always installed here.
import { build } from "esbuild";
import { chromium, type Page } from "playwright-core";
import { BUILT_EXTENSION } from "../tests/e2e/harness";
import { findChromium, parseArgs } from "./lib.mjs";

const args = parseArgs(process.argv.slice(2), { runs: 21, rows: 5000, added: 100 });
const ROOT = path.resolve(import.meta.dirname, "..");
const OUTPUT = BUILT_EXTENSION;
const CARD_URL = "https://acme.amocrm.ru/leads/detail/24001207";
const LIST_URL = "https://acme.amocrm.ru/contacts/list/contacts/";
const log = (...parts: unknown[]) => console.error("[bench:detect]", ...parts);

// The in-page harness, bundled with the detector. Plain JS in a string: a function passed to
// page.evaluate would carry the helpers that tsx adds to it (`__name`), which the page lacks.
const HARNESS = `
import { createContactDetector, detectContacts } from ${JSON.stringify(path.join(ROOT, "utils/detect/index.ts"))};
import { findPhoneNumbersInText } from "libphonenumber-js/min";

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const measure = (fn) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
// The first run is reported apart: it also compiles the code and creates a JS wrapper for every node.
const time = (fn, runs, warmup) => {
  const first = measure(fn);
  for (let i = 1; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(measure(fn));
  return { ms: median(times), first };
};
const countNodes = () => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
  let nodes = 0;
  while (walker.nextNode()) nodes++;
  return nodes;
};

globalThis.bench = {
  full(url, runs) {
    let result = null;
    const { ms, first } = time(() => { result = detectContacts(document, { url }); }, runs, 3);
    const inCard = result.contacts.filter((contact) => contact.inCard).length;
    return { ms, first, nodes: countNodes(), contacts: result.contacts.length, inCard, adapter: result.adapter };
  },
  incremental(url, batches) {
    const detector = createContactDetector({ url });
    detector.detect(document);
    const body = document.querySelector("tbody");
    const times = [];
    let contacts = 0;
    for (const html of batches) {
      const template = document.createElement("template");
      template.innerHTML = html;
      const rows = [...template.content.children];
      body.append(template.content);
      times.push(measure(() => { contacts = detector.detectIn(rows).length; }));
    }
    return { ms: median(times.slice(2)), contacts };
  },
  naive(runs) {
    let found = [];
    const { ms } = time(() => { found = findPhoneNumbersInText(document.body.innerText, "RU"); }, runs, 1);
    return { ms, phones: found.length };
  },
};
`;

const bundleSize = await measureDetectBundle();
log(`detect bundle (esbuild, minified): ${kb(bundleSize.raw)} KB, ${kb(bundleSize.gzip)} KB gzip`);
const harness = await bundle({
  stdin: { contents: HARNESS, resolveDir: ROOT, loader: "js" },
  format: "iife",
});

const executablePath = findChromium();
if (!executablePath) {
  console.error("Chromium not found: set CHROMIUM_PATH or apt-get install chromium");
  process.exit(1);
}
// Chromium's socket paths must stay short: its temp folder lives under /tmp.
const tmp = await mkdtemp("/tmp/bd-");
process.env.TMPDIR = tmp;
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();

  await load(page, cardPage());
  const card = await inPage<FullScan>(page, `bench.full(${JSON.stringify(CARD_URL)}, ${args.runs})`);
  log(summary("lead card", card));
  const naiveCard = await inPage<NaiveScan>(page, `bench.naive(${args.runs})`);
  log(
    `lead card, naive innerText + findPhoneNumbersInText: ${ms(naiveCard.ms)} (${naiveCard.phones} "phones")`,
  );

  await load(page, listPage(args.rows));
  const big = await inPage<FullScan>(
    page,
    `bench.full(${JSON.stringify(LIST_URL)}, ${Math.ceil(args.runs / 2)})`,
  );
  log(summary(`${args.rows}-row contact table`, big));
  const naiveBig = await inPage<NaiveScan>(page, "bench.naive(5)");
  log(`${args.rows}-row table, naive: ${ms(naiveBig.ms)} (${naiveBig.phones} "phones")`);

  const batches = Array.from({ length: args.runs + 2 }, (_, i) =>
    rows(args.rows + i * args.added, args.added).join("\n"),
  );
  const added = await inPage<{ ms: number; contacts: number }>(
    page,
    `bench.incremental(${JSON.stringify(LIST_URL)}, ${JSON.stringify(batches)})`,
  );
  log(`${args.added} rows appended, detectIn: ${ms(added.ms)} (${added.contacts} contacts per batch)`);

  const contentScriptGzipKB = gzipKB([path.join(OUTPUT, "content-scripts/content.js")]);
  const popupGzipKB = gzipKB(popupFiles());
  log(`built content script: ${sizeText(contentScriptGzipKB)}, popup: ${sizeText(popupGzipKB)}`);

  console.log(
    JSON.stringify({
      cardMs: round(card.ms),
      bigPageMs: round(big.ms),
      incrementalMs: round(added.ms),
      naiveCardMs: round(naiveCard.ms),
      naiveBigPageMs: round(naiveBig.ms),
      contentScriptGzipKB,
      popupGzipKB,
    }),
  );
} finally {
  await browser.close();
  await rm(tmp, { recursive: true, force: true });
}

interface FullScan {
  ms: number;
  first: number;
  nodes: number;
  contacts: number;
  inCard: number;
  adapter: string;
}

interface NaiveScan {
  ms: number;
  phones: number;
}

/** Runs a call of the harness in the page; its result's shape is the harness's, above. */
function inPage<T>(page: Page, call: string): Promise<T> {
  return page.evaluate<T>(call);
}

async function load(page: Page, html: string): Promise<void> {
  await page.setContent(html, { waitUntil: "load" });
  await page.addScriptTag({ content: harness });
}

function summary(what: string, scan: FullScan): string {
  return `${what}: ${scan.nodes} nodes, ${ms(scan.ms)} median (first run ${ms(scan.first)}), ${scan.contacts} contacts (${scan.inCard} in the card, adapter ${scan.adapter})`;
}

async function bundle(options: Parameters<typeof build>[0]): Promise<string> {
  const result = await build({ bundle: true, minify: true, write: false, target: "chrome120", ...options });
  return result.outputFiles?.[0]?.text ?? "";
}

/** The detector as the content script will carry it: minified, libphonenumber's metadata included. */
async function measureDetectBundle(): Promise<{ raw: number; gzip: number }> {
  const code = await bundle({ entryPoints: [path.join(ROOT, "utils/detect/index.ts")], format: "esm" });
  return { raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

/** The popup's entry script (from popup.html) and its chunks, when the extension is built. */
function popupFiles(): string[] {
  const html = path.join(OUTPUT, "popup.html");
  if (!existsSync(html)) return [];
  const entries = [...readFileSync(html, "utf8").matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) =>
    path.join(OUTPUT, (m[1] ?? "").replace(/^\//, "")),
  );
  const chunksDir = path.join(OUTPUT, "chunks");
  const chunks = existsSync(chunksDir)
    ? readdirSync(chunksDir)
        .filter((name) => /^popup-.*\.js$/.test(name))
        .map((name) => path.join(chunksDir, name))
    : [];
  return [...new Set([...entries, ...chunks])];
}

function gzipKB(files: string[]): number | null {
  const present = files.filter((file) => existsSync(file));
  if (present.length === 0) return null;
  const bytes = present.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  return round(bytes / 1024);
}

// ---- Generated pages: amoCRM-like markup with the traps CRM pages are full of. ----

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** A distinct Russian mobile number for each `i`: ten digits after +7. */
function mobile(i: number): string {
  return `9${pad((i * 7919 + 1234567) % 1e9, 9)}`;
}

function formatted(digits: string): string {
  return `+7 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`;
}

function national(digits: string): string {
  return `8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`;
}

function date(i: number): string {
  return `${pad((i % 28) + 1, 2)}.${pad((i % 12) + 1, 2)}.2024 ${pad(i % 24, 2)}:${pad(i % 60, 2)}`;
}

function cardPage(): string {
  const fields = Array.from({ length: 70 }, (_, i) => {
    const values = ["12.03.2024", "1 250 000", `Заказ №45001${pad(i, 3)}`, "ООО «Ромашка»", "7707083893"];
    return `<div class="linked-form__field linked-form__field-text"><div class="linked-form__field__label"><span>Поле ${i}</span></div><div class="linked-form__field__value"><input type="text" class="text-input" name="CFV[${1040200 + i}]" value="${values[i % values.length]}"></div></div>`;
  });
  const pei = (code: string, label: string, value: string) =>
    `<div class="linked-form__field linked-form__field-pei" data-pei-code="${code}"><div class="linked-form__field__label"><span>${label}</span></div><div class="linked-form__field__value"><div class="control-phone"><input type="text" class="control-phone__formatted js-linked-pei-input" value="${value}"></div></div></div>`;
  const notes = Array.from(
    { length: 120 },
    (_, i) =>
      `<div class="feed-note-wrapper"><div class="feed-note__date">${date(i)}</div><div class="feed-note__body"><p>Звонок от +7 915 777-11-22 на +7 495 120-35-35, ${i % 9}:4${i % 10}</p><p>Счёт № 2024-${pad(i, 4)} на ${i + 1} 500 000,00 руб., ИНН 7707083893</p></div></div>`,
  );
  const others = Array.from(
    { length: 45 },
    (_, i) =>
      `<li><a href="/leads/detail/${24001100 + i}">Сделка #${24001100 + i}</a> · <a href="tel:+7${mobile(i)}">${formatted(mobile(i))}</a> · ${date(i)}</li>`,
  );
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сделка</title></head><body>
<div id="card_holder" class="card-holder"><div class="card-entity-form"><div class="card-fields__fields-block">${fields.join("\n")}</div>
<div class="linked-forms__group-wrapper"><form class="linked-form">${pei("phone", "Раб. тел.", "+7 915 777-11-22")}${pei("phone", "Мобильный", "8 (916) 123-45-67")}${pei("email", "Email", "i.petrov@stroymarket.ru")}</form></div></div>
<div class="card-holder__feed">${notes.join("\n")}</div></div>
<aside class="widgets-sidebar"><ul>${others.join("\n")}</ul></aside>
</body></html>`;
}

function rows(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const digits = mobile(i);
    // A third each: tel: links, `+7 (9xx) …` and `8 (9xx) …` as text (national numbers take the full parse).
    const phones = [
      `<a href="tel:+7${digits}">${formatted(digits)}</a>`,
      formatted(digits),
      national(digits),
    ];
    const phone = phones[i % 3];
    return `<tr class="list-row" data-id="${i}"><td><input type="checkbox" value="${i}"></td><td><a href="/contacts/detail/${3150000 + i}">Контакт ${i}</a></td><td>${phone}</td><td>client${i}@mail.ru</td><td>ООО «Компания ${i % 97}»</td><td>${date(i)}</td><td>${(i % 90) + 10} 500 ₽</td><td>ID ${3150000 + i}</td></tr>`;
  });
}

function listPage(count: number): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Контакты</title></head><body>
<table class="list"><thead><tr><th></th><th>Имя</th><th>Телефон</th><th>Email</th><th>Компания</th><th>Создан</th><th>Бюджет</th><th>ID</th></tr></thead>
<tbody>${rows(0, count).join("\n")}</tbody></table></body></html>`;
}

function sizeText(gzipKB: number | null): string {
  return gzipKB === null ? "not built" : `${gzipKB} KB gzip`;
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
