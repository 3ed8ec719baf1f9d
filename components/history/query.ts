/** The history page's filters and the `listHistory` query they stand for. */
import type { z } from "zod";
import type { HistoryQuerySchema } from "../../utils/messaging-schemas";
import type { OpState } from "../../utils/sending/types";

export type HistoryQueryInput = z.input<typeof HistoryQuerySchema>;

/** The filters as the inputs hold them: dates are `yyyy-mm-dd` (blank: no bound), `state` "" is every state. */
export interface HistoryFilters {
  state: OpState | "";
  from: string;
  to: string;
  text: string;
}

export const NO_FILTERS: HistoryFilters = { state: "", from: "", to: "", text: "" };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of a `yyyy-mm-dd` day (`offsetDays` later), or undefined for a blank or bad value. */
export function dayStart(value: string, offsetDays = 0): number | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const time = new Date(year, month - 1, day + offsetDays).getTime();
  return Number.isNaN(time) ? undefined : time;
}

/** The error code of filters that cannot match anything, or null. */
export function filtersError(filters: HistoryFilters): "dateOrder" | null {
  const from = dayStart(filters.from);
  const to = dayStart(filters.to);
  return from !== undefined && to !== undefined && to < from ? "dateOrder" : null;
}

/** The query for one call: `to` is inclusive for the user, so the range ends at the next day's midnight. */
export function toHistoryQuery(filters: HistoryFilters, limit: number, before?: number): HistoryQueryInput {
  const from = dayStart(filters.from);
  const to = dayStart(filters.to, 1);
  const text = filters.text.trim();
  return {
    limit,
    ...(before !== undefined ? { before } : {}),
    ...(filters.state ? { state: filters.state } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(text ? { text } : {}),
  };
}
