// Demand forecasts against a real database: create, edit, publish (superseding), the partner's
// commitment and its revision, numbering per tenant, optimistic locking, the CSV upload, the mail both
// ways, and isolation between partners and tenants (in the code, by RLS, and over HTTP).
import { and, eq, sql } from "drizzle-orm";
import { csvLine, parseCsv } from "../../app/domain/csv";
import { addWeeks, isoWeekOf, weekRange } from "../../app/domain/iso-week";
import { addDecimals } from "../../app/domain/po";
import type { TenantContext } from "../../app/server/auth.server";
import type { Database } from "../../app/server/db.server";
import {
  copyForecast,
  createForecast,
  deleteForecastDraft,
  ForecastError,
  getForecast,
  importForecastCsv,
  listForecasts,
  publishForecast,
  respondToForecast,
  saveForecastGrid,
  updateForecastDetails,
} from "../../app/server/forecasts.server";
import { StaleRecordError } from "../../app/server/records.server";
import { auditLog, forecastLines, forecasts, items, partners } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, contextFor, pgFailure, readMailDir, rowsOf, useTempMailDir } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let planner: TenantContext;
let director: TenantContext;
let metro: TenantContext;
let delta: TenantContext;
let sunrise: TenantContext;
let coAdmin: TenantContext;
let coSunrise: TenantContext;
let server: TestServer;
let mailDir: string;
const ids = {} as { metro: string; delta: string; cocoa: string; granola: string; oj: string; coLabel: string; inactive: string };
const today = () => new Date().toISOString().slice(0, 10);
const next = () => addWeeks(isoWeekOf(today()), 1);
const enc = (s: string) => new TextEncoder().encode(s);

async function owner<T>(fn: (db: Database["db"]) => Promise<T>) {
  return fn(database.db);
}

beforeAll(async () => {
  mailDir = await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  director = await contextFor(database, "director@northwind.test", "northwind");
  metro = await contextFor(database, "ops@metro3pd.test", "northwind");
  delta = await contextFor(database, "filler@delta.test", "northwind");
  sunrise = await contextFor(database, "supplier@sunrise.test", "northwind");
  coAdmin = await contextFor(database, "admin@contoso.test", "contoso");
  coSunrise = await contextFor(database, "supplier@sunrise.test", "contoso");
  ids.metro = metro.partnerId!;
  ids.delta = delta.partnerId!;
  const code = async (tenantId: string, c: string) => (await owner((db) => db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.code, c)))))[0].id;
  ids.cocoa = await code(planner.tenantId, "FG-COCOA-BAR");
  ids.granola = await code(planner.tenantId, "FG-GRANOLA");
  ids.oj = await code(planner.tenantId, "FG-OJ-1L");
  ids.coLabel = await code(coAdmin.tenantId, "PKG-LBL-OJ");
  ids.inactive = await code(planner.tenantId, "SP-GASKET");
  await owner((db) => db.update(items).set({ active: false }).where(and(eq(items.tenantId, planner.tenantId), eq(items.id, ids.inactive))));
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const versionOf = async (ctx: TenantContext, id: string) => (await getForecast(ctx, id, today()))!.forecast.version;
const all = async (ctx: TenantContext, filters = {}) => (await listForecasts(ctx, filters, null, 1000)).items;

describe("the demo", () => {
  it("numbers forecasts per tenant, and shows Metro's current forecast committed short where its bar line is full", async () => {
    const nw = await all(planner);
    expect(nw.map((f) => f.number).sort()).toEqual(["FC-00001", "FC-00002", "FC-00003", "FC-00004", "FC-00005"]);
    expect((await all(coAdmin)).map((f) => f.number)).toEqual(["FC-00001"]);
    const metroList = await all(metro);
    expect(metroList.map((f) => [f.number, f.status])).toEqual([
      ["FC-00004", "committed"],
      ["FC-00001", "superseded"],
    ]);
    const current = (await getForecast(metro, metroList[0].id, today()))!;
    expect(current.view.rows.map((r) => [r.item.code, r.route?.resource])).toEqual([
      ["FG-COCOA-BAR", "Bar line"],
      ["FG-GRANOLA", "Granola oven"],
    ]);
    expect(current.view.summary.overCapacityWeeks).toBeGreaterThan(0);
    expect(current.view.summary.underCommittedCells).toBe(current.view.summary.overCapacityWeeks);
    const short = current.view.rows[0].cells.find((c) => c.underCommitted)!;
    expect(short.committed).toBe(short.capacity);
    expect(short.comment).toBe("Bar line is full that week.");
    // keyset pages: newest first, every forecast once
    const first = await listForecasts(planner, {}, null, 2);
    const second = await listForecasts(planner, {}, first.nextCursor, 2);
    const third = await listForecasts(planner, {}, second.nextCursor, 2);
    expect([...first.items, ...second.items, ...third.items].map((f) => f.number)).toEqual(nw.map((f) => f.number));
    expect(nw.map((f) => f.number)).toEqual(["FC-00005", "FC-00004", "FC-00003", "FC-00002", "FC-00001"]);
    expect(third.nextCursor).toBeNull();
    expect((await listForecasts(planner, { status: "published" }, null)).items.map((f) => f.number)).toEqual(["FC-00003", "FC-00002"]);
    expect((await listForecasts(planner, { partnerId: ids.metro }, null)).items.map((f) => f.number)).toEqual(["FC-00004", "FC-00001"]);
    // drafts never reach a partner's list; Delta's draft is in the planner's
    expect((await all(delta)).map((f) => f.status)).toEqual(["published"]);
    expect(nw.filter((f) => f.status === "draft").map((f) => f.partnerName)).toEqual(["Delta Co-Packers"]);
  });
});

