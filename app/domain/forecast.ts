// Demand forecasts shared with a partner: a planner publishes item × ISO-week quantities (grid or CSV),
// the partner answers with the quantity it commits per week, and both see forecast, commitment and the
// partner's declared capacity side by side. Pure: no I/O, no clock (today is passed in as YYYY-MM-DD).
// Quantities are exact decimal strings with 3 decimals, like the rest of the portal. The CSV upload
// is in forecast-import.ts (it needs the CSV parser, which pages must not ship to the browser).
import { subtractDecimals, sumDecimals } from "./capacity";
import { checkPlainQuantity } from "./forms";
import { checkBusinessWeek, isBusinessWeek, LATEST_BUSINESS_WEEK } from "./limits";
import { addWeeks, compareWeeks, isoWeekOf, parseIsoWeek, weekRange, weeksBetween, type IsoWeek } from "./iso-week";
import { addDecimals, compareDecimal } from "./po";
import { can, isPartnerRole, type Role } from "./permissions";
import type { PartnerKind } from "./partners";

// ---------- who ----------

/** Partners a forecast is shared with: those that make or supply things; carriers don't. */
export const FORECAST_PARTNER_KINDS = ["3pd", "contract_filler", "supplier"] as const satisfies readonly PartnerKind[];
/** The tenant's staff who read forecasts. */
export const FORECAST_READ_ROLES = ["admin", "director", "planner"] as const satisfies readonly Role[];

/** Planners and admins (who manage purchase orders) publish forecasts; directors only read them. */
export function canManageForecasts(role: Role): boolean {
  return !isPartnerRole(role) && can(role, "manage:po:any");
}

/** Planners, admins and directors; and the users of a partner of a forecast kind. */
export function canSeeForecasts(role: Role, partnerKind: PartnerKind | null): boolean {
  if (isPartnerRole(role)) return partnerKind !== null && (FORECAST_PARTNER_KINDS as readonly string[]).includes(partnerKind);
  return (FORECAST_READ_ROLES as readonly string[]).includes(role);
}

// ---------- status machine ----------

export const FORECAST_STATUSES = ["draft", "published", "committed", "superseded"] as const;
export type ForecastStatus = (typeof FORECAST_STATUSES)[number];

export const FORECAST_STATUS_LABELS: Record<ForecastStatus, string> = {
  draft: "Draft",
  published: "Awaiting commitment",
  committed: "Committed",
  superseded: "Superseded",
};

/**
 * edit: the planner changes a draft's quantities, title or note; publish: the draft goes to the
 * partner; respond: the partner commits (again, while the forecast is current); supersede: a newer
 * forecast was published to the same partner; delete: the planner throws a draft away (the status it
 * goes to is the one it leaves: the forecast and its lines are then deleted). Only a draft, which the
 * partner never saw, can be deleted; a published forecast stays on record.
 */
export type ForecastEvent = "edit" | "publish" | "respond" | "supersede" | "delete";

export const FORECAST_TRANSITIONS: Readonly<Record<ForecastStatus, Readonly<Partial<Record<ForecastEvent, ForecastStatus>>>>> = {
  draft: { edit: "draft", publish: "published", delete: "draft" },
  published: { respond: "committed", supersede: "superseded" },
  committed: { respond: "committed", supersede: "superseded" },
  superseded: {},
};

export class ForecastTransitionError extends Error {
  constructor(
    readonly from: ForecastStatus,
    readonly event: ForecastEvent,
  ) {
    super(transitionMessage(from, event));
  }
}

function transitionMessage(from: ForecastStatus, event: ForecastEvent): string {
  if (from === "superseded")
    return event === "respond"
      ? "A newer forecast has replaced this one: answer the current forecast instead."
      : "A newer forecast has replaced this one; it can't be changed.";
  if (event === "edit") return "This forecast is published and can't be changed. Copy it to a new draft, change that and publish it: it replaces this one.";
  if (event === "publish") return "This forecast is already published.";
  if (event === "delete") return "Only a draft can be deleted: a published forecast stays on record. Publishing a newer one replaces it.";
  if (event === "respond") return "This forecast is not published yet.";
  return `A ${FORECAST_STATUS_LABELS[from].toLowerCase()} forecast can't be superseded.`;
}

