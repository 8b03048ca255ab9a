// Purchase-order CSV import (an ERP export): one row per PO line, the header repeated on every
// line. Validate every row, report every problem by line number. Pure: the server looks up the
// codes in bulk and hands them to `resolvePoImport`.
import { z } from "zod";
import { parseCsv, type CsvRow } from "./csv";
import { CURRENCIES, INCOTERMS, isoDate, ORDER_TYPES, PoHeaderSchema, priceSchema, quantitySchema } from "./po-forms";

export const PO_CSV_COLUMNS = [
  "po_number",
  "revision",
  "partner_code",
  "ship_to",
  "currency",
  "incoterms",
  "payment_terms",
  "order_type",
  "priority",
  "line_no",
  "item_code",
  "quantity",
  "unit_price",
  "requested_date",
  "notes",
] as const;
/** Accepted besides the documented columns: the partner by name instead of (or as well as) its code. */
export const PO_CSV_OPTIONAL_EXTRA = ["partner_name"] as const;
export const PO_CSV_REQUIRED = ["po_number", "ship_to", "currency", "incoterms", "line_no", "item_code", "quantity", "unit_price", "requested_date"] as const;
/** Columns that belong to the PO header: every row of one PO must agree on them. */
const HEADER_COLUMNS = ["revision", "partner", "ship_to", "currency", "incoterms", "payment_terms", "order_type", "priority", "notes"] as const;

export const MAX_PO_IMPORT_ROWS = 50_000;
export const MAX_PO_CSV_BYTES = 10 * 1024 * 1024;
export const MAX_LINES_PER_PO = 500;
const DEFAULT_PRIORITY = 3;

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportedPoLine {
  line: number;
  lineNo: number;
  itemCode: string;
  quantity: string;
  unitPrice: string;
  requestedDate: string;
}

export interface ImportedPo {
  /** the line of the PO's first row */
  line: number;
  number: string;
  revision: number;
  partnerCode: string | null;
  partnerName: string | null;
  shipTo: string;
  currency: (typeof CURRENCIES)[number];
  incoterms: (typeof INCOTERMS)[number];
  paymentTerms: string;
  orderType: (typeof ORDER_TYPES)[number];
  priority: number;
  notes: string;
  lines: ImportedPoLine[];
}

const poNumberSchema = PoHeaderSchema.shape.number.unwrap();

const RowSchema = z.object({
  po_number: z.string().min(1, "Enter the PO number.").pipe(poNumberSchema),
  revision: z
    .string()
    .regex(/^\d{1,6}$/, "Use a whole number of 1 or more.")
    .transform(Number)
    .refine((n) => n >= 1, "Use a whole number of 1 or more."),
  partner_code: z.string().max(100, "Use at most 100 characters."),
  partner_name: z.string().max(200, "Use at most 200 characters."),
  ship_to: z.string().min(1, "Enter the ship-to facility's name.").max(200, "Use at most 200 characters."),
  currency: z.enum(CURRENCIES, { error: `Use one of ${CURRENCIES.join(", ")}.` }),
  incoterms: z.enum(INCOTERMS, { error: `Use one of ${INCOTERMS.join(", ")}.` }),
  payment_terms: z.string().max(100, "Use at most 100 characters."),
  order_type: z.enum(ORDER_TYPES, { error: `Use one of ${ORDER_TYPES.join(", ")}.` }),
  priority: z
    .string()
    .regex(/^[1-5]$/, "Use 1 (highest) to 5.")
    .transform(Number),
  line_no: z
    .string()
    .regex(/^\d{1,4}$/, "Use a whole number from 1 to 9999.")
    .transform(Number)
    .refine((n) => n >= 1, "Use a whole number from 1 to 9999."),
  item_code: z.string().min(1, "Enter the item code.").max(100, "Use at most 100 characters."),
  quantity: quantitySchema,
  unit_price: priceSchema,
  requested_date: isoDate,
  notes: z.string().max(2000, "Use at most 2000 characters."),
});
type Row = z.output<typeof RowSchema>;

