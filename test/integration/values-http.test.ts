// Values inside their domain, over HTTP, replaying the adversarial probe (issue 13): a requested date
// of 0001-01-01, a movement dated 9999-12-31, a consumption of 99,999,999,999 driving the book below
// zero, partner codes differing only in case (dcp beside DCP, after which a PO CSV import failed),
// and lot numbers with CR/LF. Each is refused with a 4xx and the message beside its field (or its
// line of the file), and nothing is saved. The database refuses the same values (migration 0027).
import { and, count, eq, sql } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import {
  facilities,
  forecasts,
  inspections,
  inventoryBalances,
  inventoryMovements,
  items,
  partners,
  poLines,
  purchaseOrders,
  stockCountLines,
  stockCounts,
  tenants,
} from "../../drizzle/schema";
import { createPurchaseOrder, getPurchaseOrder } from "../../app/server/purchase-orders.server";
import { setupTestDatabase } from "../helpers/db";
import { contextFor, pgFailure, poInput, useTempMailDir } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
let tenantId: string;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const today = day(0);
const ROTTERDAM = "Delta Co-Packers — Rotterdam";
const ONE_LINE = "A lot number must be on one line: no line breaks, tabs or other control characters.";
const RANGE = "Enter a date from 2000-01-01 to 2100-12-31.";