export function canForecastTransition(from: ForecastStatus, event: ForecastEvent): boolean {
  return FORECAST_TRANSITIONS[from][event] !== undefined;
}

/** The status after the event, or ForecastTransitionError with a message for the person who tried. */
export function nextForecastStatus(from: ForecastStatus, event: ForecastEvent): ForecastStatus {
  const to = FORECAST_TRANSITIONS[from][event];
  if (to === undefined) throw new ForecastTransitionError(from, event);
  return to;
}

/** A published or committed forecast is the partner's current one (publishing another supersedes it). */
export function isCurrentForecast(status: ForecastStatus): boolean {
  return status === "published" || status === "committed";
}

/**
 * The forecasts that publishing `publishing` supersedes: the partner's other current ones (there is at
 * most one, but a list is what the database may hold after a concurrent publish).
 */
export function supersededBy<T extends { id: string; partnerId: string; status: ForecastStatus }>(all: readonly T[], publishing: { id: string; partnerId: string }): T[] {
  return all.filter((f) => f.id !== publishing.id && f.partnerId === publishing.partnerId && isCurrentForecast(f.status));
}

// ---------- numbers ----------

/** FC-00001: the next number after the highest one the tenant has (the caller holds the numbering lock). */
export function forecastNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Not a forecast number: ${n}`);
  return `FC-${String(n).padStart(5, "0")}`;
}

// ---------- quantities ----------

/**
 * A quantity typed by a person or read from a file (0 or more, at most 3 decimals), normalised to
 * 3 decimals, or a message saying what is wrong with it.
 */
export function checkQuantity(raw: string, what = "quantity"): { value: string } | { message: string } {
  return checkPlainQuantity(raw, {
    empty: `Enter the ${what} (0 when there is none).`,
    negative: `The ${what} can't be negative.`,
    tooLarge: `The ${what} is too large.`,
    example: "Enter a number like 1200 or 12.5, with at most 3 decimals.",
  });
}

/** "1200.000" -> "1200", "12.500" -> "12.5", "-3.250" -> "-3.25" (exact: no floating point). */
export function plainQuantity(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const s = value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
  return s === "-0" ? "0" : s;
}

const ZERO = "0.000";

// ---------- horizon ----------



/** Weeks a forecast covers at most (a year). */
export const MAX_FORECAST_WEEKS = 52;
/** A quarter: what the new-forecast form proposes. */
export const DEFAULT_FORECAST_WEEKS = 13;

/**
 * The weeks a forecast shows: from its first to its last line's week (every week between, so a
 * week without a line is still a column), or the given fallback when it has no lines yet.
 */
export function forecastWeeks(lineWeeks: readonly IsoWeek[], fallback: { from: IsoWeek; count: number }): IsoWeek[] {
  if (!lineWeeks.length) return weekRange(fallback.from, fallback.count);
  const sorted = [...new Set(lineWeeks)].sort(compareWeeks);
  return weekRange(sorted[0], weeksBetween(sorted[0], sorted[sorted.length - 1]) + 1);
}

/** Where a new forecast starts by default: next week. */
export function defaultFirstWeek(today: string): IsoWeek {
  return addWeeks(isoWeekOf(today), 1);
}

/**
 * A horizon typed into a form: the first week (any form parseIsoWeek accepts; not before the current
 * week) and a number of weeks (1 to MAX_FORECAST_WEEKS).
 */
