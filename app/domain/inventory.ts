// Stock held at contract fillers: the movement ledger's sign convention, count variances and
// tolerances, record accuracy, days of cover, the ABC count calendar and the count workflow.
// Pure: no I/O, no clock (`today` is passed in as YYYY-MM-DD). Quantities and money are exact
// decimal strings; only percentages and days are numbers.
import { compareDecimal, isIsoDate, lineTotal } from "./po";

// ---------- exact decimals (scaled BigInt) ----------

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
/** quantities are numeric(14,3) */
const QTY_SCALE = 3;
/** percentages and days, as numbers, are rounded half up to this many decimals */
const NUMBER_DECIMALS = 4;

type Dec = { n: bigint; s: number }; // value = n / 10^s

function dec(v: string, what = "number"): Dec {
  const m = typeof v === "string" ? DECIMAL.exec(v.trim()) : null;
  if (!m) throw new RangeError(`Not a decimal ${what}: "${v}"`);
  const frac = m[3] ?? "";
  const n = BigInt(m[2] + frac);
  return { n: m[1] ? -n : n, s: frac.length };
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** a / b rounded half up (away from zero). */
function divRound(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const q = (abs(a) * 2n + abs(b)) / (abs(b) * 2n);
  return neg ? -q : q;
}

function at(d: Dec, scale: number): bigint {
  return scale >= d.s ? d.n * 10n ** BigInt(scale - d.s) : divRound(d.n, 10n ** BigInt(d.s - scale));
}

function fmt(n: bigint, scale: number): string {
  const neg = n < 0n;
  const digits = abs(n).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  return `${neg ? "-" : ""}${int}${scale ? "." + digits.slice(digits.length - scale) : ""}`;
}

/** a / b as a number rounded half up to NUMBER_DECIMALS, computed exactly. */
function ratio(a: Dec, b: Dec, times = 1n): number {
  const s = Math.max(a.s, b.s);
  const unit = 10n ** BigInt(NUMBER_DECIMALS);
  return Number(fmt(divRound(at(a, s) * times * unit, at(b, s)), NUMBER_DECIMALS));
}

// ---------- the movement ledger ----------

export const MOVEMENT_KINDS = ["opening_balance", "receipt", "consumption", "production_output", "transfer_out", "approved_adjustment"] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MOVEMENT_KIND_LABELS: Record<MovementKind, string> = {
  opening_balance: "Opening balance",
  receipt: "Receipt",
  consumption: "Consumption",
  production_output: "Production output",
  transfer_out: "Transfer out",
  approved_adjustment: "Approved adjustment",
};

/** Kinds that take stock out of the book. */
const OUTBOUND: readonly MovementKind[] = ["consumption", "transfer_out"];

/** numeric(14,3): at most 11 digits before the point and 3 after */
const LEDGER_QTY = /^-?\d{1,11}(\.\d{1,3})?$/;

/**
 * Sign convention: the user enters a positive quantity for receipt/consumption/output/transfer/opening;
 * consumption and transfer_out reduce the book. approved_adjustment is signed (can be negative, never 0).
 * Returns the signed ledger quantity with 3 decimals ("-12.500"), or throws RangeError for a quantity
 * that is not a numeric(14,3) decimal, a non-positive quantity where one is required, an adjustment of 0,
 * or an unknown kind.
 */
export function signedMovementQuantity(kind: MovementKind, quantity: string): string {
  if (!(MOVEMENT_KINDS as readonly string[]).includes(kind)) throw new RangeError(`Unknown movement kind: "${kind}"`);
  const q = typeof quantity === "string" ? quantity.trim() : "";
  if (!LEDGER_QTY.test(q)) throw new RangeError(`A movement quantity must be a number with at most 3 decimals, not "${quantity}".`);
  const d = dec(q);
  if (kind === "approved_adjustment") {
    if (d.n === 0n) throw new RangeError("An adjustment of 0 changes nothing; post no movement instead.");
    return fmt(at(d, QTY_SCALE), QTY_SCALE);
  }
  if (d.n <= 0n) throw new RangeError(`A ${MOVEMENT_KIND_LABELS[kind].toLowerCase()} needs a quantity above 0, not "${quantity}".`);
  const n = at(d, QTY_SCALE);
  return fmt(OUTBOUND.includes(kind) ? -n : n, QTY_SCALE);
}

/** numeric(14,3) holds at most 99,999,999,999.999 either way */
const MAX_BOOK = at(dec("99999999999.999"), QTY_SCALE);

/**
 * The book after a movement, or why the movement can't be posted: stock taken out (consumption,
 * transfer out) can't take the book below zero, and no book may outgrow numeric(14,3). Receipts,
 * output and approved adjustments may land on a book that is already negative (an adjustment
 * records what was counted). `showBook` false (a filler's own user, who may be counting this stock
 * blind) leaves the quantity on the book out of the message. `book` and `signed` are decimal strings.
 */
export function bookAfterMovement(
  book: string,
  movement: { kind: MovementKind; signed: string },
  opts: { showBook: boolean },
): { book: string } | { problem: string } {
  const before = at(dec(book, "book quantity"), QTY_SCALE);
  const change = at(dec(movement.signed, "movement quantity"), QTY_SCALE);
  const after = before + change;
  if (OUTBOUND.includes(movement.kind) && change < 0n && after < 0n) {
    const what = MOVEMENT_KIND_LABELS[movement.kind].toLowerCase();
    return {
      problem: opts.showBook
        ? `Only ${fmt(before, QTY_SCALE)} on the book for this item and lot here: a ${what} of ${fmt(-change, QTY_SCALE)} would take it below zero.`
        : `That ${what} is more than the stock on hand.`,
    };
  }
  if (abs(after) > MAX_BOOK) return { problem: "The book can't hold that much: at most 99,999,999,999.999 per item and lot." };
  return { book: fmt(after, QTY_SCALE) };
}

// ---------- ABC classes ----------

export const ABC_CLASSES = ["A", "B", "C"] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];
export const DEFAULT_TOLERANCE_PCT: Record<AbcClass, string> = { A: "1", B: "3", C: "5" };
export const DEFAULT_COUNT_FREQUENCY_MONTHS: Record<AbcClass, number> = { A: 1, B: 3, C: 12 };

