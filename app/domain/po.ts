// Purchase order rules: the state machine, line answers (X12 855 ACK01 codes), the date history,
// fulfilment status, receipt tolerance, revision diffs and exact money. Pure: no I/O, no clock.
import { BUSINESS_DATE_RANGE_MESSAGE, isBusinessDate, isIsoDate } from "./limits";

export const PO_STATUSES = [
  "draft",
  "issued",
  "changes_proposed",
  "acknowledged",
  "confirmed",
  "rejected",
  "partially_shipped",
  "shipped",
  "partially_received",
  "received",
  "closed",
  "cancelled",
] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

export const PO_STATUS_LABELS: Record<PoStatus, string> = {
  draft: "Draft",
  issued: "Issued",
  changes_proposed: "Changes proposed",
  acknowledged: "Acknowledged",
  confirmed: "Confirmed",
  rejected: "Rejected",
  partially_shipped: "Partially shipped",
  shipped: "Shipped",
  partially_received: "Partially received",
  received: "Received",
  closed: "Closed",
  cancelled: "Cancelled",
};

export type PoEvent = "issue" | "respond" | "accept_changes" | "decline_changes" | "revise" | "cancel" | "ship" | "receive" | "close";

/**
 * What each event leads to. "by_answers": decided by statusAfterResponse; "by_quantities": decided by
 * fulfilmentStatus. A missing entry is an illegal transition.
 */
export type PoTarget = PoStatus | "by_answers" | "by_quantities";

/** The single source of truth for the state machine (DESIGN.md §1). */
export const TRANSITIONS: Readonly<Record<PoStatus, Readonly<Partial<Record<PoEvent, PoTarget>>>>> = {
  draft: { issue: "issued", cancel: "cancelled" },
  issued: { respond: "by_answers", revise: "issued", cancel: "cancelled" },
  // declining sends the order back to the partner at the same revision; accepting makes a new one
  changes_proposed: { accept_changes: "confirmed", decline_changes: "issued", cancel: "cancelled" },
  // acknowledged is the legacy name for confirmed (all lines accepted): same moves
  acknowledged: { revise: "issued", cancel: "cancelled", ship: "by_quantities", receive: "by_quantities" },
  // goods can arrive without a ship notice, so receive is legal straight from confirmed
  confirmed: { revise: "issued", cancel: "cancelled", ship: "by_quantities", receive: "by_quantities" },
  rejected: {},
  // once anything has shipped the order can't be cancelled or revised: goods are on their way
  partially_shipped: { ship: "by_quantities", receive: "by_quantities" },
  shipped: { receive: "by_quantities" },
  // a partial receipt can come before the rest has shipped, so the rest must still be shippable
  partially_received: { ship: "by_quantities", receive: "by_quantities" },
  received: { close: "closed" },
  closed: {},
  cancelled: {},
};

/** Orders with work left on them. received is done (it only waits to be closed); rejected/closed/cancelled are final. */
export const OPEN_STATUSES: readonly PoStatus[] = ["draft", "issued", "changes_proposed", "acknowledged", "confirmed", "partially_shipped", "shipped", "partially_received"];

export class PoTransitionError extends Error {
  constructor(
    readonly from: PoStatus,
    readonly event: PoEvent,
    message: string,
  ) {
    super(message);
    this.name = "PoTransitionError";
  }
}

export function canTransition(from: PoStatus, event: PoEvent): boolean {
  return Object.hasOwn(TRANSITIONS, from) && TRANSITIONS[from][event] !== undefined;
}

export function allowedEvents(from: PoStatus): PoEvent[] {
  return Object.hasOwn(TRANSITIONS, from) ? (Object.keys(TRANSITIONS[from]) as PoEvent[]) : [];
}

// "A cancelled purchase order", "A purchase order with changes proposed": every message names the state
const STATE_PHRASES: Record<PoStatus, string> = {
  draft: "A draft purchase order",
  issued: "An issued purchase order",
  changes_proposed: "A purchase order with changes proposed",
  acknowledged: "An acknowledged purchase order",
  confirmed: "A confirmed purchase order",
  rejected: "A rejected purchase order",
  partially_shipped: "A partially shipped purchase order",
  shipped: "A shipped purchase order",
  partially_received: "A partially received purchase order",
  received: "A received purchase order",
  closed: "A closed purchase order",
  cancelled: "A cancelled purchase order",
};

