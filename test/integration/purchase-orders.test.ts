import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { setupTestDatabase } from "../helpers/db";
import { capacityDemandDrift, contextFor } from "../helpers/factories";
import {
  acceptProposedChanges,
  cancelPurchaseOrder,
  createPurchaseOrder,
  declineProposedChanges,
  getPurchaseOrder,
  issuePurchaseOrder,
  listPurchaseOrders,
  recordReceipts,
  respondToPurchaseOrder,
  revisePurchaseOrder,
} from "../../app/server/purchase-orders.server";
import { createShipNotice, getShipNotice, listShipNotices, shippableLines } from "../../app/server/ship-notices.server";
import { StaleRecordError } from "../../app/server/records.server";
import { diffRevisions, PoTransitionError, type PoSnapshot } from "../../app/domain/po";
import { resetEnvCache } from "../../app/server/env.server";
import { auditLog, emails, facilities, items, partners, purchaseOrders, receipts } from "../../drizzle/schema";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";

let database: Database;
let planner: TenantContext;
let sunrise: TenantContext;
let metro: TenantContext;
let carrier: TenantContext;
let contoso: TenantContext;
const ids: Record<string, string> = {};
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  process.env.MAIL_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-po-mail-"));
  delete process.env.SMTP_URL;
  resetEnvCache();
  ({ database } = await setupTestDatabase({ seed: true }));
  planner = await contextFor(database, "planner@northwind.test", "northwind");
  sunrise = await contextFor(database, "supplier@sunrise.test", "northwind");
  metro = await contextFor(database, "ops@metro3pd.test", "northwind");
  carrier = await contextFor(database, "dispatch@fastfreight.test", "northwind");
  contoso = await contextFor(database, "admin@contoso.test", "contoso");
  const db = database.db;
  const [p] = await db.select().from(partners).where(and(eq(partners.tenantId, planner.tenantId), eq(partners.name, "Sunrise Packaging")));
  const [f] = await db.select().from(facilities).where(and(eq(facilities.tenantId, planner.tenantId), eq(facilities.name, "Delta Co-Packers — Rotterdam")));
  const [i1] = await db.select().from(items).where(and(eq(items.tenantId, planner.tenantId), eq(items.code, "PKG-BTL-500")));
  const [i2] = await db.select().from(items).where(and(eq(items.tenantId, planner.tenantId), eq(items.code, "PKG-CAP-28")));
  const [ff] = await db.select().from(partners).where(and(eq(partners.tenantId, planner.tenantId), eq(partners.name, "FastFreight")));
  Object.assign(ids, { sunrise: p.id, rotterdam: f.id, bottle: i1.id, cap: i2.id, fastFreight: ff.id });
});
// whatever happens to orders and lines, the kept weekly demand (capacity_demand) follows it
afterEach(async () => {
  expect(await capacityDemandDrift(database)).toEqual([]);
});
afterAll(() => database.close());

function newPo(number: string) {
  return {
    number,
    partnerId: ids.sunrise,
    shipToFacilityId: ids.rotterdam,
    currency: "EUR",
    incoterms: "DAP",
    paymentTerms: "30 days net",
    orderType: "standard" as const,
    priority: 3,
    notes: "",
    lines: [
      { itemId: ids.bottle, quantity: "1000", unitPrice: "0.0850", requestedDate: day(20) },
      { itemId: ids.cap, quantity: "1000", unitPrice: "0.0120", requestedDate: day(20) },
    ],
  };
}

async function current(id: string) {
  const found = await getPurchaseOrder(planner, id);
  return found!;
}

