// The limits of the portal's values, in one place: which dates are business dates, what a clock
// time and a pickup window are, and what a single-line identifier (lot number, tracking number,
// partner code) may hold. Forms, CSV imports and server functions all ask these; migration 0027
// holds the database to the same limits with CHECK constraints, so a value that slips past one of
// them is still refused. Pure: `today` is passed in as YYYY-MM-DD.
import { checkWeek, isoWeekOf, type IsoWeek } from "./iso-week";

// ---------- calendar dates ----------

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(d: string): boolean {
  if (typeof d !== "string" || !DATE.test(d)) return false;
  const t = new Date(d + "T00:00:00Z");
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
}

/** d + n days, YYYY-MM-DD (d must be a real date). */
export function addDays(d: string, n: number): string {
  if (!isIsoDate(d)) throw new RangeError(`Not a date (YYYY-MM-DD): "${d}"`);
  return new Date(Date.parse(d + "T00:00:00Z") + n * 86_400_000).toISOString().slice(0, 10);
}

// ---------- business dates ----------

/**
 * Business dates (a line's requested, committed, proposed, shipped and received dates, a ship
 * notice's ready date, a receipt's date, a count's due date, a stock movement's date) and business
 * weeks (forecast and capacity weeks) lie from 2000-01-01 to 2100-12-31. Nothing the portal plans
 * or records is older (it went live long after) or later (a plan a lifetime ahead is a typo such as
 * 0001-01-01 or 9999-12-31, which ERP exports use for "no date"). The database's CHECK constraints
 * (migration 0027) use the same two dates.
 */
export const EARLIEST_BUSINESS_DATE = "2000-01-01";
export const LATEST_BUSINESS_DATE = "2100-12-31";
/** The first and last ISO weeks whose Monday is a business date. */
export const EARLIEST_BUSINESS_WEEK: IsoWeek = "2000-W01";
export const LATEST_BUSINESS_WEEK: IsoWeek = isoWeekOf(LATEST_BUSINESS_DATE);

export const BUSINESS_DATE_RANGE_MESSAGE = `Enter a date from ${EARLIEST_BUSINESS_DATE} to ${LATEST_BUSINESS_DATE}.`;

export function isBusinessDate(d: string): boolean {
  return isIsoDate(d) && d >= EARLIEST_BUSINESS_DATE && d <= LATEST_BUSINESS_DATE;
}

/**
 * What is wrong with a business date typed or read from a file, or null when it is fine: not
 * written YYYY-MM-DD, not a real date, or outside 2000-01-01 to 2100-12-31.
 */
export function businessDateProblem(d: string): string | null {
  if (typeof d !== "string" || !DATE.test(d)) return "Use a date like 2026-12-31.";
  if (!isIsoDate(d)) return `${d} is not a real date.`;
  if (d < EARLIEST_BUSINESS_DATE || d > LATEST_BUSINESS_DATE) return BUSINESS_DATE_RANGE_MESSAGE;
  return null;
}

/** A canonical ISO week ("2026-W05") from 2000-W01 to 2100-W52 (string order is week order). */
export function isBusinessWeek(week: IsoWeek): boolean {
  return week >= EARLIEST_BUSINESS_WEEK && week <= LATEST_BUSINESS_WEEK;
}

export const BUSINESS_WEEK_RANGE_MESSAGE = `Enter a week from ${EARLIEST_BUSINESS_WEEK} to ${LATEST_BUSINESS_WEEK}.`;

/** A week typed or read from a file (any form checkWeek reads), within the business weeks; or what is wrong. */
export function checkBusinessWeek(raw: string): { value: IsoWeek } | { message: string } {
  const week = checkWeek(raw);
  if ("value" in week && !isBusinessWeek(week.value)) return { message: BUSINESS_WEEK_RANGE_MESSAGE };
  return week;
}

/**
 * Stock movements record what happened: dated no later than tomorrow (today in UTC may be
 * yesterday where the filler is, so one day of slack), and within the business dates.
 */
export const MOVEMENT_DAYS_AHEAD = 1;

/** What is wrong with a movement's date, or null. `today` is YYYY-MM-DD (UTC). */
export function movementDateProblem(d: string, today: string): string | null {
  const problem = businessDateProblem(d);
  if (problem) return problem;
  const latest = addDays(today, MOVEMENT_DAYS_AHEAD);
  if (d > latest) return `A movement records what happened: date it ${latest} or earlier.`;
  return null;
}

// ---------- clock times and pickup windows ----------

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** HH:MM on a 24-hour clock, 00:00 to 23:59. */
export function isClockTime(t: string): boolean {
  return typeof t === "string" && CLOCK.test(t);
}

/** Between the two times of a pickup window as stored and shown: 08:00–16:00 (an en dash). */
export const WINDOW_DASH = "–";

export function formatPickupWindow(from: string, to: string): string {
  return `${from}${WINDOW_DASH}${to}`;
}

/**
 * A pickup window's problems by field (empty when fine): each end a time from 00:00 to 23:59, and the
 * window ending after it starts (HH:MM strings compare in time order once both are valid).
 */
export function pickupWindowProblems(from: string, to: string): { windowFrom?: string; windowTo?: string } {
  const problems: { windowFrom?: string; windowTo?: string } = {};
  if (!isClockTime(from)) problems.windowFrom = "Enter a time from 00:00 to 23:59, like 08:00.";
  if (!isClockTime(to)) problems.windowTo = "Enter a time from 00:00 to 23:59, like 16:00.";
  if (!problems.windowFrom && !problems.windowTo && to <= from) problems.windowTo = "The window must end after it starts.";
  return problems;
}

/** A stored pickup window ("08:00–16:00"), checked whole; null when it is fine. */
export function pickupWindowProblem(window: string): string | null {
  const parts = typeof window === "string" ? window.split(WINDOW_DASH) : [];
  if (parts.length !== 2) return "Give the pickup window as two times, like 08:00–16:00.";
  const p = pickupWindowProblems(parts[0], parts[1]);
  return p.windowFrom ?? p.windowTo ?? null;
}

// ---------- single-line identifiers ----------

/**
 * Control characters: C0 (NUL, tab, CR, LF …), DEL, C1, and the Unicode line and paragraph
 * separators. None belongs in a lot number, tracking number or code: they break CSV exports, labels,
 * PDFs and every lookup by that identifier.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function hasControlCharacters(s: string): boolean {
  return CONTROL.test(s);
}

/** The message for an identifier with a line break, tab or other control character in it. */
export function singleLineMessage(what: string): string {
  return `${what} must be on one line: no line breaks, tabs or other control characters.`;
}

/** Lot numbers (stock movements, counts, inspections): the database column holds 100 characters. */
export const MAX_LOT_LENGTH = 100;

/** What is wrong with a lot number (already trimmed), or null. "" means no lot. */
export function lotProblem(lot: string, max = MAX_LOT_LENGTH): string | null {
  if (hasControlCharacters(lot)) return singleLineMessage("A lot number");
  if ([...lot].length > max) return `Use at most ${max} characters.`;
  return null;
}
