// The database's own defences: row-level security on every tenant table, tenant-first keys, and an
// application role that can neither bypass the policies nor rewrite the audit trail.
import { and, eq, sql } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, pgFailure, rowsOf } from "../helpers/factories";
import { withTenant, withUser } from "../../app/server/tenant.server";
import { hashToken } from "../../app/domain/session-token";
import type { Database } from "../../app/server/db.server";
import { auditLog, emails, facilities, invitations, items, memberships, partners, TENANT_TABLES, users, purchaseOrders } from "../../drizzle/schema";

const GLOBAL_INDEX_EXCEPTIONS = ["invitations_token_key", "memberships_user_idx"];
const NIL = "00000000-0000-0000-0000-000000000000";

let database: Database;
let demo: Awaited<ReturnType<typeof setupTestDatabase>>["demo"] & {};
let northwindId: string;
let contosoId: string;
let sunriseId: string; // Sunrise Packaging's partner record in Northwind
let deltaId: string;

const tableList = sql.join(
  TENANT_TABLES.map((t) => sql`${t}`),
  sql`, `
);

async function ownerCount(table: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return row.n;
}

beforeAll(async () => {
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  demo = setup.demo!;
  northwindId = demo.northwind.id;
  contosoId = demo.contoso.id;
  const nwPartners = await withTenant({ tenantId: northwindId, partnerId: null, userId: null }, (tx) => tx.select().from(partners));
  sunriseId = nwPartners.find((p) => p.name === "Sunrise Packaging")!.id;
  deltaId = nwPartners.find((p) => p.name === "Delta Co-Packers")!.id;
  const [admin] = await database.db.select().from(users).where(eq(users.email, "admin@northwind.test"));
  // rows in the tables the demo seed leaves empty, for both tenants, some belonging to a partner
  for (const tenantId of [northwindId, contosoId]) {
    await withTenant({ tenantId, partnerId: null, userId: null }, async (tx) => {
      const partnerId = tenantId === northwindId ? sunriseId : null;
      await tx.insert(invitations).values([
        {
          tenantId,
          email: `p-${tenantId}@x.test`,
          role: "partner_user",
          partnerId,
          tokenHash: hashToken(`p${tenantId}`),
          expiresAt: new Date(Date.now() + 86_400_000),
        },
        { tenantId, email: `i-${tenantId}@x.test`, role: "viewer", tokenHash: hashToken(`i${tenantId}`), expiresAt: new Date(Date.now() + 86_400_000) },
      ]);
      await tx.insert(auditLog).values([
        { tenantId, actorUserId: admin.id, action: "test.partner", entityType: "partner", entityId: "p", partnerId },
        { tenantId, actorUserId: admin.id, action: "test.internal", entityType: "item", entityId: "i" },
      ]);
      await tx.insert(emails).values({ tenantId, template: "t", to: "a@b.test", subject: "s", html: "<p>h</p>", text: "h", transport: "file" });
    });
  }
});

afterAll(async () => {
  await database?.close();
});

