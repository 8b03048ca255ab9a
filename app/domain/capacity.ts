// Partner capacity: what a facility's resource (a production line) can make per ISO week, the load
// on it (confirmed PO quantity whose current committed date falls in the week), utilisation bands,
// the over-capacity warning for an acknowledgement, where N units would fit, and staleness.
// Pure: no I/O, no clock (today is passed in as YYYY-MM-DD). Quantities are exact decimal strings.
import { addDecimals, compareDecimal } from "./po";
import { compareWeeks, daysBetween, isoWeekOf, weekRange, type IsoWeek } from "./iso-week";

export const UTILISATION_BANDS = ["under_70", "70_90", "90_100", "over_100"] as const;
export type UtilisationBand = (typeof UTILISATION_BANDS)[number];

export const BAND_LABELS: Record<UtilisationBand, string> = {
  under_70: "Under 70%",
  "70_90": "70–90%",
  "90_100": "90–100%",
  over_100: "Over 100%",
};

/** Tenants can change it; this is the age (days since capacity was last confirmed) used when they haven't. */
export const DEFAULT_CAPACITY_MAX_AGE_DAYS = 14;
/** Weeks in the rolling horizon partners declare capacity for. */
export const DEFAULT_HORIZON_WEEKS = 26;

const ZERO = "0";

/** a − b, exact, 3 decimals (addDecimals(a, "-" + b) breaks when b is already negative). */
export function subtractDecimals(a: string, b: string): string {
  const t = b.trim();
  return addDecimals(a, t.startsWith("-") ? t.slice(1) : "-" + t);
}

/** a + b + …, exact, 3 decimals; "0.000" for none. */
export function sumDecimals(values: readonly string[]): string {
  return values.reduce((sum, v) => addDecimals(sum, v), "0.000");
}

/**
 * demand ÷ capacity as a number (1 = 100%). null when capacity is 0 and there is no demand (0, or a
 * negative figure, which can only be a data error); Infinity when capacity is 0 and demand is above 0.
 * The quotient is computed from the exact scaled integers, so 700 ÷ 1000 is exactly the number 0.7 and
 * band() never puts a week in the wrong band at 70%, 90% or 100%.
 */
export function utilisation(demand: string, capacity: string): number | null {
  if (compareDecimal(capacity, ZERO) === 0) return compareDecimal(demand, ZERO) > 0 ? Infinity : null;
  // both at 3 decimals, as integers of thousandths: exact in a double up to 9e15 thousandths
  const d = thousandths(demand);
  const c = thousandths(capacity);
  return Number(d) / Number(c);
}

function thousandths(v: string): bigint {
  return BigInt(addDecimals(v, ZERO).replace(".", ""));
}

/** An integer of thousandths written as a quantity with 3 decimals, as addDecimals writes it. */
function fromThousandths(n: bigint): string {
  const digits = (n < 0n ? -n : n).toString().padStart(4, "0");
  return `${n < 0n ? "-" : ""}${digits.slice(0, -3)}.${digits.slice(-3)}`;
}

/**
 * The band for a utilisation: < 0.70 under_70; 0.70 ≤ u < 0.90 70_90; 0.90 ≤ u ≤ 1.00 90_100;
 * > 1.00 over_100 (exactly 100% is full, not over). null for null (no capacity, no demand) or NaN.
 */
export function band(u: number | null): UtilisationBand | null {
  if (u === null || Number.isNaN(u)) return null;
  if (u < 0.7) return "under_70";
  if (u < 0.9) return "70_90";
  if (u <= 1) return "90_100";
  return "over_100";
}

/** capacity − demand, exact, 3 decimals; negative when the week is over capacity. */
export function openCapacity(capacity: string, demand: string): string {
  return subtractDecimals(capacity, demand);
}

export interface OverCommitment {
  week: IsoWeek;
  capacity: string;
  demandAfter: string;
  /** demandAfter − capacity, above 0 */
  over: string;
}

/**
 * The over-capacity check for an acknowledgement at one facility and resource. `weeks` holds each
 * week's declared capacity (null: none declared) and current demand; `change` is what the answer would
 * do to demand, signed, per week (several entries for one week are summed; a reduction is negative).
 * Returns every week that would END over capacity, by how much, in week order: including weeks that
 * are over already (the partner should know before adding to them). A week with no declared capacity
 * is never over, and neither is a change for a week not listed in `weeks`. Exactly full is not over.
 * Throws on a week listed twice.
 */
