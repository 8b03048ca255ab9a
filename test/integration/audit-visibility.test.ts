// What a partner reads in the audit log (issue 13, "Drafts don't leak through the audit log"): the
// probe read a draft PO's entries (its lines, prices and internal notes) and a draft or deleted
// forecast's at /<company>/audit?entityId=…, while the records themselves were 404s. Partners see the
// trail of records they may see, in the state they may see them, without internal fields and without
// internal staff's email addresses. Replayed over HTTP (the page and its data request) and against
// the row-level-security policy directly.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";
import { createForecast, deleteForecastDraft } from "../../app/server/forecasts.server";
import { cancelPurchaseOrder, createPurchaseOrder, issuePurchaseOrder } from "../../app/server/purchase-orders.server";
import { postMovements } from "../../app/server/inventory.server";
import { auditLog, facilities, forecasts, items, memberships, partners, tenants, users } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, contextFor, poInput, rowsOf, useTempMailDir } from "../helpers/factories";
import { dataPages, startTestServer, type TestServer } from "../helpers/http";
import { isoWeekOf, addWeeks } from "../../app/domain/iso-week";
import { PARTNER_AUDIT_RULES } from "../../app/domain/audit-visibility";

let database: Database;
let server: TestServer;
let planner: TenantContext;
let tenantId: string;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const AUDIT_DATA = "_data=routes%2F%24tenant.audit";
const INTERNAL_EMAILS = ["planner@northwind.test", "admin@northwind.test", "director@northwind.test", "quality@northwind.test"];
const TARGET_NOTE = "INTERNAL target price 4.20, walk away above 4.60";

interface Entry {
  id: number;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

beforeAll(async () => {
  await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({ planner: "planner@northwind.test", admin: "admin@northwind.test", sunrise: "supplier@sunrise.test", delta: "filler@delta.test" }))
    cookies[k] = await server.login(email);
  [{ id: tenantId }] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "northwind"));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  const partner = async (name: string) => (await database.db.select().from(partners).where(and(eq(partners.tenantId, tenantId), eq(partners.name, name))))[0].id;
  ids.sunrise = await partner("Sunrise Packaging");
  ids.delta = await partner("Delta Co-Packers");
  const [site] = await database.db.select().from(facilities).where(and(eq(facilities.tenantId, tenantId), eq(facilities.active, true))).limit(1);
  const [item] = await database.db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.active, true))).limit(1);
  ids.site = site.id;
  ids.item = item.id;
  const draft = await createPurchaseOrder(
    planner,
    {
      partnerId: ids.sunrise,
      shipToFacilityId: site.id,
      currency: "EUR",
      incoterms: "FCA",
      paymentTerms: "30 days net",
      orderType: "standard",
      priority: 3,
      notes: TARGET_NOTE,
      lines: [{ itemId: item.id, quantity: "1000", unitPrice: "4.1234", requestedDate: "2027-03-01" }],
    },
    { issue: false },
  );
  ids.draftPo = draft.id;
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** Every entry the member can page through, from the data request. */
async function allEntries(who: string, query = ""): Promise<Entry[]> {
  const pages = await dataPages<{ entries: Entry[]; nextCursor: string | null }>(server, `/northwind/audit?${query}&${AUDIT_DATA}`, cookies[who], 200);
  return pages.flatMap((p) => p.entries);
}

async function page(who: string, query: string) {
  const res = await server.get(`/northwind/audit?${query}`, cookies[who]);
  expect(res.status).toBe(200);
  return res.text();
}

describe("a draft purchase order", () => {
  it("is a 404 to its partner, and so is its trail: page and data request show nothing of it", async () => {
    expect((await server.get(`/northwind/orders/${ids.draftPo}`, cookies.sunrise)).status).toBe(404);
    // the staff see the draft's creation, with its lines, prices and note
    const staff = await allEntries("admin", `entityId=${ids.draftPo}`);
    expect(staff.map((e) => e.action)).toEqual(["po.created"]);
    expect(JSON.stringify(staff)).toContain("4.20");

    // the probe: the partner asks for the draft's entries by id
    expect(await allEntries("sunrise", `entityId=${ids.draftPo}`)).toEqual([]);
    const html = await page("sunrise", `entityId=${ids.draftPo}`);
    // (the page repeats the filter it was asked for; no row names the record)
    expect(html).toContain("Nothing recorded matches.");
    expect(html).not.toContain(`<span class="muted">${ids.draftPo.slice(0, 8)}</span>`);
    expect(html).not.toContain("po.created");
    expect(html).not.toContain("target price");
    expect(html).not.toContain("4.1234");
    // nor anywhere in its whole trail
    const everything = JSON.stringify(await allEntries("sunrise"));
    expect(everything).not.toContain(ids.draftPo);
    expect(everything).not.toContain("target price");
  });

  it("once issued, shows the partner the issue and what follows, never the draft's creation", async () => {
    const issued = await issuePurchaseOrder(planner, ids.draftPo, 1);
    expect(issued?.status).toBe("issued");
    const seen = await allEntries("sunrise", `entityId=${ids.draftPo}`);
    expect(seen.map((e) => e.action)).toEqual(["po.issued"]);
    expect(seen[0].changes.map((c) => c.field)).toContain("status");
    // internal fields stay out: who created it (a staff user id), the tenant, the lock version
    for (const field of ["createdBy", "tenantId", "version"]) expect(seen[0].changes.map((c) => c.field)).not.toContain(field);
    // the staff still see both
    expect((await allEntries("admin", `entityId=${ids.draftPo}`)).map((e) => e.action)).toEqual(["po.issued", "po.created"]);
  });
});

