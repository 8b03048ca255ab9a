// ISO 8601 weeks: weeks start on Monday and belong to the year that holds their Thursday, so
// 1–3 January can be in the previous year's last week and 29–31 December in the next year's W01.
// A year has 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year.
// Pure: plain day arithmetic on the proleptic Gregorian calendar, no Date, no clock, no time zones.

/** "2026-W05" style ISO 8601 week key (canonical: 4-digit year, "-W", 2-digit week). */
export type IsoWeek = string;

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CANONICAL = /^(\d{4})-W(\d{2})$/;
const LENIENT = /^(\d{4})-?W(\d{1,2})$/i;

// ---------- day numbers (days since 1970-01-01) ----------

/** Days since 1970-01-01 for a Gregorian date (Howard Hinnant's days_from_civil). */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The Gregorian date of a day number (civil_from_days). */
function civil(n: number): { y: number; m: number; d: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

/** 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
function isoWeekday(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function isoDate(n: number): string {
  const { y, m, d } = civil(n);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function dateDay(date: string): number {
  const m = DATE.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const n = dayNumber(y, mo, d);
    const back = civil(n);
    if (y >= MIN_YEAR && back.y === y && back.m === mo && back.d === d) return n;
  }
  throw new RangeError(`Not a date (YYYY-MM-DD): "${date}"`);
}

/** Monday of week 1 of an ISO year: the Monday on or before 4 January. */
function week1Monday(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

function key(year: number, week: number): IsoWeek {
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`ISO week out of range: year ${year}`);
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}

/** Year and week number of a canonical key; throws on anything else. */
function parts(week: IsoWeek): { year: number; week: number } {
  const m = CANONICAL.exec(week);
  if (m) {
    const year = Number(m[1]);
    const w = Number(m[2]);
    if (year >= MIN_YEAR && w >= 1 && w <= weeksInYear(year)) return { year, week: w };
  }
  throw new RangeError(`Not an ISO week (YYYY-Www): "${week}"`);
}

/** Day number of the Monday that starts a week. */
function mondayOf(week: IsoWeek): number {
  const p = parts(week);
  return week1Monday(p.year) + (p.week - 1) * 7;
}

function weekOfDay(n: number): IsoWeek {
  const thursday = n - isoWeekday(n) + 4;
  const year = civil(thursday).y;
  return key(year, Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1);
}

function checkInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

// ---------- API ----------

/** The ISO week a date (YYYY-MM-DD) falls in: "2027-01-01" -> "2026-W53", "2024-12-30" -> "2025-W01". Throws on a non-date. */
export function isoWeekOf(date: string): IsoWeek {
  return weekOfDay(dateDay(date));
}

/** Monday of the week, as YYYY-MM-DD. */
export function weekStart(week: IsoWeek): string {
  return isoDate(mondayOf(week));
}

/** Sunday of the week, as YYYY-MM-DD. */
export function weekEnd(week: IsoWeek): string {
  return isoDate(mondayOf(week) + 6);
}

/** 53 when 1 January is a Thursday, or a Wednesday in a leap year; otherwise 52. */
export function weeksInYear(year: number): 52 | 53 {
  checkInteger(year, "The year");
  const jan1 = isoWeekday(dayNumber(year, 1, 1));
  return jan1 === 4 || (jan1 === 3 && isLeapYear(year)) ? 53 : 52;
}

/** The week n weeks later (n may be negative): "2026-W53" + 1 -> "2027-W01". */
export function addWeeks(week: IsoWeek, n: number): IsoWeek {
  checkInteger(n, "The number of weeks");
  return weekOfDay(mondayOf(week) + n * 7);
}

/** `count` consecutive weeks starting with `from`. */
export function weekRange(from: IsoWeek, count: number): IsoWeek[] {
  checkInteger(count, "The number of weeks");
  if (count < 0) throw new RangeError(`The number of weeks can't be negative, got ${count}`);
  const start = mondayOf(from);
  return Array.from({ length: count }, (_, i) => weekOfDay(start + i * 7));
}

/** Negative when a is before b, 0 when the same week, positive when after (for Array.sort). */
export function compareWeeks(a: IsoWeek, b: IsoWeek): number {
  return Math.sign(mondayOf(a) - mondayOf(b));
}

/**
 * A week typed by a person or read from a file: "2026-W05", "2026W05", "2026-w5" (surrounding spaces
 * ignored). null for anything else, including a week the year doesn't have ("2026-W54", "2025-W53").
 */
export function parseIsoWeek(input: string): IsoWeek | null {
  const m = LENIENT.exec(String(input ?? "").trim());
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < MIN_YEAR || week < 1 || week > weeksInYear(year)) return null;
  return key(year, week);
}

/** b − a in weeks: weeksBetween("2026-W52", "2027-W01") = 2 (2026 has 53 weeks). */
export function weeksBetween(a: IsoWeek, b: IsoWeek): number {
  return (mondayOf(b) - mondayOf(a)) / 7;
}

/** "W05 2026 (26 Jan – 1 Feb)" */
export function formatWeek(week: IsoWeek): string {
  const p = parts(week);
  const monday = civil(mondayOf(week));
  const sunday = civil(mondayOf(week) + 6);
  return `W${pad(p.week, 2)} ${pad(p.year, 4)} (${monday.d} ${MONTHS[monday.m - 1]} – ${sunday.d} ${MONTHS[sunday.m - 1]})`;
}

/** True for a canonical week key the year really has ("2026-W05"; not "2026-W5", not "2025-W53"). */
export function isIsoWeek(value: string): boolean {
  try {
    parts(value);
    return true;
  } catch {
    return false;
  }
}

/** Days from a to b (both YYYY-MM-DD): daysBetween("2026-01-01", "2026-01-15") = 14. */
export function daysBetween(a: string, b: string): number {
  return dateDay(b) - dateDay(a);
}

const WEEKISH = /^(\d{4})-?w(\d{1,2})$/i;

/** A week typed by a person or read from a file, or a message saying what is wrong with it. */
export function checkWeek(raw: string): { value: IsoWeek } | { message: string } {
  if (raw === "") return { message: "Enter the week, like 2026-W05." };
  const week = parseIsoWeek(raw);
  if (week !== null) return { value: week };
  const m = WEEKISH.exec(raw);
  if (m) {
    const n = Number(m[2]);
    if (n === 0) return { message: "Weeks are numbered from W01." };
    return { message: `${m[1]} has no week ${n}${n === 53 ? " (it has 52 weeks)" : ""}.` };
  }
  return { message: "Use an ISO week like 2026-W05." };
}