describe("a forecast from draft to commitment", () => {
  let id: string;

  it("starts as a draft with the partner's items at 0 for the weeks chosen, numbered next in the tenant", async () => {
    const weeks = weekRange(next(), 4);
    const created = await createForecast(planner, { partnerId: ids.metro, title: "Autumn bars", note: "Promotion in week 3", weeks });
    id = created.forecast.id;
    expect(created.forecast).toMatchObject({ number: "FC-00006", status: "draft", version: 1 });
    const found = (await getForecast(planner, id, today()))!;
    expect(found.weeks).toEqual(weeks);
    expect(found.view.rows.map((r) => r.item.code)).toEqual(["FG-COCOA-BAR", "FG-GRANOLA"]);
    expect(found.lines.every((l) => l.quantity === "0.000")).toBe(true);
    // Metro doesn't see the draft, in the code or in the database
    expect(await getForecast(metro, id, today())).toBeNull();
    const asMetro = { "app.tenant_id": metro.tenantId, "app.partner_id": metro.partnerId! };
    expect(await asAppRole(database, asMetro, (tx) => tx.select().from(forecasts).where(eq(forecasts.id, id)))).toHaveLength(0);
    expect(await asAppRole(database, asMetro, (tx) => tx.select().from(forecastLines).where(eq(forecastLines.forecastId, id)))).toHaveLength(0);
    expect(await asAppRole(database, asMetro, (tx) => rowsOf(tx, sql`select * from forecasts where status = 'draft'`))).toHaveLength(0);
  });

  it("saves the grid with compare-and-set on the version, and adds and removes rows", async () => {
    const weeks = weekRange(next(), 4);
    // the bar line's declared capacity: week 3's cocoa bars go above it
    const capacity = (await getForecast(planner, id, today()))!.view.rows[0].cells.map((c) => c.capacity!);
    const cocoa = ["11000.000", "12000.000", addDecimals(capacity[2], "5000"), "9000.500"];
    const cells = weeks.flatMap((week, w) => [
      { itemId: ids.cocoa, week, quantity: cocoa[w] },
      { itemId: ids.granola, week, quantity: "4000.000" },
    ]);
    const saved = (await saveForecastGrid(planner, id, 1, { weeks, itemIds: [ids.cocoa, ids.granola], cells, added: null }))!;
    expect(saved.version).toBe(2);
    // someone saved after this form was loaded: refused, nothing changed
    await expect(saveForecastGrid(planner, id, 1, { weeks, itemIds: [ids.cocoa], cells: [], added: null })).rejects.toBeInstanceOf(StaleRecordError);
    expect((await getForecast(planner, id, today()))!.view.rows).toHaveLength(2);
    // an inactive item can't be added; a row added starts at 0
    await expect(saveForecastGrid(planner, id, 2, { weeks, itemIds: [ids.cocoa, ids.granola, ids.inactive], cells, added: ids.inactive })).rejects.toMatchObject({ field: "addItem" });
    const added = (await saveForecastGrid(planner, id, 2, { weeks, itemIds: [ids.cocoa, ids.granola, ids.oj], cells, added: ids.oj }))!;
    const grid = (await getForecast(planner, id, today()))!;
    expect(grid.view.rows.map((r) => r.item.code)).toEqual(["FG-COCOA-BAR", "FG-GRANOLA", "FG-OJ-1L"]);
    expect(grid.view.rows[2].cells.map((c) => c.forecast)).toEqual(["0.000", "0.000", "0.000", "0.000"]);
    expect(grid.view.rows[0].cells.map((c) => c.forecast)).toEqual(cocoa);
    // week 3's cocoa bars are far above the bar line's declared capacity: flagged before publishing
    expect(grid.view.rows[0].cells[2].overCapacity).toBe(true);
    const removed = (await saveForecastGrid(planner, id, added.version, { weeks, itemIds: [ids.cocoa, ids.granola], cells, added: null }))!;
    const details = (await updateForecastDetails(planner, id, removed.version, { title: "Autumn bars v2", note: "Promotion in week 3" }))!;
    expect(details).toMatchObject({ title: "Autumn bars v2", version: removed.version + 1 });
  });

  it("publishes: Metro's users are emailed, and the forecast Metro had is superseded", async () => {
    // not with an inactive item in the grid
    const weeks = weekRange(next(), 4);
    const grid = (await getForecast(planner, id, today()))!;
    const cells = grid.lines.map((l) => ({ itemId: l.itemId, week: l.week, quantity: l.quantity }));
    await owner((db) => db.update(items).set({ active: false }).where(eq(items.id, ids.granola)));
    await expect(publishForecast(planner, id, grid.forecast.version, today())).rejects.toMatchObject({ message: expect.stringContaining("FG-GRANOLA") });
    await owner((db) => db.update(items).set({ active: true }).where(eq(items.id, ids.granola)));
    expect(cells.length).toBe(weeks.length * 2);
    const before = (await readMailDir(mailDir)).length;
    const previous = (await all(metro)).find((f) => f.status === "committed")!;
    await expect(publishForecast(director, id, await versionOf(planner, id), today())).rejects.toBeInstanceOf(ForecastError);
    const result = (await publishForecast(planner, id, await versionOf(planner, id), today()))!;
    expect(result.forecast.status).toBe("published");
    expect(result.superseded).toEqual([previous.number]);
    expect(result.emailed).toBe(1);
    const mail = (await readMailDir(mailDir)).slice(before);
    expect(mail.map((m) => m.to)).toEqual(["ops@metro3pd.test"]);
    expect(mail[0].subject).toBe("Northwind Foods forecast FC-00006: please commit your quantities");
    expect(mail[0].body).toContain(`It replaces ${previous.number}`);
    expect(mail[0].body).toContain(`/northwind/forecasts/${id}`);
    expect((await getForecast(metro, previous.id, today()))!.forecast.status).toBe("superseded");
    // a published forecast is not edited: the planner copies it instead
    await expect(saveForecastGrid(planner, id, result.forecast.version, { weeks: [], itemIds: [], cells: [], added: null })).rejects.toMatchObject({ status: 409 });
    await expect(publishForecast(planner, id, result.forecast.version, today())).rejects.toMatchObject({ status: 409 });
    // the superseded one can't be answered any more
    await expect(respondToForecast(metro, previous.id, await versionOf(metro, previous.id), { answers: [], responseNote: "" })).rejects.toMatchObject({ status: 409 });
  });

  it("Metro commits per week (every line), the planner who published is emailed, and Metro may revise", async () => {
    const found = (await getForecast(metro, id, today()))!;
    const lines = found.view.rows.flatMap((r) => r.cells);
    const answers = lines.map((c) => ({ lineId: c.lineId!, committed: c.overCapacity ? c.capacity! : c.forecast, comment: c.overCapacity ? "Bar line full" : "" }));
    // one line left out: its field is named, nothing is saved
    const partial = await respondToForecast(metro, id, found.forecast.version, { answers: answers.slice(1), responseNote: "" });
    expect(partial).toEqual({ errors: { [`c.${answers[0].lineId}`]: "Enter the quantity you commit (0 when there is none)." } });
    // Delta can't answer Metro's forecast: it doesn't exist for Delta
    expect(await respondToForecast(delta, id, found.forecast.version, { answers, responseNote: "" })).toBeNull();
    const before = (await readMailDir(mailDir)).length;
    const done = (await respondToForecast(metro, id, found.forecast.version, { answers, responseNote: "Week 3 capped" }))!;
    expect("forecast" in done && done.forecast.status).toBe("committed");
    const mail = (await readMailDir(mailDir)).slice(before);
    expect(mail.map((m) => m.to)).toEqual(["planner@northwind.test"]);
    expect(mail[0].subject).toBe("Metro Production Services committed to forecast FC-00006");
    expect(mail[0].body).toContain("below the forecast in 1 item-week(s)");
    expect(mail[0].body).toContain("Week 3 capped");
    const after = (await getForecast(planner, id, today()))!;
    expect(after.view.summary.underCommittedCells).toBe(1);
    const week3 = after.view.rows[0].cells[2];
    expect(week3).toMatchObject({ underCommitted: true, overCapacity: true, comment: "Bar line full" });
    expect(week3.gap!.startsWith("-")).toBe(true);
    expect(after.respondedByName).toBe("Mo Metro");
    // revise: still committed, the planner hears of it again
    const revised = (await respondToForecast(metro, id, after.forecast.version, { answers, responseNote: "Revised" }))!;
    expect("forecast" in revised && revised.forecast.status).toBe("committed");
    const last = (await readMailDir(mailDir)).at(-1)!;
    expect(last.subject).toBe("Metro Production Services revised its commitment to forecast FC-00006");
    // a stale answer is refused
    await expect(respondToForecast(metro, id, after.forecast.version, { answers, responseNote: "" })).rejects.toBeInstanceOf(StaleRecordError);
    // a director reads forecasts but can't answer for the partner (a planner may: below)
    await expect(respondToForecast(director, id, after.forecast.version + 1, { answers, responseNote: "" })).rejects.toBeInstanceOf(ForecastError);
  });

  it("copies a published forecast to a new draft, and audits every step", async () => {
    const copy = (await copyForecast(planner, id, today()))!;
    expect(copy).toMatchObject({ number: "FC-00007", status: "draft", title: "Autumn bars v2" });
    const lines = (await getForecast(planner, copy.id, today()))!.lines;
    expect(lines).toHaveLength(8);
    expect(lines.every((l) => l.committedQuantity === null)).toBe(true);
    const actions = (await owner((db) => db.select().from(auditLog).where(and(eq(auditLog.tenantId, planner.tenantId), eq(auditLog.entityId, id))))).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["forecast.created", "forecast.saved", "forecast.details_updated", "forecast.published", "forecast.committed", "forecast.commitment_revised"]),
    );
  });
});

