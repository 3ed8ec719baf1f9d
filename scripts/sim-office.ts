/**
 * The limiter in a simulated office: N browsers behind one IP against a server that counts arrivals in a
 * sliding second, on a virtual clock, over many seeds. Prints, per setting, the group's throughput as the
 * server sees it (÷ the ceiling), the share of requests answered 429 and fairness (slowest browser's
 * speed ÷ the fastest's): mean and worst over the seeds. The last line is JSON.
 *
 *   npx tsx scripts/sim-office.ts [--seeds 16]
 */
import { parseArgs } from "node:util";
import { createVirtualClock } from "../tests/unit/sending/helpers";
import { type OfficeOptions, simulateOffice } from "../tests/unit/sending/office-sim";

const { values } = parseArgs({ options: { seeds: { type: "string", default: "16" } } });
const seeds = Number(values.seeds);

const LOOPBACK = { latency: [5, 30], jitter: [0, 5] } as const;
const INTERNET = { latency: [300, 900], jitter: [20, 120] } as const;
/** 2,000 leads per browser, as bench:send sends them: 20 requests of 100. */
const settings: { name: string; options: Omit<OfficeOptions, "seed"> }[] = [
  { name: "1 browser, loopback", options: { browsers: 1, requests: 60, ...LOOPBACK } },
  { name: "1 browser, internet", options: { browsers: 1, requests: 60, ...INTERNET } },
  { name: "3 browsers, loopback", options: { browsers: 3, requests: 20, ...LOOPBACK } },
  { name: "3 browsers, internet", options: { browsers: 3, requests: 20, ...INTERNET } },
  { name: "5 browsers, loopback", options: { browsers: 5, requests: 20, ...LOOPBACK } },
  { name: "3 browsers, loopback, 60 each", options: { browsers: 3, requests: 60, ...LOOPBACK } },
  // As on a busy machine: started within a second of each other, each request up to 40 ms late to the server.
  {
    name: "3 browsers, staggered",
    options: { browsers: 3, requests: 20, latency: [5, 30], jitter: [0, 40], startSpread: 1000 },
  },
  {
    name: "5 browsers, staggered",
    options: { browsers: 5, requests: 20, latency: [5, 30], jitter: [0, 40], startSpread: 1000 },
  },
  {
    name: "3 browsers, 429s counted",
    options: { browsers: 3, requests: 20, ...LOOPBACK, countRejected: true },
  },
];

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const figures = [];
for (const { name, options } of settings) {
  const ratio: number[] = [];
  const share429: number[] = [];
  const fair: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const result = await simulateOffice(createVirtualClock(), { ...options, seed });
    ratio.push(result.ceilingRatio);
    share429.push(result.rejected / (result.accepted + result.rejected));
    // Each browser's time from its own start: a browser started later is not slower for it.
    const took = result.finishedAt.map((t, i) => t - (result.startedAt[i] ?? 0));
    fair.push(Math.min(...took) / Math.max(...took));
  }
  const row = {
    name,
    ratio: { mean: r3(mean(ratio)), worst: r3(Math.min(...ratio)) },
    share429: { mean: r3(mean(share429)), worst: r3(Math.max(...share429)) },
    fairness: { mean: r3(mean(fair)), worst: r3(Math.min(...fair)) },
  };
  figures.push(row);
  console.log(
    `${name.padEnd(32)} ratio ${row.ratio.mean} (worst ${row.ratio.worst})  429 ${row.share429.mean} (worst ${row.share429.worst})  fairness ${row.fairness.mean} (worst ${row.fairness.worst})`,
  );
}
console.log(JSON.stringify({ seeds, figures }));