describe("tenant tables", () => {
  it("TENANT_TABLES names exactly the tables that have a tenant_id column", async () => {
    const rows = await rowsOf<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual([...TENANT_TABLES].sort());
  });

  it("have row-level security enabled and forced, with at least one policy each", async () => {
    const rows = await rowsOf<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }>(
      database.db,
      sql`select c.relname, c.relrowsecurity, c.relforcerowsecurity,
                 (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname in (${tableList})`
    );
    expect(rows.map((r) => r.relname).sort()).toEqual([...TENANT_TABLES].sort());
    for (const r of rows) {
      expect(r.relrowsecurity, `${r.relname} RLS enabled`).toBe(true);
      expect(r.relforcerowsecurity, `${r.relname} RLS forced`).toBe(true);
      expect(r.policies, `${r.relname} policies`).toBeGreaterThanOrEqual(1);
    }
  });

  it("have a NOT NULL tenant_id that references tenants", async () => {
    const rows = await rowsOf<{ table_name: string; is_nullable: string; refs: number }>(
      database.db,
      sql`select c.table_name, c.is_nullable,
                 (select count(*)::int from pg_constraint k
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
                   where k.contype = 'f' and k.conrelid = (quote_ident(c.table_name))::regclass
                     and k.confrelid = 'tenants'::regclass and a.attname = 'tenant_id') as refs
          from information_schema.columns c
          where c.table_schema = 'public' and c.column_name = 'tenant_id'`
    );
    expect(rows).toHaveLength(TENANT_TABLES.length);
    for (const r of rows) {
      expect(r.is_nullable, r.table_name).toBe("NO");
      expect(r.refs, `${r.table_name} tenant_id -> tenants`).toBe(1);
    }
  });

  it("start their primary key and every index with tenant_id, except the named global lookups", async () => {
    const rows = await rowsOf<{ table: string; index: string; primary: boolean; first: string | null }>(
      database.db,
      sql`select c.relname as "table", i.relname as "index", ix.indisprimary as "primary", a.attname as "first"
          from pg_index ix
          join pg_class c on c.oid = ix.indrelid
          join pg_class i on i.oid = ix.indexrelid
          join pg_namespace n on n.oid = c.relnamespace
          left join pg_attribute a on a.attrelid = c.oid and a.attnum = ix.indkey[0]
          where n.nspname = 'public' and c.relname in (${tableList})`
    );
    // every tenant table has a primary key
    expect(
      rows
        .filter((r) => r.primary)
        .map((r) => r.table)
        .sort()
    ).toEqual([...TENANT_TABLES].sort());
    const offenders = rows.filter((r) => r.first !== "tenant_id").map((r) => r.index);
    expect(offenders.sort()).toEqual([...GLOBAL_INDEX_EXCEPTIONS].sort());
    // the exceptions are the lookups they claim to be
    const byName = Object.fromEntries(rows.map((r) => [r.index, r]));
    expect(byName.invitations_token_key).toMatchObject({ table: "invitations", first: "token_hash", primary: false });
    expect(byName.memberships_user_idx).toMatchObject({ table: "memberships", first: "user_id", primary: false });
  });

  it("start every foreign key to another tenant table with tenant_id on both sides", async () => {
    const rows = await rowsOf<{ name: string; from_first: string; to_first: string }>(
      database.db,
      sql`select k.conname as name, fa.attname as from_first, ta.attname as to_first
          from pg_constraint k
          join pg_class fc on fc.oid = k.conrelid
          join pg_class tc on tc.oid = k.confrelid
          join pg_attribute fa on fa.attrelid = k.conrelid and fa.attnum = k.conkey[1]
          join pg_attribute ta on ta.attrelid = k.confrelid and ta.attnum = k.confkey[1]
          where k.contype = 'f' and fc.relname in (${tableList}) and tc.relname in (${tableList})`
    );
    // facilities -> partners, memberships -> partners, invitations -> partners at least
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect([r.name, r.from_first, r.to_first]).toEqual([r.name, "tenant_id", "tenant_id"]);
  });
});

