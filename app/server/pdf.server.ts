// PDF documents: the purchase order, the ship notice's packing list and the inspection report.
// pdfkit with its built-in Helvetica (no font files, nothing fetched at run time). Pages are buffered so
// every page can carry "Page x of y" and a running header once the page count is known.
import PDFDocument from "pdfkit";
import { isReportThumbnail } from "../domain/image-type";
import { lineTotal, PO_STATUS_LABELS, poTotal, type PoStatus } from "../domain/po";

export interface PdfOptions {
  /** false leaves content streams readable (tests search the text); default true */
  compress?: boolean;
}

/** What a PO PDF needs; getPurchaseOrder's result plus the tenant's name satisfies it. */
export interface PurchaseOrderPdfData {
  tenantName: string;
  po: {
    number: string;
    revision: number;
    status: string;
    currency: string;
    incoterms: string;
    paymentTerms: string;
    orderType: string;
    priority: number;
    notes: string;
    issuedAt: Date | string | null;
    createdAt: Date | string;
    cancelReason?: string | null;
  };
  partnerName: string;
  facilityName: string | null;
  facilityAddress: string | null;
  facilityCity: string | null;
  facilityCountry: string | null;
  lines: {
    line: {
      lineNo: number;
      quantity: string;
      uom: string;
      unitPrice: string;
      requestedDate: string;
      committedDate: string | null;
      cancelled: boolean;
    };
    itemCode: string;
    itemDescription: string;
  }[];
}

/** What a packing list needs; getShipNotice's result satisfies it. */
export interface PackingListPdfData {
  notice: {
    number: string;
    trackingNumber: string;
    readyDate: string;
    pickupWindow: string;
    packages: number;
    grossWeightKg: string;
  };
  shipperName: string;
  carrierName: string;
  shipTo: string;
  lines: { poNumber: string; lineNo: number; itemCode: string; itemDescription: string; uom: string; quantity: string }[];
}

type Doc = PDFKit.PDFDocument;

const MARGIN = 40;
const TOP = 62; // room for the running header on continuation pages
const BOTTOM = 52; // room for the footer
const INK = "#111827";
const MUTED = "#6b7280";
const RULE = "#d1d5db";
const SHADE = "#f3f4f6";

// ---------- text helpers ----------

// Characters the standard fonts can draw beyond Latin-1 (pdfkit's WinAnsi map).
const WIN_ANSI_EXTRA = new Set([402, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230, 8364, 8240, 8249, 8250, 710, 8482, 338, 339, 732, 352, 353, 376, 381, 382]);

/** The built-in fonts are WinAnsi only: strip accents the font lacks, replace what it cannot draw. */
export function pdfText(value: string | null | undefined): string {
  if (!value) return "";
  let out = "";
  for (const ch of value.replace(/\r\n?/g, "\n")) {
    const c = ch.codePointAt(0)!;
    if (c === 10 || (c >= 32 && c < 127) || (c >= 160 && c <= 255) || WIN_ANSI_EXTRA.has(c)) out += ch;
    else if (c === 9) out += " ";
    else {
      const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += base && [...base].every((b) => b.codePointAt(0)! < 256) ? base : "?";
    }
  }
  return out;
}

