/**
 * The background's work, wired to the browser: the protocol handlers, the send engine, its wake-up
 * alarm and the badge. `entrypoints/background.ts` only calls `setUpBackground()`.
 */
import { browser } from "wxt/browser";
import { z } from "zod";
import { applyBulkRetention } from "../bulk-retention";
import { type CredentialsStatus, onMessage, type QueueStatus, type UsageReport } from "../messaging";
import {
  DetectContactsSchema,
  EnqueueSchema,
  HistoryQuerySchema,
  JobPageSchema,
  JobQuerySchema,
  RetrySchema,
  SaveCredentialsSchema,
  SetRetentionSchema,
} from "../messaging-schemas";
import { moveLegacyItems } from "../private-store";
import {
  createOpQueue,
  createRateLimiter,
  createSendEngine,
  createSessionLimiterStore,
  type EngineStatus,
  type EngineSummary,
} from "../sending";
import { toHistoryRow } from "../sending/history";
import {
  detectionSettingsItem,
  freshDraft,
  popupDraftItem,
  presetsItem,
  retentionItem,
  tamperAlertItem,
} from "../storage";
import { dayKey, readUsage, type Usage, type UsageCounters } from "../usage";
import { badgeFor } from "./badge";
import { connectionCheckItem, currentConnection, runConnectionCheck } from "./connection";
import { clientForSavedCredentials, describeCredentials, forgetToken, saveCredentials } from "./credentials";
import { detectInTab } from "./detect";
import { buildMenu, type MenuClick } from "./menu";
import { createMenuHandler, type Notice } from "./menu-handler";
import { syncCrmSites } from "./sites";

const ALARM = "send";
/** Chrome does not fire alarms sooner than 30 s in a packed extension. */
const MIN_ALARM_DELAY_MS = 30_000;
/** The daily alarm that prunes the history by the retention settings. */
const PRUNE_ALARM = "prune";
const DAY_MS = 24 * 60 * 60 * 1000;
/** Days of the usage report. */
const USAGE_DAYS = 30;

/** Messages without data. */
const NoData = z.undefined().or(z.null()).or(z.strictObject({}));

/** What the background offers beyond its listeners (the e2e tests drive the menu through it). */
export interface Background {
  /** Handles a click on the context menu, as the browser's listener does; resolves with the notification shown. */
  handleMenuClick(click: MenuClick, tabId: number | undefined): Promise<Notice | null>;
}

