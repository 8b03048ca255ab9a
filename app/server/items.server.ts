import { and, asc, eq, gt, ilike, or, sql } from "drizzle-orm";
import { readCursor } from "./http-errors.server";
import { items } from "../../drizzle/schema";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import type { ImportedItem } from "../domain/item-import";
import type { TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { escapeLike } from "./partners.server";
import { DuplicateError, isUniqueViolation, StaleRecordError } from "./records.server";
import { withTenant } from "./tenant.server";

export interface ItemInput {
  code: string;
  description: string;
  uom: string;
  abcClass: "A" | "B" | "C";
  leadTimeDays: number;
  standardCost: string | null;
}

const ITEM_COLUMNS = {
  id: items.id,
  code: items.code,
  description: items.description,
  uom: items.uom,
  abcClass: items.abcClass,
  leadTimeDays: items.leadTimeDays,
  active: items.active,
};

/** An item as a member reads it. Standard costs are internal: partners (carriers too) never get them. */
export type ItemRow = { [K in keyof typeof ITEM_COLUMNS]: (typeof items.$inferSelect)[K] } & { standardCost?: string | null };

function itemColumns(ctx: TenantContext) {
  return ctx.isPartner ? ITEM_COLUMNS : { ...ITEM_COLUMNS, standardCost: items.standardCost };
}

export async function listItems(ctx: TenantContext, opts: { after?: string | null; q?: string; abcClass?: "A" | "B" | "C"; limit?: number }) {
  const limit = opts.limit ?? PAGE_SIZE;
  const cursor = readCursor(opts.after, ["string"]);
  return withTenant(ctx, async (tx) => {
    const rows: ItemRow[] = await tx
      .select(itemColumns(ctx))
      .from(items)
      .where(
        and(
          eq(items.tenantId, ctx.tenantId),
          opts.abcClass ? eq(items.abcClass, opts.abcClass) : undefined,
          opts.q ? or(ilike(items.code, `%${escapeLike(opts.q)}%`), ilike(items.description, `%${escapeLike(opts.q)}%`)) : undefined,
          cursor ? gt(items.code, String(cursor[0])) : undefined,
        ),
      )
      .orderBy(asc(items.code))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.code]);
  });
}

/** Every item, in code order, for the CSV export (streamed page by page by the caller); costs for staff only. */
export async function itemsAfter(ctx: TenantContext, afterCode: string | null, limit: number) {
  return withTenant(ctx, async (tx): Promise<ItemRow[]> =>
    tx
      .select(itemColumns(ctx))
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), afterCode ? gt(items.code, afterCode) : undefined))
      .orderBy(asc(items.code))
      .limit(limit),
  );
}

export async function getItem(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(items).where(and(eq(items.tenantId, ctx.tenantId), eq(items.id, id)));
    return row ?? null;
  });
}

const DUPLICATE_CODE = "An item with this code already exists.";

export async function createItem(ctx: TenantContext, input: ItemInput) {
  try {
    return await withTenant(ctx, async (tx) => {
      const [item] = await tx.insert(items).values({ tenantId: ctx.tenantId, ...input }).returning();
      await recordAudit(tx, actorOf(ctx), { action: "item.created", entityType: "item", entityId: item.id, after: item });
      return item;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateError(DUPLICATE_CODE, "code");
    throw e;
  }
}

export async function updateItem(ctx: TenantContext, id: string, version: number, input: Partial<ItemInput> & { active?: boolean }) {
  try {
    return await withTenant(ctx, async (tx) => {
      const [before] = await tx.select().from(items).where(and(eq(items.tenantId, ctx.tenantId), eq(items.id, id)));
      if (!before) return null;
      const [after] = await tx
        .update(items)
        .set({ ...input, version: sql`${items.version} + 1`, updatedAt: new Date() })
        .where(and(eq(items.tenantId, ctx.tenantId), eq(items.id, id), eq(items.version, version)))
        .returning();
      if (!after) throw new StaleRecordError("item");
      await recordAudit(tx, actorOf(ctx), { action: "item.updated", entityType: "item", entityId: id, before, after });
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateError(DUPLICATE_CODE, "code");
    throw e;
  }
}

const IMPORT_BATCH = 500;

/**
 * All-or-nothing: one transaction inserts new codes and updates existing ones; an unchanged
 * row is left alone, so importing the same file twice changes nothing the second time.
 */
export async function importItems(ctx: TenantContext, rows: ImportedItem[]) {
  return withTenant(ctx, async (tx) => {
    let created = 0;
    let updated = 0;
    for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
      const batch = rows.slice(i, i + IMPORT_BATCH);
      const result = await tx
        .insert(items)
        .values(batch.map(({ line: _line, ...r }) => ({ tenantId: ctx.tenantId, ...r })))
        .onConflictDoUpdate({
          target: [items.tenantId, items.code],
          set: {
            description: sql`excluded.description`,
            uom: sql`excluded.uom`,
            abcClass: sql`excluded.abc_class`,
            leadTimeDays: sql`excluded.lead_time_days`,
            standardCost: sql`excluded.standard_cost`,
            version: sql`${items.version} + 1`,
            updatedAt: new Date(),
          },
          setWhere: sql`(${items.description}, ${items.uom}, ${items.abcClass}, ${items.leadTimeDays}, ${items.standardCost})
            is distinct from (excluded.description, excluded.uom, excluded.abc_class, excluded.lead_time_days, excluded.standard_cost)`,
        })
        .returning({ id: items.id, inserted: sql<boolean>`(xmax = 0)` });
      for (const r of result) r.inserted ? created++ : updated++;
    }
    const unchanged = rows.length - created - updated;
    await recordAudit(tx, actorOf(ctx), {
      action: "item.imported",
      entityType: "item_import",
      entityId: new Date().toISOString(),
      after: { rows: rows.length, created, updated, unchanged },
    });
    return { created, updated, unchanged };
  });
}