beforeAll(async () => {
  await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({
    admin: "admin@northwind.test",
    planner: "planner@northwind.test",
    delta: "filler@delta.test",
    sunrise: "supplier@sunrise.test",
  }))
    cookies[k] = await server.login(email);
  [{ id: tenantId }] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "northwind"));
  const db = database.db;
  const site = async (name: string) => (await db.select().from(facilities).where(and(eq(facilities.tenantId, tenantId), eq(facilities.name, name))))[0].id;
  const item = async (code: string) => (await db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.code, code))))[0].id;
  const partner = async (name: string) => (await db.select().from(partners).where(and(eq(partners.tenantId, tenantId), eq(partners.name, name))))[0].id;
  Object.assign(ids, {
    rotterdam: await site(ROTTERDAM),
    gasket: await item("SP-GASKET"),
    bottle: await item("PKG-BTL-500"),
    label: await item("PKG-LBL-AJ"),
    sunrise: await partner("Sunrise Packaging"),
    delta: await partner("Delta Co-Packers"),
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

const count1 = async (table: typeof purchaseOrders | typeof inventoryMovements | typeof partners | typeof inspections | typeof stockCounts | typeof forecasts) =>
  (await database.db.select({ n: count() }).from(table).where(eq(table.tenantId, tenantId)))[0].n;

/** The message in the element a conform field points at (aria-describedby), or the plain FieldMessage/Err element. */
function besideField(html: string, name: string): string | null {
  const input = new RegExp(`<(?:input|select|textarea)[^>]*name="${name.replace(/[.[\]]/g, "\\$&")}"[^>]*>`).exec(html)?.[0] ?? "";
  const described = /aria-describedby="([^" ]+)/.exec(input)?.[1] ?? `${name}-error`;
  const m = new RegExp(`id="${described.replace(/[.[\]]/g, "\\$&")}"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1].replace(/&#x27;/g, "'") : null;
}

const csvFile = (name: string, content: string) => ({ multipart: true, files: { file: { name, type: "text/csv", content } } });

describe("business dates", () => {
  it("refuses a PO line requested for 0001-01-01 on the new-order form, and saves no order", async () => {
    const before = await count1(purchaseOrders);
    const fields = {
      partnerId: ids.sunrise,
      shipToFacilityId: ids.rotterdam,
      currency: "EUR",
      incoterms: "DAP",
      orderType: "standard",
      priority: "3",
      intent: "draft",
      "lines[0].itemId": ids.bottle,
      "lines[0].quantity": "100",
      "lines[0].unitPrice": "0.5",
    };
    for (const requestedDate of ["0001-01-01", "9999-12-31"]) {
      const res = await server.post("/northwind/orders/new", cookies.planner, { ...fields, "lines[0].requestedDate": requestedDate });
      expect(res.status, requestedDate).toBe(400);
      expect(await res.text()).toContain(RANGE);
    }
    expect(await count1(purchaseOrders)).toBe(before);
  });

  it("refuses requested_date 0001-01-01 in a PO CSV import, naming the line", async () => {
    const before = await count1(purchaseOrders);
    const csv = [
      "po_number,revision,partner_code,ship_to,currency,incoterms,payment_terms,order_type,priority,line_no,item_code,quantity,unit_price,requested_date,notes",
      `VAL-1,1,SUN,${ROTTERDAM},EUR,DAP,,standard,3,1,PKG-BTL-500,10,1,${day(30)},`,
      `VAL-1,1,SUN,${ROTTERDAM},EUR,DAP,,standard,3,2,PKG-CAP-28,10,1,0001-01-01,`,
    ].join("\n");
    const res = await server.post(`/northwind/orders/import?_data=${encodeURIComponent("routes/$tenant.orders.import")}`, cookies.planner, {}, csvFile("orders.csv", csv));
    expect(res.status).toBe(400);
    expect((await res.json()).problems).toEqual([{ line: 3, message: `requested_date: ${RANGE}` }]);
    expect(await count1(purchaseOrders)).toBe(before);
  });

  it("refuses a committed date of 9999-12-31 in the partner's answer, and keeps the order as it was", async () => {
    const planner = await contextFor(database, "planner@northwind.test", "northwind");
    const po = await createPurchaseOrder(
      planner,
      poInput({ number: "VAL-ANSWER-1", partnerId: ids.sunrise, shipToFacilityId: ids.rotterdam, lines: [{ itemId: ids.bottle, quantity: "100", unitPrice: "0.5", requestedDate: day(20) }] }),
      { issue: true },
    );
    const before = (await getPurchaseOrder(planner, po.id))!;
    const line = before.lines[0].line;
    const res = await server.post(`/northwind/orders/${po.id}`, cookies.sunrise, {
      intent: "respond",
      version: before.po.version,
      [`answer.${line.id}`]: "change",
      [`committedDate.${line.id}`]: "9999-12-31",
      [`reason.${line.id}`]: "later",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(RANGE);
    const after = (await getPurchaseOrder(planner, po.id))!;
    expect(after.po.status).toBe("issued");
    expect(after.lines[0].line.proposedDate).toBeNull();
  });

  it("refuses a count due on 0001-01-01", async () => {
    const before = await count1(stockCounts);
    const res = await server.post("/northwind/counts", cookies.planner, { facilityId: ids.rotterdam, scope: "full", abcClass: "", dueOn: "0001-01-01", notes: "" });
    expect(res.status).toBe(400);
    expect(besideField(await res.text(), "dueOn")).toBe(RANGE);
    expect(await count1(stockCounts)).toBe(before);
  });

  it("refuses a forecast horizon past the calendar (9999-W52 for 13 weeks was a 500)", async () => {
    const before = await count1(forecasts);
    const res = await server.post("/northwind/forecasts", cookies.planner, { intent: "create", partnerId: ids.delta, title: "", note: "", from: "9999-W52", weeks: "13" });
    expect(res.status).toBe(400);
    expect(besideField(await res.text(), "from")).toBe("Enter a week from 2000-W01 to 2100-W52.");
    expect(await count1(forecasts)).toBe(before);
  });

  it("keeps the database to the same dates (CHECK constraints from migration 0027)", async () => {
    const [line] = await database.db.select().from(poLines).where(eq(poLines.tenantId, tenantId)).limit(1);
    const failure = await pgFailure(database.db.update(poLines).set({ requestedDate: "0001-01-01" }).where(eq(poLines.id, line.id)));
    expect(failure.code).toBe("23514");
    expect(failure.message).toContain("po_lines_dates_in_range");
    const committed = await pgFailure(database.db.update(poLines).set({ committedDate: "2101-01-01" }).where(eq(poLines.id, line.id)));
    expect(committed.message).toContain("po_lines_dates_in_range");
    const [c] = await database.db.select().from(stockCounts).where(eq(stockCounts.tenantId, tenantId)).limit(1);
    expect((await pgFailure(database.db.update(stockCounts).set({ dueOn: "9999-12-31" }).where(eq(stockCounts.id, c.id)))).message).toContain("stock_counts_due_on_in_range");
    const week = await pgFailure(database.db.execute(sql`update forecast_lines set week = '9999-W01' where tenant_id = ${tenantId}`));
    expect(week.message).toContain("forecast_lines_week_in_range");
  });
});

describe("stock movements", () => {
  const post = (fields: Record<string, string>) =>
    server.post("/northwind/inventory/movements", cookies.planner, { facilityId: ids.rotterdam, itemId: ids.gasket, lot: "VAL-1", kind: "receipt", quantity: "1", movedOn: today, reference: "", ...fields });
  const upload = (rows: string[]) =>
    server.post("/northwind/inventory/movements", cookies.planner, {}, csvFile("movements.csv", ["facility,item_code,lot,kind,quantity,moved_on,reference", ...rows].join("\r\n")));
  const book = async (lot: string) =>
    (
      await database.db
        .select({ q: inventoryBalances.quantity })
        .from(inventoryBalances)
        .where(and(eq(inventoryBalances.tenantId, tenantId), eq(inventoryBalances.facilityId, ids.rotterdam), eq(inventoryBalances.itemId, ids.gasket), eq(inventoryBalances.lot, lot)))
    )[0]?.q ?? null;

  it("refuses a movement dated 9999-12-31 (or after tomorrow) beside the date, by form and by file", async () => {
    const before = await count1(inventoryMovements);
    const far = await post({ movedOn: "9999-12-31" });
    expect(far.status).toBe(400);
    expect(besideField(await far.text(), "movedOn")).toBe(RANGE);
    const soon = await post({ movedOn: day(3) });
    expect(soon.status).toBe(400);
    expect(besideField(await soon.text(), "movedOn")).toBe(`A movement records what happened: date it ${day(1)} or earlier.`);
    const file = await upload([`${ROTTERDAM},SP-GASKET,VAL-1,receipt,1,9999-12-31,`]);
    expect(file.status).toBe(400);
    expect(await file.text()).toContain(`<td>2</td><td>${RANGE}</td>`);
    expect(await count1(inventoryMovements)).toBe(before);
    // tomorrow is fine (a filler ahead of UTC)
    expect((await post({ movedOn: day(1), lot: "VAL-TOMORROW" })).status).toBe(200);
  });

  it("refuses a consumption of 99,999,999,999 that would take the book below zero, by form and by file", async () => {
    expect((await post({ lot: "VAL-NEG", kind: "opening_balance", quantity: "120" })).status).toBe(200);
    const before = await count1(inventoryMovements);
    const res = await post({ lot: "VAL-NEG", kind: "consumption", quantity: "99999999999" });
    expect(res.status).toBe(400);
    expect(besideField(await res.text(), "quantity")).toBe(
      "Only 120.000 on the book for this item and lot here: a consumption of 99999999999.000 would take it below zero.",
    );
    const transfer = await post({ lot: "VAL-NEG", kind: "transfer_out", quantity: "120.001" });
    expect(transfer.status).toBe(400);
    // a file is all or nothing: the good row before it is not posted either
    const file = await upload([`${ROTTERDAM},SP-GASKET,VAL-NEG,receipt,5,${today},`, `${ROTTERDAM},SP-GASKET,VAL-NEG,consumption,99999999999,${today},`]);
    expect(file.status).toBe(400);
    expect(await file.text()).toMatch(/<td>3<\/td><td>Only 125\.000 on the book/);
    expect(await count1(inventoryMovements)).toBe(before);
    expect(await book("VAL-NEG")).toBe("120.000");
    // exactly the book is fine
    expect((await post({ lot: "VAL-NEG", kind: "consumption", quantity: "120" })).status).toBe(200);
    expect(await book("VAL-NEG")).toBe("0.000");
  });

  it("refuses a receipt that would outgrow the book's numeric(14,3) with a message, not a 500", async () => {
    expect((await post({ lot: "VAL-BIG", kind: "opening_balance", quantity: "99999999999" })).status).toBe(200);
    const res = await post({ lot: "VAL-BIG", kind: "receipt", quantity: "99999999999" });
    expect(res.status).toBe(400);
    expect(besideField(await res.text(), "quantity")).toBe("The book can't hold that much: at most 99,999,999,999.999 per item and lot.");
    expect(await book("VAL-BIG")).toBe("99999999999.000");
  });

  it("refuses a lot with CR/LF beside the lot, by form and by file", async () => {
    const before = await count1(inventoryMovements);
    for (const lot of ["L1\r\nL2", "L1\nL2", "L1\tL2"]) {
      const res = await post({ lot });
      expect(res.status, JSON.stringify(lot)).toBe(400);
      expect(besideField(await res.text(), "lot")).toBe(ONE_LINE);
    }
    const file = await upload([`${ROTTERDAM},SP-GASKET,"L1\r\nL2",receipt,1,${today},`]);
    expect(file.status).toBe(400);
    expect(await file.text()).toContain(`<td>${ONE_LINE}</td>`);
    expect(await count1(inventoryMovements)).toBe(before);
  });

  it("keeps the database to the same lots and dates (CHECK constraints from migration 0027)", async () => {
    const [m] = await database.db.select().from(inventoryMovements).where(eq(inventoryMovements.tenantId, tenantId)).limit(1);
    const { id: _id, ...copy } = m;
    expect((await pgFailure(database.db.insert(inventoryMovements).values({ ...copy, lot: "A\r\nB" }))).message).toContain("inventory_movements_lot_one_line");
    expect((await pgFailure(database.db.insert(inventoryMovements).values({ ...copy, movedOn: "9999-12-31" }))).message).toContain("inventory_movements_moved_on_in_range");
    const [b] = await database.db.select().from(inventoryBalances).where(eq(inventoryBalances.tenantId, tenantId)).limit(1);
    expect((await pgFailure(database.db.insert(inventoryBalances).values({ ...b, lot: "A\nB" }))).message).toContain("inventory_balances_lot_one_line");
  });
});

describe("lots on counts and inspections", () => {
  it("refuses a lot with CR/LF that the filler adds to its count, by form and by file", async () => {
    const [c] = await database.db.select().from(stockCounts).where(and(eq(stockCounts.tenantId, tenantId), eq(stockCounts.notes, "Monthly A count")));
    const linesBefore = await database.db.select({ n: count() }).from(stockCountLines).where(eq(stockCountLines.countId, c.id));
    const res = await server.post(`/northwind/counts/${c.id}`, cookies.delta, { intent: "save", version: c.version, newItem: ids.gasket, newLot: "L1\r\nL2", newQty: "5" });
    expect(res.status).toBe(400);
    expect(besideField(await res.text(), "newLot")).toBe(ONE_LINE);
    const file = await server.post(`/northwind/counts/${c.id}`, cookies.delta, { version: c.version }, csvFile("count.csv", `item_code,lot,counted_quantity\nSP-GASKET,"L1\nL2",5\n`));
    expect(file.status).toBe(400);
    expect(await file.text()).toContain(ONE_LINE);
    const [after] = await database.db.select().from(stockCounts).where(eq(stockCounts.id, c.id));
    expect(after.version).toBe(c.version);
    expect(await database.db.select({ n: count() }).from(stockCountLines).where(eq(stockCountLines.countId, c.id))).toEqual(linesBefore);
  });

  it("refuses a production lot booked for inspection with a CR/LF lot number", async () => {
    const before = await count1(inspections);
    const res = await server.post("/northwind/inspections/new", cookies.sunrise, { source: "production_lot", partnerId: ids.sunrise, itemId: ids.label, lotSize: "5000", lotNumber: "LOT-1\r\nLOT-2" });
    expect(res.status).toBe(400);
    expect(besideField(await res.text(), "lotNumber")).toBe(ONE_LINE);
    expect(await count1(inspections)).toBe(before);
  });
});

describe("partner codes", () => {
  const NEW_DATA = `?_data=${encodeURIComponent("routes/$tenant.partners.new")}`;

  it("refuses dcp beside DCP on a new partner, beside the code, and creates nothing", async () => {
    const before = await count1(partners);
    const res = await server.post(`/northwind/partners/new${NEW_DATA}`, cookies.admin, { name: "Delta Lookalike", kind: "supplier", code: "dcp" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: ["Delta Co-Packers already has the code DCP; codes are the same whatever their case."] });
    expect(await count1(partners)).toBe(before);
  });

  it("refuses renaming another partner's code to dcp, and keeps its own code when only its case changes", async () => {
    const [sun] = await database.db.select().from(partners).where(eq(partners.id, ids.sunrise));
    const edit = (code: string, version: number) =>
      server.post(`/northwind/partners/${ids.sunrise}?_data=${encodeURIComponent("routes/$tenant.partners.$partnerId")}`, cookies.admin, {
        intent: "update",
        version,
        name: sun.name,
        kind: sun.kind,
        code,
        contactEmail: sun.contactEmail ?? "",
      });
    const res = await edit("dcp", sun.version);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: ["Delta Co-Packers already has the code DCP; codes are the same whatever their case."] });
    const [same] = await database.db.select().from(partners).where(eq(partners.id, ids.sunrise));
    expect(same.code).toBe("SUN");
    expect((await edit("sun", sun.version)).status).toBe(200);
    expect((await database.db.select().from(partners).where(eq(partners.id, ids.sunrise)))[0].code).toBe("sun");
    expect((await edit("SUN", sun.version + 1)).status).toBe(200);
  });

  it("refuses a code with a line break", async () => {
    const res = await server.post(`/northwind/partners/new${NEW_DATA}`, cookies.admin, { name: "Line Break Ltd", kind: "supplier", code: "LB\r\n1" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: ["The code must be on one line: no line breaks, tabs or other control characters."] });
  });

  it("so a PO import names its partner unambiguously by code, any case", async () => {
    const csv = [
      "po_number,revision,partner_code,ship_to,currency,incoterms,payment_terms,order_type,priority,line_no,item_code,quantity,unit_price,requested_date,notes",
      `VAL-DCP-1,1,dcp,${ROTTERDAM},EUR,DAP,,standard,3,1,PKG-BTL-500,10,1,${day(30)},`,
    ].join("\n");
    const res = await server.post(`/northwind/orders/import?_data=${encodeURIComponent("routes/$tenant.orders.import")}`, cookies.planner, {}, csvFile("orders.csv", csv));
    expect(res.status).toBe(200);
    const [po] = await database.db.select().from(purchaseOrders).where(and(eq(purchaseOrders.tenantId, tenantId), eq(purchaseOrders.number, "VAL-DCP-1")));
    expect(po.partnerId).toBe(ids.delta);
  });

  it("holds codes unique ignoring case in the database (unique index from migration 0027)", async () => {
    const failure = await pgFailure(database.db.insert(partners).values({ tenantId, name: "Delta Twin", kind: "supplier", code: "Dcp" }));
    expect(failure.code).toBe("23505");
    expect(failure.message).toContain("partners_tenant_code_key");
    // another company may use the same code
    const [contoso] = await database.db.select().from(tenants).where(eq(tenants.slug, "contoso"));
    await database.db.insert(partners).values({ tenantId: contoso.id, name: "Contoso DCP", kind: "supplier", code: "dcp" });
  });
});