export function overCommitments(weeks: { week: IsoWeek; capacity: string | null; demand: string }[], change: { week: IsoWeek; quantity: string }[]): OverCommitment[] {
  const delta = new Map<IsoWeek, string>();
  for (const c of change) delta.set(c.week, addDecimals(delta.get(c.week) ?? ZERO, c.quantity));
  const seen = new Set<IsoWeek>();
  const result: OverCommitment[] = [];
  for (const w of weeks) {
    if (seen.has(w.week)) throw new Error(`Week ${w.week} is listed twice.`);
    seen.add(w.week);
    if (w.capacity === null) continue;
    const demandAfter = addDecimals(w.demand, delta.get(w.week) ?? ZERO);
    if (compareDecimal(demandAfter, w.capacity) > 0)
      result.push({ week: w.week, capacity: addDecimals(w.capacity, ZERO), demandAfter, over: subtractDecimals(demandAfter, w.capacity) });
  }
  return result.sort((a, b) => compareWeeks(a.week, b.week));
}

/**
 * What answering some PO lines does to demand, per week: a line's quantity leaves the week of its
 * current committed date (`before`) and lands in the week of its new one (`after`). null: the line is
 * not in demand on that side (not yet confirmed before, or rejected/cancelled after). Only weeks whose
 * demand changes are returned, in week order, with signed quantities.
 */
export function demandChange(lines: { before: { date: string; quantity: string } | null; after: { date: string; quantity: string } | null }[]): { week: IsoWeek; quantity: string }[] {
  const delta = new Map<IsoWeek, string>();
  const add = (date: string, quantity: string) => {
    const week = isoWeekOf(date);
    delta.set(week, addDecimals(delta.get(week) ?? ZERO, quantity));
  };
  for (const l of lines) {
    if (l.before) add(l.before.date, subtractDecimals(ZERO, l.before.quantity));
    if (l.after) add(l.after.date, l.after.quantity);
  }
  return [...delta]
    .filter(([, q]) => compareDecimal(q, ZERO) !== 0)
    .map(([week, quantity]) => ({ week, quantity }))
    .sort((a, b) => compareWeeks(a.week, b.week));
}

/** Demand per week from dated quantities (e.g. confirmed PO lines by committed date), in week order. */
export function weeklyDemand(lines: { date: string; quantity: string }[]): { week: IsoWeek; demand: string }[] {
  const byWeek = new Map<IsoWeek, string>();
  for (const l of lines) {
    const week = isoWeekOf(l.date);
    byWeek.set(week, addDecimals(byWeek.get(week) ?? ZERO, l.quantity));
  }
  return [...byWeek].map(([week, demand]) => ({ week, demand })).sort((a, b) => compareWeeks(a.week, b.week));
}

/**
 * "Where can I place N units in weeks from..to": per candidate (rows sharing a `key`, e.g. one
 * facility's resource), the sum over the weeks from..to (inclusive) of each week's open capacity, where
 * only a week with open capacity above 0 counts (an over-full week doesn't eat into the others).
 * `weeks` is how many weeks have open capacity. Only candidates with open ≥ quantity; most open first,
 * then by key. The other fields of T come from the candidate's first row. Rows for the same key and
 * week are added together. This is the rule; at plan scale findOpenCapacity has the database add up
 * each line's weeks the same way (held equal by the integration tests) and ranks with rankPlacements.
 */
