// Stock at contract fillers against a real database: the ledger and its balances (also under
// concurrent posting and counting), blind counts, the recount / root cause / approval workflow,
// measures, and isolation between fillers.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { TenantContext } from "../../app/server/auth.server";
import type { Database } from "../../app/server/db.server";
import {
  approveCount,
  cancelCount,
  countPlan,
  decideAdjustment,
  enterRootCause,
  facilityBook,
  getCount,
  InventoryError,
  listCounts,
  postMovements,
  recordAccuracyTrend,
  saveCountDraft,
  scheduleCount,
  submitCount,
  submitRecount,
} from "../../app/server/inventory.server";
import { sendCountReminders, sendCoverAlerts } from "../../app/server/inventory-jobs.server";
import { StaleRecordError } from "../../app/server/records.server";
import { facilities, inventoryBalances, inventoryMovements, items, stockCountLines, stockCounts } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, contextFor, pgErrorOf, readMailDir, rowsOf, useTempMailDir } from "../helpers/factories";

let database: Database;
let mailDir: string;
let planner: TenantContext;
let delta: TenantContext;
let sunrise: TenantContext;
let metro: TenantContext;
const ids: Record<string, string> = {};
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  mailDir = await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  delta = await contextFor(database, "filler@delta.test", "northwind");
  sunrise = await contextFor(database, "supplier@sunrise.test", "northwind");
  metro = await contextFor(database, "ops@metro3pd.test", "northwind");
  const site = async (name: string) => (await database.db.select().from(facilities).where(and(eq(facilities.tenantId, planner.tenantId), eq(facilities.name, name))))[0].id;
  const item = async (code: string) => (await database.db.select().from(items).where(and(eq(items.tenantId, planner.tenantId), eq(items.code, code))))[0].id;
  Object.assign(ids, {
    rotterdam: await site("Delta Co-Packers — Rotterdam"),
    antwerp: await site("Delta Co-Packers — Antwerp"),
    lyon: await site("Metro Production — Lyon"),
    leeds: await site("Sunrise Packaging — Leeds plant"),
    salt: await item("RM-SALT"),
    spare: await item("SP-GASKET"),
    nozzle: await item("SP-NOZZLE"),
  });
});
afterAll(() => database.close());

async function ledgerSum(facilityId: string, itemId: string, lot: string, upTo?: number | null) {
  const [r] = await rowsOf<{ s: string }>(
    database.db,
    sql`select coalesce(sum(quantity), 0)::text as s from inventory_movements
        where tenant_id = ${planner.tenantId} and facility_id = ${facilityId} and item_id = ${itemId} and lot = ${lot}
        ${upTo === undefined ? sql`` : upTo === null ? sql`and false` : sql`and id <= ${upTo}`}`,
  );
  return Number(r.s);
}

async function balanceOf(facilityId: string, itemId: string, lot: string) {
  const [b] = await database.db
    .select()
    .from(inventoryBalances)
    .where(and(eq(inventoryBalances.tenantId, planner.tenantId), eq(inventoryBalances.facilityId, facilityId), eq(inventoryBalances.itemId, itemId), eq(inventoryBalances.lot, lot)));
  return b ? Number(b.quantity) : 0;
}

const move = (itemId: string, kind: "opening_balance" | "receipt" | "consumption", quantity: string, lot = "T1", facilityId = ids.rotterdam) => ({
  facilityId,
  itemId,
  lot,
  kind,
  quantity,
  movedOn: today(),
  reference: "test",
});

