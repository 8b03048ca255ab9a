// AQL inspections against a real database: booking with the plan from the engine, findings and the
// verdict (with override), sign-off with mail, escalation and switching, the partner's
// pre-shipment inspection, photos, discontinuation, the measures, and RLS on the new tables.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { samplingPlan } from "../../app/domain/aql";
import type { TenantContext } from "../../app/server/auth.server";
import type { Database } from "../../app/server/db.server";
import { resetEnvCache } from "../../app/server/env.server";
import {
  addPhoto,
  bookInspection,
  changeSwitchingState,
  getInspection,
  getPhoto,
  getSwitchingState,
  inspectionMeasures,
  InspectionError,
  listInspections,
  overrideVerdict,
  photosForReport,
  previewInspectionPlan,
  recordFindings,
  signOffInspection,
  type BookingInput,
} from "../../app/server/inspections.server";
import { renderInspectionReportPdf } from "../../app/server/pdf.server";
import { StaleRecordError } from "../../app/server/records.server";
import { makePng } from "../../drizzle/demo-photo";
import { defectTypes, inspections, items, partners, shipNoticeLines, switchingStates } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { asAppRole, contextFor, pgErrorOf, readMailDir, rowsOf } from "../helpers/factories";

let database: Database;
let quality: TenantContext;
let sunrise: TenantContext;
let delta: TenantContext;
let contoso: TenantContext;
let mailDir: string;
const ids: Record<string, string> = {};
const types: Record<string, string> = {};

beforeAll(async () => {
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-inspection-mail-"));
  process.env.MAIL_DIR = mailDir;
  delete process.env.SMTP_URL;
  resetEnvCache();
  ({ database } = await setupTestDatabase({ seed: true }));
  quality = await contextFor(database, "quality@northwind.test", "northwind");
  sunrise = await contextFor(database, "supplier@sunrise.test", "northwind");
  delta = await contextFor(database, "filler@delta.test", "northwind");
  contoso = await contextFor(database, "admin@contoso.test", "contoso");
  const db = database.db;
  const partner = async (name: string) => (await db.select().from(partners).where(and(eq(partners.tenantId, quality.tenantId), eq(partners.name, name))))[0].id;
  const item = async (code: string) => (await db.select().from(items).where(and(eq(items.tenantId, quality.tenantId), eq(items.code, code))))[0].id;
  Object.assign(ids, {
    sunrise: await partner("Sunrise Packaging"),
    metro: await partner("Metro Production Services"),
    bottle: await item("PKG-BTL-500"),
    bottle1l: await item("PKG-BTL-1000"),
    carton: await item("PKG-CTN-12"),
    glass: await item("PKG-GLASS-330"),
    sugar: await item("RM-SUGAR"),
  });
  for (const t of await db.select().from(defectTypes).where(eq(defectTypes.tenantId, quality.tenantId))) types[t.code] = t.id;
});
afterAll(() => database.close());

const lot = (over: Partial<BookingInput> = {}): BookingInput => ({
  shipNoticeLineId: null,
  partnerId: ids.sunrise,
  itemId: ids.carton,
  lotSize: 3200,
  lotNumber: "T-LOT",
  resubmission: false,
  notes: "",
  ...over,
});

async function mailSince(count: number) {
  return (await readMailDir(mailDir)).slice(count);
}

/** Book, record the defects, complete and sign off one lot; returns the signed-off row. */
async function inspectLot(ctx: TenantContext, input: BookingInput, defects: Record<string, number>) {
  const booked = await bookInspection(ctx, input);
  const done = await recordFindings(ctx, booked.id, booked.version, { defects: Object.entries(defects).map(([t, quantity]) => ({ defectTypeId: types[t], quantity })), measurements: [], notes: "" }, true);
  return signOffInspection(ctx, booked.id, done.version);
}

