import { writeFileSync } from "node:fs";
import { lineTotal, poTotal } from "../../app/domain/po";
import {
  formatDecimal,
  pdfText,
  renderInspectionReportPdf,
  renderPackingListPdf,
  renderPurchaseOrderPdf,
  type InspectionReportPdfData,
  type PackingListPdfData,
  type PurchaseOrderPdfData,
} from "../../app/server/pdf.server";
import { makePng } from "../../drizzle/demo-photo";
import { embeddedImages } from "../helpers/pdf-images";

function purchaseOrder(lineCount: number, overrides: Partial<PurchaseOrderPdfData["po"]> = {}): PurchaseOrderPdfData {
  return {
    tenantName: "Northwind Foods",
    partnerName: "Sunrise Packaging Ltd",
    facilityName: "Northwind DC Rotterdam",
    facilityAddress: "Waalhaven Oostzijde 12",
    facilityCity: "Rotterdam",
    facilityCountry: "NL",
    po: {
      number: "PO-2024-0042",
      revision: 2,
      status: "confirmed",
      currency: "EUR",
      incoterms: "FCA Rotterdam",
      paymentTerms: "Net 30",
      orderType: "seasonal",
      priority: 2,
      notes: "Deliver on EUR pallets, max 1.6 m high.\nCall the dock 24 h ahead.",
      issuedAt: new Date("2024-05-02T09:30:00Z"),
      createdAt: new Date("2024-05-01T12:00:00Z"),
      ...overrides,
    },
    lines: Array.from({ length: lineCount }, (_, i) => ({
      line: {
        lineNo: i + 1,
        quantity: i === 0 ? "1250000.000" : `${(i + 1) * 10}.500`,
        uom: i % 3 === 0 ? "pcs" : "kg",
        unitPrice: `${i + 1}.1250`,
        requestedDate: "2024-06-15",
        committedDate: i % 2 === 0 ? "2024-06-20" : null,
        cancelled: i === 2,
      },
      itemCode: `ITEM-${String(i + 1).padStart(4, "0")}`,
      itemDescription:
        i % 5 === 0 ? "Corrugated shipping carton, double wall, 600 x 400 x 400 mm, printed two colours, with handle holes" : `Label roll ${i + 1}`,
    })),
  };
}

const packingList: PackingListPdfData = {
  notice: {
    number: "ASN-000731",
    trackingNumber: "FF-99120034",
    readyDate: "2024-06-18",
    pickupWindow: "08:00-12:00",
    packages: 14,
    grossWeightKg: "1234.50",
  },
  shipperName: "Sunrise Packaging Ltd",
  carrierName: "FastFreight BV",
  shipTo: "Northwind DC Rotterdam, Waalhaven Oostzijde 12, Rotterdam, NL",
  lines: [
    ...Array.from({ length: 50 }, (_, i) => ({ poNumber: "PO-2024-0042", lineNo: i + 1, itemCode: `ITEM-${i + 1}`, itemDescription: `Carton ${i + 1}`, uom: "pcs", quantity: "100.000" })),
    ...Array.from({ length: 30 }, (_, i) => ({ poNumber: "PO-2024-0043", lineNo: i + 1, itemCode: `LBL-${i + 1}`, itemDescription: "Label roll", uom: "kg", quantity: "12.500" })),
  ],
};

const text = (pdf: Buffer) => pdf.toString("latin1");
const pageCount = (pdf: Buffer) => (text(pdf).match(/\/Type \/Page\b(?!s)/g) ?? []).length;
// uncompressed pdfkit writes each run as hex glyph codes: <...> Tj / TJ; decode them back to text
function shownText(pdf: Buffer): string {
  const runs = text(pdf).match(/<([0-9a-f]+)>/g) ?? [];
  return runs.map((r) => Buffer.from(r.slice(1, -1), "hex").toString("latin1")).join("");
}