describe("the demo", () => {
  it("holds three months of Delta's movements for a few dozen items, each balance the sum of its ledger", async () => {
    const book = await facilityBook(planner, ids.rotterdam);
    expect(book.rows.length).toBeGreaterThanOrEqual(20);
    const wrong = await rowsOf<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from inventory_balances b where b.tenant_id = ${planner.tenantId} and b.quantity <>
            (select sum(m.quantity) from inventory_movements m where m.tenant_id = b.tenant_id and m.facility_id = b.facility_id and m.item_id = b.item_id and m.lot = b.lot)`,
    );
    expect(wrong[0].n).toBe(0);
    const span = await rowsOf<{ days: number }>(database.db, sql`select (max(moved_on) - min(moved_on))::int as days from inventory_movements where tenant_id = ${planner.tenantId}`);
    expect(span[0].days).toBeGreaterThanOrEqual(80);
    expect(book.rows.some((r) => r.daysOfCover !== null && r.daysOfCover < book.thresholdDays)).toBe(true);
  });

  it("pages the book by item code and lot, while the risk list covers the whole facility", async () => {
    const all = await facilityBook(planner, ids.rotterdam, { limit: 1000 });
    const first = await facilityBook(planner, ids.rotterdam, { limit: 5 });
    expect(first.rows).toHaveLength(5);
    const second = await facilityBook(planner, ids.rotterdam, { limit: 5, after: first.nextCursor });
    expect([...first.rows, ...second.rows].map((r) => `${r.code}|${r.lot}`)).toEqual(all.rows.slice(0, 10).map((r) => `${r.code}|${r.lot}`));
    const risky = all.rows.filter((r) => r.daysOfCover !== null && r.daysOfCover < all.thresholdDays).map((r) => r.code).sort();
    expect(risky.length).toBeGreaterThan(0);
    expect(first.risks.map((r) => r.code).sort()).toEqual(risky);
    // the filler reads its own book; Sunrise reads nothing there
    expect((await facilityBook(delta, ids.rotterdam, { limit: 1000 })).rows).toHaveLength(all.rows.length);
    expect((await facilityBook(sunrise, ids.rotterdam)).rows).toHaveLength(0);
  });

  it("has a count due, one waiting for a root cause, and one completed with an approved adjustment", async () => {
    const counts = await database.db.select().from(stockCounts).where(eq(stockCounts.tenantId, planner.tenantId));
    expect(counts.map((c) => c.status).sort()).toEqual(["awaiting_root_cause", "completed", "scheduled"]);
    const done = counts.find((c) => c.status === "completed")!;
    const adjustments = await database.db.select().from(inventoryMovements).where(and(eq(inventoryMovements.tenantId, planner.tenantId), eq(inventoryMovements.countId, done.id)));
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0].kind).toBe("approved_adjustment");
    expect(Number(adjustments[0].quantity)).toBeLessThan(0);
  });
});

describe("the ledger", () => {
  it("is append-only for the application role, and only planners post", async () => {
    const settings = { "app.tenant_id": planner.tenantId, "app.partner_id": "" };
    const edit = asAppRole(database, settings, (tx) => tx.update(inventoryMovements).set({ quantity: "1" }).where(eq(inventoryMovements.tenantId, planner.tenantId)));
    expect(pgErrorOf(await edit.then(() => null, (e) => e)).code).toBe("42501");
    const remove = asAppRole(database, settings, (tx) => tx.delete(inventoryMovements).where(eq(inventoryMovements.tenantId, planner.tenantId)));
    expect(pgErrorOf(await remove.then(() => null, (e) => e)).code).toBe("42501");
    await expect(postMovements(delta, [move(ids.salt, "receipt", "5")])).rejects.toBeInstanceOf(InventoryError);
    const forged = asAppRole(database, { "app.tenant_id": planner.tenantId, "app.partner_id": delta.partnerId! }, (tx) =>
      tx.insert(inventoryMovements).values({ tenantId: planner.tenantId, partnerId: delta.partnerId!, facilityId: ids.rotterdam, itemId: ids.salt, kind: "receipt", quantity: "999", movedOn: today() }),
    );
    await expect(forged).rejects.toThrow();
  });

  it("refuses a facility that is not a filler's, an adjustment by hand, and a bad quantity", async () => {
    await expect(postMovements(planner, [move(ids.salt, "receipt", "5", "T1", ids.leeds)])).rejects.toMatchObject({ field: "facilityId" });
    await expect(postMovements(planner, [move(ids.salt, "receipt", "5", "T1", randomUUID())])).rejects.toMatchObject({ field: "facilityId" });
    await expect(postMovements(planner, [{ ...move(ids.salt, "receipt", "5"), kind: "approved_adjustment" }])).rejects.toMatchObject({ field: "kind" });
    await expect(postMovements(planner, [move(ids.salt, "receipt", "0")])).rejects.toMatchObject({ field: "quantity" });
  });

  it("never double-counts or loses a movement when posting and counting at the same time", async () => {
    await postMovements(planner, [move(ids.spare, "opening_balance", "1000", "C1"), move(ids.nozzle, "opening_balance", "500", "C1")]);
    const count = await scheduleCount(planner, { facilityId: ids.rotterdam, scope: "cycle", abcClass: "C", dueOn: today(), notes: "" });
    const c = (await getCount(delta, count.id))!;
    const entries = c.lines.map((l) => ({ itemId: l.itemId, lot: l.lot, counted: "0" }));
    // twenty postings race the submission
    const posts = Array.from({ length: 20 }, (_, i) => postMovements(planner, [move(i % 2 ? ids.spare : ids.nozzle, i % 3 ? "consumption" : "receipt", "7", "C1")]));
    const [submitted] = await Promise.all([submitCount(delta, count.id, c.count.version, entries), ...posts]);
    expect(submitted.status).not.toBe("in_progress");
    for (const itemId of [ids.spare, ids.nozzle]) {
      // the balance is exactly the ledger
      expect(await balanceOf(ids.rotterdam, itemId, "C1")).toBe(await ledgerSum(ids.rotterdam, itemId, "C1"));
      // the snapshot is exactly the movements up to the one it names: none counted twice, none lost
      const [line] = await database.db.select().from(stockCountLines).where(and(eq(stockCountLines.countId, count.id), eq(stockCountLines.itemId, itemId), eq(stockCountLines.lot, "C1")));
      expect(Number(line.bookSnapshot)).toBe(await ledgerSum(ids.rotterdam, itemId, "C1", line.bookSnapshotMovementId));
    }
  });
});

describe("a count", () => {
  // counted at Metro's Lyon site by Metro (a 3PD holding stock), away from the demo's open counts at Delta
  async function newCount(qtySalt: string, lot = "W1") {
    await postMovements(planner, [move(ids.salt, "opening_balance", qtySalt, lot, ids.lyon)]);
    return scheduleCount(planner, { facilityId: ids.lyon, scope: "full", abcClass: null, dueOn: today(), notes: "" });
  }

  it("is blind until submitted, then one recount, a root cause, the planner's approval and the adjusted book", async () => {
    const count = await newCount("100");
    const blind = (await getCount(metro, count.id))!;
    expect(blind.lines.every((l) => l.bookSnapshot === null)).toBe(true);
    const salt = blind.lines.find((l) => l.itemId === ids.salt && l.lot === "W1")!;
    const others = blind.lines.filter((l) => l.id !== salt.id);
    const book = async (l: { itemId: string; lot: string }) => String(await balanceOf(ids.lyon, l.itemId, l.lot));
    // a draft saved as they go
    const draft = await saveCountDraft(metro, count.id, blind.count.version, [{ itemId: ids.salt, lot: "W1", counted: "80" }]);
    expect(draft.status).toBe("in_progress");
    await expect(saveCountDraft(metro, count.id, blind.count.version, [])).rejects.toBeInstanceOf(StaleRecordError);
    const entries = await Promise.all(others.map(async (l) => ({ itemId: l.itemId, lot: l.lot, counted: await book(l) })));
    const submitted = await submitCount(metro, count.id, draft.version, entries);
    expect(submitted.status).toBe("recount_requested");
    let c = (await getCount(metro, count.id))!;
    expect(c.lines.filter((l) => l.status === "recount_requested").map((l) => l.id)).toEqual([salt.id]);
    // blind until the recount is in: the counter sees nothing of the book for that line, the planner does
    expect(c.lines.find((l) => l.id === salt.id)).toMatchObject({ bookSnapshot: null, varianceUnits: null });
    expect((await getCount(planner, count.id))!.lines.find((l) => l.id === salt.id)).toMatchObject({ bookSnapshot: "100.000", varianceUnits: "-20.000", withinTolerance: false });
    // the recount is still short
    const recounted = await submitRecount(metro, count.id, c.count.version, [{ lineId: salt.id, recounted: "85" }]);
    expect(recounted.status).toBe("awaiting_root_cause");
    c = (await getCount(metro, count.id))!;
    const reason = c.reasons.find((r) => r.code === "DAMAGE")!;
    await expect(enterRootCause(metro, count.id, c.count.version, { lineId: salt.id, reasonId: reason.id, comment: "wet" })).rejects.toMatchObject({ field: `comment.${salt.id}` });
    const explained = await enterRootCause(metro, count.id, c.count.version, { lineId: salt.id, reasonId: reason.id, comment: "Bags split by a forklift, scrapped." });
    expect(explained.status).toBe("awaiting_approval");
    // only planners decide; a rejection needs a comment
    await expect(decideAdjustment(metro, count.id, explained.version, { lineId: salt.id, approve: true, comment: "" })).rejects.toBeInstanceOf(InventoryError);
    await expect(decideAdjustment(planner, count.id, explained.version, { lineId: salt.id, approve: false, comment: " " })).rejects.toMatchObject({ field: `decision.${salt.id}` });
    // stock moves after the recount's snapshot: the adjustment corrects the count, the new movement stays
    await postMovements(planner, [move(ids.salt, "receipt", "10", "W1", ids.lyon)]);
    const approved = await decideAdjustment(planner, count.id, explained.version, { lineId: salt.id, approve: true, comment: "" });
    expect(approved.status).toBe("completed");
    expect(await balanceOf(ids.lyon, ids.salt, "W1")).toBe(85 + 10);
    expect(await balanceOf(ids.lyon, ids.salt, "W1")).toBe(await ledgerSum(ids.lyon, ids.salt, "W1"));
  });

  it("accepts lines within tolerance and has the planner post their small variances", async () => {
    const count = await newCount("1000", "W2");
    const c = (await getCount(metro, count.id))!;
    // RM-SALT is a C item (5%): 960 is within tolerance
    const entries = await Promise.all(c.lines.map(async (l) => ({ itemId: l.itemId, lot: l.lot, counted: l.itemId === ids.salt && l.lot === "W2" ? "960" : String(await balanceOf(ids.lyon, l.itemId, l.lot)) })));
    const submitted = await submitCount(metro, count.id, c.count.version, entries);
    expect(submitted.status).toBe("awaiting_approval");
    const line = (await getCount(planner, count.id))!.lines.find((l) => l.itemId === ids.salt && l.lot === "W2")!;
    expect(line).toMatchObject({ status: "accepted", withinTolerance: true, varianceUnits: "-40.000" });
    const before = await balanceOf(ids.lyon, ids.salt, "W2");
    const done = await approveCount(planner, count.id, submitted.version);
    expect(done.status).toBe("completed");
    expect(await balanceOf(ids.lyon, ids.salt, "W2")).toBe(before - 40);
  });

  it("refuses an incomplete submission and actions out of turn", async () => {
    const count = await newCount("50", "W3");
    const c = (await getCount(metro, count.id))!;
    await expect(submitCount(metro, count.id, c.count.version, [])).rejects.toMatchObject({ status: 400 });
    await expect(submitRecount(metro, count.id, c.count.version, [])).rejects.toMatchObject({ status: 409 });
    // a count not yet submitted can be cancelled by a planner, the filler cannot
    await expect(cancelCount(metro, count.id, c.count.version)).rejects.toBeInstanceOf(InventoryError);
    expect((await cancelCount(planner, count.id, c.count.version)).status).toBe("cancelled");
  });

  it("refuses a second open count of the same stock, lets the counter remove only lines it added, and keeps the counter from approving", async () => {
    // the demo's cycle count of the A items at Rotterdam is still open
    await expect(scheduleCount(planner, { facilityId: ids.rotterdam, scope: "full", abcClass: null, dueOn: today(), notes: "" })).rejects.toMatchObject({ status: 409, field: "facilityId" });
    const [demoA] = await database.db.select().from(stockCounts).where(and(eq(stockCounts.tenantId, planner.tenantId), eq(stockCounts.notes, "Monthly A count")));
    const c = (await getCount(delta, demoA.id))!;
    const onList = c.lines[0];
    // a lot typed in another case is the lot on the list; an unlisted item becomes an added line
    const saved = await saveCountDraft(delta, demoA.id, c.count.version, [
      { itemId: onList.itemId, lot: onList.lot.toLowerCase(), counted: "5" },
      { itemId: ids.nozzle, lot: "FOUND-1", counted: "3" },
    ]);
    let after = (await getCount(delta, demoA.id))!;
    expect(after.lines).toHaveLength(c.lines.length + 1);
    expect(after.lines.find((l) => l.id === onList.id)!.counted).toBe("5.000");
    const added = after.lines.find((l) => l.lot === "FOUND-1")!;
    const again = await saveCountDraft(delta, demoA.id, saved.version, [], [onList.id, added.id]);
    after = (await getCount(delta, demoA.id))!;
    expect(after.lines.map((l) => l.id)).toContain(onList.id);
    expect(after.lines.map((l) => l.id)).not.toContain(added.id);
    // while it is open, the filler's own book hides the quantities on it
    const book = await facilityBook(delta, ids.rotterdam, { limit: 1000 });
    expect(book.rows.find((r) => r.itemId === onList.itemId && r.lot === onList.lot)!.quantity).toBeNull();
    expect((await facilityBook(planner, ids.rotterdam, { limit: 1000 })).rows.find((r) => r.itemId === onList.itemId && r.lot === onList.lot)!.quantity).not.toBeNull();
    void again;
  });

  it("does not let the planner who submitted a count approve it", async () => {
    const count = await newCount("300", "SOD");
    const c = (await getCount(planner, count.id))!;
    const entries = await Promise.all(c.lines.map(async (l) => ({ itemId: l.itemId, lot: l.lot, counted: l.lot === "SOD" ? "295" : String(await balanceOf(ids.lyon, l.itemId, l.lot)) })));
    const submitted = await submitCount(planner, count.id, c.count.version, entries);
    expect(submitted.status).toBe("awaiting_approval");
    await expect(approveCount(planner, count.id, submitted.version)).rejects.toMatchObject({ status: 409 });
  });
});

describe("isolation and measures", () => {
  it("shows Delta's counts to Delta and planners only", async () => {
    const all = await listCounts(planner, {}, null);
    const deltaCounts = await listCounts(delta, {}, null);
    expect(deltaCounts.items.length).toBe(all.items.filter((c) => c.partnerId === delta.partnerId).length);
    expect(deltaCounts.items.every((c) => c.partnerId === delta.partnerId)).toBe(true);
    expect((await listCounts(sunrise, {}, null)).items).toHaveLength(0);
    expect(await getCount(sunrise, all.items[0].id)).toBeNull();
    const sees = await asAppRole(database, { "app.tenant_id": planner.tenantId, "app.partner_id": sunrise.partnerId! }, (tx) => tx.select().from(stockCountLines));
    expect(sees).toHaveLength(0);
    const balances = await asAppRole(database, { "app.tenant_id": planner.tenantId, "app.partner_id": sunrise.partnerId! }, (tx) => tx.select().from(inventoryBalances));
    expect(balances).toHaveLength(0);
  });

  it("record accuracy is lines within tolerance on the first count ÷ lines counted, per facility, month and class", async () => {
    const trend = await recordAccuracyTrend(planner);
    const raw = await rowsOf<{ n: number; within: number }>(
      database.db,
      sql`select count(*)::int as n, (count(*) filter (where first_within_tolerance))::int as within from stock_count_lines where tenant_id = ${planner.tenantId} and first_within_tolerance is not null`,
    );
    expect(trend.reduce((s, r) => s + r.counted, 0)).toBe(raw[0].n);
    expect(trend.reduce((s, r) => s + r.within, 0)).toBe(raw[0].within);
    for (const r of trend) expect(r.accuracy).toBeCloseTo(r.within / r.counted, 10);
  });

  it("plans cycle counts from the last completed one per ABC class", async () => {
    const plan = await countPlan(planner, "2026-11-25");
    const rotterdam = plan.find((p) => p.id === ids.rotterdam)!;
    expect(rotterdam.due.map((d) => d.abcClass)).toEqual(["A", "B", "C"]);
    const b = rotterdam.due.find((d) => d.abcClass === "B")!;
    expect(b.lastOn).not.toBeNull();
    expect(plan.every((p) => p.partnerName !== "Sunrise Packaging")).toBe(true);
    expect((await countPlan(delta, "2026-11-25")).every((p) => p.partnerId === delta.partnerId)).toBe(true);
  });
});

describe("scheduled mail", () => {
  it("reminds the filler once about a count due within the reminder days", async () => {
    const count = await scheduleCount(planner, { facilityId: ids.rotterdam, scope: "cycle", abcClass: "B", dueOn: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10), notes: "" });
    const before = (await readMailDir(mailDir)).length;
    const sent = await sendCountReminders();
    const mail = (await readMailDir(mailDir)).slice(before);
    expect(sent).toBe(mail.length);
    const toDelta = mail.filter((m) => m.subject.includes(count.number));
    expect(toDelta.map((m) => m.to)).toEqual(["filler@delta.test"]);
    // the demo's count due in five days is outside the three reminder days
    const [later] = await database.db.select().from(stockCounts).where(and(eq(stockCounts.tenantId, planner.tenantId), eq(stockCounts.notes, "Monthly A count")));
    expect(mail.some((m) => m.subject.includes(later.number))).toBe(false);
    expect(await sendCountReminders()).toBe(0);
  });

  it("mails planners the items under the days-of-cover threshold, once a day", async () => {
    const before = (await readMailDir(mailDir)).length;
    expect(await sendCoverAlerts()).toBeGreaterThan(0);
    const mail = (await readMailDir(mailDir)).slice(before).filter((m) => m.subject.startsWith("Out-of-stock risk"));
    expect(mail.map((m) => m.to)).toContain("planner@northwind.test");
    const book = await facilityBook(planner, ids.rotterdam);
    const risky = book.rows.filter((r) => r.daysOfCover !== null && r.daysOfCover < book.thresholdDays);
    for (const r of risky) expect(mail.find((m) => m.to === "planner@northwind.test")!.body).toContain(r.code);
    expect(await sendCoverAlerts()).toBe(0);
  });
});
