// Partners and facilities: audit trail, optimistic locking, uniqueness, keyset pagination.
import { and, asc, eq } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { contextFor } from "../helpers/factories";
import { createFacility, createPartner, getFacility, getPartner, listPartners, updateFacility, updatePartner } from "../../app/server/partners.server";
import { DuplicateError, StaleRecordError } from "../../app/server/records.server";
import { encodeCursor } from "../../app/domain/keyset";
import type { TenantContext } from "../../app/server/auth.server";
import type { Database } from "../../app/server/db.server";
import { createTenant, createUser, addMember } from "../../drizzle/seed";
import { auditLog, facilities, partners } from "../../drizzle/schema";

let database: Database;
let admin: TenantContext; // Northwind admin
let sunriseAdmin: TenantContext; // partner admin of Sunrise Packaging in Northwind
let contosoAdmin: TenantContext;

async function auditOf(entityId: string) {
  return database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(asc(auditLog.id));
}

async function rowOf(id: string) {
  const [p] = await database.db.select().from(partners).where(eq(partners.id, id));
  return p;
}

beforeAll(async () => {
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  admin = await contextFor(database, "admin@northwind.test", "northwind");
  sunriseAdmin = await contextFor(database, "supplier@sunrise.test", "northwind");
  contosoAdmin = await contextFor(database, "admin@contoso.test", "contoso");
});

afterAll(async () => {
  await database?.close();
});