describe("numbering", () => {
  it("gives each tenant its own gap-free sequence, also for drafts created at the same time", async () => {
    const weeks = weekRange(next(), 2);
    const made = await Promise.all([1, 2, 3].map(() => createForecast(planner, { partnerId: ids.delta, title: "", note: "", weeks })));
    const numbers = made.map((m) => m.forecast.number).sort();
    expect(numbers).toEqual(["FC-00008", "FC-00009", "FC-00010"]);
    const co = await createForecast(coAdmin, { partnerId: coSunrise.partnerId!, title: "", note: "", weeks });
    expect(co.forecast.number).toBe("FC-00002");
  });
});

describe("the CSV upload", () => {
  it("replaces the draft's grid with every row or none, with line-numbered problems", async () => {
    const draft = (await createForecast(planner, { partnerId: ids.delta, title: "csv", note: "", weeks: weekRange(next(), 3) })).forecast;
    const [w1, w2] = weekRange(next(), 2);
    const past = addWeeks(isoWeekOf(today()), -2);
    const bad = await importForecastCsv(
      planner,
      draft.id,
      1,
      enc(`item_code,week,quantity\nFG-OJ-1L,${w1},100\nNOPE,${w1},5\nfg-oj-1l,${w1},7\nFG-AJ-1L,${past},1\nFG-AJ-1L,${w2},-4\n`),
      today(),
    );
    expect(bad).toMatchObject({
      problems: [
        { line: 3, column: "item_code", message: "No active item has the code NOPE." },
        { line: 4, column: "week", message: `Lines 2 and 4 both forecast FG-OJ-1L in ${w1}; keep one line per item and week.` },
        { line: 5, column: "week" },
        { line: 6, column: "quantity", message: "The quantity can't be negative." },
      ],
    });
    expect((await getForecast(planner, draft.id, today()))!.forecast.version).toBe(1);
    await expect(importForecastCsv(planner, draft.id, 1, new Uint8Array([0, 1, 2]), today())).rejects.toMatchObject({ status: 415 });
    const good = await importForecastCsv(planner, draft.id, 1, enc(`Item Code,Week,Quantity\nfg-oj-1l,${w1},100\nFG-AJ-1L,${w2.replace("-", "")},250.5\n`), today());
    expect(good).toMatchObject({ rows: 2 });
    const grid = (await getForecast(planner, draft.id, today()))!;
    expect(grid.weeks).toEqual([w1, w2]);
    expect(grid.view.rows.map((r) => [r.item.code, r.cells.map((c) => c.forecast)])).toEqual([
      ["FG-AJ-1L", ["0.000", "250.500"]],
      ["FG-OJ-1L", ["100.000", "0.000"]],
    ]);
    // the version moved on: the old form's upload is stale
    await expect(importForecastCsv(planner, draft.id, 1, enc(`item_code,week,quantity\nFG-OJ-1L,${w1},1\n`), today())).rejects.toBeInstanceOf(StaleRecordError);
  });
});

