// Per-company document numbers (migration 0025): the next number of a counter for the transaction's
// company, gap-free (the counter row stays locked until the transaction ends, and a rollback gives
// the number back). One company's numbers say nothing about another's volume.
import { sql } from "drizzle-orm";
import type { Tx } from "./db.server";

/** Each counter and the first number a company gets from it. */
export const COUNTERS = {
  ship_notice: { prefix: "ASN-", first: 100001 },
  inspection: { prefix: "INS-", first: 10001 },
  stock_count: { prefix: "CNT-", first: 5001 },
} as const;

export type Counter = keyof typeof COUNTERS;

/** The next document number, e.g. "ASN-100001", for the company whose transaction `tx` is. */
export async function nextDocumentNumber(tx: Tx, counter: Counter): Promise<string> {
  const { prefix, first } = COUNTERS[counter];
  const [{ n }] = await tx.select({ n: sql<string>`next_tenant_number(${counter}, ${first})::text` }).from(sql`(select 1) as one`);
  return `${prefix}${n}`;
}
