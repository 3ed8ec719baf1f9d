import { describe, expect, it } from "vitest";
import { notConnectedReason } from "../../components/popup/use-connection";
import { leadOfPage } from "../../components/popup/use-draft";
import type { CredentialsStatus } from "../../utils/messaging";
import { credentialsStatus } from "../fixtures/answers";

const URL_A = "https://acme.amocrm.ru/leads/detail/1";
const URL_B = "https://acme.amocrm.ru/leads/detail/2";
const phone = (value: string, inCard = true) => ({ kind: "phone" as const, value, inCard });
const email = (value: string, inCard = true) => ({ kind: "email" as const, value, inCard });

describe("the lead a draft belongs to", () => {
  it.each([
    {
      case: "the same card on another URL",
      a: leadOfPage(URL_A, [phone("79157771122"), email("a@b.ru")]),
      b: leadOfPage(URL_B, [email("a@b.ru"), phone("79157771122")]),
      same: true,
    },
    {
      case: "the same card, other contacts elsewhere on the page",
      a: leadOfPage(URL_A, [phone("79157771122"), phone("74956401234", false)]),
      b: leadOfPage(URL_A, [phone("79157771122")]),
      same: true,
    },
    {
      case: "another card on the same URL (a CRM that swaps the card in place)",
      a: leadOfPage(URL_A, [phone("79157771122")]),
      b: leadOfPage(URL_A, [phone("79260001122")]),
      same: false,
    },
    {
      case: "a card that lost one of its contacts",
      a: leadOfPage(URL_A, [phone("79157771122"), phone("79161234567")]),
      b: leadOfPage(URL_A, [phone("79157771122")]),
      same: false,
    },
    {
      case: "no card: the same page with the same contacts",
      a: leadOfPage(URL_A, [phone("79157771122", false)]),
      b: leadOfPage(URL_A, [phone("79157771122", false)]),
      same: true,
    },
    {
      case: "no card: another page with the same contacts",
      a: leadOfPage(URL_A, [phone("79157771122", false)]),
      b: leadOfPage(URL_B, [phone("79157771122", false)]),
      same: false,
    },
  ])("$case → same lead: $same", ({ a, b, same }) => {
    expect(a === b).toBe(same);
  });
});

const status = (change: Partial<CredentialsStatus>) =>
  credentialsStatus({
    tokenHost: "api.calltouch.ru",
    siteId: "777",
    apiBaseUrl: "https://api.calltouch.ru",
    connection: null,
    ...change,
  });

describe("why the popup cannot send", () => {
  it.each([
    { case: "no token", change: { hasToken: false }, reason: "popupNotConnectedNoToken" },
    {
      case: "token for another API host",
      change: { blocked: { reason: "originMismatch", tokenHost: "a", apiHost: "b" } as const },
      reason: "popupNotConnectedBlocked",
    },
    {
      case: "token refused",
      change: { connection: { state: "tokenRefused", at: 1 } as const },
      reason: "popupNotConnectedRefused",
    },
    {
      case: "SiteId refused",
      change: { connection: { state: "siteIdRefused", at: 1 } as const },
      reason: "popupNotConnectedRefused",
    },
    {
      case: "unreachable (may pass)",
      change: { connection: { state: "unreachable", at: 1 } as const },
      reason: null,
    },
    { case: "never checked", change: {}, reason: null },
    { case: "connected", change: { connection: { state: "connected", at: 1 } as const }, reason: null },
  ])("$case → $reason", ({ change, reason }) => {
    expect(notConnectedReason(status(change))).toBe(reason);
  });
});
