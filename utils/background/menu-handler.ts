/** What a click on "Tag this lead" does: contacts → the preset's operation → the engine → a notification. */
import { browser } from "wxt/browser";
import type { Method } from "../calltouch/schemas";
import type { CountryCode } from "../detect";
import { type MessageKey, t } from "../i18n";
import { liveStateOf, liveText } from "../live-state";
import type { DetectReply, EnqueueRequest } from "../messaging";
import { pauseText } from "../pause-text";
import type { EnginePause } from "../sending/engine-state";
import { isSettled, type OpRecord } from "../sending/types";
import { detectionSettingsItem, type Preset, presetsItem, privacySettingsItem } from "../storage";
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
  /** Whether notifications may name the lead's phones and emails (the OS notification centre keeps them). */
  showContacts?: () => Promise<boolean>;
  /** How long to wait for Calltouch's answer before saying the lead is queued. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Creates the click handler; it resolves with the notice it showed (null when it opened the options). */
export function createMenuHandler(deps: MenuHandlerDeps) {
  const {
    presets = () => presetsItem.getValue(),
    region = async () => (await detectionSettingsItem.getValue()).region,
    notify = showNotification,
    showContacts = async () => (await privacySettingsItem.getValue()).notificationContacts,
    waitMs = 60_000,
    pollMs = 300,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = deps;

  const resultOf = async (jobId: string, count: number): Promise<string> => {
    let ops: OpRecord[] = [];
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(pollMs)) {
      ops = await deps.listJob(jobId);
      if (ops.length >= count && ops.every(isSettled)) return describeOutcome(ops);
      const pause = await deps.paused();
      if (pause) return t("notifyPaused", pauseText(pause, "notification"));
    }
    // Still on its way: a lead that Calltouch keeps failing says so, with the next try, not just "queued".
    const state = liveStateOf(ops, null);
    return state.kind === "retrying" ? t("notifyStillRetrying", liveText(state)) : t("notifyStillQueued");
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
    const title = (await showContacts()) ? `${preset.name}: ${label}` : preset.name;
    const operations = operationFromPreset(preset, contacts);
    if (!operations) return say({ title, message: t("notifyPresetUnusable") });
    const { jobId } = await deps.enqueue({
      source: "menu",
      ops: operations.map((operation) => ({ operation, label })),
    });
    return say({ title, message: await resultOf(jobId, operations.length) });
  };
}

const PART_NAMES: Record<Method, MessageKey> = {
  customFields: "notifyPartFields",
  tags: "notifyPartTags",
  comment: "notifyPartComment",
};

/**
 * One sentence for the settled ops of a click: the first problem, else what was written where
 * ("Written to call 1001: fields, tags, comment."). A preset of fields alone keeps the short sentence.
 */
function describeOutcome(ops: OpRecord[]): string {
  const state = liveStateOf(ops, null);
  if (state.kind === "notFound") return t("notifyNotMatched");
  if (state.kind === "uncertain") return t("notifyUncertain");
  if (state.kind === "failed") return t("notifyFailedReason", state.error.text);
  const call = ops.find((op) => op.result?.callInfo?.callId)?.result?.callInfo?.callId;
  const request = ops.find((op) => op.result?.requestInfo?.requestId)?.result?.requestInfo?.requestId;
  const fieldsOnly = ops.length === 1 && ops[0]?.method === "customFields";
  if (fieldsOnly) {
    if (call) return t("notifyDoneCall", call);
    if (request) return t("notifyDoneRequest", request);
    return t("notifyDone");
  }
  const parts = ops.map((op) => t(PART_NAMES[op.method])).join(", ");
  if (call) return t("notifyDoneCallParts", [call, parts]);
  if (request) return t("notifyDoneRequestParts", [request, parts]);
  return t("notifyDoneParts", parts);
}

async function showNotification(notice: Notice): Promise<void> {
  await browser.notifications.create({
    type: "basic",
    iconUrl: browser.runtime.getURL("/icon/128.png"),
    title: notice.title,
    message: notice.message,
  });
}