describe("createPartner", () => {
  it("creates the partner at version 1 and audits it with an after image", async () => {
    const p = await createPartner(admin, { name: "Acme Closures", kind: "supplier", code: "ACM", contactEmail: "sales@acme.test" });
    expect(p).toMatchObject({
      tenantId: admin.tenantId,
      name: "Acme Closures",
      kind: "supplier",
      code: "ACM",
      contactEmail: "sales@acme.test",
      active: true,
      version: 1,
    });
    const audit = await auditOf(p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      tenantId: admin.tenantId,
      action: "partner.created",
      entityType: "partner",
      partnerId: p.id,
      actorUserId: admin.userId,
      actorEmail: "admin@northwind.test",
      before: null,
    });
    expect(audit[0].after).toMatchObject({ id: p.id, name: "Acme Closures", kind: "supplier", version: 1 });
  });

  it("refuses a duplicate name in the same tenant, whatever its case, and changes nothing", async () => {
    const before = (await database.db.select().from(partners).where(eq(partners.tenantId, admin.tenantId))).length;
    const auditBefore = (await database.db.select().from(auditLog)).length;
    for (const name of ["Sunrise Packaging", "SUNRISE packaging"]) {
      const error = await createPartner(admin, { name, kind: "supplier" }).then(
        () => null,
        (e: unknown) => e
      );
      expect(error, name).toBeInstanceOf(DuplicateError);
      expect((error as DuplicateError).field).toBe("name");
      expect((error as DuplicateError).message).toBe("A partner with this name already exists.");
    }
    expect((await database.db.select().from(partners).where(eq(partners.tenantId, admin.tenantId))).length).toBe(before);
    expect((await database.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it("allows the same name in another tenant", async () => {
    const p = await createPartner(contosoAdmin, { name: "Delta Co-Packers", kind: "contract_filler" });
    expect(p.tenantId).toBe(contosoAdmin.tenantId);
  });

  it("refuses a partner member creating partners (RLS), leaving no trace", async () => {
    await expect(createPartner(sunriseAdmin, { name: "Sunrise Spin-off", kind: "supplier" })).rejects.toThrow();
    expect(await database.db.select().from(partners).where(eq(partners.name, "Sunrise Spin-off"))).toEqual([]);
  });
});

describe("updatePartner", () => {
  it("bumps the version and audits before and after", async () => {
    const p = await createPartner(admin, { name: "Baltic Glass", kind: "supplier" });
    const updated = await updatePartner(admin, p.id, 1, { name: "Baltic Glassworks", code: "BGW" });
    expect(updated).toMatchObject({ id: p.id, name: "Baltic Glassworks", code: "BGW", version: 2 });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(p.updatedAt.getTime());
    const audit = await auditOf(p.id);
    expect(audit.map((a) => a.action)).toEqual(["partner.created", "partner.updated"]);
    expect(audit[1].before).toMatchObject({ name: "Baltic Glass", code: null, version: 1 });
    expect(audit[1].after).toMatchObject({ name: "Baltic Glassworks", code: "BGW", version: 2 });
    expect(audit[1]).toMatchObject({ actorUserId: admin.userId, partnerId: p.id });
  });

  it("refuses a stale version with StaleRecordError and changes nothing", async () => {
    const p = await createPartner(admin, { name: "Nordic Labels", kind: "supplier" });
    await updatePartner(admin, p.id, 1, { code: "NL1" });
    const error = await updatePartner(admin, p.id, 1, { name: "Overwritten", code: "NL0" }).then(
      () => null,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(StaleRecordError);
    expect((error as Error).message).toMatch(/Someone else changed this partner/);
    expect(await rowOf(p.id)).toMatchObject({ name: "Nordic Labels", code: "NL1", version: 2 });
    expect((await auditOf(p.id)).map((a) => a.action)).toEqual(["partner.created", "partner.updated"]);
    // a version from the future is just as stale
    await expect(updatePartner(admin, p.id, 3, { code: "X" })).rejects.toBeInstanceOf(StaleRecordError);
    // and the current version works
    expect(await updatePartner(admin, p.id, 2, { code: "NL2" })).toMatchObject({ code: "NL2", version: 3 });
  });

  it("refuses renaming onto another partner's name with DuplicateError", async () => {
    const p = await createPartner(admin, { name: "Iberian Cork", kind: "supplier" });
    const error = await updatePartner(admin, p.id, 1, { name: "fastfreight" }).then(
      () => null,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(DuplicateError);
    expect(await rowOf(p.id)).toMatchObject({ name: "Iberian Cork", version: 1 });
    expect((await auditOf(p.id)).map((a) => a.action)).toEqual(["partner.created"]);
  });

  it("audits deactivation and reactivation under their own names", async () => {
    const p = await createPartner(admin, { name: "Seasonal Carrier", kind: "carrier" });
    await updatePartner(admin, p.id, 1, { active: false });
    await updatePartner(admin, p.id, 2, { active: true });
    const audit = await auditOf(p.id);
    expect(audit.map((a) => a.action)).toEqual(["partner.created", "partner.deactivated", "partner.reactivated"]);
    expect(audit[1].before).toMatchObject({ active: true });
    expect(audit[1].after).toMatchObject({ active: false });
  });

  it("returns null for a partner of another tenant and changes nothing there", async () => {
    const theirs = await createPartner(contosoAdmin, { name: "Contoso Only", kind: "supplier" });
    expect(await updatePartner(admin, theirs.id, 1, { name: "Taken Over" })).toBeNull();
    expect(await getPartner(admin, theirs.id)).toBeNull();
    expect(await rowOf(theirs.id)).toMatchObject({ name: "Contoso Only", version: 1 });
    expect((await auditOf(theirs.id)).map((a) => a.action)).toEqual(["partner.created"]);
  });

  it("does not let a partner member change another partner", async () => {
    const delta = (await listPartners(admin, { q: "Delta" })).items[0];
    expect(await updatePartner(sunriseAdmin, delta.id, 1, { name: "Hijacked" })).toBeNull();
    expect((await rowOf(delta.id)).name).toBe("Delta Co-Packers");
  });
});

describe("facilities", () => {
  it("createFacility audits the new site under its partner", async () => {
    const p = await createPartner(admin, { name: "Alpine Dairy", kind: "contract_filler" });
    const f = await createFacility(admin, p.id, { name: "Alpine — Bern", address: "Weg 1", city: "Bern", country: "CH", resources: ["Line 1", "Line 2"] });
    expect(f).toMatchObject({ tenantId: admin.tenantId, partnerId: p.id, name: "Alpine — Bern", resources: ["Line 1", "Line 2"], version: 1 });
    const audit = await auditOf(f!.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "facility.created", entityType: "facility", partnerId: p.id, before: null });
    expect(audit[0].after).toMatchObject({ name: "Alpine — Bern", resources: ["Line 1", "Line 2"] });
    expect(await getFacility(admin, f!.id)).toMatchObject({ partnerName: "Alpine Dairy", facility: { id: f!.id } });
  });

  it("createFacility returns null for a partner of another tenant and creates nothing", async () => {
    const theirs = await createPartner(contosoAdmin, { name: "Contoso Filler", kind: "contract_filler" });
    expect(await createFacility(admin, theirs.id, { name: "Planted", address: "", city: "", country: "", resources: [] })).toBeNull();
    expect(await database.db.select().from(facilities).where(eq(facilities.name, "Planted"))).toEqual([]);
  });

  it("updateFacility bumps the version and audits before and after", async () => {
    const p = await createPartner(admin, { name: "Coastal Bottling", kind: "contract_filler" });
    const f = (await createFacility(admin, p.id, { name: "Coastal — Gdansk", address: "", city: "Gdansk", country: "PL", resources: ["Line A"] }))!;
    const updated = await updateFacility(admin, f.id, 1, { resources: ["Line A", "Line B"], city: "Gdańsk" });
    expect(updated).toMatchObject({ version: 2, resources: ["Line A", "Line B"], city: "Gdańsk" });
    const audit = await auditOf(f.id);
    expect(audit.map((a) => a.action)).toEqual(["facility.created", "facility.updated"]);
    expect(audit[1]).toMatchObject({ partnerId: p.id });
    expect(audit[1].before).toMatchObject({ city: "Gdansk", resources: ["Line A"], version: 1 });
    expect(audit[1].after).toMatchObject({ city: "Gdańsk", resources: ["Line A", "Line B"], version: 2 });
  });

  it("updateFacility refuses a stale version and changes nothing", async () => {
    const p = await createPartner(admin, { name: "Harbour Foods", kind: "3pd" });
    const f = (await createFacility(admin, p.id, { name: "Harbour — Hull", address: "", city: "Hull", country: "GB", resources: [] }))!;
    await updateFacility(admin, f.id, 1, { city: "Kingston upon Hull" });
    await expect(updateFacility(admin, f.id, 1, { city: "Lost update" })).rejects.toBeInstanceOf(StaleRecordError);
    const [row] = await database.db.select().from(facilities).where(eq(facilities.id, f.id));
    expect(row).toMatchObject({ city: "Kingston upon Hull", version: 2 });
    expect((await auditOf(f.id)).map((a) => a.action)).toEqual(["facility.created", "facility.updated"]);
  });

  it("updateFacility returns null for another tenant's facility", async () => {
    const [theirs] = await database.db.select().from(facilities).where(eq(facilities.tenantId, contosoAdmin.tenantId)).limit(1);
    expect(await updateFacility(admin, theirs.id, theirs.version, { name: "Taken" })).toBeNull();
    expect(await getFacility(admin, theirs.id)).toBeNull();
    const [row] = await database.db.select().from(facilities).where(eq(facilities.id, theirs.id));
    expect(row.name).toBe(theirs.name);
  });
});

describe("listPartners", () => {
  let ctx: TenantContext;
  let names: string[];

  beforeAll(async () => {
    // a tenant of its own, so other tests' partners don't shift the pages
    const tenant = await createTenant(database.db, "paging", "Paging Test Co");
    const user = await createUser(database.db, "admin@paging.test", "Page Admin", null);
    await addMember(tenant.id, user.id, "admin");
    ctx = await contextFor(database, "admin@paging.test", "paging");
    names = [
      "alpha",
      "Bravo",
      "charlie",
      "Delta",
      "echo",
      "Foxtrot",
      "golf",
      "Hotel",
      "india",
      "Juliett",
      "kilo",
      "Lima",
      "mike",
      "November",
      "oscar",
      "Papa",
      "quebec",
      "Romeo",
      "sierra",
      "Tango",
      "uniform",
      "Victor",
      "100% Juice",
      "a_b Logistics",
    ];
    for (const [i, name] of names.entries()) await createPartner(ctx, { name, kind: i % 3 === 0 ? "carrier" : "supplier", code: `C${i}` });
  });

  async function walk(opts: { limit: number; q?: string; kind?: "carrier" | "supplier" }) {
    const seen: { id: string; name: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listPartners>> = await listPartners(ctx, { ...opts, after });
      expect(page.items.length).toBeLessThanOrEqual(opts.limit);
      seen.push(...page.items);
      after = page.nextCursor;
      pages++;
    } while (after && pages < 50);
    return { seen, pages };
  }

  it("returns every partner exactly once, in case-insensitive name order, across pages", async () => {
    const { seen, pages } = await walk({ limit: 5 });
    expect(pages).toBe(Math.ceil(names.length / 5));
    const expected = [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    expect(seen.map((p) => p.name)).toEqual(expected);
    expect(new Set(seen.map((p) => p.id)).size).toBe(names.length);
  });

  it("gives no next page when the last page is exactly full", async () => {
    const { pages, seen } = await walk({ limit: names.length });
    expect(pages).toBe(1);
    expect(seen).toHaveLength(names.length);
    const { pages: twoPages } = await walk({ limit: names.length - 1 });
    expect(twoPages).toBe(2);
  });

  it("pages through a filtered list", async () => {
    const { seen } = await walk({ limit: 3, kind: "carrier" });
    expect(seen.map((p) => p.name)).toEqual(names.filter((_, i) => i % 3 === 0).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it("searches name and code, with LIKE wildcards taken literally", async () => {
    expect((await listPartners(ctx, { q: "%" })).items.map((p) => p.name)).toEqual(["100% Juice"]);
    expect((await listPartners(ctx, { q: "_" })).items.map((p) => p.name)).toEqual(["a_b Logistics"]);
    expect((await listPartners(ctx, { q: "OSCAR" })).items.map((p) => p.name)).toEqual(["oscar"]);
    expect((await listPartners(ctx, { q: "c14" })).items.map((p) => p.name)).toEqual([names[14]]);
  });

  it("answers a tampered cursor with a 400, never a query error", async () => {
    for (const after of ["garbage", encodeCursor(["b", "not-a-uuid"]), encodeCursor([1, 2]), encodeCursor(["b"]), encodeCursor(["b\u0000", crypto.randomUUID()])]) {
      const refused = await listPartners(ctx, { limit: 5, after }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused, after).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(400);
    }
    // a real cursor still pages on
    const first = await listPartners(ctx, { limit: 5 });
    const second = await listPartners(ctx, { limit: 5, after: first.nextCursor });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });

  it("shows a partner member only its own partner", async () => {
    const page = await listPartners(sunriseAdmin, {});
    expect(page.items.map((p) => p.name)).toEqual(["Sunrise Packaging"]);
    expect(page.nextCursor).toBeNull();
  });

  it("counts each partner's facilities", async () => {
    const page = await listPartners(admin, {});
    const counts = Object.fromEntries(page.items.map((p) => [p.name, p.facilityCount]));
    expect(counts["Delta Co-Packers"]).toBe(2);
    expect(counts["Sunrise Packaging"]).toBe(1);
  });

  it("pages correctly through names whose JS and SQL lower-casing differ (Greek final sigma)", async () => {
    // JS lower-cases "ΑΣ" to "ας", PostgreSQL to "ασ"; the cursor must follow PostgreSQL's order
    const names = ["ΑΣ Α", "ΑΣ Β", "ΑΣ Γ"];
    for (const name of names) await createPartner(contosoAdmin, { name, kind: "supplier" });
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const page: Awaited<ReturnType<typeof listPartners>> = await listPartners(contosoAdmin, { q: "ΑΣ", after, limit: 1 });
      seen.push(...page.items.map((p) => p.name));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(names);
  });
});

describe("partner isolation through the server functions", () => {
  it("a partner member reads its own partner and facilities, not another's", async () => {
    const own = await getPartner(sunriseAdmin, sunriseAdmin.partnerId!);
    expect(own?.partner.name).toBe("Sunrise Packaging");
    expect(own?.facilities.map((f) => f.name)).toEqual(["Sunrise Packaging — Leeds plant"]);
    const delta = (await listPartners(admin, { q: "Delta Co-Packers" })).items[0];
    expect(await getPartner(sunriseAdmin, delta.id)).toBeNull();
    const [deltaSite] = await database.db
      .select()
      .from(facilities)
      .where(and(eq(facilities.tenantId, admin.tenantId), eq(facilities.partnerId, delta.id)))
      .limit(1);
    expect(await getFacility(sunriseAdmin, deltaSite.id)).toBeNull();
  });
});
