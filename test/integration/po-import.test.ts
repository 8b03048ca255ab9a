import { and, asc, eq, inArray, like } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { startTestServer } from "../helpers/http";
import { capacityDemandDrift, contextFor } from "../helpers/factories";
import { PO_CSV_COLUMNS, validatePoCsv } from "../../app/domain/po-import";
import { importPurchaseOrders } from "../../app/server/po-import.server";
import { auditLog, emails, poLines, poRevisions, purchaseOrders } from "../../drizzle/schema";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";

let database: Database;
let planner: TenantContext;
let contoso: TenantContext;

beforeAll(async () => {
  ({ database } = await setupTestDatabase({ seed: true }));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  contoso = await contextFor(database, "admin@contoso.test", "contoso");
});
// whatever happens to orders and lines, the kept weekly demand (capacity_demand) follows it
afterEach(async () => {
  expect(await capacityDemandDrift(database)).toEqual([]);
});
afterAll(() => database.close());

const HEADER = PO_CSV_COLUMNS.join(",");
const ROTTERDAM = "Delta Co-Packers — Rotterdam";
// po_number,revision,partner_code,ship_to,currency,incoterms,payment_terms,order_type,priority,line_no,item_code,quantity,unit_price,requested_date,notes
const file = (rows: string[]) => HEADER + "\n" + rows.join("\n") + "\n";
const GOOD = file([
  `IMP-100,1,SUN,${ROTTERDAM},EUR,DAP,30 days net,standard,3,1,PKG-BTL-500,24000,0.0850,2026-10-05,Dock 2`,
  `IMP-100,1,SUN,${ROTTERDAM},EUR,DAP,30 days net,standard,3,2,PKG-CAP-28,24000,0.0120,2026-10-05,Dock 2`,
  `IMP-101,2,sun,${ROTTERDAM},EUR,DAP,30 days net,seasonal,2,1,pkg-lbl-oj,5000,0.0300,2026-11-01,`,
  `IMP-102,1,MPS,Metro Production — Lyon,USD,FCA,,hot,1,1,RM-OATS,800.5,1.2500,2026-09-30,`,
  `IMP-102,1,MPS,Metro Production — Lyon,USD,FCA,,hot,1,2,RM-HONEY,120,4.1000,2026-09-30,`,
  `IMP-102,1,MPS,Metro Production — Lyon,USD,FCA,,hot,1,3,RM-COCOA,60,3.9000,2026-10-02,`,
]);

async function importText(ctx: TenantContext, text: string, issue: boolean) {
  const { orders, problems } = validatePoCsv(text);
  if (problems.length) return { ok: false as const, problems };
  return importPurchaseOrders(ctx, orders, { issue });
}

const importedPos = (prefix: string) =>
  database.db
    .select()
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.tenantId, planner.tenantId), like(purchaseOrders.number, `${prefix}%`)))
    .orderBy(asc(purchaseOrders.number));

