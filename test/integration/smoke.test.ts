import { sql } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { withTenant } from "../../app/server/tenant.server";
import { partners } from "../../drizzle/schema";

test("demo seed goes through RLS and tenants see only their partners", async () => {
  const { database, demo } = await setupTestDatabase({ seed: true });
  const nw = await withTenant({ tenantId: demo!.northwind.id, partnerId: null, userId: null }, (tx) => tx.select().from(partners));
  const co = await withTenant({ tenantId: demo!.contoso.id, partnerId: null, userId: null }, (tx) => tx.select().from(partners));
  expect(nw.map((p) => p.name).sort()).toEqual(["Delta Co-Packers", "FastFreight", "Metro Production Services", "Sunrise Packaging"]);
  expect(co.map((p) => p.name).sort()).toEqual(["BluePeak Glass", "FastFreight", "Sunrise Packaging"]);
  const none = await withTenant({ tenantId: "00000000-0000-0000-0000-000000000000", partnerId: null, userId: null }, (tx) =>
    tx.execute(sql`select count(*)::int as n from partners`),
  );
  expect(JSON.stringify(none)).toContain("0");
  await database.close();
});