/** Registers every listener synchronously (an MV3 worker woken by an event must find them) and starts sending. */
export function setUpBackground(): Background {
  const queue = createOpQueue();
  const limiter = createRateLimiter({ store: createSessionLimiterStore() });
  const hasHostPermission = (pattern: string) => browser.permissions.contains({ origins: [pattern] });
  const engine = createSendEngine({
    queue,
    limiter,
    // Read again for every wave: the token must still be bound to the API origin and its host granted.
    // A refusal (none saved, another origin, permission removed) pauses the engine; the status names it.
    getClient: async () => {
      const result = await clientForSavedCredentials(hasHostPermission);
      return result.ok ? result.client : null;
    },
    // While work is pending an alarm stays set, so a worker stopped mid-send is woken to finish it.
    onChange: (summary) => void Promise.all([showBadge(summary), schedule(summary.nextWakeAt)]),
  });
  const wake = () => {
    void engine
      .pump()
      .then(async (summary) => {
        await showBadge(summary);
        await schedule(summary.nextWakeAt);
      })
      // A pump that failed midway (a database error) is tried again by the alarm.
      .catch(() => schedule(Date.now()));
  };
  // Content scripts run inside web pages: only `getDetectionOptions` is theirs to send.
  const fromExtensionPage = (sender: chrome.runtime.MessageSender) =>
    sender.id === browser.runtime.id && !!sender.url?.startsWith(browser.runtime.getURL("/"));
  const enqueue = async (data: z.infer<typeof EnqueueSchema>) => {
    const jobId = data.jobId ?? crypto.randomUUID();
    const ids = await queue.enqueue(
      data.ops.map(({ operation, label }) => ({ jobId, source: data.source, label, ...operation })),
    );
    wake();
    return { ok: true as const, jobId, ids };
  };
  const handleMenuClick = createMenuHandler({
    enqueue,
    detect: detectInTab,
    listJob: (jobId) => queue.listByJob(jobId),
    paused: async () => (await engine.status()).paused,
    openOptions: () => browser.runtime.openOptionsPage(),
  });
  const guard =
    <T, R>(schema: z.ZodType<T>, handle: (data: T) => Promise<R>) =>
    async ({ data, sender }: { data: unknown; sender: chrome.runtime.MessageSender }): Promise<R> => {
      if (!fromExtensionPage(sender)) throw new Error("Only the extension's own pages may ask for this.");
      return handle(schema.parse(data));
    };
  const status = async (): Promise<QueueStatus> => ({
    ...toQueueStatus(await engine.status(), (await readUsage()).totals),
    blocked: (await describeCredentials(hasHostPermission)).blocked,
  });
  const credentials = async () => credentialsStatus(await engine.status(), hasHostPermission);
  // One prune at a time, each after the previous: a retention saved during a prune is applied next.
  let pruning: Promise<number> = Promise.resolve(0);
  const prune = () => {
    pruning = pruning
      .catch(() => 0)
      .then(async () => {
        const { maxCount, maxAgeDays } = await retentionItem.getValue();
        const removed = await queue.prune({ maxCount, maxAgeMs: maxAgeDays * DAY_MS });
        // The other personal data the retention covers: import files and an abandoned popup draft.
        await applyBulkRetention().catch(() => 0);
        if (!freshDraft(await popupDraftItem.getValue())) await popupDraftItem.setValue(null);
        return removed;
      });
    return pruning;
  };

  onMessage("getCredentialsStatus", guard(NoData, credentials));
  onMessage(
    "forgetToken",
    guard(NoData, async () => {
      await forgetToken();
      await connectionCheckItem.setValue(null);
      return credentials();
    }),
  );
  onMessage(
    "dismissTamperAlert",
    guard(NoData, async () => {
      await tamperAlertItem.setValue(null);
      return credentials();
    }),
  );
  onMessage(
    "clearHistory",
    guard(NoData, async () => {
      // Every finished op (nothing queued or under way), the finished imports with their files, the draft.
      const removed = await queue.prune({ maxCount: 0, maxAgeMs: 0 });
      await applyBulkRetention(Date.now(), true);
      await popupDraftItem.setValue(null);
      return { removed };
    }),
  );
  onMessage(
    "saveCredentials",
    guard(SaveCredentialsSchema, async (data) => {
      const result = await saveCredentials(data, (pattern) =>
        browser.permissions.contains({ origins: [pattern] }),
      );
      if (result.ok) {
        // The last check was of the credentials just replaced; the page asks for a new one (checkConnection).
        await connectionCheckItem.setValue(null);
        await engine.resume();
        wake();
      }
      return result;
    }),
  );
  onMessage(
    "checkConnection",
    guard(NoData, async () => {
      await runConnectionCheck(hasHostPermission, limiter);
      return credentials();
    }),
  );
  onMessage("enqueue", guard(EnqueueSchema, enqueue));
  onMessage("getQueueStatus", guard(NoData, status));
  onMessage(
    "getJob",
    guard(JobQuerySchema, ({ jobId }) => queue.listByJob(jobId)),
  );
  onMessage(
    "retry",
    guard(RetrySchema, async (target) => {
      const count = await queue.retry(
        "ids" in target
          ? target.ids
          : "jobId" in target
            ? { jobId: target.jobId, state: target.state }
            : "allFailed",
      );
      wake();
      return { count };
    }),
  );
  onMessage(
    "resume",
    guard(NoData, async () => {
      await engine.resume();
      wake();
      return status();
    }),
  );

  onMessage(
    "listHistory",
    guard(HistoryQuerySchema, async (query) => {
      const page = await queue.search(query);
      return { ...page, items: page.items.map(toHistoryRow) };
    }),
  );
  onMessage(
    "getUsage",
    guard(NoData, async () => ({
      ...usageReport(await readUsage(), Date.now()),
      share: limiter.snapshot().share,
    })),
  );
  onMessage(
    "getRetention",
    guard(NoData, () => retentionItem.getValue()),
  );
  onMessage(
    "setRetention",
    guard(SetRetentionSchema, async (retention) => {
      await retentionItem.setValue(retention);
      return { retention, removed: await prune() };
    }),
  );

  onMessage(
    "detectContacts",
    guard(DetectContactsSchema, ({ tabId }) => detectInTab(tabId)),
  );
  onMessage(
    "getJobProgress",
    guard(JobQuerySchema, ({ jobId }) => queue.jobProgress(jobId)),
  );
  onMessage(
    "pauseJob",
    guard(JobQuerySchema, ({ jobId }) => queue.pauseJob(jobId)),
  );
  onMessage(
    "resumeJob",
    guard(JobQuerySchema, async ({ jobId }) => {
      const progress = await queue.resumeJob(jobId);
      wake();
      return progress;
    }),
  );
  onMessage(
    "cancelJob",
    guard(JobQuerySchema, ({ jobId }) => queue.cancelJob(jobId)),
  );
  onMessage(
    "listJobOps",
    guard(JobPageSchema, ({ jobId, afterId, limit }) => queue.listJob(jobId, { afterId, limit })),
  );
  onMessage(
    "listJobStates",
    guard(JobPageSchema, async ({ jobId, afterId, limit }) => {
      const { items, next, unreadable } = await queue.listJob(jobId, { afterId, limit });
      return { items: items.map(({ id, state }) => ({ id, state })), next, unreadable };
    }),
  );
  // The one message a content script sends: it holds no secret, and its answer is validated on return.
  onMessage("getDetectionOptions", async ({ sender }) => {
    if (sender.id !== browser.runtime.id) throw new Error("Unknown sender.");
    const { region, ignore } = await detectionSettingsItem.getValue();
    return { region, ignore };
  });

  // This version keeps nothing in storage.local: a value written there came from a web page's content
  // script. It is deleted (nothing reads it) and the options page says so.
  browser.storage.onChanged.addListener((changes, area) => {
    const keys = area === "local" ? writtenKeys(changes) : [];
    if (keys.length === 0) return;
    void tamperAlertItem
      .setValue({ at: Date.now(), keys: keys.slice(0, 50).map((key) => key.slice(0, 200)) })
      .then(() => browser.storage.local.remove(keys));
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    void handleMenuClick(info, tab?.id);
  });
  presetsItem.watch((presets) => void buildMenu(presets ?? []));
  detectionSettingsItem.watch((settings) => void syncCrmSites(settings?.enabledSites ?? []));
  browser.permissions.onRemoved?.addListener(() => {
    void detectionSettingsItem.getValue().then((settings) => syncCrmSites(settings.enabledSites));
  });
  const setUpOnce = async (reason: string) => {
    // Settings an older version kept in storage.local move to the private store before anything reads them.
    if (reason === "update") await moveLegacyItems().catch(() => []);
    await buildMenu(await presetsItem.getValue());
    await syncCrmSites((await detectionSettingsItem.getValue()).enabledSites);
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) wake();
  });
  browser.runtime.onStartup.addListener(wake);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PRUNE_ALARM) void prune();
  });
  browser.runtime.onStartup.addListener(() => void prune());
  browser.runtime.onInstalled.addListener(() => void prune());
  browser.runtime.onInstalled.addListener(({ reason }) => {
    void setUpOnce(reason);
    wake();
  });
  wake();
  void ensureDailyPrune();
  return { handleMenuClick };
}