const EVENT_PHRASES: Record<PoEvent, string> = {
  issue: "be issued",
  respond: "be answered",
  accept_changes: "have proposed changes accepted",
  decline_changes: "have proposed changes declined",
  revise: "be revised",
  cancel: "be cancelled",
  ship: "be shipped",
  receive: "be received",
  close: "be closed",
};

const FINAL: readonly PoStatus[] = ["rejected", "closed", "cancelled"];
const GOODS_MOVED: readonly PoStatus[] = ["partially_shipped", "shipped", "partially_received", "received"];

function reason(from: PoStatus, event: PoEvent): string {
  if (FINAL.includes(from)) return "It is final.";
  switch (event) {
    case "issue":
      return "Only a draft can be issued.";
    case "respond":
      return "Only an issued order waiting for an answer can be answered.";
    case "accept_changes":
    case "decline_changes":
      return "The partner has not proposed any changes.";
    case "revise":
      return GOODS_MOVED.includes(from) ? "Goods have already shipped against it." : "Only an issued or confirmed order can be revised.";
    case "cancel":
      return GOODS_MOVED.includes(from) ? "Goods have already shipped against it." : "Only an open order can be cancelled.";
    case "ship":
      return from === "shipped" || from === "received" ? "Everything has already shipped." : "Only a confirmed order can be shipped.";
    case "receive":
      return from === "received" ? "Everything has already been received." : "Only a confirmed or shipped order can be received.";
    case "close":
      return "Only a fully received order can be closed.";
  }
}

/** Throws a PoTransitionError whose message says what was refused, in which state, and why. */
export function assertTransition(from: PoStatus, event: PoEvent): void {
  if (canTransition(from, event)) return;
  const state = STATE_PHRASES[from] ?? `A purchase order in state "${from}"`;
  throw new PoTransitionError(from, event, `${state} can't ${EVENT_PHRASES[event] ?? event}. ${reason(from, event)}`);
}

// ---------- line answers ----------

export const ACK_CODES = ["IA", "IC", "IQ", "IP", "DR", "IB", "IR"] as const;
export type AckCode = (typeof ACK_CODES)[number];
export const ACK_CODE_LABELS: Record<AckCode, string> = {
  IA: "Item accepted",
  IC: "Accepted with changes",
  IQ: "Quantity changed",
  IP: "Price changed",
  DR: "Date rescheduled",
  IB: "Backordered",
  IR: "Item rejected",
};

export interface LineForResponse {
  quantity: string;
  unitPrice: string;
  requestedDate: string;
  committedDate: string | null;
}

export type LineAnswer =
  | { kind: "accept" }
  | { kind: "change"; quantity?: string; unitPrice?: string; committedDate?: string; reason: string }
  | { kind: "reject"; reason: string };

/** A line's standing answer, as the partner left it: rejected (IR), a proposal, or accepted as is. */
export function proposalOf(line: { responseCode: string | null; proposedQuantity: string | null; proposedDate: string | null }): LineAnswer {
  if (line.responseCode === "IR") return { kind: "reject", reason: "" };
  if (line.proposedQuantity !== null || line.proposedDate !== null)
    return { kind: "change", quantity: line.proposedQuantity ?? undefined, committedDate: line.proposedDate ?? undefined, reason: "" };
  return { kind: "accept" };
}

function sameDecimal(a: string, b: string): boolean {
  // invalid input is compared as text; validateAnswers reports it separately
  return isDecimal(a) && isDecimal(b) ? compareDecimal(a, b) === 0 : a.trim() === b.trim();
}