// ---------- variances ----------

export interface VarianceInput {
  book: string;
  counted: string;
  standardCost: string | null;
  tolerancePct: string;
}

export interface LineVariance {
  /** counted - book, exact, at least 3 decimals */
  units: string;
  /** units / |book| * 100, rounded half up to 4 decimals; null when book is 0 */
  percent: number | null;
  /** units * standardCost, exact, rounded half up to 2 decimals; null when there is no cost */
  value: string | null;
  /** |units| <= tolerancePct% of |book| (boundary inclusive); book 0 => within only when counted is 0 */
  withinTolerance: boolean;
  direction: "over" | "short" | "none";
}

/** Counted against book. Throws RangeError for a value that isn't a decimal or a negative tolerance. */
export function lineVariance(input: VarianceInput): LineVariance {
  const book = dec(input.book, "book quantity");
  const counted = dec(input.counted, "counted quantity");
  const tol = dec(input.tolerancePct, "tolerance percentage");
  if (tol.n < 0n) throw new RangeError(`A tolerance can't be negative: "${input.tolerancePct}"`);
  const s = Math.max(book.s, counted.s, QTY_SCALE);
  const b = at(book, s);
  const diff = at(counted, s) - b;
  const units = fmt(diff, s);
  const percent = b === 0n ? null : ratio({ n: diff, s }, { n: abs(b), s }, 100n);
  let value: string | null = null;
  if (input.standardCost !== null) {
    if (dec(input.standardCost, "standard cost").n < 0n) throw new RangeError(`A standard cost can't be negative: "${input.standardCost}"`);
    value = lineTotal(units, input.standardCost.trim());
  }
  // |diff| <= |b| * tol / 100  <=>  |diff| * 100 * 10^tol.s <= |b| * tol.n   (book 0 => diff must be 0)
  const withinTolerance = abs(diff) * 100n * 10n ** BigInt(tol.s) <= abs(b) * tol.n;
  const direction = diff > 0n ? "over" : diff < 0n ? "short" : "none";
  return { units, percent, value, withinTolerance, direction };
}

