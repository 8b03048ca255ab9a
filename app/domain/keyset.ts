// Keyset pagination: a cursor names the last row shown by its sort key, never an offset.
import { isUuid } from "./ids";
export const PAGE_SIZE = 50;

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** What each position of a cursor must hold, so a tampered cursor never reaches SQL as a bad value. */
export type CursorKind = "string" | "uuid" | "int" | "timestamp";

const CHECKS: Record<CursorKind, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string" && v.length <= 500,
  uuid: isUuid,
  int: (v) => typeof v === "number" && Number.isSafeInteger(v),
  timestamp: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) && !Number.isNaN(Date.parse(v)),
};

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
    if (!values.every((v) => typeof v === "string" || typeof v === "number")) return null;
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
