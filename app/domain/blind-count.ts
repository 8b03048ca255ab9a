// Blind counting: what of the book a filler may read while its stock is being counted. Pure.
//
// A count is blind from scheduling until it is submitted (and a line asked to be recounted stays
// blind until the recount is in). While it is, the filler reads nothing of the book of any
// facility × item × lot the count covers: not its quantity, not its movements (the ledger would add
// up to it), not its consumption, and not the days of cover of its item, which adds every lot of the
// item together. A count covers, at its facility:
//   - a full count: every item × lot;
//   - a cycle count: every lot of the items of its ABC class, including stock that reached the book
//     after the count was scheduled;
//   - any count: the lines on it, including those the counter added (stock found off the list).
// Staff read everything. The server applies the rule in SQL (inventory.server.ts, blindStock) so the
// ledger's pages stay whole; this module holds the statuses and what a row of the book shows.

import type { CountLineStatus, CountStatus } from "./inventory";

/** Count statuses in which the whole count is still blind to the filler. */
export const BLIND_COUNT_STATUSES: readonly CountStatus[] = ["scheduled", "in_progress", "submitted"];

/** A line in this status (its count: recount_requested) is blind until its recount is in. */
export const BLIND_LINE_STATUS: CountLineStatus = "recount_requested";

export function isBlindCount(status: CountStatus): boolean {
  return BLIND_COUNT_STATUSES.includes(status);
}

export interface BookRowFigures {
  itemId: string;
  quantity: string;
  consumed28: string;
  /** the facility × item × lot is in a count still blind to the reader */
  blind: boolean;
}

/**
 * What the reader sees of each row of a facility's book: a blind row has no quantity and no
 * consumption, and no row of an item with a blind lot has days of cover (it adds up all the lots).
 */
export function shownBook<T extends BookRowFigures>(
  rows: T[],
  cover: Map<string, number | null>,
): (Omit<T, "quantity" | "consumed28"> & { quantity: string | null; consumed28: string | null; onCount: boolean; daysOfCover: number | null })[] {
  const blindItems = new Set(rows.filter((r) => r.blind).map((r) => r.itemId));
  return rows.map((r) => ({
    ...r,
    quantity: r.blind ? null : r.quantity,
    consumed28: r.blind ? null : r.consumed28,
    onCount: r.blind,
    daysOfCover: blindItems.has(r.itemId) ? null : (cover.get(r.itemId) ?? null),
  }));
}