/** The cells of one row, normalised (case, defaults) before validation and comparison. */
function normalise(v: Record<string, string>) {
  const s = (k: string) => (v[k] ?? "").trim();
  return {
    po_number: s("po_number"),
    revision: s("revision") === "" ? "1" : s("revision").replace(/^0+(?=\d)/, ""),
    partner_code: s("partner_code"),
    partner_name: s("partner_name"),
    ship_to: s("ship_to").replace(/\s+/g, " "),
    currency: s("currency").toUpperCase(),
    incoterms: s("incoterms").toUpperCase(),
    payment_terms: s("payment_terms"),
    order_type: s("order_type") === "" ? "standard" : s("order_type").toLowerCase(),
    priority: s("priority") === "" ? String(DEFAULT_PRIORITY) : s("priority"),
    line_no: s("line_no").replace(/^0+(?=\d)/, ""),
    item_code: s("item_code"),
    quantity: s("quantity"),
    unit_price: s("unit_price"),
    requested_date: s("requested_date"),
    notes: s("notes"),
  };
}
type Cells = ReturnType<typeof normalise>;

/** How a header column compares between rows (case-insensitive where the lookup is). */
function headerValue(c: Cells, column: (typeof HEADER_COLUMNS)[number]): string {
  switch (column) {
    case "partner":
      return `${c.partner_code.toLowerCase()}\u0000${c.partner_name.toLowerCase()}`;
    case "ship_to":
      return c.ship_to.toLowerCase();
    default:
      return c[column];
  }
}

function shown(c: Cells, column: (typeof HEADER_COLUMNS)[number]): string {
  if (column === "partner") return [c.partner_code, c.partner_name].filter(Boolean).join(" / ") || "(empty)";
  return c[column] === "" ? "(empty)" : c[column];
}

function columnLabel(column: (typeof HEADER_COLUMNS)[number], hasName: boolean, hasCode: boolean) {
  if (column !== "partner") return column;
  return hasCode && hasName ? "partner_code/partner_name" : hasName ? "partner_name" : "partner_code";
}