describe("purchase-order CSV import", () => {
  it("imports a file of several POs as issued, with lines, revisions and one audit entry", async () => {
    expect(await importText(planner, GOOD, true)).toEqual({ ok: true, created: 3, unchanged: 0, lines: 6, issued: true });
    const pos = await importedPos("IMP-1");
    expect(pos.map((p) => [p.number, p.status, p.revision, p.orderType, p.priority, p.currency])).toEqual([
      ["IMP-100", "issued", 1, "standard", 3, "EUR"],
      ["IMP-101", "issued", 2, "seasonal", 2, "EUR"],
      ["IMP-102", "issued", 1, "hot", 1, "USD"],
    ]);
    expect(pos.every((p) => p.issuedAt !== null && p.createdBy === planner.userId)).toBe(true);
    const lines = await database.db
      .select()
      .from(poLines)
      .where(and(eq(poLines.tenantId, planner.tenantId), eq(poLines.poId, pos[2].id)))
      .orderBy(asc(poLines.lineNo));
    expect(lines.map((l) => [l.lineNo, l.quantity, l.uom, l.unitPrice, l.requestedDate, l.partnerId === pos[2].partnerId])).toEqual([
      [1, "800.500", "kg", "1.2500", "2026-09-30", true],
      [2, "120.000", "kg", "4.1000", "2026-09-30", true],
      [3, "60.000", "kg", "3.9000", "2026-10-02", true],
    ]);
    const [revision] = await database.db.select().from(poRevisions).where(and(eq(poRevisions.tenantId, planner.tenantId), eq(poRevisions.poId, pos[1].id)));
    expect(revision.revision).toBe(2);
    expect(revision.snapshot).toMatchObject({
      header: { number: "IMP-101", currency: "EUR", orderType: "seasonal" },
      lines: [{ lineNo: 1, itemCode: "PKG-LBL-OJ", quantity: "5000", unitPrice: "0.0300", requestedDate: "2026-11-01", committedDate: null, status: "open" }],
    });
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, planner.tenantId), eq(auditLog.action, "po.imported")));
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ created: 3, unchanged: 0, lines: 6, rows: 6, numbers: ["IMP-100", "IMP-101", "IMP-102"] });
    // each partner's users get one mail listing their new orders
    const mail = await database.db.select().from(emails).where(and(eq(emails.tenantId, planner.tenantId), eq(emails.template, "po-issued-batch")));
    expect(mail.map((m) => [m.to, m.subject]).sort()).toEqual([
      ["ops@metro3pd.test", "1 new purchase order from Northwind Foods to acknowledge"],
      ["supplier@sunrise.test", "2 new purchase orders from Northwind Foods to acknowledge"],
    ]);
    expect(mail.find((m) => m.to === "supplier@sunrise.test")!.text).toContain("IMP-100, IMP-101");
  });

  it("treats importing the same file again as a no-op", async () => {
    const before = await importedPos("IMP-1");
    expect(await importText(planner, GOOD, true)).toEqual({ ok: true, created: 0, unchanged: 3, lines: 0, issued: true });
    // as drafts too: the PO number and revision decide, not the checkbox
    expect(await importText(planner, GOOD, false)).toEqual({ ok: true, created: 0, unchanged: 3, lines: 0, issued: false });
    const after = await importedPos("IMP-1");
    expect(after.map((p) => [p.id, p.version, p.status])).toEqual(before.map((p) => [p.id, p.version, p.status]));
    const lines = await database.db.select().from(poLines).where(and(eq(poLines.tenantId, planner.tenantId), inArray(poLines.poId, after.map((p) => p.id))));
    expect(lines).toHaveLength(6);
  });

  it("refuses a PO that exists at another revision", async () => {
    const result = await importText(planner, file([`IMP-100,2,SUN,${ROTTERDAM},EUR,DAP,,standard,3,1,PKG-BTL-500,1,1,2026-10-05,`]), true);
    expect(result).toEqual({ ok: false, problems: [{ line: 2, message: "po_number: PO IMP-100 exists at revision 1; revise it in the portal." }] });
  });

  it("saves nothing when one row is bad, and reports every bad reference by line", async () => {
    const bad = file([
      `IMP-200,1,SUN,${ROTTERDAM},EUR,DAP,,standard,3,1,PKG-BTL-500,100,0.10,2026-10-05,`,
      `IMP-200,1,SUN,${ROTTERDAM},EUR,DAP,,standard,3,2,NO-SUCH-ITEM,100,0.10,2026-10-05,`,
      `IMP-201,1,NOPE,${ROTTERDAM},EUR,DAP,,standard,3,1,PKG-BTL-500,100,0.10,2026-10-05,`,
      `IMP-202,1,FF,Nowhere,EUR,DAP,,standard,3,1,PKG-BTL-500,100,0.10,2026-10-05,`,
      `IMP-203,1,SUN,${ROTTERDAM},EUR,DAP,,standard,3,1,PKG-BTL-500,100,0.10,2026-10-05,`,
    ]);
    const result = await importText(planner, bad, true);
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 3, message: "item_code: no item NO-SUCH-ITEM." },
        { line: 4, message: "partner_code: no partner NOPE." },
        { line: 5, message: "partner_code: FF is a carrier; purchase orders go to suppliers, 3PDs or contract fillers." },
        { line: 5, message: "ship_to: no active facility called Nowhere." },
      ],
    });
    expect(await importedPos("IMP-2")).toEqual([]);
  });

  it("imports drafts one revision below, so issuing later lands on the file's revision; other tenants see nothing", async () => {
    const drafts = file([`IMP-300,1,DCP,Delta Co-Packers — Antwerp,EUR,FCA,,standard,3,1,FG-OJ-1L,500,0.62,2026-09-28,`]);
    expect(await importText(planner, drafts, false)).toMatchObject({ ok: true, created: 1, issued: false });
    const [po] = await importedPos("IMP-300");
    expect([po.status, po.revision, po.issuedAt]).toEqual(["draft", 0, null]);
    expect(await importText(planner, drafts, false)).toMatchObject({ ok: true, created: 0, unchanged: 1 });
    const revisions = await database.db.select().from(poRevisions).where(and(eq(poRevisions.tenantId, planner.tenantId), eq(poRevisions.poId, po.id)));
    expect(revisions).toEqual([]);
    // contoso has no partner DCP nor that facility: the same file is all problems there
    const elsewhere = await importText(contoso, drafts, false);
    expect(elsewhere.ok).toBe(false);
  });

  it("imports a 2,000-line file in a few seconds", async () => {
    const itemCodes = ["PKG-BTL-500", "PKG-BTL-1000", "PKG-CAP-28", "PKG-LBL-OJ", "PKG-CTN-12", "PKG-SHRINK", "RM-SUGAR", "RM-OJC"];
    const rows: string[] = [];
    for (let po = 0; po < 250; po++) {
      for (let line = 1; line <= 8; line++) {
        rows.push(`BULK-${String(po).padStart(4, "0")},1,SUN,${ROTTERDAM},EUR,DAP,30 days net,standard,3,${line},${itemCodes[line - 1]},${100 * line},0.${line}5,2026-12-${String(1 + (po % 28)).padStart(2, "0")},`);
      }
    }
    const started = performance.now();
    const result = await importText(planner, file(rows), true);
    const elapsed = performance.now() - started;
    expect(result).toEqual({ ok: true, created: 250, unchanged: 0, lines: 2000, issued: true });
    expect(elapsed).toBeLessThan(5_000);
    const again = performance.now();
    expect(await importText(planner, file(rows), true)).toMatchObject({ ok: true, created: 0, unchanged: 250 });
    expect(performance.now() - again).toBeLessThan(3_000);
    expect(await importedPos("BULK-")).toHaveLength(250);
  });
});

