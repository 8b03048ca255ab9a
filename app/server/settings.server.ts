import { and, eq } from "drizzle-orm";
import { tenantSettings } from "../../drizzle/schema";
import type { TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { StaleRecordError } from "./records.server";
import { withTenant } from "./tenant.server";

export interface TenantSettingsInput {
  receiptTolerancePct: string;
  ackDueHours: number;
}

export async function getTenantSettings(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(tenantSettings).where(eq(tenantSettings.tenantId, ctx.tenantId));
    return row ?? { tenantId: ctx.tenantId, receiptTolerancePct: "5.00", ackDueHours: 48 };
  });
}

/**
 * Compare-and-set: the update applies only if the settings are still what the form showed, so two
 * admins never silently overwrite each other.
 */
export async function updateTenantSettings(ctx: TenantContext, shown: TenantSettingsInput, next: TenantSettingsInput) {
  return withTenant(ctx, async (tx) => {
    await tx.insert(tenantSettings).values({ tenantId: ctx.tenantId }).onConflictDoNothing();
    const [after] = await tx
      .update(tenantSettings)
      .set(next)
      .where(
        and(
          eq(tenantSettings.tenantId, ctx.tenantId),
          eq(tenantSettings.receiptTolerancePct, shown.receiptTolerancePct),
          eq(tenantSettings.ackDueHours, shown.ackDueHours),
        ),
      )
      .returning();
    if (!after) throw new StaleRecordError("company's settings");
    await recordAudit(tx, actorOf(ctx), { action: "settings.updated", entityType: "tenant_settings", entityId: ctx.tenantId, before: shown, after: next });
    return after;
  });
}