export function parseHorizon(fromRaw: string, countRaw: string, today: string): { weeks: IsoWeek[] } | { errors: { from?: string; weeks?: string } } {
  const errors: { from?: string; weeks?: string } = {};
  const current = isoWeekOf(today);
  const week = checkBusinessWeek(fromRaw.trim());
  if ("message" in week) errors.from = week.message;
  else if (compareWeeks(week.value, current) < 0) errors.from = `Start this week (${current}) or later: ${week.value} has passed.`;
  const count = countRaw.trim();
  if (!/^\d{1,3}$/.test(count) || Number(count) < 1 || Number(count) > MAX_FORECAST_WEEKS) errors.weeks = `Enter a number of weeks from 1 to ${MAX_FORECAST_WEEKS}.`;
  if (errors.from || errors.weeks || "message" in week) return { errors };
  const weeks = weekRange(week.value, Number(count));
  if (!isBusinessWeek(weeks[weeks.length - 1])) return { errors: { weeks: `The forecast must end by ${LATEST_BUSINESS_WEEK}: ${weeks.length} weeks from ${week.value} run past it.` } };
  return { weeks };
}

// ---------- the planner's grid ----------

export interface ForecastCell {
  itemId: string;
  week: IsoWeek;
  /** 3 decimals */
  quantity: string;
}