/** No netting: positive and negative variances are summed separately, never against each other. Shorts are given as positive magnitudes. */
export function varianceTotals(lines: Pick<LineVariance, "units" | "value">[]): {
  overUnits: string;
  shortUnits: string;
  overValue: string;
  shortValue: string;
  absoluteValue: string;
} {
  let over = 0n;
  let short = 0n;
  let overCents = 0n;
  let shortCents = 0n;
  let scale = QTY_SCALE;
  for (const l of lines) scale = Math.max(scale, dec(l.units, "variance").s);
  for (const l of lines) {
    const u = at(dec(l.units, "variance"), scale);
    if (u > 0n) over += u;
    else short -= u;
    if (l.value === null) continue;
    const c = at(dec(l.value, "variance value"), 2);
    if (c > 0n) overCents += c;
    else shortCents -= c;
  }
  return {
    overUnits: fmt(over, scale),
    shortUnits: fmt(short, scale),
    overValue: fmt(overCents, 2),
    shortValue: fmt(shortCents, 2),
    absoluteValue: fmt(overCents + shortCents, 2),
  };
}

/** Inventory record accuracy as a fraction from 0 to 1 (not a percentage): lines within tolerance ÷ lines counted; null when no lines. */
export function recordAccuracy(lines: { withinTolerance: boolean }[]): number | null {
  if (lines.length === 0) return null;
  return lines.filter((l) => l.withinTolerance).length / lines.length;
}

// ---------- consumption and cover ----------

export const CONSUMPTION_WINDOW_DAYS = 28;

/** Average daily consumption over the last 28 days from the consumed total (a positive decimal string; throws RangeError when negative). Rounded half up to 4 decimals. */
export function averageDailyConsumption(consumedLast28Days: string): number {
  const c = dec(consumedLast28Days, "consumed quantity");
  if (c.n < 0n) throw new RangeError(`Consumption is given as a positive total, not "${consumedLast28Days}".`);
  return ratio(c, { n: BigInt(CONSUMPTION_WINDOW_DAYS), s: 0 });
}

/**
 * Days of cover: book ÷ average daily consumption, computed exactly and rounded half up to 4 decimals.
 * null when there was no consumption (no risk measurable, whatever the book); 0 when book <= 0.
 */
export function daysOfCover(book: string, consumedLast28Days: string): number | null {
  const c = dec(consumedLast28Days, "consumed quantity");
  if (c.n < 0n) throw new RangeError(`Consumption is given as a positive total, not "${consumedLast28Days}".`);
  if (c.n === 0n) return null;
  const b = dec(book, "book quantity");
  if (b.n <= 0n) return 0;
  // book / (consumed / 28) = book * 28 / consumed
  return ratio(b, c, BigInt(CONSUMPTION_WINDOW_DAYS));
}

// ---------- the count calendar ----------

function assertDate(d: string, what: string): void {
  if (typeof d !== "string" || !isIsoDate(d)) throw new RangeError(`The ${what} must be a real date written YYYY-MM-DD, not "${d}".`);
}

/** d + months, clamped to the end of the month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year). */
export function addMonths(d: string, months: number): string {
  assertDate(d, "date");
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number, not ${months}.`);
  const [y, m, day] = d.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(day, lastDay)).padStart(2, "0")}`;
}

/** Next count due date per ABC frequency: last counted date + N months (clamped to month end); never counted => today. */
export function nextCountDue(lastCountedOn: string | null, abcClass: AbcClass, frequencyMonths: Record<AbcClass, number>, today: string): string {
  assertDate(today, "today's date");
  if (!(ABC_CLASSES as readonly string[]).includes(abcClass)) throw new RangeError(`ABC class must be A, B or C, not "${abcClass}".`);
  const months = frequencyMonths[abcClass];
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`The count frequency for class ${abcClass} must be a whole number of months, 1 or more, not ${months}.`);
  if (lastCountedOn === null) return today;
  assertDate(lastCountedOn, "last count date");
  return addMonths(lastCountedOn, months);
}

/** Overdue once the due date has passed: a count due today is not overdue yet. */
export function isOverdue(dueOn: string, today: string): boolean {
  assertDate(dueOn, "due date");
  assertDate(today, "today's date");
  return dueOn < today;
}

// ---------- the count workflow ----------

export const COUNT_STATUSES = ["scheduled", "in_progress", "submitted", "recount_requested", "awaiting_root_cause", "awaiting_approval", "completed", "cancelled"] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];

export const COUNT_LINE_STATUSES = ["counted", "accepted", "recount_requested", "needs_root_cause", "awaiting_approval", "approved", "adjustment_rejected"] as const;
export type CountLineStatus = (typeof COUNT_LINE_STATUSES)[number];