export function validatePoCsv(text: string): { orders: ImportedPo[]; rowCount: number; problems: ImportProblem[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { orders: [], rowCount: 0, problems: [{ line: parsed.line, message: parsed.message }] };
  const { header } = parsed;
  const known: readonly string[] = [...PO_CSV_COLUMNS, ...PO_CSV_OPTIONAL_EXTRA];
  const hasCode = header.includes("partner_code");
  const hasName = header.includes("partner_name");
  const required: readonly string[] = PO_CSV_REQUIRED;
  const missing = PO_CSV_COLUMNS.filter((c) => (required.includes(c) && !header.includes(c)) || (c === "partner_code" && !hasCode && !hasName));
  if (missing.length) return fail(1, `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`);
  const unknown = header.filter((h) => !known.includes(h));
  if (unknown.length)
    return fail(1, `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Expected ${PO_CSV_COLUMNS.join(", ")} (or partner_name instead of partner_code).`);
  if (parsed.rows.length === 0) return fail(2, "The file has a header but no order lines.");
  if (parsed.rows.length > MAX_PO_IMPORT_ROWS) return fail(MAX_PO_IMPORT_ROWS + 2, `At most ${MAX_PO_IMPORT_ROWS} rows per file; split the export.`);

  const problems: ImportProblem[] = [];
  const groups = new Map<string, { first: CsvRow; cells: Cells; row: Row | null; lines: ImportedPoLine[]; lineNos: Map<number, number>; bad: boolean }>();
  for (const csvRow of parsed.rows) {
    const cells = normalise(csvRow.values);
    const result = RowSchema.safeParse(cells);
    const before = problems.length;
    if (!result.success) {
      // one message per column: the first rule it breaks
      const reported = new Set<string>();
      for (const issue of result.error.issues) {
        const column = String(issue.path[0] ?? "row");
        if (reported.has(column)) continue;
        reported.add(column);
        problems.push({ line: csvRow.line, message: `${column}: ${issue.message}` });
      }
    }
    if (!cells.partner_code && !cells.partner_name) {
      problems.push({ line: csvRow.line, message: `${hasCode ? "partner_code" : "partner_name"}: Enter the partner's ${hasCode ? "code" : "name"}.` });
    }
    if (!cells.po_number) continue;

    let group = groups.get(cells.po_number);
    if (!group) {
      group = { first: csvRow, cells, row: null, lines: [], lineNos: new Map(), bad: false };
      groups.set(cells.po_number, group);
    } else {
      for (const column of HEADER_COLUMNS) {
        if (headerValue(cells, column) === headerValue(group.cells, column)) continue;
        const label = columnLabel(column, hasName, hasCode);
        problems.push({
          line: csvRow.line,
          message: `${label}: ${shown(cells, column)} differs from ${shown(group.cells, column)} on line ${group.first.line}; every row of PO ${cells.po_number} must have the same ${label}.`,
        });
      }
    }
    if (result.success) {
      const earlier = group.lineNos.get(result.data.line_no);
      if (earlier !== undefined) {
        problems.push({ line: csvRow.line, message: `line_no: ${result.data.line_no} already appears on line ${earlier} for PO ${cells.po_number}.` });
      } else {
        group.lineNos.set(result.data.line_no, csvRow.line);
      }
    }
    if (problems.length > before || !result.success) {
      group.bad = true;
      continue;
    }
    if (group.first === csvRow) group.row = result.data;
    group.lines.push({
      line: csvRow.line,
      lineNo: result.data.line_no,
      itemCode: result.data.item_code,
      quantity: result.data.quantity,
      unitPrice: result.data.unit_price,
      requestedDate: result.data.requested_date,
    });
  }

  const orders: ImportedPo[] = [];
  for (const [number, group] of groups) {
    const count = group.lineNos.size;
    if (count > MAX_LINES_PER_PO) {
      problems.push({ line: group.first.line, message: `PO ${number} has ${count} lines; at most ${MAX_LINES_PER_PO} lines per order.` });
      continue;
    }
    if (group.bad || !group.row) continue;
    const r = group.row;
    orders.push({
      line: group.first.line,
      number,
      revision: r.revision,
      partnerCode: r.partner_code || null,
      partnerName: r.partner_name || null,
      shipTo: r.ship_to,
      currency: r.currency,
      incoterms: r.incoterms,
      paymentTerms: r.payment_terms,
      orderType: r.order_type,
      priority: r.priority,
      notes: r.notes,
      lines: [...group.lines].sort((a, b) => a.lineNo - b.lineNo),
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { orders: problems.length ? [] : orders, rowCount: parsed.rows.length, problems };
}

function fail(line: number, message: string) {
  return { orders: [], rowCount: 0, problems: [{ line, message }] };
}

// ---------- references: partner, ship-to and items, looked up by the server in bulk ----------

export interface PartnerRef {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  active: boolean;
}
export interface FacilityRef {
  id: string;
  name: string;
  active: boolean;
}
export interface ItemRef {
  id: string;
  code: string;
  uom: string;
  active: boolean;
}
export interface ExistingPo {
  number: string;
  /** the revision in the portal's terms (see `importedRevision`) */
  revision: number;
}

const ORDERING_KINDS = ["supplier", "3pd", "contract_filler"];

/**
 * A draft carries the revision before the one it will be issued at (issuing adds one), so an
 * ERP revision N imported as a draft is stored as N - 1 and becomes N when issued. This is the
 * ERP revision a stored PO stands for, to compare with a re-import.
 */
export function importedRevision(po: { revision: number; issuedAt: Date | string | null }): number {
  return po.issuedAt ? po.revision : po.revision + 1;
}

export function storedRevision(revision: number, issue: boolean): number {
  return issue ? revision : revision - 1;
}

export interface ResolvedPo extends Omit<ImportedPo, "lines" | "partnerCode" | "partnerName" | "shipTo"> {
  partnerId: string;
  shipToFacilityId: string;
  lines: (ImportedPoLine & { itemId: string; uom: string })[];
}

/** The distinct codes and names to look up, so the server can fetch them in a few queries. */
export function referencesOf(orders: ImportedPo[]) {
  const partnerCodes = new Set<string>();
  const partnerNames = new Set<string>();
  const facilityNames = new Set<string>();
  const itemCodes = new Set<string>();
  const numbers: string[] = [];
  for (const po of orders) {
    numbers.push(po.number);
    if (po.partnerCode) partnerCodes.add(po.partnerCode.toLowerCase());
    else if (po.partnerName) partnerNames.add(po.partnerName.toLowerCase());
    facilityNames.add(po.shipTo.toLowerCase());
    for (const l of po.lines) itemCodes.add(l.itemCode.toUpperCase());
  }
  return { partnerCodes: [...partnerCodes], partnerNames: [...partnerNames], facilityNames: [...facilityNames], itemCodes: [...itemCodes], numbers };
}

/**
 * Match every PO to its partner, ship-to and items, and sort out re-imports: an existing PO at
 * the same revision is left alone (unchanged); at another revision it is a problem, since
 * changing an issued order is a revision the partner must acknowledge, made in the portal.
 */
export function resolvePoImport(
  orders: ImportedPo[],
  refs: { partners: PartnerRef[]; facilities: FacilityRef[]; items: ItemRef[]; existing: ExistingPo[] },
): { create: ResolvedPo[]; unchanged: string[]; problems: ImportProblem[] } {
  const byCode = groupBy(refs.partners.filter((p) => p.code), (p) => p.code!.toLowerCase());
  const byName = groupBy(refs.partners, (p) => p.name.toLowerCase());
  const facilitiesByName = groupBy(refs.facilities, (f) => f.name.replace(/\s+/g, " ").trim().toLowerCase());
  const itemsByCode = groupBy(refs.items, (i) => i.code.toUpperCase());
  const existing = new Map(refs.existing.map((e) => [e.number, e.revision]));

  const problems: ImportProblem[] = [];
  const create: ResolvedPo[] = [];
  const unchanged: string[] = [];
  for (const po of orders) {
    const stored = existing.get(po.number);
    if (stored !== undefined) {
      if (stored === po.revision) unchanged.push(po.number);
      else problems.push({ line: po.line, message: `po_number: PO ${po.number} exists at revision ${stored}; revise it in the portal.` });
      continue;
    }
    const before = problems.length;

    const [column, value, candidates] = po.partnerCode
      ? (["partner_code", po.partnerCode, byCode.get(po.partnerCode.toLowerCase()) ?? []] as const)
      : (["partner_name", po.partnerName ?? "", byName.get((po.partnerName ?? "").toLowerCase()) ?? []] as const);
    let partnerId = "";
    const activePartners = candidates.filter((p) => p.active);
    if (candidates.length === 0) problems.push({ line: po.line, message: `${column}: no partner ${value}.` });
    else if (activePartners.length === 0) problems.push({ line: po.line, message: `${column}: partner ${value} is inactive.` });
    else if (activePartners.length > 1) problems.push({ line: po.line, message: `${column}: ${activePartners.length} partners have ${column === "partner_code" ? "the code" : "the name"} ${value}; give them different codes.` });
    else if (!ORDERING_KINDS.includes(activePartners[0].kind))
      problems.push({ line: po.line, message: `${column}: ${value} is a ${activePartners[0].kind}; purchase orders go to suppliers, 3PDs or contract fillers.` });
    else partnerId = activePartners[0].id;

    let shipToFacilityId = "";
    const sites = (facilitiesByName.get(po.shipTo.toLowerCase()) ?? []).filter((f) => f.active);
    if (sites.length === 0) problems.push({ line: po.line, message: `ship_to: no active facility called ${po.shipTo}.` });
    else if (sites.length > 1) problems.push({ line: po.line, message: `ship_to: ${sites.length} facilities are called ${po.shipTo}; rename one of them.` });
    else shipToFacilityId = sites[0].id;

    const lines: ResolvedPo["lines"] = [];
    for (const l of po.lines) {
      const matches = (itemsByCode.get(l.itemCode.toUpperCase()) ?? []).filter((i) => i.active);
      // codes are unique as written; differing only in case, the exact spelling wins
      const item = matches.length > 1 ? matches.find((i) => i.code === l.itemCode) : matches[0];
      if (!item) {
        const inactive = (itemsByCode.get(l.itemCode.toUpperCase()) ?? []).length > 0 && matches.length === 0;
        problems.push({ line: l.line, message: `item_code: ${inactive ? `item ${l.itemCode} is inactive.` : matches.length > 1 ? `${l.itemCode} matches several items; use the exact code.` : `no item ${l.itemCode}.`}` });
        continue;
      }
      lines.push({ ...l, itemCode: item.code, itemId: item.id, uom: item.uom });
    }
    if (problems.length > before) continue;
    const { partnerCode: _c, partnerName: _n, shipTo: _s, lines: _l, ...header } = po;
    create.push({ ...header, partnerId, shipToFacilityId, lines });
  }
  problems.sort((a, b) => a.line - b.line);
  return { create: problems.length ? [] : create, unchanged, problems };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** What an imported PO looks like as a revision snapshot (the shape of po_revisions.snapshot). */
export function importSnapshot(po: ResolvedPo) {
  return {
    header: {
      number: po.number,
      currency: po.currency,
      incoterms: po.incoterms,
      paymentTerms: po.paymentTerms,
      orderType: po.orderType,
      priority: po.priority,
      notes: po.notes,
      shipToFacilityId: po.shipToFacilityId,
    },
    lines: po.lines.map((l) => ({
      lineNo: l.lineNo,
      itemCode: l.itemCode,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      requestedDate: l.requestedDate,
      committedDate: null,
      status: "open" as const,
    })),
  };
}