describe("purchase orders, end to end through the server functions", () => {
  it("issues, is answered with a date change, accepted at a new revision, shipped and received", async () => {
    const created = await createPurchaseOrder(planner, newPo("IT-PO-1"), { issue: true });
    let po = await current(created.id);
    expect(po.po.status).toBe("issued");
    expect(po.po.revision).toBe(1);
    // the partner's users were mailed, and the mail is in the outbox
    const mailed = await database.db.select().from(emails).where(and(eq(emails.tenantId, planner.tenantId), eq(emails.to, "supplier@sunrise.test")));
    expect(mailed.some((m) => m.subject.includes("IT-PO-1"))).toBe(true);

    // the supplier sees it first in its inbox
    const inbox = await listPurchaseOrders(sunrise, {}, null);
    expect(inbox.items[0].awaiting).toBe(1);
    expect(inbox.items.map((r) => r.number)).toContain("IT-PO-1");

    const [l1, l2] = po.lines.map((l) => l.line);
    const answer = await respondToPurchaseOrder(sunrise, created.id, po.po.version, {
      [l1.id]: { kind: "change", committedDate: day(25), reason: "Tooling" },
      [l2.id]: { kind: "accept" },
    }, day(0));
    expect(answer && "po" in answer && answer.po?.status).toBe("changes_proposed");
    po = await current(created.id);
    expect(po.lines[0].line.responseCode).toBe("DR");
    expect(po.lines[0].line.proposedDate).toBe(day(25));
    expect(po.lines[1].line.responseCode).toBe("IA");
    expect(po.lines[1].line.firstCommittedDate).toBe(day(20));

    await acceptProposedChanges(planner, created.id, po.po.version);
    po = await current(created.id);
    expect(po.po.status).toBe("confirmed");
    expect(po.po.revision).toBe(2);
    expect(po.lines[0].line.committedDate).toBe(day(25));
    expect(po.lines[0].line.firstCommittedDate).toBe(day(25));
    expect(po.revisions.map((r) => r.revision)).toEqual([1, 2]);

    // ship part of line 1 and all of line 2 with FastFreight
    const notice = await createShipNotice(sunrise, {
      carrierPartnerId: ids.fastFreight,
      trackingNumber: "IT-TRACK-1",
      readyDate: day(1),
      pickupWindow: "08:00–12:00",
      packages: 3,
      grossWeightKg: "120.00",
      lines: [
        { lineId: l1.id, quantity: "400" },
        { lineId: l2.id, quantity: "1000" },
      ],
    });
    expect((await current(created.id)).po.status).toBe("partially_shipped");
    // the carrier sees the notice with its lines, but not the PO
    const seen = await getShipNotice(carrier, notice.id);
    expect(seen?.lines.map((l) => [l.poNumber, l.itemCode, l.quantity])).toEqual([
      ["IT-PO-1", "PKG-BTL-500", "400.000"],
      ["IT-PO-1", "PKG-CAP-28", "1000.000"],
    ]);
    expect(await getPurchaseOrder(carrier, created.id)).toBeNull();
    expect((await listShipNotices(carrier, null)).items.map((n) => n.id)).toContain(notice.id);
    // Metro, another partner, sees neither
    expect(await getShipNotice(metro, notice.id)).toBeNull();

    // more than is left to ship is refused
    await expect(
      createShipNotice(sunrise, { carrierPartnerId: ids.fastFreight, trackingNumber: "X-1", readyDate: day(1), pickupWindow: "08:00–09:00", packages: 1, grossWeightKg: "1", lines: [{ lineId: l1.id, quantity: "601" }] }),
    ).rejects.toThrow(/at most 600/);
    await createShipNotice(sunrise, { carrierPartnerId: ids.fastFreight, trackingNumber: "IT-TRACK-2", readyDate: day(2), pickupWindow: "08:00–09:00", packages: 1, grossWeightKg: "50", lines: [{ lineId: l1.id, quantity: "600" }] });
    expect((await current(created.id)).po.status).toBe("shipped");
    expect((await shippableLines(sunrise)).map((l) => l.lineId)).not.toContain(l1.id);

    // receipts: part, then the rest with 10% extra on line 2 flagged over (tenant tolerance 5%)
    po = await current(created.id);
    const first = await recordReceipts(planner, created.id, po.po.version, [{ lineId: l1.id, quantity: "1000", receivedOn: day(0) }]);
    expect(first?.po.status).toBe("partially_received");
    const second = await recordReceipts(planner, created.id, first!.po.version, [{ lineId: l2.id, quantity: "1100", receivedOn: day(0) }]);
    expect(second?.po.status).toBe("received");
    expect(second?.flags).toEqual([{ lineNo: 2, flag: "over", pct: 10 }]);
    const rows = await database.db.select().from(receipts).where(eq(receipts.poId, created.id));
    expect(rows).toHaveLength(2);

    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.entityId, created.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["po.created", "po.issued", "po.changes_proposed", "po.changes_accepted", "po.shipped", "po.received"]));
  });

  it("refuses an answer made against an out-of-date version and changes nothing", async () => {
    const created = await createPurchaseOrder(planner, newPo("IT-PO-2"), { issue: true });
    const po = await current(created.id);
    const answers = Object.fromEntries(po.lines.map((l) => [l.line.id, { kind: "accept" as const }]));
    await expect(respondToPurchaseOrder(sunrise, created.id, po.po.version - 1, answers, day(0))).rejects.toBeInstanceOf(StaleRecordError);
    expect((await current(created.id)).po.status).toBe("issued");
    // two people answering: the first wins, the second is told to reload
    await respondToPurchaseOrder(sunrise, created.id, po.po.version, answers, day(0));
    await expect(respondToPurchaseOrder(sunrise, created.id, po.po.version, answers, day(0))).rejects.toBeInstanceOf(StaleRecordError);
    expect((await current(created.id)).po.status).toBe("confirmed");
  });

  it("declining changes sends the order back; illegal transitions are refused with a clear message", async () => {
    const created = await createPurchaseOrder(planner, newPo("IT-PO-3"), { issue: true });
    let po = await current(created.id);
    await respondToPurchaseOrder(sunrise, created.id, po.po.version, {
      [po.lines[0].line.id]: { kind: "change", quantity: "900", reason: "Short on resin" },
      [po.lines[1].line.id]: { kind: "reject", reason: "Discontinued" },
    }, day(0));
    po = await current(created.id);
    expect(po.lines[0].line.responseCode).toBe("IQ");
    expect(po.lines[1].line.responseCode).toBe("IR");
    await declineProposedChanges(planner, created.id, po.po.version, "We need the full quantity");
    po = await current(created.id);
    expect(po.po.status).toBe("issued");
    expect(po.lines[0].line.proposedQuantity).toBeNull();
    await expect(issuePurchaseOrder(planner, created.id, po.po.version)).rejects.toBeInstanceOf(PoTransitionError);
    await cancelPurchaseOrder(planner, created.id, po.po.version, "Changed plan");
    po = await current(created.id);
    expect(po.po.status).toBe("cancelled");
    await expect(cancelPurchaseOrder(planner, created.id, po.po.version, "again")).rejects.toBeInstanceOf(PoTransitionError);
  });

  it("invalid answers come back as problems per line, and nothing is saved", async () => {
    const created = await createPurchaseOrder(planner, newPo("IT-PO-4"), { issue: true });
    const po = await current(created.id);
    const result = await respondToPurchaseOrder(sunrise, created.id, po.po.version, {
      [po.lines[0].line.id]: { kind: "change", reason: "" },
      [po.lines[1].line.id]: { kind: "accept" },
    }, day(0));
    expect(result && result.problems.length).toBeGreaterThan(0);
    expect((await current(created.id)).po.status).toBe("issued");
  });

  it("a revision of a confirmed order changes, cancels and adds lines, and needs a new answer", async () => {
    const created = await createPurchaseOrder(planner, newPo("IT-PO-6"), { issue: true });
    let po = await current(created.id);
    await respondToPurchaseOrder(sunrise, created.id, po.po.version, Object.fromEntries(po.lines.map((l) => [l.line.id, { kind: "accept" as const }])), day(0));
    po = await current(created.id);
    expect(po.po.status).toBe("confirmed");
    const [l1, l2] = po.lines.map((l) => l.line);
    await revisePurchaseOrder(planner, created.id, po.po.version, {
      reason: "Forecast up",
      lines: [
        { lineId: l1.id, quantity: "1500", unitPrice: l1.unitPrice, requestedDate: l1.requestedDate, cancel: false },
        { lineId: l2.id, quantity: l2.quantity, unitPrice: l2.unitPrice, requestedDate: l2.requestedDate, cancel: true },
      ],
      added: [{ itemId: ids.cap, quantity: "300", unitPrice: "0.0130", requestedDate: day(30) }],
    });
    po = await current(created.id);
    expect(po.po.status).toBe("issued");
    expect(po.po.revision).toBe(2);
    expect(po.lines.map((l) => [l.line.lineNo, l.line.quantity, l.line.cancelled, l.line.responseCode])).toEqual([
      [1, "1500.000", false, null],
      [2, "1000.000", true, null],
      [3, "300.000", false, null],
    ]);
    // the first commitment stays as it was (date history)
    expect(po.lines[0].line.firstCommittedDate).toBe(day(20));
    const diff = diffRevisions(po.revisions[0].snapshot as PoSnapshot, po.revisions[1].snapshot as PoSnapshot);
    expect(diff.added).toEqual([3]);
    // revision 1 was issued before the partner committed dates, so committedDate shows as changed too
    expect(diff.changed.map((c) => [c.lineNo, c.fields.map((f) => f.field).sort()])).toEqual([
      [1, ["committedDate", "quantity"]],
      [2, ["committedDate", "status"]],
    ]);
    // a stale revision attempt is refused
    await expect(
      revisePurchaseOrder(planner, created.id, po.po.version - 1, { reason: "again", lines: [], added: [] }),
    ).rejects.toBeInstanceOf(StaleRecordError);
  });

  it("keeps partners and tenants apart", async () => {
    const created = await createPurchaseOrder(planner, newPo("IT-PO-5"), { issue: false });
    // drafts are invisible to the partner's inbox
    expect((await listPurchaseOrders(sunrise, {}, null)).items.map((r) => r.number)).not.toContain("IT-PO-5");
    expect(await getPurchaseOrder(metro, created.id)).toBeNull();
    expect(await getPurchaseOrder(contoso, created.id)).toBeNull();
    expect(await respondToPurchaseOrder(metro, created.id, 1, {}, day(0))).toBeNull();
    const [row] = await database.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, created.id));
    expect(row.status).toBe("draft");
  });

  it("filters the internal list by status, partner and search by PO number or item code", async () => {
    const byNumber = await listPurchaseOrders(planner, { q: "IT-PO-1" }, null);
    expect(byNumber.items.map((r) => r.number)).toEqual(["IT-PO-1"]);
    const byItem = await listPurchaseOrders(planner, { q: "PKG-CAP-28", status: "cancelled" }, null);
    expect(byItem.items.map((r) => r.number)).toEqual(["IT-PO-3"]);
    const all: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const page: Awaited<ReturnType<typeof listPurchaseOrders>> = await listPurchaseOrders(planner, { partnerId: ids.sunrise }, after, 3);
      all.push(...page.items.map((r) => r.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const expected = await database.db.select({ id: purchaseOrders.id }).from(purchaseOrders).where(eq(purchaseOrders.partnerId, ids.sunrise));
    expect([...all].sort()).toEqual(expected.map((r) => r.id).sort());
    expect(new Set(all).size).toBe(all.length);
  });
});
