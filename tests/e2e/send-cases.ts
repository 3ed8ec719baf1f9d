/**
 * What the send tests of both browsers (tests/e2e, tests/e2e-firefox) and the hostile-input suite share:
 * ops on generated phones, waiting for a job to settle, and the one exact-body check.
 */
import { expect } from "vitest";
import type { LeadOperation, Matching } from "../../utils/calltouch/schemas";
import type { EnqueueRequest } from "../../utils/messaging";
import type { BackgroundCaller } from "./api-session";
import { type inspectSandbox, type RecordedRequest, waitFor } from "./sandbox-client";

type QueuedOp = EnqueueRequest["ops"][number];

/** Matching by one phone, as the popup builds it for a contact. */
export const byPhone = (phone: string): Matching => [
  { type: "leadContact", leadContactParams: { phones: [phone] } },
];

/**
 * One op for each of `count` phones (`79990000000 + i`, the numbers of the sandbox's `generated` leads),
 * labelled with its phone; `operation` builds the op from the phone's matching and the index.
 */
export const phoneOps = (
  count: number,
  operation: (matching: Matching, i: number) => LeadOperation,
): QueuedOp[] =>
  Array.from({ length: count }, (_, i) => {
    const phone = String(79_990_000_000 + i);
    return { label: phone, operation: operation(byPhone(phone), i) };
  });

/** The ops of the job once none is queued or sending (60 s at the most). */
export const settledJob = (session: BackgroundCaller, jobId: string) =>
  waitFor(
    async () => {
      const ops = await session.call("getJob", { jobId });
      return ops.length > 0 && ops.every((op) => op.state !== "queued" && op.state !== "sending")
        ? ops
        : undefined;
    },
    60_000,
    `job ${jobId}`,
  );

/**
 * Enqueues one custom-field op with two matching rows and checks the one request the sandbox got (path,
 * the cabinet's headers for token `tok` and SiteId `777`, the body to the letter) and what the op records.
 */
export async function expectExactSend(session: BackgroundCaller, inspect: ReturnType<typeof inspectSandbox>) {
  const operation: LeadOperation = {
    method: "customFields",
    item: {
      matching: [
        { type: "call", callParams: { callId: 999_999 } },
        {
          type: "leadContact",
          leadContactParams: { phones: ["+7 (915) 777-11-22"], leadTypeToMatch: "nearest" },
        },
      ],
      addCustomFields: {
        overwrite: true,
        customFields: [
          { field: "deal_stage", value: "won" },
          { field: "revenue", value: 125000.5 },
        ],
      },
    },
  };
  const queued = await session.call("enqueue", {
    source: "test",
    jobId: "exact",
    ops: [{ operation, label: "+7 (915) 777-11-22" }],
  });
  expect(queued.ok).toBe(true);

  const [op] = await settledJob(session, "exact");
  const [request, ...more] = await inspect.requests();
  expect(more).toHaveLength(0);
  expect(request?.path).toBe("/lead-service/v1/api/customfield/lead/add");
  expect(request?.headers["access-token"]).toBe("tok");
  expect(request?.headers.siteid).toBe("777");
  expect(request?.body).toEqual({ leads: [operation.item] });
  expect(op).toMatchObject({ state: "done", result: { matchedType: "leadContact", added: true } });
  expect(op?.result?.callInfo?.callId).toBe("1001");
}

/**
 * The body the popup sends from the amoCRM fixture card with only "+7 915 777-11-22" kept, "Deal stage"
 * set to won and "1 250 000,50" typed in "Revenue" (a Russian number, read as 1250000.5).
 */
export const CARD_FIELDS_BODY = {
  leads: [
    {
      matching: byPhone("79157771122"),
      addCustomFields: {
        overwrite: false,
        customFields: [
          { field: "deal_stage", value: "won" },
          { field: "revenue", value: 1250000.5 },
        ],
      },
    },
  ],
};

/**
 * Checks that the request matched the amoCRM fixture card's own contacts (its phone and e-mail), and not
 * the company's line that the ignore list holds.
 */
export function expectCardContacts(request: RecordedRequest | undefined) {
  type Body = { leads: { matching: { leadContactParams: { phones: string[]; emails: string[] } }[] }[] };
  const params = (request?.body as Body | undefined)?.leads[0]?.matching[0]?.leadContactParams;
  expect(params?.phones).toContain("79157771122");
  expect(params?.phones).not.toContain("78005553535");
  expect(params?.emails).toContain("i.petrov@stroymarket.ru");
}