describe("a draft cancelled before it was issued", () => {
  it("stays a draft to the partner: no page, data, PDF, list row or trail", async () => {
    const draft = await createPurchaseOrder(
      planner,
      poInput({ partnerId: ids.sunrise, shipToFacilityId: ids.site, incoterms: "FCA", notes: TARGET_NOTE, lines: [{ itemId: ids.item, quantity: "7", unitPrice: "3.9876", requestedDate: "2027-03-01" }] }),
      { issue: false },
    );
    const cancelled = await cancelPurchaseOrder(planner, draft.id, draft.version, "went with another supplier at 3.50");
    expect(cancelled?.status).toBe("cancelled");
    for (const path of [`/northwind/orders/${draft.id}`, `/northwind/orders/${draft.id}?_data=routes%2F%24tenant.orders.%24poId`, `/northwind/orders/${draft.id}/pdf`])
      expect((await server.get(path, cookies.sunrise)).status, path).toBe(404);
    const list = await (await server.get(`/northwind/orders?status=cancelled&_data=routes%2F%24tenant.orders._index`, cookies.sunrise)).json();
    expect(JSON.stringify(list)).not.toContain(draft.id);
    expect(await allEntries("sunrise", `entityId=${draft.id}`)).toEqual([]);
    // the planner still reads it
    expect((await server.get(`/northwind/orders/${draft.id}`, cookies.planner)).status).toBe(200);
  });
});

describe("draft and deleted forecasts", () => {
  it("shows the partner nothing of a forecast still in draft", async () => {
    const [draft] = await database.db.select().from(forecasts).where(and(eq(forecasts.tenantId, tenantId), eq(forecasts.status, "draft")));
    const [admin] = await database.db
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.partnerId, draft.partnerId), eq(memberships.role, "partner_admin")));
    const cookie = await server.login(admin.email);
    expect((await server.get(`/northwind/forecasts/${draft.id}`, cookie)).status).toBe(404);
    const res = await server.get(`/northwind/audit?entityId=${draft.id}&${AUDIT_DATA}`, cookie);
    expect((await res.json()).entries).toEqual([]);
    const html = await (await server.get(`/northwind/audit?entityId=${draft.id}`, cookie)).text();
    expect(html).toContain("Nothing recorded matches.");
    expect(html).not.toContain(`<span class="muted">${draft.id.slice(0, 8)}</span>`);
    expect(html).not.toContain("forecast.created");
  });

  it("shows the partner nothing of a draft that was deleted", async () => {
    const week = isoWeekOf(new Date().toISOString().slice(0, 10));
    const { forecast } = await createForecast(planner, { partnerId: ids.sunrise, title: "Internal what-if: drop Sunrise by Q3", note: "do not publish", weeks: [addWeeks(week, 2), addWeeks(week, 3)] });
    expect(await deleteForecastDraft(planner, forecast.id, forecast.version)).not.toBeNull();
    expect((await allEntries("admin", `entityId=${forecast.id}`)).map((e) => e.action)).toEqual(["forecast.deleted", "forecast.created"]);
    expect(await allEntries("sunrise", `entityId=${forecast.id}`)).toEqual([]);
    const html = await page("sunrise", `entityId=${forecast.id}`);
    expect(html).not.toContain("what-if");
    expect(JSON.stringify(await allEntries("sunrise"))).not.toContain("what-if");
  });
});

