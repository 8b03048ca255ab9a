// Demo capacity: Metro Production Services and Delta Co-Packers declare their lines' weekly units
// over the rolling horizon, through the same function the grid uses (so the history is real);
// Metro's is three weeks old, so the demo shows stale capacity.
import { horizon } from "../app/domain/capacity";
import type { Db } from "../app/server/db.server";
import { and, eq, sql } from "drizzle-orm";
import { capacityFacilities, saveCapacity, sendStaleCapacityReminders } from "../app/server/capacity.server";
import { withTenant } from "../app/server/tenant.server";
import { capacityDeclarations } from "./schema";
import { withoutMail } from "../app/server/mail.server";
import { memberContext } from "./seed";

export async function seedCapacity(db: Db) {
  await withoutMail(async () => {
    const weeks = horizon(new Date().toISOString().slice(0, 10));
    for (const email of ["ops@metro3pd.test", "filler@delta.test"]) {
      const ctx = await memberContext(db, email, "northwind");
      for (const site of await capacityFacilities(ctx)) {
        const cells = site.resources.flatMap((resource, r) =>
          weeks.map((week, w) => ({
            resource,
            week,
            // a steady base with a summer shutdown dip and some lines busier than others
            capacity: String((r + 2) * 6000 - (w % 13 === 6 ? 4000 : 0) + (w % 4) * 500),
            version: 0,
          })),
        );
        if (cells.length) await saveCapacity(ctx, site.id, cells);
      }
    }
    // Metro last confirmed three weeks ago: stale in the demo, and reminded (the mail itself is off)
    const metro = await memberContext(db, "ops@metro3pd.test", "northwind");
    await withTenant({ tenantId: metro.tenantId, partnerId: null, userId: null }, (tx) =>
      tx
        .update(capacityDeclarations)
        .set({ confirmedAt: sql`now() - interval '21 days'` })
        .where(and(eq(capacityDeclarations.tenantId, metro.tenantId), eq(capacityDeclarations.partnerId, metro.partnerId!))),
    );
    await sendStaleCapacityReminders();
  });
}