function changedFields(line: LineForResponse, answer: Extract<LineAnswer, { kind: "change" }>) {
  const changed: ("quantity" | "price" | "date")[] = [];
  if (answer.quantity !== undefined && !sameDecimal(answer.quantity, line.quantity)) changed.push("quantity");
  if (answer.unitPrice !== undefined && !sameDecimal(answer.unitPrice, line.unitPrice)) changed.push("price");
  // a line not yet committed is compared with the date the buyer asked for
  if (answer.committedDate !== undefined && answer.committedDate !== (line.committedDate ?? line.requestedDate)) changed.push("date");
  return changed;
}

/** X12 855 ACK01 for one line answer; null for a "change" that changes nothing (validateAnswers reports it). IB is never derived: it only comes in over EDI. */
export function codeForAnswer(line: LineForResponse, answer: LineAnswer): AckCode | null {
  if (answer.kind === "accept") return "IA";
  if (answer.kind === "reject") return "IR";
  const changed = changedFields(line, answer);
  if (changed.length === 0) return null;
  if (changed.length > 1) return "IC";
  return changed[0] === "quantity" ? "IQ" : changed[0] === "price" ? "IP" : "DR";
}

export function statusAfterResponse(answers: LineAnswer[]): "confirmed" | "changes_proposed" | "rejected" {
  if (answers.length === 0) throw new Error("A response needs an answer for at least one line.");
  if (answers.every((a) => a.kind === "accept")) return "confirmed";
  if (answers.every((a) => a.kind === "reject")) return "rejected";
  // any change, or a mix of accepted and rejected lines, goes back to the buyer
  return "changes_proposed";
}

// the database columns are numeric(14,3) for quantities and numeric(14,4) for prices
const QTY = /^\d{1,11}(\.\d{1,3})?$/;
const PRICE = /^\d{1,10}(\.\d{1,4})?$/;
// a real calendar date written YYYY-MM-DD (2025-02-30 is not); the business range is in limits.ts
export { isIsoDate };

export type AnswerProblem = { lineId: string; field: "answer" | "quantity" | "unitPrice" | "committedDate" | "reason"; message: string };

/** Every problem with a whole response, line by line; empty when it can be applied. `today` is YYYY-MM-DD. */
export function validateAnswers(lines: (LineForResponse & { id: string })[], answers: Record<string, LineAnswer>, today: string): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const known = new Set(lines.map((l) => l.id));
  for (const line of lines) {
    const a = Object.hasOwn(answers, line.id) ? answers[line.id] : undefined;
    if (!a) {
      problems.push({ lineId: line.id, field: "answer", message: "Answer this line: accept, change or reject it." });
      continue;
    }
    if (a.kind === "accept") continue;
    if (a.kind !== "change" && a.kind !== "reject") {
      problems.push({ lineId: line.id, field: "answer", message: "Answer this line: accept, change or reject it." });
      continue;
    }
    if (typeof a.reason !== "string" || !a.reason.trim())
      problems.push({ lineId: line.id, field: "reason", message: a.kind === "reject" ? "Say why you reject this line." : "Say why you propose this change." });
    if (a.kind === "reject") continue;
    let fieldsOk = true;
    if (a.quantity !== undefined && (!QTY.test(a.quantity) || compareDecimal(a.quantity, "0") <= 0)) {
      problems.push({ lineId: line.id, field: "quantity", message: "Enter a quantity above 0, with at most 3 decimals." });
      fieldsOk = false;
    }
    if (a.unitPrice !== undefined && !PRICE.test(a.unitPrice)) {
      problems.push({ lineId: line.id, field: "unitPrice", message: "Enter a price of 0 or more, with at most 4 decimals." });
      fieldsOk = false;
    }
    if (a.committedDate !== undefined) {
      if (!isIsoDate(a.committedDate)) {
        problems.push({ lineId: line.id, field: "committedDate", message: "Enter a real date as YYYY-MM-DD." });
        fieldsOk = false;
      } else if (a.committedDate < today) {
        problems.push({ lineId: line.id, field: "committedDate", message: `The committed date can't be before today (${today}).` });
        fieldsOk = false;
      } else if (!isBusinessDate(a.committedDate)) {
        problems.push({ lineId: line.id, field: "committedDate", message: BUSINESS_DATE_RANGE_MESSAGE });
        fieldsOk = false;
      }
    }
    if (fieldsOk && changedFields(line, a).length === 0)
      problems.push({ lineId: line.id, field: "answer", message: "Change the quantity, price or date, or accept the line as it is." });
  }
  // an answer for a line that isn't open on this order is never silently dropped
  for (const id of Object.keys(answers))
    if (!known.has(id)) problems.push({ lineId: id, field: "answer", message: "This line is not open on this purchase order." });
  return problems;
}