describe("the demo", () => {
  it("put Sunrise's 500 ml bottles on tightened inspection after two rejections within five lots, with the history", async () => {
    const states = await database.db.select().from(switchingStates).where(and(eq(switchingStates.tenantId, quality.tenantId), eq(switchingStates.partnerId, ids.sunrise)));
    const bottle = states.find((s) => s.itemId === ids.bottle)!;
    expect(bottle.severity).toBe("tightened");
    expect(states.filter((s) => s.itemId !== ids.bottle).every((s) => s.severity === "normal")).toBe(true);
    const detail = await getSwitchingState(quality, bottle.id);
    expect(detail!.history.map((h) => h.event).reverse()).toEqual(["lot_accepted", "lot_accepted", "lot_not_accepted", "lot_accepted", "lot_not_accepted", "lot_accepted"]);
    const switched = detail!.history.find((h) => h.fromSeverity === "normal" && h.toSeverity === "tightened");
    expect(switched?.reason).toMatch(/2 of the last 5/);
  });

  it("has one partner inspection submitted for review, and inspections spread over several months", async () => {
    const submitted = await listInspections(quality, { status: "submitted" }, null);
    expect(submitted.items).toHaveLength(1);
    expect(submitted.items[0].kind).toBe("pre_shipment");
    const months = await rowsOf<{ n: number }>(
      database.db,
      sql`select count(distinct to_char(signed_off_at, 'YYYY-MM'))::int as n from inspections where tenant_id = ${quality.tenantId} and status = 'signed_off'`,
    );
    expect(months[0].n).toBeGreaterThanOrEqual(4);
  });
});