describe("isolation", () => {
  it("keeps each partner to the forecasts published to it, in the code and in the database", async () => {
    const metroCurrent = (await all(metro)).find((f) => f.status !== "superseded")!;
    expect(await getForecast(delta, metroCurrent.id, today())).toBeNull();
    expect((await all(delta)).every((f) => f.partnerId === ids.delta)).toBe(true);
    expect((await all(sunrise)).every((f) => f.partnerId === sunrise.partnerId)).toBe(true);
    const asDelta = { "app.tenant_id": delta.tenantId, "app.partner_id": delta.partnerId! };
    expect(await asAppRole(database, asDelta, (tx) => tx.select().from(forecasts).where(eq(forecasts.partnerId, ids.metro)))).toHaveLength(0);
    expect(await asAppRole(database, asDelta, (tx) => tx.select().from(forecastLines).where(eq(forecastLines.partnerId, ids.metro)))).toHaveLength(0);
    // Delta's own drafts are hidden from Delta too, lines and all
    const [draft] = await owner((db) => db.select().from(forecasts).where(and(eq(forecasts.partnerId, ids.delta), eq(forecasts.status, "draft"))).limit(1));
    expect(await asAppRole(database, asDelta, (tx) => tx.select().from(forecasts).where(eq(forecasts.id, draft.id)))).toHaveLength(0);
    expect(await asAppRole(database, asDelta, (tx) => tx.select().from(forecastLines).where(eq(forecastLines.forecastId, draft.id)))).toHaveLength(0);
    // a partner can't write another partner's forecast, nor publish one to itself
    const changed = await asAppRole(database, asDelta, (tx) => tx.update(forecastLines).set({ committedQuantity: "1" }).where(eq(forecastLines.partnerId, ids.metro)).returning());
    expect(changed).toHaveLength(0);
    await expect(
      asAppRole(database, asDelta, (tx) => tx.insert(forecasts).values({ tenantId: delta.tenantId, number: "FC-99999", partnerId: ids.metro, status: "published" })),
    ).rejects.toThrow();
    await expect(asAppRole(database, asDelta, (tx) => tx.update(forecasts).set({ status: "draft" }).where(eq(forecasts.partnerId, ids.delta)).returning())).rejects.toThrow();
  });

  it("lets a partner's database role change only its answer, whatever the code asks (triggers, 42501)", async () => {
    const asDelta = { "app.tenant_id": delta.tenantId, "app.partner_id": delta.partnerId! };
    const mine = (await all(delta)).find((f) => f.status === "published" || f.status === "committed")!;
    const [line] = await owner((db) => db.select().from(forecastLines).where(and(eq(forecastLines.tenantId, delta.tenantId), eq(forecastLines.forecastId, mine.id))).limit(1));
    const refused = (fn: (tx: Parameters<Parameters<typeof asAppRole>[2]>[0]) => Promise<unknown>) => pgFailure(asAppRole(database, asDelta, fn));
    const byId = and(eq(forecastLines.tenantId, delta.tenantId), eq(forecastLines.id, line.id));
    // the forecast quantity, the week, the item: refused; the commitment and comment: allowed
    expect((await refused((tx) => tx.update(forecastLines).set({ quantity: addDecimals(line.quantity, "1") }).where(byId))).code).toBe("42501");
    expect((await refused((tx) => tx.update(forecastLines).set({ week: "2099-W01" }).where(byId))).code).toBe("42501");
    // (another item than the line's: the row is picked without an order)
    expect((await refused((tx) => tx.update(forecastLines).set({ itemId: line.itemId === ids.oj ? ids.cocoa : ids.oj }).where(byId))).code).toBe("42501");
    const ok = await asAppRole(database, asDelta, (tx) => tx.update(forecastLines).set({ committedQuantity: line.quantity, comment: "fine" }).where(byId).returning());
    expect(ok).toHaveLength(1);
    // no lines added or removed
    expect((await refused((tx) => tx.delete(forecastLines).where(byId))).code).toBe("42501");
    expect(
      (await refused((tx) => tx.insert(forecastLines).values({ tenantId: delta.tenantId, forecastId: mine.id, partnerId: ids.delta, itemId: line.itemId, week: "2099-W02", quantity: "5" }))).code,
    ).toBe("42501");
    // the forecast: what the planner wrote stays; answering is allowed
    const f = and(eq(forecasts.tenantId, delta.tenantId), eq(forecasts.id, mine.id));
    expect((await refused((tx) => tx.update(forecasts).set({ title: "mine now" }).where(f))).code).toBe("42501");
    expect((await refused((tx) => tx.update(forecasts).set({ status: "superseded" }).where(f))).code).toBe("42501");
    expect((await refused((tx) => tx.update(forecasts).set({ respondedOnBehalf: true }).where(f))).code).toBe("42501");
    expect((await refused((tx) => tx.delete(forecasts).where(f))).code).toBe("42501");
    expect(await asAppRole(database, asDelta, (tx) => tx.update(forecasts).set({ responseNote: "noted" }).where(f).returning())).toHaveLength(1);
    // a superseded forecast can't be brought back by committing to it
    const [old] = await owner((db) => db.select().from(forecasts).where(and(eq(forecasts.tenantId, metro.tenantId), eq(forecasts.partnerId, ids.metro), eq(forecasts.status, "superseded"))).limit(1));
    expect(old).toBeTruthy();
    const asMetro = { "app.tenant_id": metro.tenantId, "app.partner_id": ids.metro };
    const revived = await pgFailure(
      asAppRole(database, asMetro, (tx) => tx.update(forecasts).set({ status: "committed" }).where(and(eq(forecasts.tenantId, metro.tenantId), eq(forecasts.id, old.id)))),
    );
    expect(revived.code).toBe("42501");
    // staff are not affected
    const asPlanner = { "app.tenant_id": planner.tenantId };
    expect(await asAppRole(database, asPlanner, (tx) => tx.update(forecastLines).set({ comment: "" }).where(byId).returning())).toHaveLength(1);
  });

  it("keeps tenants apart", async () => {
    const nwIds = (await all(planner)).map((f) => f.id);
    expect((await all(coAdmin)).some((f) => nwIds.includes(f.id))).toBe(false);
    expect(await getForecast(coAdmin, nwIds[0], today())).toBeNull();
    await expect(createForecast(coAdmin, { partnerId: ids.metro, title: "", note: "", weeks: [next()] })).rejects.toMatchObject({ field: "partnerId" });
    const asContoso = { "app.tenant_id": coAdmin.tenantId, "app.partner_id": "" };
    expect(await asAppRole(database, asContoso, (tx) => tx.select().from(forecasts).where(eq(forecasts.tenantId, planner.tenantId)))).toHaveLength(0);
    // Sunrise's login works for both tenants, and sees each tenant's forecasts only there
    expect((await all(coSunrise)).every((f) => f.partnerId === coSunrise.partnerId)).toBe(true);
    const [p] = await owner((db) => db.select().from(partners).where(eq(partners.id, coSunrise.partnerId!)));
    expect(p.tenantId).toBe(coAdmin.tenantId);
  });
});

