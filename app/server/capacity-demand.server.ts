// The kept weekly demand (capacity_demand, migrations 0021 and 0026) is refreshed by triggers, each
// taking its partner's lock when its statement has already locked rows. A transaction that will
// change a partner's orders or lines therefore takes the same lock first, before it locks any order
// or line, so two transactions never wait for each other crosswise (a deadlock).
import { sql } from "drizzle-orm";
import type { Tx } from "./db.server";

/** Take the partner's demand lock (held to the end of the transaction; taking it again is free). */
export async function lockPartnerDemand(tx: Tx, tenantId: string, partnerId: string): Promise<void> {
  await tx.execute(sql`select capacity_demand_lock(${tenantId}::uuid, ${partnerId}::uuid)`);
}