describe("booking", () => {
  it("takes the lot size from a ship-notice line and computes one plan per class from the defaults and switching state", async () => {
    const [line] = await database.db
      .select()
      .from(shipNoticeLines)
      .where(and(eq(shipNoticeLines.tenantId, quality.tenantId), eq(shipNoticeLines.partnerId, ids.sunrise)))
      .limit(1);
    const row = await bookInspection(quality, lot({ shipNoticeLineId: line.id, partnerId: null, itemId: null, lotSize: null, resubmission: true }));
    expect(row.lotSize).toBe(Number(line.quantity));
    expect(row.shipNoticeId).toBe(line.shipNoticeId);
    expect(row.kind).toBe("receiving");
    const plans = row.plans as Record<string, { sampleSize: number; acceptance: number; rejection: number; codeLetter: string }>;
    const expected = samplingPlan({ lotSize: row.lotSize, level: "II", aql: "2.5", severity: row.severity });
    expect(plans.major).toMatchObject({ sampleSize: expected.sampleSize, acceptance: expected.acceptance, rejection: expected.rejection, codeLetter: expected.codeLetter });
    expect(Object.keys(plans).sort()).toEqual(["critical", "major", "minor"]);
  });

  it("uses the item's override and the tightened severity of the partner × item", async () => {
    const glass = await bookInspection(quality, lot({ itemId: ids.glass }));
    expect(glass.level).toBe("III");
    expect((glass.plans as Record<string, { aql: string }>).critical.aql).toBe("0.010");
    const bottle = await bookInspection(quality, lot({ itemId: ids.bottle, lotSize: 3200 }));
    expect(bottle.severity).toBe("tightened");
    const t = samplingPlan({ lotSize: 3200, level: "II", aql: "2.5", severity: "tightened" });
    expect((bottle.plans as Record<string, { acceptance: number; sampleSize: number }>).major).toMatchObject({ acceptance: t.acceptance, sampleSize: t.sampleSize });
  });

  it("previews the plan booking would fix without saving anything, within the same rules", async () => {
    const count = async () => (await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from inspections`))[0].n;
    const before = await count();
    const p = await previewInspectionPlan(quality, { shipNoticeLineId: null, partnerId: ids.sunrise, itemId: ids.bottle, lotSize: 5000 });
    expect(p.severity).toBe("tightened");
    const t = samplingPlan({ lotSize: 5000, level: "II", aql: "2.5", severity: "tightened" });
    expect(p.plans.major).toMatchObject({ sampleSize: t.sampleSize, acceptance: t.acceptance, rejection: t.rejection });
    expect(p.unitsToInspect).toBe(Math.max(...Object.values(p.plans).map((x) => x!.sampleSize)));
    expect(await count()).toBe(before);
    await expect(previewInspectionPlan(delta, { shipNoticeLineId: null, partnerId: ids.sunrise, itemId: ids.bottle, lotSize: 5000 })).rejects.toBeInstanceOf(InspectionError);
  });

  it("refuses a ship-notice line of another partner to a partner's user, and another partner's lot", async () => {
    const [line] = await database.db.select().from(shipNoticeLines).where(and(eq(shipNoticeLines.tenantId, quality.tenantId), eq(shipNoticeLines.partnerId, ids.sunrise))).limit(1);
    await expect(bookInspection(delta, lot({ shipNoticeLineId: line.id }))).rejects.toMatchObject({ field: "shipNoticeLineId" });
    await expect(bookInspection(delta, lot({ partnerId: ids.sunrise }))).rejects.toBeInstanceOf(InspectionError);
    await expect(bookInspection(contoso, lot())).rejects.toMatchObject({ field: "partnerId" });
  });
});

describe("findings, verdict and sign-off", () => {
  it("rejects a lot whose major defects exceed Ac, keeps an override and its reason beside the computed verdict, and mails both sides", async () => {
    const booked = await bookInspection(quality, lot({ lotNumber: "T-OVERRIDE" }));
    const ac = (booked.plans as Record<string, { acceptance: number }>).major.acceptance;
    const saved = await recordFindings(quality, booked.id, booked.version, { defects: [{ defectTypeId: types["MA-LEAK"], quantity: ac + 1 }], measurements: [{ characteristic: "Wall", unit: "mm", minValue: "0.30", maxValue: null, value: "0.28" }], notes: "draft" }, false);
    expect(saved.status).toBe("booked");
    expect(saved.computedVerdict).toBeNull();
    const done = await recordFindings(quality, booked.id, saved.version, { defects: [{ defectTypeId: types["MA-LEAK"], quantity: ac + 1 }], measurements: [{ characteristic: "Wall", unit: "mm", minValue: "0.30", maxValue: null, value: "0.28" }], notes: "" }, true);
    expect(done.computedVerdict).toBe("rejected");
    expect(done.status).toBe("recorded");
    const detail = await getInspection(quality, booked.id);
    expect(detail!.measurements[0].withinSpec).toBe(false);

    await expect(overrideVerdict(quality, booked.id, done.version, { verdict: "accepted", reason: " " })).rejects.toMatchObject({ field: "reason" });
    await expect(overrideVerdict(quality, booked.id, done.version - 1, { verdict: "accepted", reason: "Leak test rig was faulty" })).rejects.toBeInstanceOf(StaleRecordError);
    const overridden = await overrideVerdict(quality, booked.id, done.version, { verdict: "accepted", reason: "Leak test rig was faulty; retest passed" });
    expect(overridden).toMatchObject({ computedVerdict: "rejected", finalVerdict: "accepted", overrideReason: "Leak test rig was faulty; retest passed" });

    const before = (await readMailDir(mailDir)).length;
    const { inspection } = await signOffInspection(quality, booked.id, overridden.version);
    expect(inspection).toMatchObject({ status: "signed_off", computedVerdict: "rejected", finalVerdict: "accepted", escalation: null });
    const mail = await mailSince(before);
    expect(mail.map((m) => m.to).sort()).toEqual(["quality@northwind.test", "supplier@sunrise.test"]);
    expect(mail[0].subject).toContain("accepted");
    expect(mail[0].body).toContain("overriding the sampling result");
    // signed off is final
    await expect(overrideVerdict(quality, booked.id, inspection.version, { verdict: "rejected", reason: "changed my mind" })).rejects.toMatchObject({ status: 409 });
    await expect(recordFindings(quality, booked.id, inspection.version, { defects: [], measurements: [], notes: "" }, true)).rejects.toMatchObject({ status: 409 });
  });

  it("marks a rejected lot for escalation and tells the partner", async () => {
    const before = (await readMailDir(mailDir)).length;
    const { inspection } = await inspectLot(quality, lot({ itemId: ids.sugar, lotNumber: "T-REJECT" }), { "MA-DIM": 40 });
    expect(inspection).toMatchObject({ finalVerdict: "rejected", computedVerdict: "rejected", escalation: "pending" });
    const mail = await mailSince(before);
    const toSunrise = mail.find((m) => m.to === "supplier@sunrise.test")!;
    expect(toSunrise.subject).toContain("REJECTED");
    expect(toSunrise.body).toContain("marked for escalation");
  });

  it("accepts at exactly Ac and rejects at Ac + 1", async () => {
    const plan = samplingPlan({ lotSize: 500, level: "II", aql: "4.0", severity: "normal" });
    expect(plan.acceptance).toBeGreaterThan(0);
    const at = await inspectLot(quality, lot({ itemId: ids.bottle1l, lotSize: 500 }), { "MI-SCUFF": plan.acceptance });
    expect(at.inspection.computedVerdict).toBe("accepted");
    const over = await inspectLot(quality, lot({ itemId: ids.bottle1l, lotSize: 500 }), { "MI-SCUFF": plan.acceptance + 1 });
    expect(over.inspection.computedVerdict).toBe("rejected");
  });
});

describe("the partner's pre-shipment inspection", () => {
  it("is booked and recorded by the partner, reviewed by quality, and does not drive switching", async () => {
    const pre = await bookInspection(sunrise, lot({ partnerId: ids.sunrise, itemId: ids.carton, lotNumber: "PRE-1" }));
    expect(pre.kind).toBe("pre_shipment");
    const before = (await readMailDir(mailDir)).length;
    const done = await recordFindings(sunrise, pre.id, pre.version, { defects: [{ defectTypeId: types["MI-SCUFF"], quantity: 1 }], measurements: [], notes: "" }, true);
    expect(done.status).toBe("submitted");
    const mail = await mailSince(before);
    expect(mail.map((m) => m.to)).toEqual(["quality@northwind.test"]);
    expect(mail[0].subject).toContain("to review");
    // the partner can't override or sign off its own inspection
    await expect(signOffInspection(sunrise, pre.id, done.version)).rejects.toBeInstanceOf(InspectionError);
    await expect(overrideVerdict(sunrise, pre.id, done.version, { verdict: "accepted", reason: "looks fine to us" })).rejects.toBeInstanceOf(InspectionError);
    const state = async () =>
      (await database.db.select().from(switchingStates).where(and(eq(switchingStates.tenantId, quality.tenantId), eq(switchingStates.partnerId, ids.sunrise), eq(switchingStates.itemId, ids.carton))))[0];
    const stateBefore = await state();
    const { inspection, transition } = await signOffInspection(quality, pre.id, done.version);
    expect(inspection.status).toBe("signed_off");
    expect(transition).toBeNull();
    expect(await state()).toEqual(stateBefore);
  });

  it("cannot be recorded on a receiving inspection by the partner, in the app or in the database", async () => {
    const receiving = await bookInspection(quality, lot({ lotNumber: "RLS-1" }));
    await expect(recordFindings(sunrise, receiving.id, receiving.version, { defects: [], measurements: [], notes: "" }, true)).rejects.toBeInstanceOf(InspectionError);
    const settings = { "app.tenant_id": quality.tenantId, "app.partner_id": ids.sunrise };
    const updated = await asAppRole(database, settings, (tx) =>
      tx.update(inspections).set({ finalVerdict: "accepted", status: "signed_off" }).where(eq(inspections.id, receiving.id)).returning(),
    );
    expect(updated).toHaveLength(0);
    const visible = await asAppRole(database, settings, (tx) => tx.select().from(inspections).where(eq(inspections.id, receiving.id)));
    expect(visible).toHaveLength(1);
    const forged = asAppRole(database, settings, (tx) =>
      tx.insert(switchingStates).values({ tenantId: quality.tenantId, partnerId: ids.sunrise, itemId: ids.glass, severity: "reduced", state: {} }),
    );
    await expect(forged).rejects.toThrow();
    // another partner sees none of Sunrise's inspections
    const deltaSees = await asAppRole(database, { "app.tenant_id": quality.tenantId, "app.partner_id": delta.partnerId! }, (tx) =>
      tx.select().from(inspections).where(eq(inspections.partnerId, ids.sunrise)),
    );
    expect(deltaSees).toHaveLength(0);
    const deltaList = (await listInspections(delta, {}, null)).items;
    expect(deltaList.length).toBeGreaterThan(0);
    expect(deltaList.every((i) => i.partnerName === "Delta Co-Packers")).toBe(true);
  });
});

describe("photos", () => {
  it("keeps a PNG outside the web root and serves it only inside the tenant and partner", async () => {
    const booked = await bookInspection(quality, lot({ lotNumber: "PHOTO-1" }));
    const photo = await addPhoto(quality, booked.id, { bytes: makePng(20, 10), fileName: "crack.png", caption: "Crack at the neck" });
    expect(photo.contentType).toBe("image/png");
    expect(photo.storageKey.startsWith(quality.tenantId + "/")).toBe(true);
    expect(fs.existsSync(path.join(process.env.UPLOAD_DIR!, "photos", photo.storageKey))).toBe(true);
    expect(path.resolve(process.env.UPLOAD_DIR!)).not.toContain(path.resolve("public"));
    const got = await getPhoto(sunrise, booked.id, photo.id);
    expect(Buffer.compare(got!.bytes, makePng(20, 10))).toBe(0);
    expect(await getPhoto(delta, booked.id, photo.id)).toBeNull();
    expect(await getPhoto(contoso, booked.id, photo.id)).toBeNull();
    const report = await photosForReport(quality, booked.id);
    expect(report).toHaveLength(1);
  });

  it("refuses a renamed text file and an oversize file, storing nothing", async () => {
    const booked = await bookInspection(quality, lot({ lotNumber: "PHOTO-2" }));
    const files = () => fs.readdirSync(path.join(process.env.UPLOAD_DIR!, "photos", quality.tenantId));
    const count = files().length;
    await expect(addPhoto(quality, booked.id, { bytes: new TextEncoder().encode("just some text, not a picture"), fileName: "defect.jpg", caption: "" })).rejects.toMatchObject({ status: 415, field: "photo" });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(makePng(), 0);
    await expect(addPhoto(quality, booked.id, { bytes: big, fileName: "huge.png", caption: "" })).rejects.toMatchObject({ status: 413 });
    expect(files().length).toBe(count);
  });

  it("removes the stored bytes again when the record is refused", async () => {
    const { inspection } = await inspectLot(quality, lot({ lotNumber: "PHOTO-3" }), {});
    const dir = path.join(process.env.UPLOAD_DIR!, "photos", quality.tenantId);
    const count = fs.readdirSync(dir).length;
    await expect(addPhoto(quality, inspection.id, { bytes: makePng(), fileName: "late.png", caption: "" })).rejects.toMatchObject({ status: 409 });
    expect(fs.readdirSync(dir).length).toBe(count);
  });
});

describe("switching", () => {
  it("discontinues after 5 lots not accepted on tightened inspection, mails quality, blocks booking until corrective action", async () => {
    const item = ids.bottle1l;
    const partnerId = ids.metro;
    const bad = { "MA-LEAK": 60 };
    // normal -> tightened on the second rejection
    await inspectLot(quality, lot({ partnerId, itemId: item }), bad);
    const second = await inspectLot(quality, lot({ partnerId, itemId: item }), bad);
    expect(second.transition).toMatchObject({ from: "normal", to: "tightened" });
    const before = (await readMailDir(mailDir)).length;
    let last;
    for (let i = 0; i < 5; i++) last = await inspectLot(quality, lot({ partnerId, itemId: item }), bad);
    expect(last!.transition).toMatchObject({ to: "discontinued" });
    const stop = (await mailSince(before)).filter((m) => m.subject.startsWith("Inspection discontinued"));
    expect(stop.map((m) => m.to)).toEqual(["quality@northwind.test"]);
    await expect(bookInspection(quality, lot({ partnerId, itemId: item }))).rejects.toMatchObject({ status: 409 });

    const [row] = await database.db.select().from(switchingStates).where(and(eq(switchingStates.tenantId, quality.tenantId), eq(switchingStates.partnerId, partnerId), eq(switchingStates.itemId, item)));
    await expect(changeSwitchingState(quality, row.id, row.version, { kind: "restore_after_corrective_action", note: "" })).rejects.toMatchObject({ field: "note" });
    await expect(changeSwitchingState(delta, row.id, row.version, { kind: "restore_after_corrective_action", note: "New leak tester installed" })).rejects.toBeInstanceOf(InspectionError);
    const restored = await changeSwitchingState(quality, row.id, row.version, { kind: "restore_after_corrective_action", note: "New leak tester installed and line audited" });
    expect(restored.state).toMatchObject({ severity: "tightened", discontinued: false });
    const again = await bookInspection(quality, lot({ partnerId, itemId: item }));
    expect(again.severity).toBe("tightened");
    const history = await getSwitchingState(quality, row.id);
    expect(history!.history[0]).toMatchObject({ event: "restore_after_corrective_action", fromSeverity: "discontinued", toSeverity: "tightened" });
    expect(history!.history[0].reason).toContain("New leak tester");
  });

  it("refuses reduced inspection below a switching score of 30, and a stale version", async () => {
    const [row] = await database.db.select().from(switchingStates).where(and(eq(switchingStates.tenantId, quality.tenantId), eq(switchingStates.partnerId, ids.sunrise), eq(switchingStates.severity, "normal"))).limit(1);
    await expect(changeSwitchingState(quality, row.id, row.version, { kind: "approve_reduced", productionSteady: true, note: "" })).rejects.toMatchObject({ status: 409 });
    await expect(changeSwitchingState(quality, row.id, row.version + 5, { kind: "approve_reduced", productionSteady: true, note: "" })).rejects.toBeInstanceOf(StaleRecordError);
  });

  it("approves reduced inspection at a score of 30 with steady production, and reverts on a rejected lot", async () => {
    const partnerId = ids.metro;
    const item = ids.carton;
    // Ac 0 or 1 plans add 2 per accepted lot: 15 clean lots reach 30
    for (let i = 0; i < 15; i++) await inspectLot(quality, lot({ partnerId, itemId: item, lotSize: 3200 }), {});
    const [row] = await database.db.select().from(switchingStates).where(and(eq(switchingStates.tenantId, quality.tenantId), eq(switchingStates.partnerId, partnerId), eq(switchingStates.itemId, item)));
    expect((row.state as { switchingScore: number }).switchingScore).toBeGreaterThanOrEqual(30);
    await expect(changeSwitchingState(quality, row.id, row.version, { kind: "approve_reduced", productionSteady: false, note: "" })).rejects.toMatchObject({ field: "productionSteady" });
    await changeSwitchingState(quality, row.id, row.version, { kind: "approve_reduced", productionSteady: true, note: "Stable for 4 months" });
    const reduced = await bookInspection(quality, lot({ partnerId, itemId: item, lotSize: 3200 }));
    expect(reduced.severity).toBe("reduced");
    expect((reduced.plans as Record<string, { sampleSize: number }>).major.sampleSize).toBe(samplingPlan({ lotSize: 3200, level: "II", aql: "2.5", severity: "reduced" }).sampleSize);
    const done = await recordFindings(quality, reduced.id, reduced.version, { defects: [{ defectTypeId: types["MA-DIM"], quantity: 30 }], measurements: [], notes: "" }, true);
    const { transition } = await signOffInspection(quality, reduced.id, done.version);
    expect(transition).toMatchObject({ from: "reduced", to: "normal" });
  });
});

describe("review fixes", () => {
  it("books a ship-notice line once per side: a second original inspection is a 409, a re-submitted lot is fine", async () => {
    const [line] = await database.db.select().from(shipNoticeLines).where(and(eq(shipNoticeLines.tenantId, quality.tenantId), eq(shipNoticeLines.partnerId, ids.sunrise))).limit(1);
    const input = lot({ shipNoticeLineId: line.id, partnerId: null, itemId: null, lotSize: null });
    // the demo already booked quality's receiving inspection of this line
    await expect(bookInspection(quality, input)).rejects.toMatchObject({ status: 409, field: "shipNoticeLineId" });
    expect((await bookInspection(quality, { ...input, resubmission: true })).resubmission).toBe(true);
    // the partner's own pre-shipment inspection of the same line is a different side
    const own = await bookInspection(sunrise, input);
    expect(own.kind).toBe("pre_shipment");
    await expect(bookInspection(sunrise, input)).rejects.toMatchObject({ status: 409 });
    // and the database says the same if the check is raced
    const race = asAppRole(database, { "app.tenant_id": quality.tenantId, "app.partner_id": "" }, (tx) =>
      tx.insert(inspections).values({ ...own, id: undefined, number: "INS-RACE", version: 1 }),
    );
    expect(pgErrorOf(await race.then(() => null, (e) => e)).code).toBe("23505");
  });

  it("records, but does not count, a lot inspected under another severity than the item is on now", async () => {
    const partnerId = ids.metro;
    const item = ids.glass;
    const first = await bookInspection(quality, lot({ partnerId, itemId: item }));
    const second = await bookInspection(quality, lot({ partnerId, itemId: item }));
    const third = await bookInspection(quality, lot({ partnerId, itemId: item }));
    const reject = async (b: typeof first) => {
      const d = await recordFindings(quality, b.id, b.version, { defects: [{ defectTypeId: types["MA-LEAK"], quantity: 99 }], measurements: [], notes: "" }, true);
      return signOffInspection(quality, b.id, d.version);
    };
    await reject(first);
    expect((await reject(second)).transition).toMatchObject({ to: "tightened" });
    // the third lot was booked on normal inspection: it must not count toward the tightened rules
    const d3 = await recordFindings(quality, third.id, third.version, { defects: [], measurements: [], notes: "" }, true);
    expect((await signOffInspection(quality, third.id, d3.version)).transition).toBeNull();
    const [row] = await database.db.select().from(switchingStates).where(and(eq(switchingStates.tenantId, quality.tenantId), eq(switchingStates.partnerId, partnerId), eq(switchingStates.itemId, item)));
    expect((row.state as { consecutiveAccepted: number }).consecutiveAccepted).toBe(0);
    const history = await getSwitchingState(quality, row.id);
    expect(history!.history[0]).toMatchObject({ event: "lot_not_counted", inspectionId: third.id });
  });

  it("lets a partner write its pre-shipment inspection only while open, never its verdict or sign-off (RLS)", async () => {
    const [submitted] = await database.db.select().from(inspections).where(and(eq(inspections.tenantId, quality.tenantId), eq(inspections.partnerId, ids.sunrise), eq(inspections.status, "submitted"))).limit(1);
    const settings = { "app.tenant_id": quality.tenantId, "app.partner_id": ids.sunrise };
    const changed = await asAppRole(database, settings, (tx) => tx.update(inspections).set({ finalVerdict: "accepted" }).where(eq(inspections.id, submitted.id)).returning());
    expect(changed).toHaveLength(0);
    const open = await bookInspection(sunrise, lot({ lotNumber: "RLS-OPEN" }));
    const signed = asAppRole(database, settings, (tx) => tx.update(inspections).set({ status: "signed_off", signedOffAt: new Date() }).where(eq(inspections.id, open.id)));
    await expect(signed).rejects.toThrow();
  });

  it("refuses a PNG whose dimensions would explode when decoded", async () => {
    const booked = await bookInspection(quality, lot({ lotNumber: "BOMB" }));
    const png = Buffer.from(makePng(8, 8));
    png.writeUInt32BE(12_000, 16);
    png.writeUInt32BE(12_000, 20);
    await expect(addPhoto(quality, booked.id, { bytes: png, fileName: "bomb.png", caption: "" })).rejects.toMatchObject({ status: 413, field: "photo" });
  });
});

describe("measures", () => {
  it("lot acceptance rate on first inspection and defects per million per partner and month, from the records", async () => {
    const from = new Date(Date.now() - 400 * 86_400_000);
    const to = new Date(Date.now() + 86_400_000);
    const rows = await inspectionMeasures(quality, { from, to }, ids.sunrise);
    // recompute from the raw rows: signed-off receiving inspections of Sunrise
    const raw = await rowsOf<{ resubmission: boolean; final_verdict: string; units_inspected: number; defects: number; period: string }>(
      database.db,
      sql`select i.resubmission, i.final_verdict, i.units_inspected, to_char(i.signed_off_at at time zone 'UTC', 'YYYY-MM') as period,
                 coalesce((select sum(quantity) from inspection_defects d where d.tenant_id = i.tenant_id and d.inspection_id = i.id), 0)::int as defects
          from inspections i where i.tenant_id = ${quality.tenantId} and i.partner_id = ${ids.sunrise} and i.kind = 'receiving' and i.status = 'signed_off'`,
    );
    expect(raw.length).toBeGreaterThan(10);
    for (const r of rows) {
      const inPeriod = raw.filter((x) => x.period === r.period);
      const first = inPeriod.filter((x) => !x.resubmission);
      expect(r.firstInspections).toBe(first.length);
      expect(r.acceptedFirst).toBe(first.filter((x) => x.final_verdict === "accepted").length);
      const units = inPeriod.reduce((s, x) => s + x.units_inspected, 0);
      const defects = inPeriod.reduce((s, x) => s + x.defects, 0);
      expect(r.defectsPerMillion).toBeCloseTo((defects / units) * 1e6, 6);
    }
    expect(rows.reduce((s, r) => s + r.firstInspections, 0)).toBe(raw.filter((x) => !x.resubmission).length);
    // the demo's two rejected bottle lots are in there
    expect(rows.reduce((s, r) => s + r.firstInspections - r.acceptedFirst, 0)).toBeGreaterThanOrEqual(2);
  });

  it("leaves a re-submitted lot out of the first-inspection rate", async () => {
    const from = new Date(Date.now() - 86_400_000);
    const to = new Date(Date.now() + 86_400_000);
    const before = await inspectionMeasures(quality, { from, to }, ids.sunrise);
    await inspectLot(quality, lot({ itemId: ids.sugar, resubmission: true }), { "MI-SCUFF": 1 });
    const after = await inspectionMeasures(quality, { from, to }, ids.sunrise);
    const sum = (rows: typeof before, k: "firstInspections" | "unitsInspected") => rows.reduce((s, r) => s + r[k], 0);
    expect(sum(after, "firstInspections")).toBe(sum(before, "firstInspections"));
    expect(sum(after, "unitsInspected")).toBeGreaterThan(sum(before, "unitsInspected"));
  });
});

describe("the report", () => {
  it("shows the lot, the plan per class, the findings, the photo and the verdict", async () => {
    const booked = await bookInspection(quality, lot({ lotNumber: "REPORT-LOT-7" }));
    await addPhoto(quality, booked.id, { bytes: makePng(40, 30), fileName: "neck.png", caption: "Neck crack close-up" });
    const done = await recordFindings(quality, booked.id, booked.version, { defects: [{ defectTypeId: types["MA-LEAK"], quantity: 99 }], measurements: [], notes: "" }, true);
    await signOffInspection(quality, booked.id, done.version);
    const found = (await getInspection(quality, booked.id))!;
    const pdf = (await renderInspectionReportPdf({ ...found, tenantName: quality.tenantName, photos: await photosForReport(quality, booked.id) }, { compress: false })).toString("latin1");
    expect(pdf.startsWith("%PDF")).toBe(true);
    // uncompressed pdfkit writes each text run as hex glyph codes: <...> Tj; decode them back
    const shown = (pdf.match(/<([0-9a-f]+)>/g) ?? []).map((r) => Buffer.from(r.slice(1, -1), "hex").toString("latin1")).join("");
    for (const text of ["INSPECTION REPORT", found.inspection.number, "REPORT-LOT-7", "MA-LEAK", "Neck crack close-up", "over Ac: reject", "REJECTED"]) expect(shown).toContain(text);
    expect(pdf).toMatch(/\/Subtype \/Image/);
  });
});