/** "1234567.5000" -> "1,234,567.50": exact (string based), at least `minDecimals`, trailing zeros dropped. */
export function formatDecimal(value: string, minDecimals = 0): string {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  let frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, "0");
  const int = m[2].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${m[1] ?? ""}${int}${frac ? "." + frac : ""}`;
}

function isoDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value.slice(0, 10);
}

function statusLabel(status: string): string {
  return PO_STATUS_LABELS[status as PoStatus] ?? status.replace(/_/g, " ");
}

function stampColor(status: string): string {
  if (status === "cancelled" || status === "rejected") return "#b91c1c";
  if (status === "draft") return "#6b7280";
  if (["confirmed", "acknowledged", "received", "closed"].includes(status)) return "#15803d";
  return "#1d4ed8";
}

/** A file name safe inside a quoted Content-Disposition header (numbers are user-typed). */
export function pdfFileName(stem: string): string {
  const safe = stem.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 120);
  return `${safe || "document"}.pdf`;
}

// ---------- document plumbing ----------

function newDocument(title: string, author: string, options: PdfOptions): Doc {
  return new PDFDocument({
    size: "A4",
    margins: { top: TOP, bottom: BOTTOM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: options.compress ?? true,
    info: { Title: pdfText(title), Author: pdfText(author), Creator: "Supplier portal" },
  });
}

function toBuffer(doc: Doc, draw: () => void): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      draw();
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}

const contentWidth = (doc: Doc) => doc.page.width - MARGIN * 2;
const bottomLimit = (doc: Doc) => doc.page.height - BOTTOM;

/** The text cut to fit one line of `width` in the current font ("..." marks the cut). */
function truncate(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut && doc.widthOfString(cut + "...") > width) cut = cut.slice(0, -1);
  return cut.trimEnd() + "...";
}

/** The largest font size, from `size` down to `min`, at which the text fits on one line of `width`. */
function fitSize(doc: Doc, text: string, width: number, size: number, min = 5.5): number {
  let s = size;
  while (s > min && doc.fontSize(s).widthOfString(text) > width) s -= 0.5;
  return s;
}

/** Writes outside the margins (header and footer) without pdfkit starting a new page. */
function inMargins(doc: Doc, draw: () => void) {
  const { top, bottom } = doc.page.margins;
  doc.page.margins.top = 0;
  doc.page.margins.bottom = 0;
  draw();
  doc.page.margins.top = top;
  doc.page.margins.bottom = bottom;
}

/** Every page: footer with "Page x of y"; pages after the first: a running header naming the document. */
function finishPages(doc: Doc, runningHeader: string, footerLeft: string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    inMargins(doc, () => {
      const w = contentWidth(doc);
      const y = doc.page.height - 36;
      doc.moveTo(MARGIN, y - 6).lineTo(MARGIN + w, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
      doc.font("Helvetica").fontSize(8).fillColor(MUTED);
      doc.text(truncate(doc, pdfText(footerLeft), w * 0.7 - 10), MARGIN, y, { width: w * 0.7, lineBreak: false });
      doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN + w * 0.7, y, { width: w * 0.3, align: "right", lineBreak: false });
      if (i > range.start) {
        doc.font("Helvetica-Bold").fontSize(9).fillColor(INK);
        doc.text(truncate(doc, pdfText(runningHeader), w), MARGIN, 30, { width: w, lineBreak: false });
        doc.moveTo(MARGIN, 44).lineTo(MARGIN + w, 44).lineWidth(0.5).strokeColor(RULE).stroke();
      }
    });
  }
}

interface Column {
  label: string;
  width: number;
  align?: "left" | "right" | "center";
}

function columnXs(columns: Column[]): number[] {
  const xs: number[] = [];
  let x = MARGIN;
  for (const c of columns) {
    xs.push(x);
    x += c.width;
  }
  return xs;
}

const CELL_PAD = 4;
const TABLE_FONT = 8;

function drawTableHeader(doc: Doc, columns: Column[], y: number): number {
  const xs = columnXs(columns);
  const h = 16;
  doc.rect(MARGIN, y, contentWidth(doc), h).fillColor("#e5e7eb").fill();
  doc.font("Helvetica-Bold").fontSize(TABLE_FONT - 0.5).fillColor(INK);
  columns.forEach((c, i) => {
    doc.text(c.label.toUpperCase(), xs[i] + CELL_PAD, y + 5, { width: c.width - CELL_PAD * 2, align: c.align ?? "left", lineBreak: false });
  });
  return y + h;
}

/** A labelled block of lines ("Buyer", "Ship to", ...); returns the y below it. */
function drawBlock(doc: Doc, label: string, lines: string[], x: number, y: number, width: number): number {
  doc.font("Helvetica-Bold").fontSize(7.5).fillColor(MUTED).text(label.toUpperCase(), x, y, { width, characterSpacing: 0.4 });
  let cy = y + 11;
  lines.forEach((line, i) => {
    if (!line) return;
    doc.font(i === 0 ? "Helvetica-Bold" : "Helvetica").fontSize(i === 0 ? 10 : 9).fillColor(INK);
    doc.text(pdfText(line), x, cy, { width });
    cy = doc.y + 1;
  });
  return cy;
}

/** A row of label/value pairs in equal cells; returns the y below it. */
function drawFacts(doc: Doc, facts: [string, string][], y: number): number {
  const w = contentWidth(doc) / facts.length;
  let bottom = y;
  facts.forEach(([label, value], i) => {
    const x = MARGIN + i * w;
    doc.font("Helvetica-Bold").fontSize(7).fillColor(MUTED).text(label.toUpperCase(), x + 6, y + 6, { width: w - 12, characterSpacing: 0.3 });
    doc.font("Helvetica").fontSize(9).fillColor(INK).text(pdfText(value) || "-", x + 6, y + 17, { width: w - 12 });
    bottom = Math.max(bottom, doc.y + 6);
  });
  doc.rect(MARGIN, y, contentWidth(doc), bottom - y).lineWidth(0.5).strokeColor(RULE).stroke();
  for (let i = 1; i < facts.length; i++) {
    doc.moveTo(MARGIN + i * w, y).lineTo(MARGIN + i * w, bottom).stroke();
  }
  return bottom;
}

/** The status stamp: the label in a rotated box, as a rubber stamp would leave it. */
function drawStamp(doc: Doc, label: string, color: string, centerX: number, centerY: number) {
  const text = label.toUpperCase();
  const boxW = 190;
  doc.font("Helvetica-Bold");
  let size = 24;
  while (size > 10 && doc.fontSize(size).widthOfString(text, { characterSpacing: 1 }) > boxW - 20) size -= 1;
  const boxH = size + 16;
  doc.save();
  doc.rotate(-8, { origin: [centerX, centerY] });
  doc.opacity(0.85);
  doc.lineWidth(2.5).strokeColor(color).rect(centerX - boxW / 2, centerY - boxH / 2, boxW, boxH).stroke();
  doc.lineWidth(0.8).rect(centerX - boxW / 2 + 4, centerY - boxH / 2 + 4, boxW - 8, boxH - 8).stroke();
  doc.fillColor(color).fontSize(size);
  doc.text(text, centerX - boxW / 2, centerY - size * 0.36, { width: boxW, align: "center", lineBreak: false, characterSpacing: 1 });
  doc.restore();
  doc.opacity(1);
}

// ---------- purchase order ----------

const PO_COLUMNS: Column[] = [
  { label: "Line", width: 30 },
  { label: "Item", width: 162 },
  { label: "Quantity", width: 62, align: "right" },
  { label: "Unit price", width: 58, align: "right" },
  { label: "Line total", width: 69, align: "right" },
  { label: "Requested", width: 69, align: "center" },
  { label: "Committed", width: 65, align: "center" },
];

export function renderPurchaseOrderPdf(data: PurchaseOrderPdfData, options: PdfOptions = {}): Promise<Buffer> {
  const { po } = data;
  const rev = `revision ${po.revision}`;
  const doc = newDocument(`Purchase order ${po.number} ${rev}`, data.tenantName, options);
  return toBuffer(doc, () => {
    const w = contentWidth(doc);
    const status = statusLabel(po.status);

    // title and stamp
    doc.font("Helvetica-Bold").fontSize(20).fillColor(INK).text("PURCHASE ORDER", MARGIN, 40, { width: w - 220 });
    doc.font("Helvetica-Bold").fontSize(13).text(pdfText(`${po.number}`), MARGIN, 66, { width: w - 220 });
    doc.font("Helvetica").fontSize(10).fillColor(MUTED).text(`Revision ${po.revision}`, MARGIN, doc.y + 1, { width: w - 220 });
    const dates = [po.issuedAt ? `Issued ${isoDate(po.issuedAt)}` : `Created ${isoDate(po.createdAt)}`];
    doc.text(dates.join(" · "), MARGIN, doc.y + 1, { width: w - 220 });
    drawStamp(doc, status, stampColor(po.status), MARGIN + w - 100, 66);
    let y = Math.max(doc.y, 96) + 18;
    if (po.status === "cancelled" && po.cancelReason) {
      doc.font("Helvetica-Oblique").fontSize(9).fillColor(stampColor("cancelled"));
      doc.text(pdfText(`Cancelled: ${po.cancelReason}`), MARGIN, y, { width: w });
      y = doc.y + 8;
    }

    // parties
    const colW = (w - 20) / 3;
    const shipTo = [data.facilityName ?? "", data.facilityAddress ?? "", [data.facilityCity, data.facilityCountry].filter(Boolean).join(", ")];
    const partiesBottom = Math.max(
      drawBlock(doc, "Buyer", [data.tenantName], MARGIN, y, colW),
      drawBlock(doc, "Supplier", [data.partnerName], MARGIN + colW + 10, y, colW),
      drawBlock(doc, "Ship to", shipTo.some(Boolean) ? shipTo : ["-"], MARGIN + (colW + 10) * 2, y, colW),
    );
    y = partiesBottom + 12;

    // terms
    y = drawFacts(
      doc,
      [
        ["Order type", po.orderType.charAt(0).toUpperCase() + po.orderType.slice(1)],
        ["Priority", String(po.priority)],
        ["Incoterms", po.incoterms],
        ["Payment terms", po.paymentTerms],
        ["Currency", po.currency],
      ],
      y,
    );
    y += 16;

    // lines
    const xs = columnXs(PO_COLUMNS);
    const continuing = () => {
      doc.addPage();
      return drawTableHeader(doc, PO_COLUMNS, TOP);
    };
    if (y + 16 + 30 > bottomLimit(doc)) y = TOP;
    y = drawTableHeader(doc, PO_COLUMNS, y);
    data.lines.forEach(({ line, itemCode, itemDescription }, index) => {
      const itemW = PO_COLUMNS[1].width - CELL_PAD * 2;
      const code = pdfText(itemCode) + (line.cancelled ? "  (CANCELLED)" : "");
      doc.font("Helvetica-Bold").fontSize(TABLE_FONT);
      const codeH = doc.heightOfString(code, { width: itemW });
      doc.font("Helvetica").fontSize(TABLE_FONT - 0.5);
      const descH = itemDescription ? doc.heightOfString(pdfText(itemDescription), { width: itemW }) : 0;
      const qty = `${formatDecimal(line.quantity)} ${pdfText(line.uom)}`;
      const unitPrice = formatDecimal(line.unitPrice, 2);
      const total = formatDecimal(lineTotal(line.quantity, line.unitPrice), 2);
      // a long quantity or amount is set smaller to stay on one line inside its column
      doc.font("Helvetica");
      const figureSizes = [qty, unitPrice, total].map((t, i) => fitSize(doc, t, PO_COLUMNS[i + 2].width - CELL_PAD * 2, TABLE_FONT));
      const figuresH = Math.max(...[qty, unitPrice, total].map((t, i) => doc.fontSize(figureSizes[i]).heightOfString(t, { width: PO_COLUMNS[i + 2].width - CELL_PAD * 2 })));
      const rowH = Math.max(codeH + descH, figuresH, 10) + CELL_PAD * 2;
      if (y + rowH > bottomLimit(doc)) y = continuing();
      if (index % 2 === 1) doc.rect(MARGIN, y, w, rowH).fillColor(SHADE).fill();
      const color = line.cancelled ? MUTED : INK;
      const ty = y + CELL_PAD;
      const cell = (i: number, text: string, size = TABLE_FONT) => {
        doc.font("Helvetica").fontSize(size).fillColor(color);
        doc.text(text, xs[i] + CELL_PAD, ty, { width: PO_COLUMNS[i].width - CELL_PAD * 2, align: PO_COLUMNS[i].align ?? "left" });
      };
      cell(0, String(line.lineNo));
      doc.font("Helvetica-Bold").fontSize(TABLE_FONT).fillColor(line.cancelled ? stampColor("cancelled") : INK);
      doc.text(code, xs[1] + CELL_PAD, ty, { width: itemW });
      if (itemDescription) {
        doc.font("Helvetica").fontSize(TABLE_FONT - 0.5).fillColor(line.cancelled ? MUTED : "#374151");
        doc.text(pdfText(itemDescription), xs[1] + CELL_PAD, ty + codeH, { width: itemW });
      }
      cell(2, qty, figureSizes[0]);
      cell(3, unitPrice, figureSizes[1]);
      cell(4, total, figureSizes[2]);
      cell(5, isoDate(line.requestedDate));
      cell(6, line.committedDate ? isoDate(line.committedDate) : "-");
      if (line.cancelled) {
        // strike the figures through: they are not part of the order any more
        const sy = ty + 4;
        doc.moveTo(xs[2] + CELL_PAD, sy).lineTo(xs[5] - CELL_PAD, sy).lineWidth(0.6).strokeColor(MUTED).stroke();
      }
      y += rowH;
      doc.moveTo(MARGIN, y).lineTo(MARGIN + w, y).lineWidth(0.4).strokeColor(RULE).stroke();
    });
    if (data.lines.length === 0) {
      doc.font("Helvetica-Oblique").fontSize(9).fillColor(MUTED).text("This order has no lines.", MARGIN + CELL_PAD, y + 6, { width: w });
      y = doc.y + 6;
    }

    // totals
    const cancelled = data.lines.filter((l) => l.line.cancelled).length;
    const totalsH = 44;
    if (y + 10 + totalsH > bottomLimit(doc)) {
      doc.addPage();
      y = TOP;
    }
    y += 10;
    const boxW = 230;
    const boxX = MARGIN + w - boxW;
    doc.rect(boxX, y, boxW, 26).fillColor(SHADE).fill();
    doc.font("Helvetica-Bold").fontSize(10).fillColor(INK);
    doc.text(`Total (${pdfText(po.currency)})`, boxX + 8, y + 8, { width: 90, lineBreak: false });
    const grandTotal = formatDecimal(poTotal(data.lines.map((l) => l.line)), 2);
    doc.fontSize(fitSize(doc, grandTotal, boxW - 108, 10));
    doc.text(grandTotal, boxX + 100, y + 8, { width: boxW - 108, align: "right", lineBreak: false });
    doc.font("Helvetica").fontSize(8).fillColor(MUTED);
    const count = `${data.lines.length} line${data.lines.length === 1 ? "" : "s"}${cancelled ? `, ${cancelled} cancelled (not in the total)` : ""}`;
    doc.text(count, MARGIN, y + 9, { width: w - boxW - 10 });
    y += totalsH;

    // notes
    if (po.notes.trim()) {
      const notes = pdfText(po.notes.trim());
      doc.font("Helvetica").fontSize(9);
      const h = doc.heightOfString(notes, { width: w }) + 14;
      if (y + Math.min(h, 60) > bottomLimit(doc)) {
        doc.addPage();
        y = TOP;
      }
      doc.font("Helvetica-Bold").fontSize(7.5).fillColor(MUTED).text("NOTES", MARGIN, y, { width: w, characterSpacing: 0.4 });
      // long notes flow onto further pages by themselves
      doc.font("Helvetica").fontSize(9).fillColor(INK).text(notes, MARGIN, doc.y + 3, { width: w });
    }

    finishPages(doc, `Purchase order ${pdfText(po.number)} · revision ${po.revision} · ${status} · ${pdfText(data.tenantName)}`, `${po.number} rev ${po.revision} · ${data.tenantName} to ${data.partnerName}`);
  });
}

// ---------- packing list ----------

const PACKING_COLUMNS: Column[] = [
  { label: "Line", width: 36 },
  { label: "Item", width: 105 },
  { label: "Description", width: 222 },
  { label: "Quantity", width: 100, align: "right" },
  { label: "Checked", width: 52, align: "center" },
];

export function renderPackingListPdf(data: PackingListPdfData, options: PdfOptions = {}): Promise<Buffer> {
  const { notice } = data;
  const doc = newDocument(`Packing list ${notice.number}`, data.shipperName, options);
  return toBuffer(doc, () => {
    const w = contentWidth(doc);

    doc.font("Helvetica-Bold").fontSize(20).fillColor(INK).text("PACKING LIST", MARGIN, 40, { width: w });
    doc.font("Helvetica-Bold").fontSize(13).text(`Ship notice ${pdfText(notice.number)}`, MARGIN, 66, { width: w });
    let y = doc.y + 14;

    const colW = (w - 20) / 3;
    y =
      Math.max(
        drawBlock(doc, "Shipper", [data.shipperName], MARGIN, y, colW),
        drawBlock(doc, "Carrier", [data.carrierName], MARGIN + colW + 10, y, colW),
        drawBlock(doc, "Ship to", data.shipTo.split(", ").length > 1 ? [data.shipTo.split(", ")[0], data.shipTo.split(", ").slice(1).join(", ")] : [data.shipTo], MARGIN + (colW + 10) * 2, y, colW),
      ) + 12;

    y = drawFacts(
      doc,
      [
        ["Ready for pickup", isoDate(notice.readyDate)],
        ["Pickup window", notice.pickupWindow],
        ["Tracking number", notice.trackingNumber],
        ["Packages", String(notice.packages)],
        ["Gross weight", `${formatDecimal(notice.grossWeightKg)} kg`],
      ],
      y,
    );
    y += 16;

    // lines, grouped by purchase order
    const groups = new Map<string, PackingListPdfData["lines"]>();
    for (const line of data.lines) {
      const group = groups.get(line.poNumber) ?? [];
      group.push(line);
      groups.set(line.poNumber, group);
    }
    const xs = columnXs(PACKING_COLUMNS);
    const groupHeader = (poNumber: string, continued: boolean) => {
      doc.rect(MARGIN, y, w, 16).fillColor(SHADE).fill();
      doc.font("Helvetica-Bold").fontSize(8.5).fillColor(INK);
      doc.text(`Purchase order ${pdfText(poNumber)}${continued ? " (continued)" : ""}`, MARGIN + CELL_PAD, y + 4.5, { width: w - CELL_PAD * 2, lineBreak: false });
      y += 16;
    };
    if (y + 16 + 16 + 20 > bottomLimit(doc)) {
      doc.addPage();
      y = TOP;
    }
    y = drawTableHeader(doc, PACKING_COLUMNS, y);
    for (const [poNumber, lines] of groups) {
      if (y + 16 + 20 > bottomLimit(doc)) {
        doc.addPage();
        y = drawTableHeader(doc, PACKING_COLUMNS, TOP);
      }
      groupHeader(poNumber, false);
      for (const line of lines) {
        doc.font("Helvetica").fontSize(TABLE_FONT);
        const descH = doc.heightOfString(pdfText(line.itemDescription) || "-", { width: PACKING_COLUMNS[2].width - CELL_PAD * 2 });
        const codeH = doc.font("Helvetica-Bold").heightOfString(pdfText(line.itemCode), { width: PACKING_COLUMNS[1].width - CELL_PAD * 2 });
        const rowH = Math.max(descH, codeH, 10) + CELL_PAD * 2;
        if (y + rowH > bottomLimit(doc)) {
          doc.addPage();
          y = drawTableHeader(doc, PACKING_COLUMNS, TOP);
          groupHeader(poNumber, true);
        }
        const ty = y + CELL_PAD;
        const cell = (i: number, text: string, size = TABLE_FONT, font = "Helvetica") => {
          doc.font(font).fontSize(size).fillColor(INK);
          doc.text(text, xs[i] + CELL_PAD, ty, { width: PACKING_COLUMNS[i].width - CELL_PAD * 2, align: PACKING_COLUMNS[i].align ?? "left" });
        };
        cell(0, String(line.lineNo));
        cell(1, pdfText(line.itemCode), TABLE_FONT, "Helvetica-Bold");
        cell(2, pdfText(line.itemDescription) || "-");
        const qty = `${formatDecimal(line.quantity)} ${pdfText(line.uom)}`;
        doc.font("Helvetica");
        cell(3, qty, fitSize(doc, qty, PACKING_COLUMNS[3].width - CELL_PAD * 2, TABLE_FONT));
        const box = 8;
        doc.rect(xs[4] + (PACKING_COLUMNS[4].width - box) / 2, ty - 1, box, box).lineWidth(0.6).strokeColor(MUTED).stroke();
        y += rowH;
        doc.moveTo(MARGIN, y).lineTo(MARGIN + w, y).lineWidth(0.4).strokeColor(RULE).stroke();
      }
    }
    if (data.lines.length === 0) {
      doc.font("Helvetica-Oblique").fontSize(9).fillColor(MUTED).text("This ship notice has no lines.", MARGIN + CELL_PAD, y + 6, { width: w });
      y = doc.y;
    }
    y += 8;
    doc.font("Helvetica").fontSize(8).fillColor(MUTED);
    doc.text(`${data.lines.length} line${data.lines.length === 1 ? "" : "s"} from ${groups.size} purchase order${groups.size === 1 ? "" : "s"}`, MARGIN, y, { width: w });
    y = doc.y + 16;

    // signatures
    const sigH = 96;
    if (y + sigH > bottomLimit(doc)) {
      doc.addPage();
      y = TOP;
    }
    const gap = 12;
    const sigW = (w - gap * 2) / 3;
    const parties: [string, string][] = [
      ["Shipped by", data.shipperName],
      ["Picked up by", data.carrierName],
      ["Received by", "Consignee"],
    ];
    parties.forEach(([label, who], i) => {
      const x = MARGIN + i * (sigW + gap);
      doc.rect(x, y, sigW, sigH).lineWidth(0.6).strokeColor("#9ca3af").stroke();
      doc.font("Helvetica-Bold").fontSize(8).fillColor(INK).text(label.toUpperCase(), x + 8, y + 8, { width: sigW - 16, lineBreak: false, characterSpacing: 0.3 });
      doc.font("Helvetica").fontSize(8).fillColor(MUTED);
      doc.text(truncate(doc, pdfText(who), sigW - 16), x + 8, y + 19, { width: sigW - 16, lineBreak: false });
      ["Name", "Signature", "Date"].forEach((field, j) => {
        const ly = y + 46 + j * 17;
        doc.font("Helvetica").fontSize(7).fillColor(MUTED).text(field, x + 8, ly - 7, { width: 50, lineBreak: false });
        doc.moveTo(x + 52, ly).lineTo(x + sigW - 8, ly).lineWidth(0.5).strokeColor(RULE).stroke();
      });
    });

    finishPages(doc, `Packing list · ship notice ${pdfText(notice.number)} · ${pdfText(data.shipperName)}`, `Ship notice ${notice.number} · ${data.shipperName} via ${data.carrierName}`);
  });
}

// ---------- inspection report ----------

/** What an inspection report needs; getInspection's result, the tenant's name and the photos satisfy it. */
export interface InspectionReportPdfData {
  tenantName: string;
  inspection: {
    number: string;
    kind: string;
    status: string;
    lotNumber: string;
    lotSize: number;
    level: string;
    severity: string;
    resubmission: boolean;
    unitsInspected: number | null;
    notes: string;
    computedVerdict: string | null;
    finalVerdict: string | null;
    overrideReason: string | null;
    inspectorName: string | null;
    inspectedAt: Date | string | null;
    signedOffName: string | null;
    signedOffAt: Date | string | null;
    createdAt: Date | string;
  };
  partnerName: string;
  itemCode: string;
  itemDescription: string;
  itemUom: string;
  shipNoticeNumber: string | null;
  poNumber: string | null;
  poLineNo: number | null;
  plans: Partial<Record<"critical" | "major" | "minor", { aql: string; codeLetter: string; planCodeLetter: string; sampleSize: number; acceptance: number; rejection: number; inspectAll: boolean }>>;
  defects: { defectTypeId: string; defectClass: string; quantity: number }[];
  catalogue: { id: string; code: string; name: string; defectClass: string }[];
  measurements: { characteristic: string; unit: string; minValue: string | null; maxValue: string | null; value: string; withinSpec: boolean }[];
  /** report-sized thumbnails (photosForReport); anything larger is shown as "Photo not available" */
  photos: { caption: string; bytes: Buffer | null }[];
}

const PLAN_COLUMNS: Column[] = [
  { label: "Class", width: 70 },
  { label: "AQL", width: 50, align: "right" },
  { label: "Code letter", width: 70, align: "center" },
  { label: "Sample", width: 70, align: "right" },
  { label: "Ac", width: 45, align: "right" },
  { label: "Re", width: 45, align: "right" },
  { label: "Found", width: 55, align: "right" },
  { label: "Result", width: 110 },
];

const DEFECT_COLUMNS: Column[] = [
  { label: "Class", width: 70 },
  { label: "Code", width: 80 },
  { label: "Defect", width: 315 },
  { label: "Found", width: 50, align: "right" },
];

const MEASURE_COLUMNS: Column[] = [
  { label: "Characteristic", width: 195 },
  { label: "Min", width: 70, align: "right" },
  { label: "Max", width: 70, align: "right" },
  { label: "Measured", width: 80, align: "right" },
  { label: "Unit", width: 50 },
  { label: "In spec", width: 50, align: "center" },
];

function verdictColor(verdict: string | null): string {
  if (verdict === "rejected") return "#b91c1c";
  if (verdict === "accepted") return "#15803d";
  return "#6b7280";
}

export function renderInspectionReportPdf(data: InspectionReportPdfData, options: PdfOptions = {}): Promise<Buffer> {
  const { inspection: ins } = data;
  const doc = newDocument(`Inspection report ${ins.number}`, data.tenantName, options);
  return toBuffer(doc, () => {
    const w = contentWidth(doc);
    let y = TOP - 22;
    const ensure = (height: number, header?: Column[]) => {
      if (y + height > bottomLimit(doc)) {
        doc.addPage();
        y = header ? drawTableHeader(doc, header, TOP) : TOP;
      }
    };
    const heading = (text: string) => {
      ensure(40);
      doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(text, MARGIN, y, { width: w });
      y = doc.y + 6;
    };
    const row = (columns: Column[], cells: string[], color: (i: number) => string = () => INK) => {
      const xs = columnXs(columns);
      doc.font("Helvetica").fontSize(TABLE_FONT);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(pdfText(c) || "-", { width: columns[i].width - CELL_PAD * 2 })), 10) + CELL_PAD * 2;
      ensure(h, columns);
      cells.forEach((c, i) => {
        doc.font("Helvetica").fontSize(TABLE_FONT).fillColor(color(i));
        doc.text(pdfText(c) || "-", xs[i] + CELL_PAD, y + CELL_PAD, { width: columns[i].width - CELL_PAD * 2, align: columns[i].align ?? "left" });
      });
      y += h;
      doc.moveTo(MARGIN, y).lineTo(MARGIN + w, y).lineWidth(0.4).strokeColor(RULE).stroke();
    };

    doc.font("Helvetica-Bold").fontSize(20).fillColor(INK).text("INSPECTION REPORT", MARGIN, 40, { width: w });
    doc.font("Helvetica-Bold").fontSize(13).text(`${pdfText(ins.number)} · ISO 2859-1 single sampling`, MARGIN, 66, { width: w });
    const verdict = ins.finalVerdict ?? "pending";
    drawStamp(doc, ins.status === "signed_off" ? verdict : `${verdict} · not signed off`, verdictColor(ins.finalVerdict), MARGIN + w - 100, 62);
    y = doc.y + 14;

    const colW = (w - 20) / 3;
    y =
      Math.max(
        drawBlock(doc, "Buyer", [data.tenantName], MARGIN, y, colW),
        drawBlock(doc, "Partner", [data.partnerName, ins.kind === "pre_shipment" ? "Partner's pre-shipment inspection" : "Receiving inspection"], MARGIN + colW + 10, y, colW),
        drawBlock(doc, "Item", [data.itemCode, data.itemDescription], MARGIN + (colW + 10) * 2, y, colW),
      ) + 12;

    y = drawFacts(
      doc,
      [
        ["Lot", ins.lotNumber || "-"],
        ["Lot size", `${ins.lotSize} ${data.itemUom}`],
        ["Source", data.shipNoticeNumber ? `${data.shipNoticeNumber} (${data.poNumber} line ${data.poLineNo})` : "Production lot"],
        ["Level", ins.level],
        ["Severity", `${ins.severity}${ins.resubmission ? ", re-submitted lot" : ""}`],
        ["Units inspected", ins.unitsInspected === null ? "-" : String(ins.unitsInspected)],
      ],
      y,
    );
    y += 16;

    const found: Record<string, number> = { critical: 0, major: 0, minor: 0 };
    for (const d of data.defects) found[d.defectClass] = (found[d.defectClass] ?? 0) + d.quantity;
    heading("Sampling plan and result per defect class");
    y = drawTableHeader(doc, PLAN_COLUMNS, y);
    for (const cls of ["critical", "major", "minor"] as const) {
      const p = data.plans[cls];
      if (!p) continue;
      const ok = found[cls] <= p.acceptance;
      const letter = p.planCodeLetter !== p.codeLetter ? `${p.codeLetter} -> ${p.planCodeLetter}` : p.codeLetter;
      row(
        PLAN_COLUMNS,
        [cls, p.aql, letter, `${p.sampleSize}${p.inspectAll ? " (100%)" : ""}`, String(p.acceptance), String(p.rejection), String(found[cls]), ins.computedVerdict ? (ok ? "within Ac" : "over Ac: reject") : "not recorded"],
        (i) => (i === 7 && ins.computedVerdict ? (ok ? "#15803d" : "#b91c1c") : INK),
      );
    }
    y += 14;

    heading("Defects found");
    const names = new Map(data.catalogue.map((t) => [t.id, t]));
    const defects = data.defects.filter((d) => d.quantity > 0);
    if (defects.length) {
      y = drawTableHeader(doc, DEFECT_COLUMNS, y);
      for (const d of defects) {
        const t = names.get(d.defectTypeId);
        row(DEFECT_COLUMNS, [d.defectClass, t?.code ?? "", t?.name ?? "", String(d.quantity)]);
      }
    } else {
      doc.font("Helvetica-Oblique").fontSize(9).fillColor(MUTED).text("No defects recorded.", MARGIN, y, { width: w });
      y = doc.y;
    }
    y += 14;

    if (data.measurements.length) {
      heading("Measurements");
      y = drawTableHeader(doc, MEASURE_COLUMNS, y);
      for (const m of data.measurements)
        row(MEASURE_COLUMNS, [m.characteristic, m.minValue ? formatDecimal(m.minValue) : "-", m.maxValue ? formatDecimal(m.maxValue) : "-", formatDecimal(m.value), m.unit, m.withinSpec ? "yes" : "NO"], (i) =>
          i === 5 && !m.withinSpec ? "#b91c1c" : INK,
        );
      y += 14;
    }

    if (data.photos.length) {
      heading("Photos");
      const thumb = 118;
      const gap = 8;
      const perRow = Math.floor((w + gap) / (thumb + gap));
      data.photos.forEach((p, i) => {
        if (i % perRow === 0 && i > 0) y += thumb + 22;
        if (i % perRow === 0) ensure(thumb + 22);
        const x = MARGIN + (i % perRow) * (thumb + gap);
        doc.rect(x, y, thumb, thumb).lineWidth(0.5).strokeColor(RULE).stroke();
        try {
          // never decode an original here: a 24-megapixel PNG with transparency took seconds and
          // gigabytes to draw, so only thumbnails (checked from their header) are embedded
          if (!p.bytes || !isReportThumbnail(p.bytes)) throw new Error("missing");
          doc.image(p.bytes, x + 2, y + 2, { fit: [thumb - 4, thumb - 4], align: "center", valign: "center" });
        } catch {
          doc.font("Helvetica-Oblique").fontSize(7).fillColor(MUTED).text("Photo not available", x + 6, y + thumb / 2 - 4, { width: thumb - 12, align: "center" });
        }
        doc.font("Helvetica").fontSize(7).fillColor(MUTED).text(truncate(doc, pdfText(p.caption), thumb), x, y + thumb + 4, { width: thumb, lineBreak: false });
      });
      y += thumb + 26;
    }

    if (ins.notes) {
      heading("Inspector's notes");
      doc.font("Helvetica").fontSize(9).fillColor(INK).text(pdfText(ins.notes), MARGIN, y, { width: w });
      y = doc.y + 14;
    }

    heading("Verdict and sign-off");
    ensure(90);
    y = drawFacts(
      doc,
      [
        ["Sampling verdict", ins.computedVerdict ?? "not recorded"],
        ["Final verdict", ins.finalVerdict ?? "pending"],
        ["Inspected by", ins.inspectorName ? `${ins.inspectorName}, ${isoDate(ins.inspectedAt)}` : "-"],
        ["Signed off by", ins.signedOffName ? `${ins.signedOffName}, ${isoDate(ins.signedOffAt)}` : "not signed off"],
      ],
      y,
    );
    if (ins.overrideReason) {
      y += 8;
      doc.font("Helvetica-Bold").fontSize(9).fillColor("#b45309").text("Verdict overridden by the inspector. Reason:", MARGIN, y, { width: w });
      doc.font("Helvetica").fontSize(9).fillColor(INK).text(pdfText(ins.overrideReason), MARGIN, doc.y + 2, { width: w });
    }

    finishPages(doc, `Inspection report ${pdfText(ins.number)} · ${pdfText(data.partnerName)} · ${pdfText(data.itemCode)}`, `Inspection ${ins.number} · ${data.tenantName}`);
  });
}
