// Keyset pagination: a cursor names the last row shown by its sort key, never an offset.
import { isUuid } from "./ids";
export const PAGE_SIZE = 50;

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** What each position of a cursor must hold, so a tampered cursor never reaches SQL as a bad value. */
export type CursorKind = "string" | "uuid" | "int" | "timestamp" | "date" | "decimal";

/** PostgreSQL refuses a NUL in text, and JavaScript's Date rolls 2026-02-30 over to March 2: both were 500s. */
const text = (v: unknown): v is string => typeof v === "string" && v.length <= 500 && !v.includes("\u0000");

const CHECKS: Record<CursorKind, (v: unknown) => boolean> = {
  string: text,
  uuid: isUuid,
  int: (v) => typeof v === "number" && Number.isSafeInteger(v),
  timestamp: (v) => text(v) && isRealTimestamp(v),
  date: (v) => text(v) && /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealTimestamp(`${v}T00:00:00.000Z`),
  decimal: (v) => text(v) && /^-?\d{1,15}(\.\d{1,6})?$/.test(v),
};

/** An ISO instant (as toISOString writes it) that names a real moment between years 1 and 9999. */
function isRealTimestamp(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/.exec(v);
  if (!m || m[1] === "0000") return false;
  const t = new Date(v);
  // a rolled-over date (Feb 30 -> Mar 2) or hour 24 comes back different
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 19) === v.slice(0, 19);
}

/**
 * A cursor that does not decode to `arity` strings/numbers (or to values of the given kinds)
 * is treated as "from the start".
 */
export function decodeCursor(cursor: string | null | undefined, shape: number | readonly CursorKind[]): (string | number)[] | null {
  if (!cursor) return null;
  const arity = typeof shape === "number" ? shape : shape.length;
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(values) || values.length !== arity) return null;
    if (!values.every((v) => (typeof v === "string" && !v.includes("\u0000")) || (typeof v === "number" && Number.isFinite(v)))) return null;
    if (typeof shape !== "number" && !shape.every((kind, i) => CHECKS[kind](values[i]))) return null;
    return values;
  } catch {
    return null;
  }
}

/** Callers fetch limit + 1 rows; the extra row only says whether another page exists. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