/** Date history: the first commitment is set once and never overwritten; the current one follows each change. */
export function nextCommitment(line: { firstCommittedDate: string | null; committedDate: string | null }, newDate: string): { firstCommittedDate: string; committedDate: string } {
  return { firstCommittedDate: line.firstCommittedDate ?? newDate, committedDate: newDate };
}

// ---------- exact decimals: scaled BigInt, never floats ----------

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

type Dec = { n: bigint; s: number }; // value = n / 10^s

function isDecimal(v: string): boolean {
  return DECIMAL.test(v.trim());
}

function parse(v: string): Dec {
  const m = DECIMAL.exec(String(v).trim());
  if (!m) throw new Error(`Not a decimal number: "${v}"`);
  const frac = m[3] ?? "";
  const n = BigInt(m[2] + frac);
  return { n: m[1] ? -n : n, s: frac.length };
}

/** Divide rounding half up (away from zero), the way money is rounded on paper. */
function divRound(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (x * 2n + y) / (y * 2n);
  return neg ? -q : q;
}

/** n at scale `from` expressed at scale `to` (exact upwards, half-up rounding downwards). */
function rescale(n: bigint, from: number, to: number): bigint {
  return to >= from ? n * 10n ** BigInt(to - from) : divRound(n, 10n ** BigInt(from - to));
}

function format(n: bigint, scale: number): string {
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  return `${neg ? "-" : ""}${int}${scale ? "." + digits.slice(digits.length - scale) : ""}`;
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [rescale(a.n, a.s, s), rescale(b.n, b.s, s), s];
}

/** A tolerance percentage (e.g. 5, 2.5) as an exact decimal; tenant settings hold at most 2 decimals. */
function pctDec(p: number): Dec {
  if (!Number.isFinite(p)) throw new Error(`Not a percentage: ${p}`);
  return parse(p.toFixed(4));
}

export function compareDecimal(a: string, b: string): number {
  const [x, y] = align(parse(a), parse(b));
  return x > y ? 1 : x < y ? -1 : 0;
}

/** a + b, exact, written with `scale` decimals (quantities: 3). Subtract with addDecimals(a, "-" + b). */
export function addDecimals(a: string, b: string, scale = 3): string {
  const [x, y, s] = align(parse(a), parse(b));
  return format(rescale(x + y, s, scale), scale);
}

function product(quantity: string, unitPrice: string): Dec {
  const q = parse(quantity);
  const p = parse(unitPrice);
  return { n: q.n * p.n, s: q.s + p.s };
}

/** quantity × unit price, exact, rounded half up to cents only at the end. */
export function lineTotal(quantity: string, unitPrice: string): string {
  const t = product(quantity, unitPrice);
  return format(rescale(t.n, t.s, 2), 2);
}

/** Sum of the (rounded) line totals, so the document's lines always add up to its total. Cancelled lines don't count. */
export function poTotal(lines: { quantity: string; unitPrice: string; cancelled?: boolean }[]): string {
  let cents = 0n;
  for (const l of lines) {
    if (l.cancelled) continue;
    const t = product(l.quantity, l.unitPrice);
    cents += rescale(t.n, t.s, 2);
  }
  return format(cents, 2);
}

// ---------- fulfilment ----------

/**
 * Received against ordered. pct is the variance as a percentage of ordered (4 decimals); the flag
 * compares exactly, so a variance equal to the tolerance is within it. Anything received against
 * nothing ordered is over (pct 100).
 */