describe("the application role portal_app", () => {
  it("is neither superuser nor BYPASSRLS", async () => {
    const [role] = await rowsOf<{ rolsuper: boolean; rolbypassrls: boolean }>(
      database.db,
      sql`select rolsuper, rolbypassrls from pg_roles where rolname = 'portal_app'`
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("owns no table, view or sequence, and cannot become the owner of the tenant tables", async () => {
    const [owned] = await rowsOf<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'portal_app'`
    );
    expect(owned.n).toBe(0);
    const owners = await rowsOf<{ relname: string; member: boolean }>(
      database.db,
      sql`select c.relname, pg_has_role('portal_app', c.relowner, 'MEMBER') as member
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relname in (${tableList})`
    );
    expect(owners).toHaveLength(TENANT_TABLES.length);
    for (const o of owners) expect(o.member, o.relname).toBe(false);
  });

  it("is the role the tenant transaction runs as", async () => {
    const [who] = await withTenant({ tenantId: northwindId, partnerId: null, userId: null }, (tx) =>
      rowsOf<{ current_user: string }>(tx, sql`select current_user`)
    );
    expect(who.current_user).toBe("portal_app");
  });

  it("sees no rows of any tenant table when no tenant is set, although rows exist", async () => {
    for (const table of TENANT_TABLES) {
      expect(await ownerCount(table), `${table} has rows`).toBeGreaterThan(0);
      const [row] = await asAppRole(database, {}, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`));
      expect(row.n, table).toBe(0);
      // the same with the settings present but empty, as after an earlier transaction on the connection
      const [blank] = await asAppRole(database, { "app.tenant_id": "", "app.partner_id": "" }, (tx) =>
        rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`)
      );
      expect(blank.n, table).toBe(0);
    }
  });

  it("sees no rows of another tenant, nor of a tenant that does not exist", async () => {
    for (const table of TENANT_TABLES) {
      const rows = await withTenant({ tenantId: northwindId, partnerId: null, userId: null }, (tx) =>
        rowsOf<{ tenant_id: string }>(tx, sql`select distinct tenant_id::text from ${sql.identifier(table)}`)
      );
      expect(
        rows.map((r) => r.tenant_id),
        table
      ).toEqual([northwindId]);
      const [none] = await withTenant({ tenantId: NIL, partnerId: null, userId: null }, (tx) =>
        rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`)
      );
      expect(none.n, table).toBe(0);
    }
  });

  it("with only a user set sees that user's memberships and nothing else of the tenants", async () => {
    const [sam] = await database.db.select().from(users).where(eq(users.email, "supplier@sunrise.test"));
    const result = await withUser(sam.id, async (tx) => ({
      memberships: await tx.select().from(memberships),
      partners: await tx.select().from(partners),
      items: await tx.select().from(items),
    }));
    expect(result.memberships.map((m) => m.userId)).toEqual([sam.id, sam.id]);
    expect(result.memberships.map((m) => m.tenantId).sort()).toEqual([northwindId, contosoId].sort());
    expect(result.partners).toEqual([]);
    expect(result.items).toEqual([]);
  });

  it("cannot UPDATE, DELETE or TRUNCATE the audit log, but can append to it", async () => {
    const scope = { "app.tenant_id": northwindId };
    const update = await pgFailure(asAppRole(database, scope, (tx) => tx.update(auditLog).set({ action: "forged" })));
    expect(update.code).toBe("42501");
    expect(update.message).toMatch(/permission denied/i);
    const del = await pgFailure(asAppRole(database, scope, (tx) => tx.delete(auditLog)));
    expect(del.code).toBe("42501");
    const truncate = await pgFailure(asAppRole(database, scope, (tx) => tx.execute(sql`truncate audit_log`)));
    expect(truncate.code).toBe("42501");

    const before = await ownerCount("audit_log");
    await asAppRole(database, scope, (tx) => tx.insert(auditLog).values({ tenantId: northwindId, action: "test.appended", entityType: "test", entityId: "1" }));
    expect(await ownerCount("audit_log")).toBe(before + 1);
    const forged = await database.db.select().from(auditLog).where(eq(auditLog.action, "forged"));
    expect(forged).toEqual([]);
  });

  it("cannot UPDATE or DELETE sent mail either", async () => {
    const scope = { "app.tenant_id": northwindId };
    expect((await pgFailure(asAppRole(database, scope, (tx) => tx.update(emails).set({ subject: "forged" })))).code).toBe("42501");
    expect((await pgFailure(asAppRole(database, scope, (tx) => tx.delete(emails)))).code).toBe("42501");
  });

  it("cannot write the global tables it only reads", async () => {
    const scope = { "app.tenant_id": northwindId };
    expect((await pgFailure(asAppRole(database, scope, (tx) => tx.execute(sql`update tenants set name = 'x'`)))).code).toBe("42501");
    expect((await pgFailure(asAppRole(database, scope, (tx) => tx.execute(sql`delete from users`)))).code).toBe("42501");
    expect((await pgFailure(asAppRole(database, scope, (tx) => tx.execute(sql`select * from sessions`)))).code).toBe("42501");
    expect((await pgFailure(asAppRole(database, scope, (tx) => tx.execute(sql`select * from password_resets`)))).code).toBe("42501");
  });
});