/** The usage report: today, the last `days` local days (today first, zeros included), and the totals. */
export function usageReport(usage: Usage, now: number, days = USAGE_DAYS): Omit<UsageReport, "share"> {
  const zero = (): UsageCounters => ({ requests: 0, leads: 0, rateLimited: 0 });
  const date = new Date(now);
  const list = Array.from({ length: days }, (_, back) => {
    // Noon of each day: stepping whole days this way is immune to daylight-saving changes.
    const day = dayKey(new Date(date.getFullYear(), date.getMonth(), date.getDate() - back, 12).getTime());
    return { day, counters: usage.days[day] ?? zero() };
  });
  return { today: usage.days[dayKey(now)] ?? zero(), days: list, totals: usage.totals };
}

/** Sets the daily prune alarm unless it is set: the browser may drop alarms when it restarts. */
async function ensureDailyPrune(): Promise<void> {
  if (await browser.alarms.get(PRUNE_ALARM)) return;
  await browser.alarms.create(PRUNE_ALARM, { delayInMinutes: 24 * 60, periodInMinutes: 24 * 60 });
}

async function credentialsStatus(
  engine: EngineStatus,
  hasHostPermission: (pattern: string) => Promise<boolean>,
): Promise<CredentialsStatus> {
  const described = await describeCredentials(hasHostPermission);
  const last = lastRequest(engine);
  // Without usable credentials there is nothing to be connected with: `blocked` says why.
  const usable = described.hasToken && described.siteId !== "" && described.blocked === null;
  return {
    ...described,
    lastRequest: last,
    paused: engine.paused,
    tamper: await tamperAlertItem.getValue(),
    connection: usable ? currentConnection(await connectionCheckItem.getValue(), last, Date.now()) : null,
  };
}

/** The keys of a storage change that were written (not removed). */
export function writtenKeys(changes: Record<string, { newValue?: unknown }>): string[] {
  return Object.entries(changes)
    .filter(([, change]) => change.newValue !== undefined)
    .map(([key]) => key);
}

function toQueueStatus(engine: EngineStatus, totals: QueueStatus["totals"]): QueueStatus {
  return {
    counts: engine.counts,
    paused: engine.paused,
    lastRequest: lastRequest(engine),
    hold: engine.hold,
    totals,
  };
}

function lastRequest(engine: EngineStatus): CredentialsStatus["lastRequest"] {
  const { lastError, lastSuccessAt } = engine;
  if (lastError && (lastSuccessAt === null || lastError.at > lastSuccessAt)) {
    return { ok: false, at: lastError.at, kind: lastError.kind, message: lastError.message };
  }
  return lastSuccessAt === null ? null : { ok: true, at: lastSuccessAt };
}

async function showBadge(summary: EngineSummary): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  const badge = badgeFor(summary.counts, summary.paused);
  await action.setBadgeText({ text: badge.text });
  await action.setBadgeBackgroundColor({ color: badge.color });
}

async function schedule(at: number | null): Promise<void> {
  if (at === null) {
    await browser.alarms.clear(ALARM);
    return;
  }
  await browser.alarms.create(ALARM, { when: Math.max(at, Date.now() + MIN_ALARM_DELAY_MS) });
}