/** The grid's input for one item and week. */
export const cellField = (itemId: string, week: IsoWeek) => `q.${itemId}.${week}`;
const CELL_FIELD = /^q\.([0-9a-f-]{36})\.(\d{4}-W\d{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GridSubmission {
  /** the item rows the form showed, in order (hidden fields) */
  items: readonly string[];
  /** item rows ticked for removal */
  remove: readonly string[];
  /** an item to add as a new row (empty: none) */
  addItem: string;
  /** the horizon fields */
  from: string;
  weeks: string;
  /** every q.<item>.<week> field of the form */
  cells: Readonly<Record<string, string>>;
}

/**
 * The draft's grid as submitted: every kept item row × every week of the (possibly changed) horizon.
 * A blank cell is 0; a cell of a week the form didn't show (the horizon grew) is 0; a new item row is
 * all 0s until it is filled in. Errors are keyed by field name, for the message beside the field.
 */
export function parseForecastGrid(s: GridSubmission, today: string): { weeks: IsoWeek[]; itemIds: string[]; cells: ForecastCell[] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const horizon = parseHorizon(s.from, s.weeks, today);
  if ("errors" in horizon) Object.assign(errors, horizon.errors);
  const removed = new Set(s.remove.map((r) => r.toLowerCase()));
  const itemIds: string[] = [];
  for (const raw of s.items) {
    const id = raw.toLowerCase();
    if (!UUID.test(id)) {
      errors.form = "The grid could not be read. Reload the page and try again.";
      continue;
    }
    if (!removed.has(id) && !itemIds.includes(id)) itemIds.push(id);
  }
  const add = s.addItem.trim().toLowerCase();
  if (add) {
    if (!UUID.test(add)) errors.addItem = "Choose an item from the list.";
    else if (s.items.some((i) => i.toLowerCase() === add) && !removed.has(add)) errors.addItem = "That item is in the grid already.";
    else if (!itemIds.includes(add)) itemIds.push(add);
  }
  const values = new Map<string, string>();
  for (const [name, raw] of Object.entries(s.cells)) {
    const m = CELL_FIELD.exec(name);
    if (!m) continue;
    const itemId = m[1].toLowerCase();
    if (removed.has(itemId)) continue;
    if (raw.trim() === "") continue;
    const q = checkQuantity(raw);
    if ("message" in q) errors[name] = q.message;
    else values.set(`${itemId}|${m[2].toUpperCase()}`, q.value);
  }
  if (Object.keys(errors).length || "errors" in horizon) return { errors };
  const cells = itemIds.flatMap((itemId) => horizon.weeks.map((week) => ({ itemId, week, quantity: values.get(`${itemId}|${week}`) ?? ZERO })));
  return { weeks: horizon.weeks, itemIds, cells };
}

/**
 * Lines as a full rectangle: every item × every week, missing cells 0. The lines of a forecast are
 * kept this way so a partner can commit against every week shown, including those forecast at 0.
 */
export function fillGrid(itemIds: readonly string[], weeks: readonly IsoWeek[], cells: readonly ForecastCell[]): ForecastCell[] {
  const byKey = new Map(cells.map((c) => [`${c.itemId}|${c.week}`, c.quantity]));
  return itemIds.flatMap((itemId) => weeks.map((week) => ({ itemId, week, quantity: byKey.get(`${itemId}|${week}`) ?? ZERO })));
}

/** Publishing needs something to publish: at least one quantity above 0, and no week that has passed. */
export function publishProblem(lines: readonly { week: IsoWeek; quantity: string }[], today: string): string | null {
  if (!lines.some((l) => compareDecimal(l.quantity, "0") > 0)) return "Enter at least one quantity above 0 before publishing.";
  const current = isoWeekOf(today);
  const first = [...lines].sort((a, b) => compareWeeks(a.week, b.week))[0].week;
  if (compareWeeks(first, current) < 0) return `The forecast starts in ${first}, which has passed. Change the first week (this week is ${current}), save, then publish.`;
  return null;
}

// ---------- the partner's answer ----------

export const committedField = (lineId: string) => `c.${lineId}`;
export const commentField = (lineId: string) => `m.${lineId}`;
const COMMITTED_FIELD = /^c\.([0-9a-f-]{36})$/i;
const COMMENT_FIELD = /^m\.([0-9a-f-]{36})$/i;
export const MAX_LINE_COMMENT = 200;
export const MAX_NOTE = 2000;

export interface LineCommitment {
  lineId: string;
  committed: string;
  comment: string;
}

/**
 * The partner's answer as submitted: c.<line> quantities (required: 0 when nothing is committed) and
 * m.<line> comments. Which lines must be answered is checked against the forecast by commitmentGaps.
 */
export function parseCommitment(fields: Readonly<Record<string, string>>): { answers: LineCommitment[] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const answers = new Map<string, LineCommitment>();
  for (const [name, raw] of Object.entries(fields)) {
    const m = COMMITTED_FIELD.exec(name);
    if (!m || !UUID.test(m[1])) continue;
    const q = checkQuantity(raw, "quantity you commit");
    if ("message" in q) errors[name] = q.message;
    else answers.set(m[1].toLowerCase(), { lineId: m[1].toLowerCase(), committed: q.value, comment: "" });
  }
  for (const [name, raw] of Object.entries(fields)) {
    const m = COMMENT_FIELD.exec(name);
    if (!m) continue;
    const comment = raw.replace(/\s+/g, " ").trim();
    if (comment.length > MAX_LINE_COMMENT) errors[name] = `At most ${MAX_LINE_COMMENT} characters.`;
    const a = answers.get(m[1].toLowerCase());
    if (a) a.comment = comment.slice(0, MAX_LINE_COMMENT);
  }
  if (Object.keys(errors).length) return { errors };
  return { answers: [...answers.values()] };
}

/** Lines of the forecast the answer leaves out (by field), and whether it names lines that aren't on it. */
export function commitmentGaps(lineIds: readonly string[], answers: readonly LineCommitment[]): { errors: Record<string, string>; unknown: boolean } {
  const answered = new Set(answers.map((a) => a.lineId));
  const known = new Set(lineIds);
  const errors: Record<string, string> = {};
  for (const id of lineIds) if (!answered.has(id)) errors[committedField(id)] = "Enter the quantity you commit (0 when there is none).";
  return { errors, unknown: answers.some((a) => !known.has(a.lineId)) };
}

// ---------- side by side ----------

export interface SideItem {
  id: string;
  code: string;
  description: string;
  uom: string;
}

export interface SideLine {
  id?: string;
  itemId: string;
  week: IsoWeek;
  quantity: string;
  committedQuantity: string | null;
  comment?: string;
}

/** The item's default production resource at the partner (item_resources). */
export interface SideRoute {
  itemId: string;
  facilityId: string;
  facilityName: string;
  resource: string;
}

export interface SideCapacity {
  facilityId: string;
  resource: string;
  week: IsoWeek;
  capacity: string;
}

export interface SideCell {
  week: IsoWeek;
  lineId: string | null;
  forecast: string;
  committed: string | null;
  /** committed − forecast; null until committed */
  gap: string | null;
  comment: string;
  /** the declared capacity of the item's resource that week (shared by the items made on it) */
  capacity: string | null;
  /** the partner commits less than the forecast */
  underCommitted: boolean;
  /** the forecast of every item on this resource exceeds its declared capacity */
  overCapacity: boolean;
  /** routed, but no capacity declared for the week */
  noCapacity: boolean;
}

export interface SideResourceWeek {
  week: IsoWeek;
  capacity: string | null;
  forecast: string;
  committed: string | null;
  overCapacity: boolean;
  /** the partner commits more than it declared it can make */
  committedOverCapacity: boolean;
}

export interface SideBySide {
  weeks: IsoWeek[];
  rows: {
    item: SideItem;
    route: SideRoute | null;
    cells: SideCell[];
    totals: { forecast: string; committed: string | null; gap: string | null };
  }[];
  resources: { key: string; facilityName: string; resource: string; itemCodes: string[]; weeks: SideResourceWeek[] }[];
  totals: { week: IsoWeek; forecast: string; committed: string | null; gap: string | null; capacity: string | null; underCommitted: boolean; overCapacity: boolean }[];
  summary: { underCommittedCells: number; overCapacityWeeks: number; committedOverCapacityWeeks: number; unroutedItems: number; forecast: string; committed: string | null };
}

const resourceKey = (r: { facilityId: string; resource: string }) => `${r.facilityId}|${r.resource}`;

/**
 * Forecast, commitment and capacity per item × week, per resource × week and per week:
 * the gap is committed − forecast (negative when the partner commits less); a cell is flagged when the
 * commitment is below the forecast, or when the forecast of all items made on its resource exceeds the
 * capacity declared for the week. Items without a route show no capacity. Rows follow `items`' order;
 * lines of items not listed are ignored.
 */
export function sideBySide(input: {
  weeks: readonly IsoWeek[];
  items: readonly SideItem[];
  lines: readonly SideLine[];
  routes: readonly SideRoute[];
  capacity: readonly SideCapacity[];
}): SideBySide {
  const weeks = [...input.weeks];
  const lineOf = new Map(input.lines.map((l) => [`${l.itemId}|${l.week}`, l]));
  const routeOf = new Map(input.routes.map((r) => [r.itemId, r]));
  const capacityOf = new Map(input.capacity.map((c) => [`${resourceKey(c)}|${c.week}`, addDecimals(c.capacity, "0")]));
  const shown = input.items.filter((i) => input.lines.some((l) => l.itemId === i.id));

  // per resource and week: the forecast and commitment of every item made there
  const resources = new Map<string, { facilityName: string; resource: string; facilityId: string; itemCodes: string[] }>();
  for (const item of shown) {
    const r = routeOf.get(item.id);
    if (!r) continue;
    const key = resourceKey(r);
    const entry = resources.get(key) ?? { facilityName: r.facilityName, resource: r.resource, facilityId: r.facilityId, itemCodes: [] };
    entry.itemCodes.push(item.code);
    resources.set(key, entry);
  }
  const resourceWeeks = new Map<string, SideResourceWeek[]>();
  for (const key of resources.keys()) {
    const items = shown.filter((i) => routeOf.get(i.id) && resourceKey(routeOf.get(i.id)!) === key);
    resourceWeeks.set(
      key,
      weeks.map((week) => {
        const lines = items.map((i) => lineOf.get(`${i.id}|${week}`)).filter((l): l is SideLine => l !== undefined);
        const forecast = sumDecimals(lines.map((l) => l.quantity));
        const committedLines = lines.filter((l) => l.committedQuantity !== null);
        const committed = committedLines.length ? sumDecimals(committedLines.map((l) => l.committedQuantity!)) : null;
        const capacity = capacityOf.get(`${key}|${week}`) ?? null;
        return {
          week,
          capacity,
          forecast,
          committed,
          overCapacity: capacity !== null && compareDecimal(forecast, capacity) > 0,
          committedOverCapacity: capacity !== null && committed !== null && compareDecimal(committed, capacity) > 0,
        };
      }),
    );
  }

  const rows = shown.map((item) => {
    const route = routeOf.get(item.id) ?? null;
    const rw = route ? resourceWeeks.get(resourceKey(route))! : null;
    const cells: SideCell[] = weeks.map((week, w) => {
      const l = lineOf.get(`${item.id}|${week}`);
      const forecast = l ? addDecimals(l.quantity, "0") : ZERO;
      const committed = l?.committedQuantity != null ? addDecimals(l.committedQuantity, "0") : null;
      const capacity = rw ? rw[w].capacity : null;
      return {
        week,
        lineId: l?.id ?? null,
        forecast,
        committed,
        gap: committed === null ? null : subtractDecimals(committed, forecast),
        comment: l?.comment ?? "",
        capacity,
        underCommitted: committed !== null && compareDecimal(committed, forecast) < 0,
        overCapacity: rw ? rw[w].overCapacity : false,
        noCapacity: route !== null && capacity === null,
      };
    });
    const committedCells = cells.filter((c) => c.committed !== null);
    const forecast = sumDecimals(cells.map((c) => c.forecast));
    const committed = committedCells.length ? sumDecimals(committedCells.map((c) => c.committed!)) : null;
    return { item, route, cells, totals: { forecast, committed, gap: committed === null ? null : subtractDecimals(committed, sumDecimals(committedCells.map((c) => c.forecast))) } };
  });

  const totals = weeks.map((week, w) => {
    const forecast = sumDecimals(rows.map((r) => r.cells[w].forecast));
    const committedCells = rows.map((r) => r.cells[w]).filter((c) => c.committed !== null);
    const committed = committedCells.length ? sumDecimals(committedCells.map((c) => c.committed!)) : null;
    const declared = [...resourceWeeks.values()].map((rw) => rw[w].capacity).filter((c): c is string => c !== null);
    return {
      week,
      forecast,
      committed,
      gap: committed === null ? null : subtractDecimals(committed, sumDecimals(committedCells.map((c) => c.forecast))),
      capacity: declared.length ? sumDecimals(declared) : null,
      underCommitted: committed !== null && compareDecimal(committed, sumDecimals(committedCells.map((c) => c.forecast))) < 0,
      overCapacity: [...resourceWeeks.values()].some((rw) => rw[w].overCapacity),
    };
  });

  const allCells = rows.flatMap((r) => r.cells);
  const committedAll = allCells.filter((c) => c.committed !== null);
  return {
    weeks,
    rows,
    resources: [...resources].map(([key, r]) => ({ key, facilityName: r.facilityName, resource: r.resource, itemCodes: r.itemCodes, weeks: resourceWeeks.get(key)! })),
    totals,
    summary: {
      underCommittedCells: allCells.filter((c) => c.underCommitted).length,
      overCapacityWeeks: [...resourceWeeks.values()].reduce((n, rw) => n + rw.filter((x) => x.overCapacity).length, 0),
      committedOverCapacityWeeks: [...resourceWeeks.values()].reduce((n, rw) => n + rw.filter((x) => x.committedOverCapacity).length, 0),
      unroutedItems: rows.filter((r) => r.route === null).length,
      forecast: sumDecimals(allCells.map((c) => c.forecast)),
      committed: committedAll.length ? sumDecimals(committedAll.map((c) => c.committed!)) : null,
    },
  };
}
