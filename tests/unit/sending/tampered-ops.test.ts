/**
 * Tampered storage, op by op: every field of a stored op, set to each kind of wrong value, in each state an
 * op can be left in. Whatever the record holds, nothing the queue, the history or the engine does throws,
 * the other ops are sent, and nothing stays queued or sending, or counted so in total or in its job, for
 * ever (the badge and the import would wait on it).
 */
import { beforeEach, expect, it } from "vitest";
import { getDb } from "../../../utils/db";
import { createOpQueue, type OpUpdate } from "../../../utils/sending/queue";
import {
  addedResult,
  createVirtualClock,
  createVirtualEngine,
  newOps,
  resetDb,
  type VirtualClock,
} from "./helpers";

let clock: VirtualClock;
beforeEach(async () => {
  await resetDb();
  clock = createVirtualClock();
});

const FIELDS = [
  "jobId",
  "source",
  "method",
  "item",
  "label",
  "state",
  "attempts",
  "notBefore",
  "createdAt",
  "updatedAt",
  "result",
  "error",
  "seqKey",
  "runId",
  "unknownOutcome",
] as const;
const VALUES = {
  missing: undefined,
  text: "evil",
  null: null,
  number: 7,
  object: { a: 1 },
  array: [1],
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
} as const;
/** Where the op was when its record was changed: waiting, on its way in a dead worker's request, or settled. */
const STATES = ["queued", "sending", "failed", "uncertain", "done"] as const;

const cases = FIELDS.flatMap((field) =>
  Object.keys(VALUES).flatMap((value) => STATES.map((state) => [field, value, state] as const)),
);

it.each(cases)("an op with %s set to %s while %s", async (field, valueName, state) => {
  const queue = createOpQueue({ now: clock.now });
  const ids = await queue.enqueue(newOps(4, { method: "comment" }));
  const db = await getDb();
  if (state !== "queued") {
    // A worker took the ops and its request left; it died, or its answers were written.
    const taken = await queue.takeBatch({ runId: "dead", now: clock.now(), max: 4 });
    const departure = await queue.markDeparted(
      "dead",
      taken.map((op) => op.id),
      clock.now(),
    );
    if (state !== "sending") {
      const updates = taken.map(
        (op): OpUpdate =>
          state === "done"
            ? { id: op.id, state, result: addedResult }
            : { id: op.id, state, error: { kind: "rejected", message: "no" } },
      );
      await queue.complete("dead", updates, departure);
    }
  }
  // The counters are kept from here on (until first read, they are counted from the ops): the check below
  // must see what the tallies did, not a fresh count.
  await queue.counts();
  await queue.jobProgress("job-1");
  const target = ids[1] ?? -1;
  const record: Record<string, unknown> = { ...(await db.get("ops", target)) };
  if (valueName === "missing") delete record[field];
  else record[field] = VALUES[valueName as keyof typeof VALUES];
  await db.put("ops", record as never);
  clock.set(clock.now() + 60_000);

  const thrown: string[] = [];
  const attempt = async (name: string, run: () => Promise<unknown>) => {
    await run().catch((error: unknown) => thrown.push(`${name}: ${String(error)}`));
  };
  const { engine, fake } = createVirtualEngine(clock, queue, { runId: "next" });
  await attempt("pump", () => clock.run(engine.pump()));
  await attempt("listJob", () => queue.listJob("job-1", { limit: 10 }));
  await attempt("search", () => queue.search({ limit: 10, state: "failed", text: "915" }));
  await attempt("retry", () => queue.retry("allFailed"));
  await attempt("retry by id", () => queue.retry([target]));
  await attempt("retry uncertain", () => queue.retry({ jobId: "job-1", state: "uncertain" }));
  await attempt("pump again", () => clock.run(engine.pump()));
  await attempt("prune", () => queue.prune({ maxCount: 1, maxAgeMs: 1000 }));
  expect(thrown).toEqual([]);

  const stuck: string[] = [];
  for (const id of ids) {
    const op: { state?: unknown } | undefined = await db.get("ops", id);
    if (op?.state === "queued" || op?.state === "sending") stuck.push(`op ${id}: ${op.state}`);
  }
  const counts = await queue.counts();
  if (counts.queued + counts.sending > 0) stuck.push(`counted: ${JSON.stringify(counts)}`);
  const job = (await queue.jobProgress("job-1")).counts;
  if (job.queued + job.sending > 0) stuck.push(`job counted: ${JSON.stringify(job)}`);
  expect(stuck).toEqual([]);
  // The other ops waiting were sent.
  if (state === "queued") expect(fake.calls.flatMap((call) => call.items).length).toBeGreaterThanOrEqual(3);
});
