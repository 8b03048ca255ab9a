// Keyset pagination: a cursor names the last row shown by its sort key, never an offset.
export const PAGE_SIZE = 50;

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** A cursor that does not decode to `arity` strings/numbers is treated as "from the start". */
export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(values) || values.length !== arity) return null;
    if (!values.every((v) => typeof v === "string" || typeof v === "number")) return null;
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
