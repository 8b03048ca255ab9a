// Declared capacity against a real database: the grid's save with history and optimistic locking,
// the CSV upload, staleness, and isolation between partners (in the code and by RLS).
import { and, eq, sql } from "drizzle-orm";
import { horizon } from "../../app/domain/capacity";
import type { TenantContext } from "../../app/server/auth.server";
import { capacityFacilities, capacityGrid, capacityHistoryPage, CapacityError, importCapacityCsv, saveCapacity, sendStaleCapacityReminders } from "../../app/server/capacity.server";
import type { Database } from "../../app/server/db.server";
import { capacityDeclarations, capacityHistory } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, contextFor, pgErrorOf, readMailDir, rowsOf, useTempMailDir } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let metro: TenantContext;
let delta: TenantContext;
let planner: TenantContext;
let lyon: { id: string; name: string; resources: string[] };
let server: TestServer;
let mailDir: string;
const today = () => new Date().toISOString().slice(0, 10);
const enc = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  mailDir = await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  metro = await contextFor(database, "ops@metro3pd.test", "northwind");
  delta = await contextFor(database, "filler@delta.test", "northwind");
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  lyon = (await capacityFacilities(metro))[0];
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

describe("the demo", () => {
  it("has Metro's and Delta's lines declared over the 26-week horizon, with their history", async () => {
    const grid = (await capacityGrid(metro, lyon.id))!;
    expect(grid.weeks).toEqual(horizon(today()));
    expect(grid.rows.map((r) => r.resource)).toEqual(lyon.resources);
    expect(grid.rows.every((r) => r.cells.every((c) => c.capacity !== null))).toBe(true);
    // Metro last confirmed three weeks ago; Delta's is current
    expect(grid.stale).toBe(true);
    for (const site of await capacityFacilities(delta)) expect((await capacityGrid(delta, site.id))!.stale).toBe(false);
    const [{ n }] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from capacity_history where partner_id = ${delta.partnerId}`);
    expect(n).toBeGreaterThanOrEqual(26 * 3);
  });
});

describe("saving the grid", () => {
  it("writes changed weeks with who, when and the previous value, and refuses a stale form", async () => {
    const grid = (await capacityGrid(metro, lyon.id))!;
    const row = grid.rows[0];
    const [a, b, c] = row.cells;
    const before = (await capacityHistoryPage(metro, lyon.id, null, 1000)).items.length;
    const changed = await saveCapacity(metro, lyon.id, [
      { resource: row.resource, week: a.week, capacity: "1111", version: a.version },
      { resource: row.resource, week: b.week, capacity: "2222", version: b.version },
      { resource: row.resource, week: c.week, capacity: "3333", version: c.version },
      // unchanged: no history
      { resource: row.resource, week: row.cells[3].week, capacity: row.cells[3].capacity!, version: row.cells[3].version },
    ]);
    expect(changed).toBe(3);
    const history = (await capacityHistoryPage(metro, lyon.id, null, 1000)).items;
    expect(history.length).toBe(before + 3);
    expect(history[0]).toMatchObject({ resource: row.resource, week: c.week, previous: c.capacity, capacity: "3333.000", source: "grid", changedBy: metro.userId });
    // someone saved a cell after this form was loaded: nothing of the form is saved
    await expect(
      saveCapacity(planner, lyon.id, [
        { resource: row.resource, week: a.week, capacity: "9999", version: a.version },
        { resource: row.resource, week: row.cells[5].week, capacity: "5555", version: row.cells[5].version },
      ]),
    ).rejects.toMatchObject({ status: 409 });
    const after = (await capacityGrid(metro, lyon.id))!;
    expect(after.rows[0].cells[0].capacity).toBe("1111.000");
    expect(after.rows[0].cells[5].capacity).toBe(row.cells[5].capacity);
  });

  it("marks capacity not confirmed within the company's age as stale, and a save confirms it", async () => {
    await asAppRole(database, { "app.tenant_id": metro.tenantId, "app.partner_id": "" }, (tx) =>
      tx.update(capacityDeclarations).set({ confirmedAt: sql`now() - interval '20 days'` }).where(eq(capacityDeclarations.facilityId, lyon.id)),
    );
    const stale = (await capacityGrid(metro, lyon.id))!;
    expect(stale.stale).toBe(true);
    expect(stale.rows[0].cells[0].stale).toBe(true);
    await saveCapacity(metro, lyon.id, []);
    expect((await capacityGrid(metro, lyon.id))!.stale).toBe(false);
  });
});

describe("stale capacity reminders", () => {
  it("mail a partner with stale capacity once a day, and nobody whose capacity is current", async () => {
    // the demo reminded Metro today already (with mail off): tomorrow it is reminded again
    expect(await sendStaleCapacityReminders()).toBe(0);
    await asAppRole(database, { "app.tenant_id": metro.tenantId, "app.partner_id": "" }, (tx) =>
      tx.update(capacityDeclarations).set({ confirmedAt: sql`now() - interval '30 days'` }).where(eq(capacityDeclarations.partnerId, metro.partnerId!)),
    );
    const tomorrow = new Date(Date.now() + 86_400_000);
    const before = (await readMailDir(mailDir)).length;
    expect(await sendStaleCapacityReminders(tomorrow)).toBe(1);
    const mail = (await readMailDir(mailDir)).slice(before);
    expect(mail.map((m) => m.to)).toEqual(["ops@metro3pd.test"]);
    expect(mail[0].subject).toBe("Please confirm your capacity for Northwind Foods");
    expect(mail[0].body).toContain(lyon.name);
    expect(await sendStaleCapacityReminders(tomorrow)).toBe(0);
  });
});

describe("the CSV upload", () => {
  it("saves every row or none, with line-numbered problems", async () => {
    const [w1, w2] = horizon(today());
    const bad = await importCapacityCsv(metro, enc(`facility,resource,week,capacity\n${lyon.name},${lyon.resources[0]},${w1},100\n${lyon.name},No such line,${w2},5\n`));
    expect(bad).toMatchObject({ problems: [{ line: 3 }] });
    expect((await capacityGrid(metro, lyon.id))!.rows[0].cells[0].capacity).not.toBe("100.000");
    const good = await importCapacityCsv(metro, enc(`facility,resource,week,capacity\n${lyon.name},${lyon.resources[0]},${w1},100\n${lyon.name},${lyon.resources[1]},${w2},250.5\n`));
    expect(good).toEqual({ changed: 2 });
    const grid = (await capacityGrid(metro, lyon.id))!;
    expect(grid.rows[0].cells[0].capacity).toBe("100.000");
    expect(grid.rows[1].cells[1].capacity).toBe("250.500");
    expect((await capacityHistoryPage(metro, lyon.id, null, 1))!.items[0].source).toBe("csv");
    await expect(importCapacityCsv(metro, new Uint8Array([0, 1, 2]))).rejects.toMatchObject({ status: 415 });
    // Delta can't name Metro's facility in its file
    expect(await importCapacityCsv(delta, enc(`facility,resource,week,capacity\n${lyon.name},${lyon.resources[0]},${w1},1\n`))).toMatchObject({ problems: [{ line: 2 }] });
  });
});

describe("isolation", () => {
  it("keeps each partner to its own capacity, in the code and in the database", async () => {
    expect(await capacityGrid(delta, lyon.id)).toBeNull();
    await expect(saveCapacity(delta, lyon.id, [])).rejects.toBeInstanceOf(CapacityError);
    expect((await capacityHistoryPage(delta, null, null, 1000)).items.every((h) => h.partnerId === delta.partnerId)).toBe(true);
    const asDelta = { "app.tenant_id": delta.tenantId, "app.partner_id": delta.partnerId! };
    expect(await asAppRole(database, asDelta, (tx) => tx.select().from(capacityDeclarations).where(eq(capacityDeclarations.partnerId, metro.partnerId!)))).toHaveLength(0);
    const forged = asAppRole(database, asDelta, (tx) =>
      tx.insert(capacityDeclarations).values({ tenantId: delta.tenantId, partnerId: metro.partnerId!, facilityId: lyon.id, resource: lyon.resources[0], week: "2030-W01", capacity: "1" }),
    );
    await expect(forged).rejects.toThrow();
    const edit = asAppRole(database, { "app.tenant_id": metro.tenantId, "app.partner_id": "" }, (tx) => tx.update(capacityHistory).set({ capacity: "0" }).where(and(eq(capacityHistory.tenantId, metro.tenantId))));
    expect(pgErrorOf(await edit.then(() => null, (e) => e)).code).toBe("42501");
  });

  it("over HTTP: a foreign facility is a 404, a carrier has no capacity page, a bad value is a 400 beside its cell", async () => {
    const deltaCookie = await server.login("filler@delta.test");
    expect((await server.get(`/northwind/capacity?facility=${lyon.id}`, deltaCookie)).status).toBe(404);
    expect((await server.get("/northwind/capacity", await server.login("dispatch@fastfreight.test"))).status).toBe(404);
    const metroCookie = await server.login("ops@metro3pd.test");
    const grid = (await capacityGrid(metro, lyon.id))!;
    const week = grid.weeks[2];
    const res = await server.post(`/northwind/capacity?index&facility=${lyon.id}`, metroCookie, { [`c.0.${week}`]: "12,000", [`o.0.${week}`]: "0", [`v.0.${week}`]: 1 });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Units per week, e.g. 12000.");
  });
});