export const COUNT_STATUS_LABELS: Record<CountStatus, string> = {
  scheduled: "Scheduled",
  in_progress: "In progress",
  submitted: "Submitted",
  recount_requested: "Recount requested",
  awaiting_root_cause: "Awaiting root cause",
  awaiting_approval: "Awaiting approval",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const COUNT_LINE_STATUS_LABELS: Record<CountLineStatus, string> = {
  counted: "Counted",
  accepted: "Accepted",
  recount_requested: "Recount requested",
  needs_root_cause: "Needs root cause",
  awaiting_approval: "Awaiting approval",
  approved: "Adjustment approved",
  adjustment_rejected: "Adjustment rejected",
};

export type CountAction = "save_draft" | "submit" | "submit_recount" | "enter_root_cause" | "approve" | "reject" | "cancel";
export const COUNT_ACTIONS: readonly CountAction[] = ["save_draft", "submit", "submit_recount", "enter_root_cause", "approve", "reject", "cancel"];

/** The first count is judged against the book snapshot taken at submission; outside tolerance gets exactly one recount. */
export function judgeFirstCount(v: LineVariance): "accepted" | "recount_requested" {
  return v.withinTolerance ? "accepted" : "recount_requested";
}

/** The recount is judged against a new book snapshot; still outside tolerance needs a root cause. */
export function judgeRecount(v: LineVariance): "accepted" | "needs_root_cause" {
  return v.withinTolerance ? "accepted" : "needs_root_cause";
}

/**
 * The status of a submitted count, from its lines: recount_requested if any line awaits its recount;
 * else awaiting_root_cause if any needs one; else awaiting_approval if any awaits approval; else completed.
 * A line still only "counted" (not yet judged) leaves the count "submitted". Throws RangeError for no lines.
 */
export function countStatusFromLines(lineStatuses: CountLineStatus[]): CountStatus {
  if (lineStatuses.length === 0) throw new RangeError("A count needs at least one line.");
  for (const s of lineStatuses) if (!(COUNT_LINE_STATUSES as readonly string[]).includes(s)) throw new RangeError(`Unknown count line status: "${s}"`);
  if (lineStatuses.includes("counted")) return "submitted";
  if (lineStatuses.includes("recount_requested")) return "recount_requested";
  if (lineStatuses.includes("needs_root_cause")) return "awaiting_root_cause";
  if (lineStatuses.includes("awaiting_approval")) return "awaiting_approval";
  return "completed";
}

/**
 * Which actions each count status allows. The workflow goes phase by phase: every recount is in before
 * root causes are asked for, every root cause before the planner decides. A count can be cancelled only
 * before it is submitted; once counted, its variances must be resolved. "submitted" is transient: the
 * status is derived from the judged lines (countStatusFromLines) in the same step.
 */
export const COUNT_ACTIONS_BY_STATUS: Readonly<Record<CountStatus, readonly CountAction[]>> = {
  scheduled: ["save_draft", "submit", "cancel"],
  in_progress: ["save_draft", "submit", "cancel"],
  submitted: [],
  recount_requested: ["submit_recount"],
  awaiting_root_cause: ["enter_root_cause"],
  awaiting_approval: ["approve", "reject"],
  completed: [],
  cancelled: [],
};

export class CountTransitionError extends Error {
  constructor(
    message: string,
    readonly status?: CountStatus,
    readonly action?: CountAction,
  ) {
    super(message);
    this.name = "CountTransitionError";
  }
}

export function canCountAction(status: CountStatus, action: CountAction): boolean {
  return Object.hasOwn(COUNT_ACTIONS_BY_STATUS, status) && COUNT_ACTIONS_BY_STATUS[status].includes(action);
}

const COUNT_PHRASES: Record<CountStatus, string> = {
  scheduled: "A scheduled count",
  in_progress: "A count in progress",
  submitted: "A submitted count",
  recount_requested: "A count waiting for its recount",
  awaiting_root_cause: "A count waiting for root causes",
  awaiting_approval: "A count waiting for approval",
  completed: "A completed count",
  cancelled: "A cancelled count",
};

const ACTION_PHRASES: Record<CountAction, string> = {
  save_draft: "be saved as a draft",
  submit: "be submitted",
  submit_recount: "take a recount",
  enter_root_cause: "take a root cause",
  approve: "have an adjustment approved",
  reject: "have an adjustment rejected",
  cancel: "be cancelled",
};

function countReason(status: CountStatus, action: CountAction): string {
  if (status === "completed" || status === "cancelled") return "It is final.";
  if (status === "submitted") return "Its lines are still being judged against the book.";
  switch (action) {
    case "save_draft":
    case "submit":
      return "It has already been submitted.";
    case "cancel":
      return "It has been counted: its variances must be resolved.";
    case "submit_recount":
      return "Only lines outside tolerance on their first count are recounted, once.";
    case "enter_root_cause":
      return status === "recount_requested" ? "Submit the recount first." : "No line needs a root cause.";
    case "approve":
    case "reject":
      return status === "scheduled" || status === "in_progress"
        ? "Nothing has been submitted yet."
        : status === "recount_requested"
          ? "Submit the recount first."
          : "Enter every root cause first.";
  }
}

/** Throws a CountTransitionError whose message says what was refused, in which state, and why. */
export function assertCountAction(status: CountStatus, action: CountAction): void {
  if (canCountAction(status, action)) return;
  const state = Object.hasOwn(COUNT_PHRASES, status) ? COUNT_PHRASES[status] : `A count in state "${status}"`;
  const what = Object.hasOwn(ACTION_PHRASES, action) ? ACTION_PHRASES[action] : `do "${action}"`;
  const why = Object.hasOwn(COUNT_PHRASES, status) && Object.hasOwn(ACTION_PHRASES, action) ? " " + countReason(status, action) : "";
  throw new CountTransitionError(`${state} can't ${what}.${why}`, status, action);
}

/** The line status each line-level action needs. */
const LINE_ACTION_NEEDS: Partial<Record<CountAction, CountLineStatus>> = {
  submit_recount: "recount_requested",
  enter_root_cause: "needs_root_cause",
  approve: "awaiting_approval",
  reject: "awaiting_approval",
};

/** For the line-level actions (recount, root cause, approve, reject): throws CountTransitionError when this line isn't at that step. */
export function assertLineAction(lineStatus: CountLineStatus, action: "submit_recount" | "enter_root_cause" | "approve" | "reject"): void {
  const needs = LINE_ACTION_NEEDS[action];
  if (needs === undefined) throw new CountTransitionError(`"${action}" is not an action on a count line.`, undefined, action);
  if (lineStatus === needs) return;
  const label = Object.hasOwn(COUNT_LINE_STATUS_LABELS, lineStatus) ? COUNT_LINE_STATUS_LABELS[lineStatus].toLowerCase() : lineStatus;
  throw new CountTransitionError(`This line is ${label}: only a line that is ${COUNT_LINE_STATUS_LABELS[needs].toLowerCase()} can ${ACTION_PHRASES[action]}.`, undefined, action);
}

export const ROOT_CAUSE_MIN_COMMENT = 10;

/** A root cause: a reason code from the tenant's list and a comment of at least 10 characters (trimmed). Returns the problems; empty when valid. */
export function validateRootCause(
  input: { reasonCode: string; comment: string },
  reasonCodes: ReadonlySet<string> | readonly string[],
): { field: "reasonCode" | "comment"; message: string }[] {
  const problems: { field: "reasonCode" | "comment"; message: string }[] = [];
  const codes = Array.isArray(reasonCodes) ? reasonCodes : [...(reasonCodes as ReadonlySet<string>)];
  const code = typeof input.reasonCode === "string" ? input.reasonCode.trim() : "";
  if (!code) problems.push({ field: "reasonCode", message: "Choose a reason." });
  else if (!codes.includes(code)) problems.push({ field: "reasonCode", message: "Choose a reason from the list." });
  const comment = typeof input.comment === "string" ? input.comment.trim() : "";
  if ([...comment].length < ROOT_CAUSE_MIN_COMMENT) problems.push({ field: "comment", message: `Explain the root cause in at least ${ROOT_CAUSE_MIN_COMMENT} characters.` });
  return problems;
}

/** Rejecting an adjustment needs a comment; returns the problem message or null. */
export function validateRejection(comment: string): string | null {
  return typeof comment === "string" && comment.trim() ? null : "Say why you reject this adjustment.";
}

/**
 * The approved_adjustment a line posts at completion (the signed variance, 3 decimals), or null:
 * within-tolerance non-zero variances (accepted) are adjusted automatically (book := counted);
 * approved lines post their variance; rejected lines, zero variances and lines not yet decided post nothing.
 */
export function adjustmentFor(line: { status: CountLineStatus; units: string }): string | null {
  if (line.status !== "accepted" && line.status !== "approved") return null;
  if (compareDecimal(line.units, "0") === 0) return null;
  const d = dec(line.units, "variance");
  const s = Math.max(d.s, QTY_SCALE);
  return fmt(at(d, s), s);
}
