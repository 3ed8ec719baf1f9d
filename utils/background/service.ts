/**
 * The background's work, wired to the browser: the protocol handlers, the send engine, its wake-up
 * alarm and the badge. `entrypoints/background.ts` only calls `setUpBackground()`.
 */
import { browser } from "wxt/browser";
import { z } from "zod";
import type { CalltouchClient } from "../calltouch/client";
import type { CountryCode } from "../detect";
import { type CredentialsStatus, onMessage, type QueueStatus } from "../messaging";
import {
  DetectContactsSchema,
  EnqueueSchema,
  JobQuerySchema,
  RetrySchema,
  SaveCredentialsSchema,
} from "../messaging-schemas";
import {
  createOpQueue,
  createRateLimiter,
  createSendEngine,
  createSessionLimiterStore,
  type EngineStatus,
  type EngineSummary,
} from "../sending";
import { detectionSettingsItem, presetsItem } from "../storage";
import { readUsage } from "../usage";
import { badgeFor } from "./badge";
import { clientForSavedCredentials, describeCredentials, saveCredentials } from "./credentials";
import { detectInTab } from "./detect";
import { buildMenu, type MenuClick } from "./menu";
import { createMenuHandler, type Notice } from "./menu-handler";
import { syncCrmSites } from "./sites";

const ALARM = "send";
/** Chrome does not fire alarms sooner than 30 s in a packed extension. */
const MIN_ALARM_DELAY_MS = 30_000;

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
  // The engine asks for the client before every request: read the credentials once, again after a save.
  let client: Promise<CalltouchClient | null> | undefined;
  const engine = createSendEngine({
    queue,
    limiter: createRateLimiter({ store: createSessionLimiterStore() }),
    getClient: () => {
      client ??= clientForSavedCredentials();
      return client;
    },
    // While work is pending an alarm stays set, so a worker stopped mid-send is woken to finish it.
    onChange: (summary) => void Promise.all([showBadge(summary), schedule(summary.nextWakeAt)]),
  });
  const wake = () => {
    void engine.pump().then(async (summary) => {
      await showBadge(summary);
      await schedule(summary.nextWakeAt);
    });
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
  const status = async (): Promise<QueueStatus> =>
    toQueueStatus(await engine.status(), (await readUsage()).totals);

  onMessage(
    "getCredentialsStatus",
    guard(NoData, async () => credentialsStatus(await engine.status())),
  );
  onMessage(
    "saveCredentials",
    guard(SaveCredentialsSchema, async (data) => {
      const result = await saveCredentials(data, (pattern) =>
        browser.permissions.contains({ origins: [pattern] }),
      );
      if (result.ok) {
        client = undefined;
        await engine.resume();
        wake();
      }
      return result;
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
      const count = await queue.retry("ids" in target ? target.ids : "allFailed");
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
    "detectContacts",
    guard(DetectContactsSchema, ({ tabId }) => detectInTab(tabId)),
  );
  // The one message a content script sends: it holds no secret, and its answer is validated on return.
  onMessage("getDetectionOptions", async ({ sender }) => {
    if (sender.id !== browser.runtime.id) throw new Error("Unknown sender.");
    const { region, ignore } = await detectionSettingsItem.getValue();
    return { region: region as CountryCode, ignore };
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    void handleMenuClick(info, tab?.id);
  });
  presetsItem.watch((presets) => void buildMenu(presets ?? []));
  detectionSettingsItem.watch((settings) => void syncCrmSites(settings?.enabledSites ?? []));
  browser.permissions.onRemoved?.addListener(() => {
    void detectionSettingsItem.getValue().then((settings) => syncCrmSites(settings.enabledSites));
  });
  const setUpOnce = async () => {
    await buildMenu(await presetsItem.getValue());
    await syncCrmSites((await detectionSettingsItem.getValue()).enabledSites);
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) wake();
  });
  browser.runtime.onStartup.addListener(wake);
  browser.runtime.onInstalled.addListener(() => {
    void setUpOnce();
    wake();
  });
  wake();
  return { handleMenuClick };
}

async function credentialsStatus(engine: EngineStatus): Promise<CredentialsStatus> {
  return { ...(await describeCredentials()), lastRequest: lastRequest(engine), paused: engine.paused };
}

function toQueueStatus(engine: EngineStatus, totals: QueueStatus["totals"]): QueueStatus {
  return { counts: engine.counts, paused: engine.paused, lastRequest: lastRequest(engine), totals };
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
