/** What a click on "Tag this lead" does: contacts → the preset's operation → the engine → a notification. */
import { browser } from "wxt/browser";
import type { CountryCode } from "../detect";
import { t } from "../i18n";
import type { DetectReply, EnqueueRequest } from "../messaging";
import type { EnginePause } from "../sending/engine-state";
import type { OpRecord } from "../sending/types";
import { detectionSettingsItem, type Preset, presetsItem } from "../storage";
import {
  cardContacts,
  contactsFromClick,
  describeContacts,
  isOpenOptions,
  type MenuClick,
  operationFromPreset,
  presetIdOf,
} from "./menu";

export interface Notice {
  title: string;
  message: string;
}

export interface MenuHandlerDeps {
  enqueue(request: EnqueueRequest): Promise<{ jobId: string }>;
  detect(tabId: number): Promise<DetectReply>;
  listJob(jobId: string): Promise<OpRecord[]>;
  paused(): Promise<EnginePause | null>;
  openOptions(): Promise<void>;
  presets?: () => Promise<Preset[]>;
  region?: () => Promise<CountryCode>;
  notify?: (notice: Notice) => Promise<void>;
  /** How long to wait for Calltouch's answer before saying the lead is queued. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Creates the click handler; it resolves with the notice it showed (null when it opened the options). */
export function createMenuHandler(deps: MenuHandlerDeps) {
  const {
    presets = () => presetsItem.getValue(),
    region = async () => (await detectionSettingsItem.getValue()).region as CountryCode,
    notify = showNotification,
    waitMs = 60_000,
    pollMs = 300,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = deps;

  const resultOf = async (jobId: string): Promise<string> => {
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(pollMs)) {
      const [op] = await deps.listJob(jobId);
      if (op && op.state !== "queued" && op.state !== "sending") return describeOutcome(op);
      const pause = await deps.paused();
      if (pause) return t("notifyPaused", pauseText(pause));
    }
    return t("notifyStillQueued");
  };

  return async (click: MenuClick, tabId: number | undefined): Promise<Notice | null> => {
    if (isOpenOptions(click)) {
      await deps.openOptions();
      return null;
    }
    const say = async (notice: Notice) => {
      await notify(notice);
      return notice;
    };
    const presetId = presetIdOf(click);
    const preset = (await presets()).find((p) => p.id === presetId);
    if (!preset) return say({ title: t("extName"), message: t("notifyPresetMissing") });

    let contacts = contactsFromClick(click, await region());
    if (!contacts && tabId !== undefined) {
      const detected = await deps.detect(tabId);
      contacts = detected.ok ? cardContacts(detected.result) : null;
    }
    if (!contacts) return say({ title: preset.name, message: t("notifyNothingSelected") });

    const label = describeContacts(contacts);
    const operation = operationFromPreset(preset, contacts);
    if (!operation) return say({ title: `${preset.name}: ${label}`, message: t("notifyPresetUnusable") });
    const { jobId } = await deps.enqueue({ source: "menu", ops: [{ operation, label }] });
    return say({ title: `${preset.name}: ${label}`, message: await resultOf(jobId) });
  };
}

function describeOutcome(op: OpRecord): string {
  if (op.state === "notMatched") return t("notifyNotMatched");
  if (op.state === "failed") return t("notifyFailed", op.error?.message ?? op.result?.error ?? "");
  const call = op.result?.callInfo?.callId;
  const request = op.result?.requestInfo?.requestId;
  if (call) return t("notifyDoneCall", call);
  if (request) return t("notifyDoneRequest", request);
  return t("notifyDone");
}

function pauseText(pause: EnginePause): string {
  if (pause.reason === "auth") return t("notifyPausedAuth");
  if (pause.reason === "quota") return t("notifyPausedQuota");
  return t("notifyPausedNoCredentials");
}

async function showNotification(notice: Notice): Promise<void> {
  await browser.notifications.create({
    type: "basic",
    iconUrl: browser.runtime.getURL("/icon/128.png"),
    title: notice.title,
    message: notice.message,
  });
}