export function placementCandidates<T extends { key: string }>(
  rows: (T & { week: IsoWeek; capacity: string; demand: string })[],
  quantity: string,
  from: IsoWeek,
  to: IsoWeek,
): (T & { open: string; weeks: number })[] {
  const candidates = new Map<string, { base: T; weeks: Map<IsoWeek, { capacity: string; demand: string }> }>();
  for (const row of rows) {
    if (compareWeeks(row.week, from) < 0 || compareWeeks(row.week, to) > 0) continue;
    let c = candidates.get(row.key);
    if (!c) {
      const { week: _w, capacity: _c, demand: _d, ...base } = row;
      c = { base: base as unknown as T, weeks: new Map() };
      candidates.set(row.key, c);
    }
    const w = c.weeks.get(row.week);
    c.weeks.set(row.week, w ? { capacity: addDecimals(w.capacity, row.capacity), demand: addDecimals(w.demand, row.demand) } : { capacity: row.capacity, demand: row.demand });
  }
  const result: (T & { open: string; weeks: number })[] = [];
  for (const { base, weeks } of candidates.values()) {
    let open = "0.000";
    let count = 0;
    for (const w of weeks.values()) {
      const o = openCapacity(w.capacity, w.demand);
      if (compareDecimal(o, ZERO) > 0) {
        open = addDecimals(open, o);
        count++;
      }
    }
    if (compareDecimal(open, quantity) >= 0) result.push({ ...base, open, weeks: count });
  }
  return result.sort((a, b) => compareDecimal(b.open, a.open) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface PlacementLine {
  /** facility|resource */
  key: string;
  facilityId: string;
  resource: string;
  /** open capacity of the line over the weeks, as placementCandidates adds it up */
  open: string;
  /** weeks with open capacity */
  weeks: number;
}

/**
 * The answer to "where can I place N units" from each production line's open capacity over the
 * weeks (placementCandidates' open and weeks, added up by the database at plan scale): single lines
 * (`per` resource), or facilities adding up their lines' open capacity (weeks: the most of any one
 * line), naming their lines most open first. Only those with open ≥ quantity; most open first, then by
 * key (the facility id for facilities).
 */
export function rankPlacements(lines: readonly PlacementLine[], quantity: string, per: "facility" | "resource"): (PlacementLine & { resources: string[] })[] {
  // compared and added as integers of thousandths: a tenant has thousands of lines
  type Candidate = PlacementLine & { resources: string[]; n: bigint };
  const byOpen = (a: Candidate, b: Candidate) => (a.n > b.n ? -1 : a.n < b.n ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const sorted: Candidate[] = lines.map((l) => ({ ...l, resources: [l.resource], n: thousandths(l.open) })).sort(byOpen);
  let found = sorted;
  if (per === "facility") {
    const perFacility = new Map<string, Candidate>();
    for (const l of sorted) {
      const had = perFacility.get(l.facilityId);
      if (!had) perFacility.set(l.facilityId, { ...l, key: l.facilityId });
      else {
        had.n += l.n;
        had.weeks = Math.max(had.weeks, l.weeks);
        had.resources.push(l.resource);
      }
    }
    found = [...perFacility.values()];
  }
  const need = thousandths(quantity);
  return found
    .filter((c) => c.n >= need)
    .sort(byOpen)
    .map(({ n, ...c }) => ({ ...c, open: fromThousandths(n) }));
}

/**
 * Stale when capacity was last confirmed more than maxAgeDays before today, or never. Exactly
 * maxAgeDays ago is still fresh. lastConfirmedOn is YYYY-MM-DD (a longer ISO timestamp is read by its
 * date part, so pass it in the tenant's time zone).
 */
export function isStale(lastConfirmedOn: string | null, maxAgeDays: number, today: string): boolean {
  if (lastConfirmedOn === null) return true;
  return daysBetween(lastConfirmedOn.slice(0, 10), today) > maxAgeDays;
}

/** The rolling horizon: the current ISO week and the next (n − 1). */
export function horizon(today: string, n: number = DEFAULT_HORIZON_WEEKS): IsoWeek[] {
  return weekRange(isoWeekOf(today), n);
}

/** PO statuses whose open quantity loads capacity: the partner has committed to make it. */
export const DEMAND_STATUSES = ["confirmed", "acknowledged", "partially_shipped", "partially_received"] as const;

export interface LoadCell {
  week: IsoWeek;
  /** declared capacity, summed over the parts that declared it; null when none did */
  capacity: string | null;
  demand: string;
  utilisation: number | null;
  band: UtilisationBand | null;
  /** how many parts (e.g. a facility's lines) are over their own capacity this week */
  overParts: number;
  /** demand in the week at parts that declared no capacity for it */
  undeclaredDemand: string;
}

/**
 * One heatmap row: per week of `weeks`, the parts' capacity and demand added up, with utilisation and
 * band on the totals. A part is one (facility, resource); it counts as over when its own demand is
 * above its own declared capacity, so a full line is not hidden by an idle one on the same row. Parts
 * may be listed for weeks outside `weeks` (ignored) and more than once for a week (added).
 */
export function loadCells(weeks: IsoWeek[], parts: { part: string; week: IsoWeek; capacity: string | null; demand: string }[]): LoadCell[] {
  // added up as integers of thousandths (a heatmap page adds tens of thousands of parts), written once
  const byWeek = new Map<IsoWeek, Map<string, { capacity: bigint | null; demand: bigint }>>();
  for (const w of weeks) byWeek.set(w, new Map());
  for (const p of parts) {
    const week = byWeek.get(p.week);
    if (!week) continue;
    const had = week.get(p.part);
    const capacity = p.capacity === null ? null : thousandths(p.capacity);
    week.set(p.part, {
      capacity: had?.capacity == null ? capacity : capacity === null ? had.capacity : had.capacity + capacity,
      demand: (had?.demand ?? 0n) + thousandths(p.demand),
    });
  }
  return weeks.map((week) => {
    let capacity: bigint | null = null;
    let demand = 0n;
    let undeclared = 0n;
    let overParts = 0;
    for (const p of byWeek.get(week)!.values()) {
      demand += p.demand;
      if (p.capacity === null) {
        undeclared += p.demand;
        continue;
      }
      capacity = (capacity ?? 0n) + p.capacity;
      if (p.demand > p.capacity) overParts++;
    }
    return loadCell(week, {
      capacity: capacity === null ? null : fromThousandths(capacity),
      demand: fromThousandths(demand),
      undeclaredDemand: fromThousandths(undeclared),
      overParts,
    });
  });
}

/**
 * A heatmap cell from its parts already added up (as loadCells adds them, or the database for a whole
 * partner): utilisation and band are of the demand at parts that declared capacity.
 */
export function loadCell(week: IsoWeek, totals: { capacity: string | null; demand: string; undeclaredDemand: string; overParts: number }): LoadCell {
  const u = totals.capacity === null ? null : utilisation(subtractDecimals(totals.demand, totals.undeclaredDemand), totals.capacity);
  return { week, capacity: totals.capacity, demand: totals.demand, utilisation: u, band: band(u), overParts: totals.overParts, undeclaredDemand: totals.undeclaredDemand };
}

/** A line's open quantity: ordered − shipped, never below 0. */
export function openQuantity(quantity: string, shipped: string): string {
  const open = subtractDecimals(quantity, shipped);
  return compareDecimal(open, ZERO) > 0 ? open : "0.000";
}

export interface DemandLine {
  quantity: string;
  quantityShipped: string;
  requestedDate: string;
  committedDate: string | null;
  proposedQuantity?: string | null;
  proposedDate?: string | null;
}

/**
 * Where a line's open quantity would load capacity once this answer stands: accepted at its committed
 * (or requested) date; a proposed change at the proposed quantity and date (each falling back to the
 * line's own); rejected: nowhere.
 */
export function answeredDemand(line: DemandLine, answer: { kind: "accept" } | { kind: "change"; quantity?: string; committedDate?: string } | { kind: "reject" }): { date: string; quantity: string } | null {
  if (answer.kind === "reject") return null;
  const date = (answer.kind === "change" ? answer.committedDate : undefined) ?? line.committedDate ?? line.requestedDate;
  const quantity = (answer.kind === "change" ? answer.quantity : undefined) ?? line.quantity;
  return { date, quantity: openQuantity(quantity, line.quantityShipped) };
}

export interface RouteLoad {
  /** what to call the route in a warning, e.g. "Metro Lyon · Bar line" */
  label: string;
  weeks: { week: IsoWeek; capacity: string | null; demand: string }[];
}

/**
 * The over-capacity check for an answer covering lines on several routes (facility + resource): per
 * route, the weeks the answer adds demand to that would end over capacity (over already or not). Lines without a route (item not routed) don't count.
 * A week the route's `weeks` doesn't list has no declared capacity, so it is never over.
 */
export function answerOverCommitments(
  lines: { route: string | null; before: { date: string; quantity: string } | null; after: { date: string; quantity: string } | null }[],
  routes: Record<string, RouteLoad>,
): (OverCommitment & { route: string; label: string })[] {
  const out: (OverCommitment & { route: string; label: string })[] = [];
  for (const [route, load] of Object.entries(routes)) {
    const mine = lines.filter((l) => l.route === route);
    if (!mine.length) continue;
    const change = demandChange(mine);
    // only weeks the answer adds to: a week already over that it leaves alone is not this answer's doing
    const adds = new Set(change.filter((c) => compareDecimal(c.quantity, ZERO) > 0).map((c) => c.week));
    for (const o of overCommitments(load.weeks, change)) if (adds.has(o.week)) out.push({ ...o, route, label: load.label });
  }
  return out.sort((a, b) => compareWeeks(a.week, b.week) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** "Metro Lyon · Bar line, week 2026-W50: 23000.000 units against 18000.000 declared (5000.000 over)" */
export function describeOverCommitment(o: { label: string; week: IsoWeek; capacity: string; demandAfter: string; over: string }): string {
  return `${o.label}, week ${o.week}: ${o.demandAfter} units against ${o.capacity} declared (${o.over} over)`;
}
