import { and, asc, eq, gt, ilike, ne, or, sql } from "drizzle-orm";
import { readCursor } from "./http-errors.server";
import { facilities, partners } from "../../drizzle/schema";
import type { PartnerKind } from "../domain/partners";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import type { TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import type { Tx } from "./db.server";
import { withTenant } from "./tenant.server";
import { DuplicateError, isUniqueViolation, StaleRecordError } from "./records.server";


export interface PartnerInput {
  name: string;
  kind: PartnerKind;
  code?: string | null;
  contactEmail?: string | null;
}

export async function listPartners(ctx: TenantContext, opts: { after?: string | null; q?: string; kind?: PartnerKind; limit?: number }) {
  const limit = opts.limit ?? PAGE_SIZE;
  const cursor = readCursor(opts.after, ["string", "uuid"]);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: partners.id,
        name: partners.name,
        kind: partners.kind,
        code: partners.code,
        contactEmail: partners.contactEmail,
        active: partners.active,
        // qualified by hand: drizzle writes bare column names, which inside the subquery would mean f's own
        facilityCount: sql<number>`(select count(*)::int from facilities f where f.tenant_id = "partners"."tenant_id" and f.partner_id = "partners"."id")`,
        // the sort key as PostgreSQL computes it, so the cursor matches the ORDER BY exactly
        sortName: sql<string>`lower(${partners.name})`,
      })
      .from(partners)
      .where(
        and(
          eq(partners.tenantId, ctx.tenantId),
          opts.kind ? eq(partners.kind, opts.kind) : undefined,
          opts.q ? or(ilike(partners.name, `%${escapeLike(opts.q)}%`), ilike(partners.code, `%${escapeLike(opts.q)}%`)) : undefined,
          cursor
            ? or(gt(sql`lower(${partners.name})`, String(cursor[0])), and(eq(sql`lower(${partners.name})`, String(cursor[0])), gt(partners.id, String(cursor[1]))))
            : undefined,
        ),
      )
      .orderBy(asc(sql`lower(${partners.name})`), asc(partners.id))
      .limit(limit + 1);
    return pageOf(rows, limit, (r) => [r.sortName, r.id]);
  });
}

export function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}

export async function getPartner(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [partner] = await tx.select().from(partners).where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.id, id)));
    if (!partner) return null;
    const sites = await tx
      .select()
      .from(facilities)
      .where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.partnerId, id)))
      .orderBy(asc(facilities.name));
    return { partner, facilities: sites };
  });
}

/** Partner names and codes are unique in a company ignoring case (migration 0027 for codes): DCP and dcp are one code. */
const CODE_KEY = "partners_tenant_code_key";

async function assertCodeFree(tx: Tx, tenantId: string, code: string | null | undefined, self: string | null) {
  if (!code) return;
  const [taken] = await tx
    .select({ name: partners.name, code: partners.code })
    .from(partners)
    .where(and(eq(partners.tenantId, tenantId), sql`lower(${partners.code}) = lower(${code})`, self ? ne(partners.id, self) : undefined))
    .limit(1);
  if (taken) throw new DuplicateError(`${taken.name} already has the code ${taken.code}; codes are the same whatever their case.`, "code");
}

function duplicateOf(e: unknown): DuplicateError | null {
  if (isUniqueViolation(e, CODE_KEY)) return new DuplicateError("Another partner already has this code; codes are the same whatever their case.", "code");
  if (isUniqueViolation(e)) return new DuplicateError("A partner with this name already exists.", "name");
  return null;
}

export async function createPartner(ctx: TenantContext, input: PartnerInput) {
  try {
    return await withTenant(ctx, async (tx) => {
      await assertCodeFree(tx, ctx.tenantId, input.code, null);
      const [p] = await tx.insert(partners).values({ tenantId: ctx.tenantId, ...input }).returning();
      await recordAudit(tx, actorOf(ctx), { action: "partner.created", entityType: "partner", entityId: p.id, partnerId: p.id, after: p });
      return p;
    });
  } catch (e) {
    throw duplicateOf(e) ?? e;
  }
}

export async function updatePartner(ctx: TenantContext, id: string, version: number, input: Partial<PartnerInput> & { active?: boolean }) {
  try {
    return await withTenant(ctx, async (tx) => {
      const [before] = await tx.select().from(partners).where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.id, id)));
      if (!before) return null;
      if (input.code !== undefined) await assertCodeFree(tx, ctx.tenantId, input.code, id);
      const [after] = await tx
        .update(partners)
        .set({ ...input, version: sql`${partners.version} + 1`, updatedAt: new Date() })
        .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.id, id), eq(partners.version, version)))
        .returning();
      if (!after) throw new StaleRecordError("partner");
      const action = input.active === false ? "partner.deactivated" : input.active === true && !before.active ? "partner.reactivated" : "partner.updated";
      await recordAudit(tx, actorOf(ctx), { action, entityType: "partner", entityId: id, partnerId: id, before, after });
      return after;
    });
  } catch (e) {
    throw duplicateOf(e) ?? e;
  }
}

export interface FacilityInput {
  name: string;
  address: string;
  city: string;
  country: string;
  resources: string[];
}

export async function getFacility(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ facility: facilities, partnerName: partners.name })
      .from(facilities)
      .innerJoin(partners, and(eq(partners.tenantId, facilities.tenantId), eq(partners.id, facilities.partnerId)))
      .where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.id, id)));
    return row ?? null;
  });
}

export async function createFacility(ctx: TenantContext, partnerId: string, input: FacilityInput) {
  return withTenant(ctx, async (tx) => {
    const [p] = await tx.select({ id: partners.id }).from(partners).where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.id, partnerId)));
    if (!p) return null;
    const [f] = await tx.insert(facilities).values({ tenantId: ctx.tenantId, partnerId, ...input }).returning();
    await recordAudit(tx, actorOf(ctx), { action: "facility.created", entityType: "facility", entityId: f.id, partnerId, after: f });
    return f;
  });
}

export async function updateFacility(ctx: TenantContext, id: string, version: number, input: Partial<FacilityInput> & { active?: boolean }) {
  return withTenant(ctx, async (tx) => {
    const [before] = await tx.select().from(facilities).where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.id, id)));
    if (!before) return null;
    const [after] = await tx
      .update(facilities)
      .set({ ...input, version: sql`${facilities.version} + 1`, updatedAt: new Date() })
      .where(and(eq(facilities.tenantId, ctx.tenantId), eq(facilities.id, id), eq(facilities.version, version)))
      .returning();
    if (!after) throw new StaleRecordError("facility");
    await recordAudit(tx, actorOf(ctx), { action: "facility.updated", entityType: "facility", entityId: id, partnerId: before.partnerId, before, after });
    return after;
  });
}
