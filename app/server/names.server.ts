// Names for a page of rows, looked up by id after the page is read (one indexed query per kind):
// listing queries read their page from one table, so the planner can walk an index and stop at a
// page, instead of joining the (RLS-filtered, often misjudged) partner, item and facility tables first.
import { and, eq, inArray } from "drizzle-orm";
import { facilities, items, partners } from "../../drizzle/schema";
import type { Tx } from "./db.server";

const unique = (ids: Iterable<string>) => [...new Set(ids)];

export async function partnerNames(tx: Tx, tenantId: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = unique(ids);
  if (!list.length) return new Map();
  const rows = await tx.select({ id: partners.id, name: partners.name }).from(partners).where(and(eq(partners.tenantId, tenantId), inArray(partners.id, list)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function itemNames(tx: Tx, tenantId: string, ids: Iterable<string>): Promise<Map<string, { code: string; description: string }>> {
  const list = unique(ids);
  if (!list.length) return new Map();
  const rows = await tx
    .select({ id: items.id, code: items.code, description: items.description })
    .from(items)
    .where(and(eq(items.tenantId, tenantId), inArray(items.id, list)));
  return new Map(rows.map((r) => [r.id, { code: r.code, description: r.description }]));
}

export async function facilityNames(tx: Tx, tenantId: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = unique(ids);
  if (!list.length) return new Map();
  const rows = await tx.select({ id: facilities.id, name: facilities.name }).from(facilities).where(and(eq(facilities.tenantId, tenantId), inArray(facilities.id, list)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
