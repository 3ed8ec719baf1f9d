import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watchPage } from "../../utils/content/watcher";

/** Lets the MutationObserver deliver its records. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("watchPage", () => {
  let abort: AbortController;
  let timers: (() => void)[];
  const schedule = (run: () => void) => timers.push(run);

  beforeEach(() => {
    document.body.innerHTML = '<div id="card"><a href="tel:+79157771122">+7 915 777-11-22</a></div>';
    abort = new AbortController();
    timers = [];
  });
  afterEach(() => abort.abort());

  const values = (watcher: ReturnType<typeof watchPage>) => watcher.current().contacts.map((c) => c.value);

  it("finds the page's contacts, and those added later without a full rescan", async () => {
    const watcher = watchPage(document, { region: "RU" }, abort.signal, schedule);
    expect(values(watcher)).toEqual(["79157771122"]);

    const row = document.createElement("p");
    row.innerHTML = '<a href="mailto:ivan@mail.ru">ivan@mail.ru</a>';
    document.body.append(row);
    await settle();
    expect(timers).toHaveLength(1);
    timers.shift()?.();
    expect(values(watcher)).toEqual(["79157771122", "ivan@mail.ru"]);
  });

  it("forgets a contact whose node was removed (another lead opened in place)", async () => {
    const watcher = watchPage(document, { region: "RU" }, abort.signal, schedule);
    expect(values(watcher)).toEqual(["79157771122"]);
    document.getElementById("card")?.replaceChildren(
      Object.assign(document.createElement("a"), {
        href: "tel:+79161234567",
        textContent: "+7 916 123-45-67",
      }),
    );
    await settle();
    expect(values(watcher)).toEqual(["79161234567"]);
  });

  it("leaves out the ignore list", () => {
    const watcher = watchPage(
      document,
      { region: "RU", ignore: ["8 915 777 11 22"] },
      abort.signal,
      schedule,
    );
    expect(values(watcher)).toEqual([]);
  });

  it("stops observing when its context ends", async () => {
    const watcher = watchPage(document, { region: "RU" }, abort.signal, schedule);
    watcher.current();
    abort.abort();
    document.body.append(Object.assign(document.createElement("p"), { textContent: "x" }));
    await settle();
    expect(timers).toHaveLength(0);
  });
});