describe("who did it", () => {
  it("names internal staff by company and role, never by email; the partner's own people by email", async () => {
    const entries = await allEntries("sunrise");
    expect(entries.length).toBeGreaterThan(0);
    const text = JSON.stringify(entries);
    for (const email of INTERNAL_EMAILS) expect(text).not.toContain(email);
    const html = await page("sunrise", "");
    for (const email of INTERNAL_EMAILS) expect(html).not.toContain(email);
    // the issue above was the planner's
    const issue = entries.find((e) => e.entityId === ids.draftPo && e.action === "po.issued")!;
    expect(issue.actor).toBe("Northwind Foods (planner)");
    // the partner's own answers carry its own user's address
    const own = entries.find((e) => e.actor === "supplier@sunrise.test");
    expect(own, "an entry by Sunrise's own user").toBeDefined();
    // staff still see addresses
    expect(JSON.stringify(await allEntries("admin", `entityId=${ids.draftPo}`))).toContain("planner@northwind.test");
  });

  it("does not let a partner confirm an internal address by filtering on it", async () => {
    expect(await allEntries("sunrise", "actor=planner%40northwind.test")).toEqual([]);
    expect((await allEntries("sunrise", "actor=supplier%40sunrise.test")).length).toBeGreaterThan(0);
  });
});

describe("what else a partner's trail leaves out", () => {
  it("keeps stock postings out of the filler's trail (they would give the book away during a blind count)", async () => {
    const [rotterdam] = await database.db.select().from(facilities).where(and(eq(facilities.tenantId, tenantId), eq(facilities.name, "Delta Co-Packers — Rotterdam")));
    await postMovements(planner, [{ facilityId: rotterdam.id, itemId: ids.item, lot: "AUD-1", kind: "opening_balance", quantity: "123.456", movedOn: new Date().toISOString().slice(0, 10), reference: "audit probe" }]);
    expect((await allEntries("admin", "entityType=inventory_movement")).length).toBeGreaterThan(0);
    const delta = await allEntries("delta");
    expect(delta.length).toBeGreaterThan(0);
    expect(delta.filter((e) => e.entityType === "inventory_movement")).toEqual([]);
    expect(JSON.stringify(delta)).not.toContain("123.456");
    // and the filter's choices don't name what the partner can't read
    const data = await (await server.get(`/northwind/audit?${AUDIT_DATA}`, cookies.delta)).json();
    expect(data.facets.entityTypes).not.toContain("inventory_movement");
    expect(data.facets.actions).not.toContain("inventory.movements_posted");
    const sunrise = await (await server.get(`/northwind/audit?${AUDIT_DATA}`, cookies.sunrise)).json();
    expect(sunrise.facets.actions).not.toContain("po.created");
  });

  it("still shows the partner the legitimate trail of its own records", async () => {
    const entries = await allEntries("sunrise");
    const kinds = new Set(entries.map((e) => e.entityType));
    expect(kinds).toContain("purchase_order");
    // every entry is the partner's own
    const own = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where tenant_id = ${tenantId} and partner_id is distinct from ${ids.sunrise} and id in (${sql.join(entries.map((e) => sql`${e.id}`), sql`, `)})`);
    expect(own[0].n).toBe(0);
  });
});

describe("the database's own rule", () => {
  it("hides a draft's entries from the partner's transaction, whatever query the application runs", async () => {
    const settings = { "app.tenant_id": tenantId, "app.partner_id": ids.sunrise, "app.user_id": "" };
    // a new draft for the partner, never issued
    const draft = await createPurchaseOrder(
      planner,
      poInput({ partnerId: ids.sunrise, shipToFacilityId: ids.site, incoterms: "FCA", notes: TARGET_NOTE, lines: [{ itemId: ids.item, quantity: "5", unitPrice: "1", requestedDate: "2027-03-01" }] }),
      { issue: false },
    );
    const asPartner = await asAppRole(database, settings, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, draft.id)));
    expect(asPartner).toEqual([]);
    const asStaff = await asAppRole(database, { "app.tenant_id": tenantId }, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, draft.id)));
    expect(asStaff.map((r) => r.action)).toEqual(["po.created"]);
    // no stock posting reaches a partner's transaction either
    const moves = await asAppRole(database, { "app.tenant_id": tenantId, "app.partner_id": ids.delta }, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityType, "inventory_movement")));
    expect(moves).toEqual([]);
  });

  it("names the same forecast actions as the application's rule", async () => {
    const [{ def }] = await rowsOf<{ def: string }>(database.db, sql`select pg_get_functiondef('audit_visible_to_partner'::regproc) as def`);
    const listed = [...def.matchAll(/'(forecast\.[a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(listed).toEqual([...PARTNER_AUDIT_RULES.forecast.actions].sort());
  });
});