export function receiptVariance(ordered: string, received: string, tolerancePct: number): { units: string; pct: number; flag: "over" | "under" | null } {
  const [o, r, s] = align(parse(ordered), parse(received));
  const diff = r - o;
  const units = format(rescale(diff, s, Math.max(s, 3)), Math.max(s, 3));
  if (o === 0n) return { units, pct: diff === 0n ? 0 : 100, flag: diff > 0n ? "over" : diff < 0n ? "under" : null };
  const pct = Number(format(divRound(diff * 100n * 10_000n, o), 4));
  const tol = pctDec(tolerancePct);
  const abs = diff < 0n ? -diff : diff;
  // |diff| / o > tol / 100  <=>  |diff| * 100 * 10^tol.s > o * tol.n
  const over = abs * 100n * 10n ** BigInt(tol.s) > o * tol.n;
  return { units, pct, flag: over ? (diff > 0n ? "over" : "under") : null };
}

/**
 * The order's status from its line quantities. Zero-quantity and cancelled lines don't count.
 * Receiving outranks shipping; a line counts as received in full when it is short by no more
 * than the tolerance. Nothing shipped or received leaves the order "confirmed".
 */
export function fulfilmentStatus(
  lines: { ordered: string; shipped: string; received: string; cancelled?: boolean }[],
  tolerancePct: number,
): "confirmed" | "partially_shipped" | "shipped" | "partially_received" | "received" {
  const tol = pctDec(tolerancePct);
  const hundred = 100n * 10n ** BigInt(tol.s);
  const open = lines.filter((l) => !l.cancelled && compareDecimal(l.ordered, "0") > 0);
  if (open.some((l) => compareDecimal(l.received, "0") > 0)) {
    const allIn = open.every((l) => {
      // received >= ordered * (100 - tol) / 100
      const [o, r] = align(parse(l.ordered), parse(l.received));
      return r * hundred >= o * (hundred - tol.n);
    });
    return allIn ? "received" : "partially_received";
  }
  if (!open.some((l) => compareDecimal(l.shipped, "0") > 0)) return "confirmed";
  return open.every((l) => compareDecimal(l.shipped, l.ordered) >= 0) ? "shipped" : "partially_shipped";
}

// ---------- revisions ----------

export interface PoSnapshot {
  header: Record<string, string | number | null>;
  lines: { lineNo: number; itemCode: string; quantity: string; unitPrice: string; requestedDate: string; committedDate: string | null; status: string }[];
}

export type FieldChange = { field: string; before: unknown; after: unknown };
export type RevisionDiff = { header: FieldChange[]; added: number[]; removed: number[]; changed: { lineNo: number; fields: FieldChange[] }[] };

const LINE_FIELDS = ["itemCode", "quantity", "unitPrice", "requestedDate", "committedDate", "status"] as const;

/** What changed between two revisions. Lines are matched by lineNo; "10.000" and "10" are the same quantity. */
export function diffRevisions(before: PoSnapshot, after: PoSnapshot): RevisionDiff {
  const header = [...new Set([...Object.keys(before.header), ...Object.keys(after.header)])]
    .sort()
    .filter((k) => (before.header[k] ?? null) !== (after.header[k] ?? null))
    .map((k) => ({ field: k, before: before.header[k] ?? null, after: after.header[k] ?? null }));
  const b = new Map(before.lines.map((l) => [l.lineNo, l]));
  const a = new Map(after.lines.map((l) => [l.lineNo, l]));
  const byNo = (x: number, y: number) => x - y;
  const added = [...a.keys()].filter((n) => !b.has(n)).sort(byNo);
  const removed = [...b.keys()].filter((n) => !a.has(n)).sort(byNo);
  const changed: RevisionDiff["changed"] = [];
  for (const n of [...a.keys()].sort(byNo)) {
    const bl = b.get(n);
    const al = a.get(n)!;
    if (!bl) continue;
    const fields = LINE_FIELDS.filter((f) => (f === "quantity" || f === "unitPrice" ? !sameDecimal(bl[f], al[f]) : bl[f] !== al[f])).map((f) => ({
      field: f,
      before: bl[f],
      after: al[f],
    }));
    if (fields.length) changed.push({ lineNo: n, fields });
  }
  return { header, added, removed, changed };
}
