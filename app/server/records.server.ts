// Shared helpers for reading and changing tenant records.
import { json } from "@remix-run/node";
import { notFound } from "./http-errors.server";
import { isUuid } from "../domain/ids";


/** A route's record id: anything that is not a UUID cannot exist, so it is the same 404. */
export function recordId(param: string | undefined): string {
  if (!param || !isUuid(param)) notFound();
  return param.toLowerCase();
}

/** Optimistic concurrency: the row changed since the form was loaded. */
export class StaleRecordError extends Error {
  constructor(what: string) {
    super(`Someone else changed this ${what} after you opened it. Reload the page to see their changes, then make yours again.`);
  }
}

/** A value that breaks a uniqueness rule, reported beside its field. */
export class DuplicateError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  if (e?.code === "23505") return !constraint || e.constraint_name === constraint || e.constraint === constraint;
  if (e?.cause) return isUniqueViolation(e.cause, constraint);
  return false;
}

export function staleResponse<T extends { reply: (o: { formErrors: string[] }) => unknown }>(submission: T, error: StaleRecordError) {
  return json(submission.reply({ formErrors: [error.message] }), { status: 409 });
}