describe("the import page over HTTP (needs `npx remix build`)", () => {
  const DATA = `?_data=${encodeURIComponent("routes/$tenant.orders.import")}`;
  const upload = (content: string) => ({ multipart: true, files: { file: { name: "orders.csv", type: "text/csv", content } } });
  const one = file([`HTTP-1,1,SUN,${ROTTERDAM},EUR,DAP,,standard,3,1,PKG-BTL-500,10,1,2026-10-01,`]);

  it("answers the page's XMLHttpRequest with JSON, renders the page without JavaScript, and is a 404 for partners", async () => {
    const server = await startTestServer();
    try {
      const cookie = await server.login("planner@northwind.test");
      const page = await server.get("/northwind/orders/import", cookie);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("requested_date");
      const template = await server.get("/northwind/orders/template.csv", cookie);
      expect(template.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(validatePoCsv(await template.text()).problems).toEqual([]);

      const xhr = await server.post(`/northwind/orders/import${DATA}`, cookie, { issue: "1" }, upload(one));
      expect(xhr.status).toBe(200);
      expect(await xhr.json()).toEqual({ status: "imported", rows: 1, created: 1, unchanged: 0, lines: 1, issued: true });
      const again = await server.post("/northwind/orders/import", cookie, { issue: "1" }, upload(one));
      expect(again.status).toBe(200);
      expect(await again.text()).toContain("Imported 1 row: 0 new purchase orders issued (0 lines), 1 unchanged.");
      const bad = await server.post(`/northwind/orders/import${DATA}`, cookie, {}, upload(one.replace("HTTP-1", "HTTP-2").replace("PKG-BTL-500", "NOPE")));
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ status: "invalid", message: "Nothing was imported: 1 problem to fix first.", problems: [{ line: 2, message: "item_code: no item NOPE." }], problemCount: 1 });

      const supplier = await server.login("supplier@sunrise.test");
      expect((await server.get("/northwind/orders/import", supplier)).status).toBe(404);
      expect((await server.get("/northwind/orders/template.csv", supplier)).status).toBe(404);
      const refused = await server.post(`/northwind/orders/import${DATA}`, supplier, {}, upload(one.replace("HTTP-1", "HTTP-3")));
      expect(refused.status).toBe(404);
      expect(await importedPos("HTTP-")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
