// Demo AQL inspections, made through the same server functions quality staff and partners use (so
// plans, verdicts, switching state, history and audit are real), then back-dated over five months.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../app/server/db.server";
import {
  addDefectType,
  addPhoto,
  bookInspection,
  recordFindings,
  setItemOverride,
  signOffInspection,
} from "../app/server/inspections.server";
import { withoutMail } from "../app/server/mail.server";
import { withTenant } from "../app/server/tenant.server";
import { makePng } from "./demo-photo";
import { inspections, items, partners, shipNoticeLines, switchingEvents } from "./schema";
import { memberContext } from "./seed";

const CATALOGUE = [
  ["CR-CONTAM", "Foreign matter or contamination", "critical"],
  ["CR-SHARP", "Sharp edge or glass fragment", "critical"],
  ["MA-LEAK", "Leaks under pressure test", "major"],
  ["MA-DIM", "Neck finish out of tolerance", "major"],
  ["MA-PRINT", "Wrong or illegible print", "major"],
  ["MI-SCUFF", "Scuffs or scratches", "minor"],
  ["MI-COLOUR", "Colour variation", "minor"],
  ["MI-FLASH", "Moulding flash", "minor"],
] as const;

export async function seedInspections(db: Db) {
  await withoutMail(async () => {
    const quality = await memberContext(db, "quality@northwind.test", "northwind");
    const sunrise = await memberContext(db, "supplier@sunrise.test", "northwind");
    const coAdmin = await memberContext(db, "admin@contoso.test", "contoso");
    const types: Record<string, string> = {};
    for (const [code, name, defectClass] of CATALOGUE) types[code] = (await addDefectType(quality, { code, name, defectClass })).id;
    for (const [code, name, defectClass] of CATALOGUE.slice(0, 6)) await addDefectType(coAdmin, { code, name, defectClass });

    const nw = await withTenant({ tenantId: quality.tenantId, partnerId: null, userId: null }, async (tx) => ({
      partners: Object.fromEntries((await tx.select().from(partners).where(eq(partners.tenantId, quality.tenantId))).map((p) => [p.name, p.id])),
      items: Object.fromEntries((await tx.select().from(items).where(eq(items.tenantId, quality.tenantId))).map((i) => [i.code, i.id])),
    }));
    // glass is inspected more closely than the company default
    await setItemOverride(quality, { itemId: nw.items["PKG-GLASS-330"], level: "III", critical: "0.010", major: null, minor: null });

    const backdate = async (id: string, daysAgo: number) => {
      const at = sql`now() - make_interval(days => ${daysAgo})`;
      await db
        .update(inspections)
        .set({ createdAt: at, inspectedAt: at, signedOffAt: sql`case when signed_off_at is null then null else now() - make_interval(days => ${daysAgo}) end`, updatedAt: at })
        .where(and(eq(inspections.tenantId, quality.tenantId), eq(inspections.id, id)));
      await db.update(switchingEvents).set({ at }).where(and(eq(switchingEvents.tenantId, quality.tenantId), eq(switchingEvents.inspectionId, id)));
    };

    // Sunrise's lots over five months: closures and labels always pass; 500 ml bottles start
    // leaking, and the second rejection within five lots puts them on tightened inspection.
    const lots: [string, number, number, Record<string, number>][] = [
      ["PKG-CAP-28", 150, 50000, { "MA-DIM": 2, "MI-FLASH": 4 }],
      ["PKG-BTL-500", 140, 10000, { "MA-LEAK": 1, "MI-SCUFF": 3 }],
      ["PKG-LBL-OJ", 128, 20000, { "MI-COLOUR": 2 }],
      ["PKG-BTL-500", 112, 10000, { "MA-LEAK": 2 }],
      ["PKG-CAP-28", 100, 50000, { "MI-FLASH": 6 }],
      ["PKG-BTL-500", 86, 10000, { "MA-LEAK": 9, "MA-DIM": 4, "MI-SCUFF": 5 }],
      ["PKG-LBL-OJ", 70, 20000, { "MA-PRINT": 1 }],
      ["PKG-BTL-500", 58, 10000, { "MA-LEAK": 3 }],
      ["PKG-BTL-500", 41, 10000, { "MA-LEAK": 8, "MA-DIM": 6, "MI-SCUFF": 2 }],
      ["PKG-CAP-28", 30, 50000, { "MA-DIM": 1 }],
      ["PKG-BTL-500", 16, 10000, { "MA-LEAK": 1, "MI-SCUFF": 2 }],
      ["PKG-LBL-OJ", 9, 20000, {}],
    ];
    let n = 0;
    for (const [code, daysAgo, lotSize, found] of lots) {
      n++;
      const booked = await bookInspection(quality, {
        shipNoticeLineId: null,
        partnerId: nw.partners["Sunrise Packaging"],
        itemId: nw.items[code],
        lotSize,
        lotNumber: `SUN-${code.slice(4)}-${String(n).padStart(3, "0")}`,
        resubmission: false,
        notes: "",
      });
      const done = await recordFindings(
        quality,
        booked.id,
        booked.version,
        { defects: Object.entries(found).map(([t, quantity]) => ({ defectTypeId: types[t], quantity })), measurements: [], notes: "" },
        true,
      );
      await signOffInspection(quality, booked.id, done.version);
      await backdate(booked.id, daysAgo);
    }

    // Delta's filled orange juice, checked at release
    const juice = await bookInspection(quality, {
      shipNoticeLineId: null,
      partnerId: nw.partners["Delta Co-Packers"],
      itemId: nw.items["FG-OJ-1L"],
      lotSize: 24000,
      lotNumber: "DCP-OJ-2611",
      resubmission: false,
      notes: "Release check at Rotterdam.",
    });
    await addPhoto(quality, juice.id, { bytes: makePng(80, 60, [22, 163, 74]), fileName: "fill-level.png", caption: "Fill level, case 14" });
    const juiceDone = await recordFindings(quality, juice.id, juice.version, { defects: [{ defectTypeId: types["MI-COLOUR"], quantity: 1 }], measurements: [{ characteristic: "Fill volume", unit: "ml", minValue: "995", maxValue: "1010", value: "1002" }], notes: "" }, true);
    await signOffInspection(quality, juice.id, juiceDone.version);
    await backdate(juice.id, 12);

    // Contoso inspects its own Sunrise labels: nothing of this is visible in Northwind
    const co = await withTenant({ tenantId: coAdmin.tenantId, partnerId: null, userId: null }, async (tx) => ({
      partner: (await tx.select().from(partners).where(and(eq(partners.tenantId, coAdmin.tenantId), eq(partners.name, "Sunrise Packaging"))))[0].id,
      item: (await tx.select().from(items).where(and(eq(items.tenantId, coAdmin.tenantId), eq(items.code, "PKG-LBL-OJ"))))[0].id,
    }));
    const coLot = await bookInspection(coAdmin, { shipNoticeLineId: null, partnerId: co.partner, itemId: co.item, lotSize: 8000, lotNumber: "CO-SUN-LBL-77", resubmission: false, notes: "" });
    await addPhoto(coAdmin, coLot.id, { bytes: makePng(64, 64, [147, 51, 234]), fileName: "label.png", caption: "Label print sample" });
    const coDone = await recordFindings(coAdmin, coLot.id, coLot.version, { defects: [], measurements: [], notes: "" }, true);
    await signOffInspection(coAdmin, coLot.id, coDone.version);

    // a receiving inspection booked against Sunrise's latest ship-notice line, findings not yet in
    const [line] = await withTenant({ tenantId: quality.tenantId, partnerId: null, userId: null }, (tx) =>
      tx.select({ id: shipNoticeLines.id }).from(shipNoticeLines).where(and(eq(shipNoticeLines.tenantId, quality.tenantId), eq(shipNoticeLines.partnerId, nw.partners["Sunrise Packaging"]))).limit(1),
    );
    if (line) await bookInspection(quality, { shipNoticeLineId: line.id, partnerId: null, itemId: null, lotSize: null, lotNumber: "SUN-ASN-LOT-1", resubmission: false, notes: "Sample at goods-in, dock 3." });

    // Sunrise's own pre-shipment inspection of the next label lot, submitted and waiting for review
    const pre = await bookInspection(sunrise, {
      shipNoticeLineId: null,
      partnerId: sunrise.partnerId,
      itemId: nw.items["PKG-LBL-OJ"],
      lotSize: 24000,
      lotNumber: "SUN-LBL-OJ-PRE-014",
      resubmission: false,
      notes: "Pre-shipment check at the Leeds plant.",
    });
    await addPhoto(sunrise, pre.id, { bytes: makePng(96, 64, [234, 88, 12]), fileName: "label-roll-sample.png", caption: "Sample roll, colour check" });
    await recordFindings(
      sunrise,
      pre.id,
      pre.version,
      {
        defects: [{ defectTypeId: types["MI-COLOUR"], quantity: 3 }],
        measurements: [
          { characteristic: "Label height", unit: "mm", minValue: "119.5", maxValue: "120.5", value: "120.1" },
          { characteristic: "Adhesive coat weight", unit: "g/m²", minValue: "18", maxValue: "22", value: "22.4" },
        ],
        notes: "Slight colour drift on roll 7; within minor AQL.",
      },
      true,
    );
  });
}
