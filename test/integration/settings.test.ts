import { eq } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { contextFor } from "../helpers/factories";
import { getTenantSettings, updateTenantSettings } from "../../app/server/settings.server";
import { StaleRecordError } from "../../app/server/records.server";
import { auditLog } from "../../drizzle/schema";
import type { Database } from "../../app/server/db.server";

let database: Database;
beforeAll(async () => {
  ({ database } = await setupTestDatabase({ seed: true }));
});
afterAll(() => database.close());

test("tenant settings: defaults, compare-and-set against what the form showed, audit, and per tenant", async () => {
  const admin = await contextFor(database, "admin@northwind.test", "northwind");
  const contoso = await contextFor(database, "admin@contoso.test", "contoso");
  const shown = await getTenantSettings(admin);
  expect({ tol: shown.receiptTolerancePct, hours: shown.ackDueHours }).toEqual({ tol: "5.00", hours: 48 });
  await updateTenantSettings(admin, { receiptTolerancePct: "5.00", ackDueHours: 48 }, { receiptTolerancePct: "2.50", ackDueHours: 24 });
  // a second admin still looking at the old values is refused, and nothing changes
  await expect(
    updateTenantSettings(admin, { receiptTolerancePct: "5.00", ackDueHours: 48 }, { receiptTolerancePct: "9.00", ackDueHours: 72 }),
  ).rejects.toBeInstanceOf(StaleRecordError);
  const now = await getTenantSettings(admin);
  expect({ tol: now.receiptTolerancePct, hours: now.ackDueHours }).toEqual({ tol: "2.50", hours: 24 });
  // another tenant keeps its own
  expect((await getTenantSettings(contoso)).receiptTolerancePct).toBe("5.00");
  const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, "settings.updated"));
  expect(audit).toHaveLength(1);
});
