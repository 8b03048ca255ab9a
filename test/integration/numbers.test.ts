// Document numbers per company (migration 0025): each company counts its own ASN-, INS- and CNT-
// numbers, gap-free, carrying on from what it had; the app role can take the next number for its own
// company only, and cannot set a counter.
import { sql } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";
import { COUNTERS, nextDocumentNumber } from "../../app/server/numbers.server";
import { withTenant } from "../../app/server/tenant.server";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, contextFor, pgFailure, rowsOf } from "../helpers/factories";

let database: Database;
let northwind: TenantContext;
let contoso: TenantContext;

beforeAll(async () => {
  ({ database } = await setupTestDatabase({ seed: true }));
  northwind = await contextFor(database, "planner@northwind.test", "northwind");
  contoso = await contextFor(database, "admin@contoso.test", "contoso");
});
afterAll(async () => {
  await database?.close();
});

const numbersOf = (table: string, tenantId: string) =>
  rowsOf<{ n: number }>(database.db, sql`select substring(number from 5)::int as n from ${sql.raw(table)} where tenant_id = ${tenantId} order by 1`).then((r) => r.map((x) => x.n));

describe("document numbers", () => {
  it("numbered the demo's documents per company from the first number, without gaps", async () => {
    for (const [table, counter] of [["ship_notices", "ship_notice"], ["inspections", "inspection"], ["stock_counts", "stock_count"]] as const) {
      const mine = await numbersOf(table, northwind.tenantId);
      expect(mine.length, table).toBeGreaterThan(0);
      expect(mine).toEqual(mine.map((_, i) => COUNTERS[counter].first + i));
    }
  });

  it("gives each company its own next number; another company's documents don't move it", async () => {
    const a1 = await withTenant(northwind, (tx) => nextDocumentNumber(tx, "ship_notice"));
    const b1 = await withTenant(contoso, (tx) => nextDocumentNumber(tx, "ship_notice"));
    const b2 = await withTenant(contoso, (tx) => nextDocumentNumber(tx, "ship_notice"));
    const a2 = await withTenant(northwind, (tx) => nextDocumentNumber(tx, "ship_notice"));
    const n = (s: string) => Number(s.slice(4));
    expect(a1).toMatch(/^ASN-\d+$/);
    expect(n(a2)).toBe(n(a1) + 1);
    expect(n(b2)).toBe(n(b1) + 1);
    const contosoAsns = await numbersOf("ship_notices", contoso.tenantId);
    expect(n(b1)).toBe(contosoAsns.length ? contosoAsns[contosoAsns.length - 1] + 1 : COUNTERS.ship_notice.first);
  });

  it("gives a rolled-back number back", async () => {
    const taken = await withTenant(northwind, (tx) => nextDocumentNumber(tx, "inspection"));
    await expect(
      withTenant(northwind, async (tx) => {
        await nextDocumentNumber(tx, "inspection");
        throw new Error("the document failed");
      }),
    ).rejects.toThrow("the document failed");
    const next = await withTenant(northwind, (tx) => nextDocumentNumber(tx, "inspection"));
    expect(Number(next.slice(4))).toBe(Number(taken.slice(4)) + 1);
  });

  it("lets the app role read only its company's counters, never set one, and take no number without a company", async () => {
    const seen = await asAppRole(database, { "app.tenant_id": contoso.tenantId }, (tx) => rowsOf<{ tenant_id: string }>(tx, sql`select tenant_id from tenant_counters`));
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([contoso.tenantId]));
    // a partner's user reads none of them (they count every partner's documents)
    const [sunrise] = await rowsOf<{ id: string }>(database.db, sql`select id from partners where tenant_id = ${northwind.tenantId} and name = 'Sunrise Packaging'`);
    expect(await asAppRole(database, { "app.tenant_id": northwind.tenantId, "app.partner_id": sunrise.id }, (tx) => rowsOf(tx, sql`select * from tenant_counters`))).toEqual([]);
    expect((await pgFailure(asAppRole(database, { "app.tenant_id": northwind.tenantId }, (tx) => tx.execute(sql`select next_tenant_number('anything', 1)`)))).code).toBe("22023");
    expect((await pgFailure(asAppRole(database, { "app.tenant_id": contoso.tenantId }, (tx) => tx.execute(sql`update tenant_counters set value = 1`)))).code).toBe("42501");
    expect(
      (await pgFailure(asAppRole(database, { "app.tenant_id": contoso.tenantId }, (tx) => tx.execute(sql`insert into tenant_counters (tenant_id, name, value) values (${contoso.tenantId}, 'x', 1)`)))).code,
    ).toBe("42501");
    expect((await pgFailure(asAppRole(database, {}, (tx) => tx.execute(sql`select next_tenant_number('ship_notice', 1)`)))).code).toBe("42501");
  });
});
