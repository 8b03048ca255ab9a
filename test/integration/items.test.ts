import { and, eq } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { contextFor } from "../helpers/factories";
import { createItem, getItem, importItems, listItems, updateItem } from "../../app/server/items.server";
import { validateItemCsv } from "../../app/domain/item-import";
import { DuplicateError, StaleRecordError } from "../../app/server/records.server";
import { auditLog, items } from "../../drizzle/schema";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";

let database: Database;
let admin: TenantContext;
let contoso: TenantContext;
let supplier: TenantContext;

beforeAll(async () => {
  ({ database } = await setupTestDatabase({ seed: true }));
  admin = await contextFor(database, "admin@northwind.test", "northwind");
  contoso = await contextFor(database, "admin@contoso.test", "contoso");
  supplier = await contextFor(database, "supplier@sunrise.test", "northwind");
});
afterAll(() => database.close());

const csv = (rows: string[]) => "code,description,uom,abc_class,lead_time_days,standard_cost\n" + rows.join("\n") + "\n";

describe("items", () => {
  it("creates, refuses a duplicate code, and records both in the audit log", async () => {
    const item = await createItem(admin, { code: "IT-NEW-1", description: "New", uom: "ea", abcClass: "B", leadTimeDays: 3, standardCost: "2.5000" });
    await expect(
      createItem(admin, { code: "IT-NEW-1", description: "Again", uom: "ea", abcClass: "B", leadTimeDays: 3, standardCost: null }),
    ).rejects.toBeInstanceOf(DuplicateError);
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.entityType, "item"), eq(auditLog.entityId, item.id)));
    expect(audit.map((a) => a.action)).toEqual(["item.created"]);
    expect(audit[0].actorEmail).toBe("admin@northwind.test");
  });

  it("refuses a stale edit and keeps the first writer's change", async () => {
    const item = await createItem(admin, { code: "IT-STALE", description: "Before", uom: "kg", abcClass: "C", leadTimeDays: 1, standardCost: null });
    await updateItem(admin, item.id, item.version, { description: "First writer" });
    await expect(updateItem(admin, item.id, item.version, { description: "Second writer" })).rejects.toBeInstanceOf(StaleRecordError);
    expect((await getItem(admin, item.id))!.description).toBe("First writer");
  });

  it("imports all rows in one go; the same file again changes nothing; a changed row updates", async () => {
    const file = csv(["IMP-1,One,ea,A,1,1.0000", "IMP-2,Two,kg,B,2,", "IMP-3,Three,l,C,3,0.5000"]);
    const first = validateItemCsv(file);
    expect(first.problems).toEqual([]);
    expect(await importItems(admin, first.items)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await importItems(admin, validateItemCsv(file).items)).toEqual({ created: 0, updated: 0, unchanged: 3 });
    const changed = validateItemCsv(csv(["IMP-1,One renamed,ea,A,1,1.0000", "IMP-2,Two,kg,B,2,", "IMP-4,Four,ea,A,4,"]));
    expect(await importItems(admin, changed.items)).toEqual({ created: 1, updated: 1, unchanged: 1 });
    const rows = await database.db.select().from(items).where(and(eq(items.tenantId, admin.tenantId), eq(items.code, "IMP-1")));
    expect(rows[0].description).toBe("One renamed");
    expect(rows[0].version).toBe(2);
    // the other tenant is untouched
    const other = await database.db.select().from(items).where(and(eq(items.tenantId, contoso.tenantId), eq(items.code, "IMP-1")));
    expect(other).toEqual([]);
  });

  it("lets a partner user read the catalogue but not change it (RLS)", async () => {
    const page = await listItems(supplier, { limit: 5 });
    expect(page.items.length).toBe(5);
    await expect(
      createItem(supplier, { code: "PARTNER-MADE", description: "x", uom: "ea", abcClass: "A", leadTimeDays: 1, standardCost: null }),
    ).rejects.toThrow();
    expect(await database.db.select().from(items).where(eq(items.code, "PARTNER-MADE"))).toEqual([]);
  });

  it("pages by keyset through every item exactly once, in code order", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page: Awaited<ReturnType<typeof listItems>> = await listItems(admin, { after, limit: 7 });
      seen.push(...page.items.map((i) => i.code));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const all = await database.db.select({ code: items.code }).from(items).where(eq(items.tenantId, admin.tenantId));
    expect(seen).toEqual(all.map((r) => r.code).sort());
  });

  it("searches by code or description, escaping LIKE wildcards", async () => {
    expect((await listItems(admin, { q: "granola" })).items.map((i) => i.code)).toEqual(["FG-GRANOLA"]);
    // only "Cocoa powder 10-12%" contains a literal %; an unescaped % would match everything
    expect((await listItems(admin, { q: "%" })).items.map((i) => i.code)).toEqual(["RM-COCOA"]);
    expect((await listItems(admin, { q: "_" })).items).toEqual([]);
  });
});