describe("WITH CHECK: a tenant cannot write rows of another tenant", () => {
  const nw = () => ({ tenantId: northwindId, partnerId: null, userId: null });
  const rlsViolation = /row-level security/i;

  it("cannot insert a partner, item or facility with another tenant's id", async () => {
    const partner = await pgFailure(withTenant(nw(), (tx) => tx.insert(partners).values({ tenantId: contosoId, name: "Smuggled", kind: "supplier" })));
    expect(partner.code).toBe("42501");
    expect(partner.message).toMatch(rlsViolation);
    const item = await pgFailure(
      withTenant(nw(), (tx) => tx.insert(items).values({ tenantId: contosoId, code: "X", description: "x", uom: "ea", abcClass: "A", leadTimeDays: 1 }))
    );
    expect(item.message).toMatch(rlsViolation);
    const [coPartner] = await database.db.select().from(partners).where(eq(partners.tenantId, contosoId)).limit(1);
    const facility = await pgFailure(withTenant(nw(), (tx) => tx.insert(facilities).values({ tenantId: contosoId, partnerId: coPartner.id, name: "X" })));
    expect(facility.message).toMatch(rlsViolation);
  });

  it("cannot insert a membership, invitation, audit row or email into another tenant", async () => {
    const [u] = await database.db.select().from(users).where(eq(users.email, "admin@northwind.test"));
    const attempts = [
      () => withTenant(nw(), (tx) => tx.insert(memberships).values({ tenantId: contosoId, userId: u.id, role: "admin" })),
      () =>
        withTenant(nw(), (tx) =>
          tx.insert(invitations).values({ tenantId: contosoId, email: "x@x.test", role: "admin", tokenHash: "h-cross", expiresAt: new Date(Date.now() + 1e6) })
        ),
      () => withTenant(nw(), (tx) => tx.insert(auditLog).values({ tenantId: contosoId, action: "x", entityType: "x", entityId: "x" })),
      () =>
        withTenant(nw(), (tx) =>
          tx.insert(emails).values({ tenantId: contosoId, template: "t", to: "a", subject: "s", html: "h", text: "t", transport: "file" })
        ),
    ];
    // started one at a time: a rejection nobody awaits yet would be reported as unhandled
    for (const attempt of attempts) expect((await pgFailure(attempt())).message).toMatch(rlsViolation);
    // nothing reached Contoso
    const coMembers = await database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.tenantId, contosoId), eq(memberships.userId, u.id)));
    expect(coMembers).toEqual([]);
  });

  it("cannot move its own row into another tenant", async () => {
    const moved = await pgFailure(
      withTenant(nw(), (tx) =>
        tx
          .update(partners)
          .set({ tenantId: contosoId })
          .where(and(eq(partners.tenantId, northwindId), eq(partners.id, deltaId)))
      )
    );
    expect(moved.message).toMatch(rlsViolation);
    const [delta] = await database.db.select().from(partners).where(eq(partners.id, deltaId));
    expect(delta.tenantId).toBe(northwindId);
  });

  it("cannot update or delete another tenant's rows: they are simply not there", async () => {
    const updated = await withTenant(nw(), (tx) => tx.update(partners).set({ name: "Hijacked" }).where(eq(partners.tenantId, contosoId)).returning());
    expect(updated).toEqual([]);
    const deleted = await withTenant(nw(), (tx) => tx.delete(items).where(eq(items.tenantId, contosoId)).returning());
    expect(deleted).toEqual([]);
    expect((await database.db.select().from(partners).where(eq(partners.name, "Hijacked"))).length).toBe(0);
    expect((await database.db.select().from(items).where(eq(items.tenantId, contosoId))).length).toBeGreaterThan(0);
  });
});