describe("over HTTP", () => {
  it("lists, creates and shows a forecast; another partner, quality and a carrier get 404", async () => {
    const plannerCookie = await server.login("planner@northwind.test");
    const list = await server.get("/northwind/forecasts", plannerCookie);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("FC-00004");
    const created = await server.post("/northwind/forecasts?index", plannerCookie, { intent: "create", partnerId: ids.metro, title: "From the form", from: next(), weeks: 3 });
    expect(created.status).toBe(302);
    const url = created.headers.get("Location")!;
    expect(url).toMatch(/^\/northwind\/forecasts\/[0-9a-f-]{36}$/);
    const page = await server.get(url, plannerCookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Publish to Metro Production Services");
    // bad input: 400, the message beside its field, and what was typed is kept
    const bad = await server.post("/northwind/forecasts?index", plannerCookie, { intent: "create", partnerId: "", title: "Keep me", from: "2020-W01", weeks: 99 });
    expect(bad.status).toBe(400);
    const body = await bad.text();
    expect(body).toContain("Choose a partner.");
    expect(body).toContain("Enter a number of weeks from 1 to 52.");
    expect(body).toContain("has passed");
    expect(body).toContain('value="Keep me"');

    const metroCurrent = (await all(metro)).find((f) => f.status !== "superseded")!;
    const deltaCookie = await server.login("filler@delta.test");
    expect((await server.get(`/northwind/forecasts/${metroCurrent.id}`, deltaCookie)).status).toBe(404);
    expect((await server.post(`/northwind/forecasts/${metroCurrent.id}`, deltaCookie, { intent: "respond", version: 1 })).status).toBe(404);
    expect((await server.get("/northwind/forecasts", await server.login("quality@northwind.test"))).status).toBe(404);
    expect((await server.get("/northwind/forecasts", await server.login("dispatch@fastfreight.test"))).status).toBe(404);
    // a director reads but doesn't publish
    const directorCookie = await server.login("director@northwind.test");
    expect((await server.get(`/northwind/forecasts/${metroCurrent.id}`, directorCookie)).status).toBe(200);
    expect((await server.post("/northwind/forecasts?index", directorCookie, { intent: "create", partnerId: ids.metro, from: next(), weeks: 3 })).status).toBe(404);
  });

  it("refuses a stale grid with 409, and a bad cell with 400 beside the cell, keeping what was typed", async () => {
    const plannerCookie = await server.login("planner@northwind.test");
    const weeks = weekRange(next(), 2);
    const draft = (await createForecast(planner, { partnerId: ids.metro, title: "http", note: "", weeks })).forecast;
    const cell = `q.${ids.cocoa}.${weeks[0]}`;
    const form = { intent: "save", version: 1, item: ids.cocoa, from: weeks[0], weeks: 2, [cell]: "12,500" };
    const bad = await server.post(`/northwind/forecasts/${draft.id}`, plannerCookie, form);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Write the number without thousands separators");
    expect(html).toContain('value="12,500"');
    const ok = await server.post(`/northwind/forecasts/${draft.id}`, plannerCookie, { ...form, [cell]: "12500" });
    expect(ok.status).toBe(200);
    const stale = await server.post(`/northwind/forecasts/${draft.id}`, plannerCookie, { ...form, [cell]: "1" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Someone else changed this forecast after you opened it");
    expect((await getForecast(planner, draft.id, today()))!.view.rows[0].cells[0].forecast).toBe("12500.000");
  });

  it("keeps the chosen weeks of a draft whose rows are all removed, and adds a row back at 0", async () => {
    const plannerCookie = await server.login("planner@northwind.test");
    const weeks = weekRange(addWeeks(next(), 2), 3);
    const draft = (await createForecast(planner, { partnerId: ids.metro, title: "rows", note: "", weeks })).forecast;
    const removed = await server.post(`/northwind/forecasts/${draft.id}`, plannerCookie, { intent: "save", version: 1, item: ids.cocoa, remove: ids.cocoa, from: weeks[0], weeks: 3 });
    expect(removed.status).toBe(302);
    const location = removed.headers.get("Location")!;
    expect(location).toBe(`/northwind/forecasts/${draft.id}?from=${weeks[0]}&weeks=3`);
    expect(await (await server.get(location, plannerCookie)).text()).toContain("No items yet");
    const added = await server.post(location, plannerCookie, { intent: "save", version: 2, addItem: ids.granola, from: weeks[0], weeks: 3 });
    expect(added.status).toBe(200);
    const grid = (await getForecast(planner, draft.id, today()))!;
    expect(grid.weeks).toEqual(weeks);
    expect(grid.view.rows.map((r) => [r.item.code, r.cells.map((c) => c.forecast)])).toEqual([["FG-GRANOLA", ["0.000", "0.000", "0.000"]]]);
  });

  it("uploads a CSV with problems listed by line, and exports with formula cells escaped", async () => {
    const plannerCookie = await server.login("planner@northwind.test");
    const weeks = weekRange(next(), 2);
    const draft = (await createForecast(planner, { partnerId: ids.metro, title: "=HYPERLINK(\"http://evil.test\")", note: "", weeks })).forecast;
    const upload = await server.post(`/northwind/forecasts/${draft.id}`, plannerCookie, { intent: "import", version: 1 }, {
      multipart: true,
      files: { file: { name: "f.csv", type: "text/csv", content: `item_code,week,quantity\nFG-GRANOLA,${weeks[0]},12.34567\n` } },
    });
    expect(upload.status).toBe(400);
    const text = await upload.text();
    expect(text).toContain("Use at most 3 decimals.");
    expect(text).toMatch(/<td>2<\/td>/);
    const exported = await server.get(`/northwind/forecasts/${draft.id}/export.csv`, plannerCookie);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Type")).toContain("text/csv");
    const csv = await exported.text();
    expect(csv.split("\r\n")[0]).toContain("forecast_quantity,committed_quantity,shortfall,surplus");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect((await server.get("/northwind/forecasts/template.csv", plannerCookie)).status).toBe(200);
    const metroCookie = await server.login("ops@metro3pd.test");
    expect((await server.get(`/northwind/forecasts/${draft.id}/export.csv`, metroCookie)).status).toBe(404);
  });
});

describe("deleting a draft", () => {
  it("deletes a draft and its lines with compare-and-set, keeps an audit record, and never a published forecast", async () => {
    const weeks = weekRange(next(), 2);
    const draft = (await createForecast(planner, { partnerId: ids.delta, title: "to throw away", note: "", weeks })).forecast;
    const grid = (await getForecast(planner, draft.id, today()))!;
    expect(grid.lines.length).toBeGreaterThan(0);
    const saved = await saveForecastGrid(planner, draft.id, draft.version, {
      itemIds: [...new Set(grid.lines.map((l) => l.itemId))],
      weeks,
      cells: grid.lines.map((l) => ({ itemId: l.itemId, week: l.week, quantity: "250" })),
      added: null,
    });
    await expect(deleteForecastDraft(planner, draft.id, draft.version)).rejects.toBeInstanceOf(StaleRecordError);
    await expect(deleteForecastDraft(metro, draft.id, saved!.version)).rejects.toBeInstanceOf(ForecastError);
    expect(await deleteForecastDraft(planner, draft.id, saved!.version)).toEqual({ number: draft.number });
    expect(await getForecast(planner, draft.id, today())).toBeNull();
    const left = await owner((db) => db.select().from(forecastLines).where(and(eq(forecastLines.tenantId, planner.tenantId), eq(forecastLines.forecastId, draft.id))));
    expect(left).toEqual([]);
    const [audit] = await owner((db) => db.select().from(auditLog).where(and(eq(auditLog.tenantId, planner.tenantId), eq(auditLog.entityId, draft.id), eq(auditLog.action, "forecast.deleted"))));
    expect(audit.before).toMatchObject({ number: draft.number, title: "to throw away" });
    expect(Number((audit.before as { total: string }).total)).toBe(250 * grid.lines.length);
    // a published forecast stays on record
    const published = (await all(planner)).find((f) => f.status === "published" || f.status === "committed")!;
    await expect(deleteForecastDraft(planner, published.id, await versionOf(planner, published.id))).rejects.toThrow("Only a draft can be deleted");
    expect(await getForecast(planner, published.id, today())).not.toBeNull();
  });

  it("over HTTP: asks to confirm (400 beside the box), deletes and says so on the list; a partner gets 404", async () => {
    const plannerCookie = await server.login("planner@northwind.test");
    const draft = (await createForecast(planner, { partnerId: ids.metro, title: "http delete", note: "", weeks: weekRange(next(), 2) })).forecast;
    const unconfirmed = await server.post(`/northwind/forecasts/${draft.id}`, plannerCookie, { intent: "delete", version: draft.version });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm");
    expect(await getForecast(planner, draft.id, today())).not.toBeNull();
    const gone = await server.post(`/northwind/forecasts/${draft.id}`, plannerCookie, { intent: "delete", version: draft.version, confirm: "yes" });
    expect(gone.status).toBe(302);
    expect(gone.headers.get("location")).toBe(`/northwind/forecasts?deleted=${draft.number}`);
    expect(await (await server.get(gone.headers.get("location")!, plannerCookie)).text()).toContain(`Draft ${draft.number} deleted.`);
    expect((await server.get(`/northwind/forecasts/${draft.id}`, plannerCookie)).status).toBe(404);
    // Metro's user, on a forecast Metro can see
    const metroCookie = await server.login("ops@metro3pd.test");
    const mine = (await all(metro))[0];
    const refused = await server.post(`/northwind/forecasts/${mine.id}`, metroCookie, { intent: "delete", version: await versionOf(metro, mine.id), confirm: "yes" });
    expect(refused.status).toBe(404);
    expect(await getForecast(metro, mine.id, today())).not.toBeNull();
  });
});

describe("a commitment uploaded as CSV", () => {
  it("takes the partner's filled-in export as its commitment; a file with problems sends nothing (400, by line)", async () => {
    const deltaCookie = await server.login("filler@delta.test");
    const f = (await all(delta)).find((x) => x.status === "published")!;
    expect(f).toBeTruthy();
    const exported = await (await server.get(`/northwind/forecasts/${f.id}/export.csv`, deltaCookie)).text();
    const parsed = parseCsv(exported);
    if (!parsed.ok) throw new Error(parsed.message);
    const filled = (commit: (r: Record<string, string>, i: number) => string) =>
      csvLine(parsed.header) + parsed.rows.map((r, i) => csvLine(parsed.header.map((h) => (h === "committed_quantity" ? commit(r.values, i) : h === "comment" && i === 0 ? "=one line short" : r.values[h])))).join("");
    const upload = (content: string, version: number) =>
      server.post(`/northwind/forecasts/${f.id}`, deltaCookie, { intent: "commit-import", version }, { multipart: true, files: { file: { name: "c.csv", type: "text/csv", content } } });
    const version = await versionOf(delta, f.id);
    // a row with a bad quantity: nothing is sent
    const bad = await upload(filled((r, i) => (i === 1 ? "12,5" : r.forecast_quantity)), version);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("The file has problems; nothing was sent.");
    expect((await getForecast(delta, f.id, today()))!.forecast.status).toBe("published");
    // every row at the forecast, the first one short by 1000
    const before = (await readMailDir(mailDir)).length;
    const ok = await upload(filled((r, i) => (i === 0 ? addDecimals(r.forecast_quantity, "-1000") : r.forecast_quantity)), version);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`Your commitment is sent from the file (${parsed.rows.length} item-week(s))`);
    const after = (await getForecast(delta, f.id, today()))!;
    expect(after.forecast.status).toBe("committed");
    expect(after.lines.every((l) => l.committedQuantity !== null)).toBe(true);
    const short = after.lines.filter((l) => Number(l.committedQuantity) < Number(l.quantity));
    expect(short).toHaveLength(1);
    expect(short[0].comment).toBe("=one line short");
    const mail = (await readMailDir(mailDir)).slice(before).filter((m) => m.subject.includes(`committed to forecast ${f.number}`));
    expect(mail.length).toBeGreaterThan(0);
    // the same file again, on the old version: someone (this user) answered since
    expect((await upload(filled((r) => r.forecast_quantity), version)).status).toBe(409);
    // a director reads forecasts but neither answers nor records answers
    const directorCookie = await server.login("director@northwind.test");
    const refused = await server.post(`/northwind/forecasts/${f.id}`, directorCookie, { intent: "commit-import", version: after.forecast.version }, { multipart: true, files: { file: { name: "c.csv", type: "text/csv", content: exported } } });
    expect(refused.status).toBe(404);
  });
});

describe("a commitment recorded by a planner for the partner", () => {
  it("records it on the partner's behalf, says so to both sides and emails the partner's users; the partner's own revision clears the mark", async () => {
    // a fresh forecast to Delta, published
    const weeks = weekRange(next(), 2);
    const draft = (await createForecast(planner, { partnerId: ids.delta, title: "by phone", note: "", weeks })).forecast;
    const grid = (await getForecast(planner, draft.id, today()))!.lines;
    const saved = await saveForecastGrid(planner, draft.id, draft.version, {
      itemIds: [...new Set(grid.map((l) => l.itemId))],
      weeks,
      cells: grid.map((l) => ({ itemId: l.itemId, week: l.week, quantity: "10" })),
      added: null,
    });
    const published = await publishForecast(planner, draft.id, saved!.version, today());
    const f = published!.forecast;
    const lines = (await getForecast(planner, f.id, today()))!.lines;
    const before = (await readMailDir(mailDir)).length;
    const recorded = await respondToForecast(planner, f.id, f.version, {
      answers: lines.map((l) => ({ lineId: l.id, committed: "7", comment: l === lines[0] ? "said on the phone" : "" })),
      responseNote: "Agreed with Dana by phone",
    });
    expect(recorded && "forecast" in recorded && recorded.forecast).toMatchObject({ status: "committed", respondedOnBehalf: true, respondedBy: planner.userId });
    const mail = (await readMailDir(mailDir)).slice(before);
    expect(mail.map((m) => m.subject)).toEqual(mail.map(() => `Northwind Foods recorded your commitment to forecast ${f.number}`));
    expect(mail.map((m) => m.to).sort()).toEqual(["filler@delta.test"]);
    expect(mail[0].body).toContain("on your behalf");
    const [audit] = await owner((db) => db.select().from(auditLog).where(and(eq(auditLog.tenantId, planner.tenantId), eq(auditLog.entityId, f.id), eq(auditLog.action, "forecast.committed"))));
    expect(audit.after).toMatchObject({ onBehalfOfPartner: true });
    expect(audit.actorUserId).toBe(planner.userId);
    // the page says so to each side
    const plannerCookie = await server.login("planner@northwind.test");
    expect(await (await server.get(`/northwind/forecasts/${f.id}`, plannerCookie)).text()).toMatch(/by Priya Planner for Delta Co-Packers/);
    const deltaCookie = await server.login("filler@delta.test");
    expect(await (await server.get(`/northwind/forecasts/${f.id}`, deltaCookie)).text()).toContain("recorded by Northwind Foods on your behalf");
    // Delta revises it itself: no longer on its behalf, and the planner is told
    const v = await versionOf(delta, f.id);
    const revised = await respondToForecast(delta, f.id, v, { answers: lines.map((l) => ({ lineId: l.id, committed: "5", comment: "" })), responseNote: "" });
    expect(revised && "forecast" in revised && revised.forecast).toMatchObject({ respondedOnBehalf: false, respondedBy: delta.userId });
    // over HTTP, a planner's recorded answer is a 200; a director's a 404
    const form = (version: number) => ({ intent: "respond", version, ...Object.fromEntries(lines.map((l) => [`c.${l.id}`, "3"])) });
    expect((await server.post(`/northwind/forecasts/${f.id}`, plannerCookie, form(await versionOf(planner, f.id)))).status).toBe(200);
    expect((await getForecast(planner, f.id, today()))!.forecast.respondedOnBehalf).toBe(true);
    const directorCookie = await server.login("director@northwind.test");
    expect((await server.post(`/northwind/forecasts/${f.id}`, directorCookie, form(await versionOf(planner, f.id)))).status).toBe(404);
  });
});

