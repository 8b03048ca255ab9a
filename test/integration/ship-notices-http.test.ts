// Ship notices over HTTP, replaying the adversarial probe (issue 13): a line's quantity field sent
// three times passed the left-to-ship check once per copy (300 units against a 100-unit line); a
// key that is not a line id answered 500; a pickup window of 25:99–26:00, a ready date of
// 0001-01-01 and a tracking number with CR/LF were kept. Each is now a 400 with the message beside
// the field, nothing saved; the database holds one row per notice and order line; and two notices
// racing for one line never ship more than is left between them.
import { and, count, eq, sql } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";
import { createPurchaseOrder, getPurchaseOrder, respondToPurchaseOrder } from "../../app/server/purchase-orders.server";
import { createShipNotice } from "../../app/server/ship-notices.server";
import { facilities, items, partners, poLines, shipNoticeLines, shipNotices } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { contextFor, pgFailure, poInput, useTempMailDir } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
let planner: TenantContext;
let sunrise: TenantContext;
let cookie: string;
const ids: Record<string, string> = {};
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  sunrise = await contextFor(database, "supplier@sunrise.test", "northwind");
  cookie = await server.login("supplier@sunrise.test");
  const db = database.db;
  const one = async <T>(q: Promise<T[]>) => (await q)[0];
  const t = planner.tenantId;
  Object.assign(ids, {
    sunrise: (await one(db.select().from(partners).where(and(eq(partners.tenantId, t), eq(partners.name, "Sunrise Packaging"))))).id,
    fastFreight: (await one(db.select().from(partners).where(and(eq(partners.tenantId, t), eq(partners.name, "FastFreight"))))).id,
    rotterdam: (await one(db.select().from(facilities).where(and(eq(facilities.tenantId, t), eq(facilities.name, "Delta Co-Packers — Rotterdam"))))).id,
    bottle: (await one(db.select().from(items).where(and(eq(items.tenantId, t), eq(items.code, "PKG-BTL-500"))))).id,
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** A confirmed order to Sunrise with one line of `quantity` bottles; returns the line's id. */
async function confirmedLine(number: string, quantity = "100") {
  const po = await createPurchaseOrder(
    planner,
    poInput({ number, partnerId: ids.sunrise, shipToFacilityId: ids.rotterdam, lines: [{ itemId: ids.bottle, quantity, unitPrice: "0.0850", requestedDate: day(20) }] }),
    { issue: true },
  );
  const found = (await getPurchaseOrder(sunrise, po.id))!;
  const [line] = found.lines.map((l) => l.line);
  await respondToPurchaseOrder(sunrise, po.id, found.po.version, { [line.id]: { kind: "accept" } }, day(0));
  return line.id;
}

const header = () => ({ carrierPartnerId: ids.fastFreight, trackingNumber: "FF-PROBE-1", readyDate: day(1), windowFrom: "08:00", windowTo: "16:00", packages: "1", grossWeightKg: "10" });

/** POST the form as a browser would, with fields in order and repeated names kept. */
function postForm(fields: [string, string][]) {
  return fetch(`${server.baseUrl}/northwind/shipments/new`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

async function shipped(lineId: string) {
  const [row] = await database.db.select({ shipped: poLines.quantityShipped }).from(poLines).where(eq(poLines.id, lineId));
  return row.shipped;
}

async function noticeCount() {
  const [{ n }] = await database.db.select({ n: count() }).from(shipNotices).where(eq(shipNotices.tenantId, planner.tenantId));
  return n;
}

/** The error shown beside a field (the page's markup: `<div class="error" role="alert" id="NAME-error">`). */
function besideField(html: string, name: string): string | null {
  const m = new RegExp(`id="${name.replace(/\./g, "\\.")}-error">([^<]*)<`).exec(html);
  return m ? m[1].replace(/&#x27;/g, "'") : null;
}

describe("one quantity per line", () => {
  it("refuses qty.<line> sent three times against a 100-unit line (the probe shipped 300), and saves nothing", async () => {
    const lineId = await confirmedLine("SN-PROBE-1");
    const before = await noticeCount();
    const res = await postForm([...Object.entries(header()), [`qty.${lineId}`, "100"], [`qty.${lineId}`, "100"], [`qty.${lineId}`, "100"]]);
    expect(res.status).toBe(400);
    expect(besideField(await res.text(), `qty.${lineId}`)).toBe("This line's quantity was sent more than once. Reload the page and enter it once.");
    expect(await noticeCount()).toBe(before);
    expect(await shipped(lineId)).toBe("0.000");
    // sent once, the same 100 ship
    const ok = await postForm([...Object.entries(header()), [`qty.${lineId}`, "100"]]);
    expect(ok.status).toBe(302);
    expect(await shipped(lineId)).toBe("100.000");
    const [notice] = await database.db.select().from(shipNoticeLines).where(eq(shipNoticeLines.poLineId, lineId));
    expect(notice.quantity).toBe("100.000");
  });

  it("refuses a repeat whatever its case, or with an empty copy", async () => {
    const lineId = await confirmedLine("SN-PROBE-2");
    const upper = await postForm([...Object.entries(header()), [`qty.${lineId}`, "60"], [`qty.${lineId.toUpperCase()}`, "40"]]);
    expect(upper.status).toBe(400);
    const blank = await postForm([...Object.entries(header()), [`qty.${lineId}`, ""], [`qty.${lineId}`, "60"]]);
    expect(blank.status).toBe(400);
    expect(await shipped(lineId)).toBe("0.000");
  });

  it("answers a key that is not a line id with a 400 and a message, not a 500", async () => {
    const lineId = await confirmedLine("SN-PROBE-3");
    for (const key of ["qty.not-a-uuid", "qty.", "qty.1; drop table po_lines", `qty.${lineId}x`]) {
      const res = await postForm([...Object.entries(header()), [`qty.${lineId}`, "10"], [key, "5"]]);
      expect(res.status, key).toBe(400);
      expect(besideField(await res.text(), "lines"), key).toBe("The form names a line that is not one of your order lines. Reload the page and enter the quantities again.");
    }
    expect(await shipped(lineId)).toBe("0.000");
  });

  it("refuses a duplicate line in the server function too, whoever calls it", async () => {
    const lineId = await confirmedLine("SN-PROBE-4");
    const input = { carrierPartnerId: ids.fastFreight, trackingNumber: "FF-1", readyDate: day(1), pickupWindow: "08:00–16:00", packages: 1, grossWeightKg: "1" };
    await expect(
      createShipNotice(sunrise, { ...input, lines: [{ lineId, quantity: "100" }, { lineId: lineId.toUpperCase(), quantity: "100" }] }),
    ).rejects.toMatchObject({ message: "Each order line can appear once on a ship notice.", field: `qty.${lineId}` });
    await expect(createShipNotice(sunrise, { ...input, lines: [{ lineId: "nope", quantity: "1" }] })).rejects.toMatchObject({ field: "lines" });
    expect(await shipped(lineId)).toBe("0.000");
  });

  it("holds one row per notice and order line in the database (unique index from migration 0027)", async () => {
    const lineId = await confirmedLine("SN-PROBE-5");
    const notice = await createShipNotice(sunrise, {
      carrierPartnerId: ids.fastFreight,
      trackingNumber: "FF-2",
      readyDate: day(1),
      pickupWindow: "08:00–16:00",
      packages: 1,
      grossWeightKg: "1",
      lines: [{ lineId, quantity: "40" }],
    });
    const [row] = await database.db.select().from(shipNoticeLines).where(eq(shipNoticeLines.shipNoticeId, notice.id));
    const { id: _id, ...copy } = row;
    const failure = await pgFailure(database.db.insert(shipNoticeLines).values({ ...copy, quantity: "40" }));
    expect(failure.code).toBe("23505");
    expect(failure.message).toMatch(/ship_notice_lines_tenant_notice_line_key/);
  });

  it("never ships more than is left when two notices race for one line", async () => {
    const lineId = await confirmedLine("SN-RACE-1");
    const notice = (tracking: string) =>
      createShipNotice(sunrise, { carrierPartnerId: ids.fastFreight, trackingNumber: tracking, readyDate: day(1), pickupWindow: "08:00–16:00", packages: 1, grossWeightKg: "1", lines: [{ lineId, quantity: "60" }] });
    const results = await Promise.allSettled([notice("RACE-A"), notice("RACE-B"), notice("RACE-C")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) expect(String(r.reason.message)).toMatch(/at most 40 left to ship/);
    expect(await shipped(lineId)).toBe("60.000");
    const [{ total }] = await database.db
      .select({ total: sql<string>`sum(${shipNoticeLines.quantity})::text` })
      .from(shipNoticeLines)
      .where(eq(shipNoticeLines.poLineId, lineId));
    expect(total).toBe("60.000");
  });
});

describe("the notice's values", () => {
  it("refuses the probe's pickup window 25:99–26:00 beside both times, and saves nothing", async () => {
    const lineId = await confirmedLine("SN-WINDOW-1");
    const before = await noticeCount();
    const res = await postForm([...Object.entries({ ...header(), windowFrom: "25:99", windowTo: "26:00" }), [`qty.${lineId}`, "10"]]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(besideField(html, "windowFrom")).toBe("Enter a time from 00:00 to 23:59, like 08:00.");
    expect(besideField(html, "windowTo")).toBe("Enter a time from 00:00 to 23:59, like 16:00.");
    const backwards = await postForm([...Object.entries({ ...header(), windowFrom: "16:00", windowTo: "08:00" }), [`qty.${lineId}`, "10"]]);
    expect(backwards.status).toBe(400);
    expect(besideField(await backwards.text(), "windowTo")).toBe("The window must end after it starts.");
    expect(await noticeCount()).toBe(before);
  });

  it("refuses a ready date of 0001-01-01 or 9999-12-31", async () => {
    const lineId = await confirmedLine("SN-DATE-1");
    for (const readyDate of ["0001-01-01", "9999-12-31"]) {
      const res = await postForm([...Object.entries({ ...header(), readyDate }), [`qty.${lineId}`, "10"]]);
      expect(res.status, readyDate).toBe(400);
      expect(besideField(await res.text(), "readyDate")).toBe("Enter a date from 2000-01-01 to 2100-12-31.");
    }
    expect(await shipped(lineId)).toBe("0.000");
  });

  it("refuses a tracking number with CR/LF or another control character", async () => {
    const lineId = await confirmedLine("SN-TRACK-1");
    for (const trackingNumber of ["FF-1\r\nFF-2", "FF\t1", "FF-1\u2028FF-2"]) {
      const res = await postForm([...Object.entries({ ...header(), trackingNumber }), [`qty.${lineId}`, "10"]]);
      expect(res.status, JSON.stringify(trackingNumber)).toBe(400);
      expect(besideField(await res.text(), "trackingNumber")).toBe("The tracking number must be on one line: no line breaks, tabs or other control characters.");
    }
    expect(await shipped(lineId)).toBe("0.000");
  });

  it("keeps the database to the same rules (CHECK constraints from migration 0027)", async () => {
    const [existing] = await database.db.select().from(shipNotices).where(eq(shipNotices.tenantId, planner.tenantId)).limit(1);
    const { id: _id, number: _n, ...copy } = existing;
    for (const [values, constraint] of [
      [{ pickupWindow: "25:99–26:00" }, "ship_notices_pickup_window_valid"],
      [{ pickupWindow: "16:00–08:00" }, "ship_notices_pickup_window_valid"],
      [{ readyDate: "0001-01-01" }, "ship_notices_ready_date_in_range"],
      [{ trackingNumber: "A\r\nB" }, "ship_notices_tracking_number_one_line"],
    ] as const) {
      const failure = await pgFailure(database.db.insert(shipNotices).values({ ...copy, number: `ASN-X-${constraint}`, ...values }));
      expect(failure.code, constraint).toBe("23514");
      expect(failure.message).toContain(constraint);
    }
  });
});