describe("a partner-scoped transaction", () => {
  const sunriseScope = () => ({ tenantId: northwindId, partnerId: sunriseId, userId: null });

  it("sees only its own partner, facilities, memberships, invitations and audit rows", async () => {
    const seen = await withTenant(sunriseScope(), async (tx) => ({
      partners: await tx.select().from(partners),
      facilities: await tx.select().from(facilities),
      memberships: await tx.select().from(memberships),
      invitations: await tx.select().from(invitations),
      audit: await tx.select().from(auditLog),
      emails: await tx.select().from(emails),
    }));
    expect(seen.partners.map((p) => p.id)).toEqual([sunriseId]);
    expect(seen.facilities.filter((f) => f.partnerId === sunriseId).map((f) => f.name)).toEqual(["Sunrise Packaging — Leeds plant"]);
    expect(seen.facilities.every((f) => f.tenantId === northwindId)).toBe(true);
    // another partner's site shows only as the delivery address of Sunrise's own orders
    const shipTos = await withTenant(sunriseScope(), (tx) => tx.select({ id: purchaseOrders.shipToFacilityId, partnerId: purchaseOrders.partnerId }).from(purchaseOrders));
    expect(shipTos.every((r) => r.partnerId === sunriseId)).toBe(true);
    const shipToIds = new Set(shipTos.map((r) => r.id));
    const foreignSites = seen.facilities.filter((f) => f.partnerId !== sunriseId);
    expect(foreignSites.every((f) => shipToIds.has(f.id))).toBe(true);
    expect(seen.memberships.length).toBeGreaterThan(0);
    expect(seen.memberships.every((m) => m.partnerId === sunriseId)).toBe(true);
    expect(seen.invitations.map((i) => i.partnerId)).toEqual([sunriseId]);
    expect(seen.audit.length).toBeGreaterThan(0);
    expect(seen.audit.every((a) => a.partnerId === sunriseId)).toBe(true);
    // the outbox is for internal staff
    expect(seen.emails).toEqual([]);

    // while the tenant as a whole holds more of each
    const all = await withTenant({ tenantId: northwindId, partnerId: null, userId: null }, async (tx) => ({
      partners: (await tx.select().from(partners)).length,
      facilities: (await tx.select().from(facilities)).length,
      memberships: (await tx.select().from(memberships)).length,
    }));
    expect(all).toEqual({ partners: 4, facilities: 5, memberships: 8 });
  });

  it("reads the tenant's items but cannot change them", async () => {
    const visible = await withTenant(sunriseScope(), (tx) => tx.select().from(items));
    const total = await withTenant({ tenantId: northwindId, partnerId: null, userId: null }, (tx) => tx.select().from(items));
    expect(visible.length).toBe(total.length);
    expect(visible.length).toBeGreaterThan(0);
    const changed = await withTenant(sunriseScope(), (tx) => tx.update(items).set({ description: "changed by a partner" }).returning());
    expect(changed).toEqual([]);
    const inserted = await pgFailure(
      withTenant(sunriseScope(), (tx) =>
        tx.insert(items).values({ tenantId: northwindId, code: "SNEAKY", description: "x", uom: "ea", abcClass: "A", leadTimeDays: 1 })
      )
    );
    expect(inserted.message).toMatch(/row-level security/i);
  });

  it("cannot create partners nor touch another partner's records", async () => {
    const created = await pgFailure(
      withTenant(sunriseScope(), (tx) => tx.insert(partners).values({ tenantId: northwindId, name: "Side Business", kind: "supplier" }))
    );
    expect(created.message).toMatch(/row-level security/i);
    const renamed = await withTenant(sunriseScope(), (tx) => tx.update(partners).set({ name: "Mine now" }).where(eq(partners.id, deltaId)).returning());
    expect(renamed).toEqual([]);
    const removed = await withTenant(sunriseScope(), (tx) => tx.delete(facilities).where(eq(facilities.partnerId, deltaId)).returning());
    expect(removed).toEqual([]);
    const facility = await pgFailure(
      withTenant(sunriseScope(), (tx) => tx.insert(facilities).values({ tenantId: northwindId, partnerId: deltaId, name: "Planted" }))
    );
    expect(facility.message).toMatch(/row-level security/i);
    const [delta] = await database.db.select().from(partners).where(eq(partners.id, deltaId));
    expect(delta.name).toBe("Delta Co-Packers");
    expect((await database.db.select().from(facilities).where(eq(facilities.partnerId, deltaId))).length).toBe(2);
  });
});
