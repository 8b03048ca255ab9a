import { json } from "@remix-run/node";
import { decodeCursor, type CursorKind } from "../domain/keyset";
import { isIsoDate } from "../domain/po";

/** An unknown or foreign record, or a page this member may not see: always the same 404. */
export function notFound(): never {
  throw json({ message: "Not found" }, { status: 404 });
}

export function badRequest<T>(data: T) {
  return json(data, { status: 400 });
}

/**
 * A list's `after` cursor, or null for the first page. A cursor that is present but does not
 * decode to the list's key (altered, truncated, a date PostgreSQL would refuse) is a 400, not
 * a silent first page and never a query error.
 */
export function readCursor(after: string | null | undefined, shape: readonly CursorKind[]): (string | number)[] | null {
  if (!after) return null;
  const values = decodeCursor(after, shape);
  if (!values) throw json({ message: "This page link is out of date or was altered (its 'after' part). Open the list again from its first page." }, { status: 400 });
  return values;
}

/**
 * A YYYY-MM-DD filter from the query string: undefined when absent or empty, a 400 naming the
 * filter when it is not a real day between the years 1900 and 2200 (PostgreSQL refuses
 * 2026-02-30, and JavaScript's Date quietly rolls it over to March 2).
 */
export function readDateFilter(params: URLSearchParams, name: string, label = name): string | undefined {
  const raw = params.get(name)?.trim();
  if (!raw) return undefined;
  if (!isIsoDate(raw) || raw < "1900-01-01" || raw > "2200-12-31") {
    throw json({ message: `The "${label}" date must be a real day written YYYY-MM-DD (not "${raw.slice(0, 40)}").` }, { status: 400 });
  }
  return raw;
}

/** One of a select filter's values, or a 400 when the query names something else. */
export function readChoiceFilter<T extends string>(params: URLSearchParams, name: string, choices: readonly T[], fallback: T): T {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw json({ message: `"${name}" must be one of ${choices.join(", ")}.` }, { status: 400 });
  return found;
}