describe("purchase order PDF", () => {
  it("renders a short order on one page with its stamp, number and total", async () => {
    const data = purchaseOrder(3);
    const pdf = await renderPurchaseOrderPdf(data, { compress: false });
    expect(text(pdf).startsWith("%PDF-")).toBe(true);
    expect(pageCount(pdf)).toBe(1);
    const shown = shownText(pdf);
    expect(shown).toContain("PO-2024-0042");
    expect(shown).toContain("Revision 2");
    expect(shown).toContain("CONFIRMED");
    expect(shown).toContain("Northwind Foods");
    expect(shown).toContain("FCA Rotterdam");
    expect(shown).toContain("(CANCELLED)"); // line 3 is cancelled
    expect(shown).toContain("Page 1 of 1");
    // line 1: 1,250,000 x 1.125 = 1,406,250.00; line 2: 20.5 x 2.125 = 43.5625; cancelled line 3 is left out
    expect(lineTotal("1250000.000", "1.1250")).toBe("1406250.00");
    expect(shown).toContain("1,406,250.00");
    const total = poTotal(data.lines.map((l) => l.line));
    expect(total).toBe("1406293.56");
    expect(shown).toContain("1,406,293.56");
    expect(shown).toContain("Total (EUR)");
  });

  it("breaks 80 lines over several pages, repeating the table header and numbering the pages", async () => {
    const pdf = await renderPurchaseOrderPdf(purchaseOrder(80), { compress: false });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const shown = shownText(pdf);
    expect(shown).toContain(`Page ${pages} of ${pages}`);
    expect(shown.split("LINE TOTAL").length - 1).toBe(pages);
    expect(shown).toContain("ITEM-0080");
    if (process.env.PDF_OUT) writeFileSync(`${process.env.PDF_OUT}/po.pdf`, await renderPurchaseOrderPdf(purchaseOrder(80)));
  });

  it("stamps the status label", async () => {
    for (const [status, stamp] of [
      ["draft", "DRAFT"],
      ["cancelled", "CANCELLED"],
      ["partially_received", "PARTIALLY RECEIVED"],
    ]) {
      const shown = shownText(await renderPurchaseOrderPdf(purchaseOrder(1, { status, cancelReason: "Season moved" }), { compress: false }));
      expect(shown).toContain(stamp);
    }
  });

  it("compresses by default", async () => {
    const pdf = await renderPurchaseOrderPdf(purchaseOrder(3));
    expect(text(pdf).startsWith("%PDF-")).toBe(true);
    expect(text(pdf)).toContain("/FlateDecode");
  });
});

describe("packing list PDF", () => {
  it("groups lines by purchase order over pages and ends with signature boxes", async () => {
    const pdf = await renderPackingListPdf(packingList, { compress: false });
    expect(text(pdf).startsWith("%PDF-")).toBe(true);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const shown = shownText(pdf);
    expect(shown).toContain("Ship notice ASN-000731");
    expect(shown).toContain("Purchase order PO-2024-0042");
    expect(shown).toContain("Purchase order PO-2024-0043");
    expect(shown).toContain("FF-99120034");
    expect(shown).toContain("1,234.5 kg");
    expect(shown).toContain("FastFreight BV");
    expect(shown).toContain("RECEIVED BY");
    expect(shown).toContain(`Page ${pages} of ${pages}`);
    if (process.env.PDF_OUT) writeFileSync(`${process.env.PDF_OUT}/packing.pdf`, await renderPackingListPdf(packingList));
  });
});

function inspectionReport(photos: InspectionReportPdfData["photos"]): InspectionReportPdfData {
  return {
    tenantName: "Northwind Foods",
    partnerName: "Sunrise Packaging Ltd",
    itemCode: "PKG-LBL-OJ",
    itemDescription: "Orange juice label",
    itemUom: "pcs",
    shipNoticeNumber: null,
    poNumber: null,
    poLineNo: null,
    inspection: {
      number: "INS-0007",
      kind: "pre_shipment",
      status: "booked",
      lotNumber: "LOT-7",
      lotSize: 5000,
      level: "II",
      severity: "normal",
      resubmission: false,
      unitsInspected: null,
      notes: "",
      computedVerdict: null,
      finalVerdict: null,
      overrideReason: null,
      inspectorName: null,
      inspectedAt: null,
      signedOffName: null,
      signedOffAt: null,
      createdAt: new Date("2024-05-01T12:00:00Z"),
    },
    plans: {},
    defects: [],
    catalogue: [],
    measurements: [],
    photos,
  };
}

describe("inspection report PDF", () => {
  it("draws report-sized thumbnails and never embeds a larger picture (an original)", async () => {
    // a 2,000-pixel original handed to the renderer is shown as not available instead of decoded
    const pdf = await renderInspectionReportPdf(
      inspectionReport([
        { caption: "thumbnail", bytes: makePng(200, 150) },
        { caption: "original", bytes: makePng(2000, 1500) },
        { caption: "missing", bytes: null },
      ]),
      { compress: false },
    );
    expect(embeddedImages(pdf)).toEqual([[200, 150]]);
    const shown = shownText(pdf);
    expect(shown).toContain("thumbnail");
    expect(shown.split("Photo not available").length - 1).toBe(2);
  });
});

describe("PDF text helpers", () => {
  it("formats exact decimals with thousands separators", () => {
    expect(formatDecimal("1234567.5000", 2)).toBe("1,234,567.50");
    expect(formatDecimal("100.000")).toBe("100");
    expect(formatDecimal("0.1250", 2)).toBe("0.125");
    expect(formatDecimal("-12.00", 2)).toBe("-12.00");
  });

  it("keeps what the built-in fonts can draw and replaces the rest", () => {
    expect(pdfText("Zürich – “quoted” €5")).toBe("Zürich – “quoted” €5");
    expect(pdfText("Łódź Straße")).toBe("?ódz Straße");
    expect(pdfText("東京")).toBe("??");
  });
});
