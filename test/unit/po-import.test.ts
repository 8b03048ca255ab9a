import {
  importedRevision,
  MAX_LINES_PER_PO,
  PO_CSV_COLUMNS,
  referencesOf,
  resolvePoImport,
  storedRevision,
  validatePoCsv,
  type ImportedPo,
} from "../../app/domain/po-import";

const HEADER = PO_CSV_COLUMNS.join(",");
const csv = (rows: string[], header = HEADER) => header + "\n" + rows.join("\n") + "\n";
// po_number,revision,partner_code,ship_to,currency,incoterms,payment_terms,order_type,priority,line_no,item_code,quantity,unit_price,requested_date,notes
const row = (over: Partial<Record<(typeof PO_CSV_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    po_number: "PO-1",
    revision: "1",
    partner_code: "SUN",
    ship_to: "Main DC",
    currency: "EUR",
    incoterms: "DAP",
    payment_terms: "30 days net",
    order_type: "standard",
    priority: "3",
    line_no: "1",
    item_code: "IT-1",
    quantity: "100",
    unit_price: "1.25",
    requested_date: "2026-10-01",
    notes: "",
    ...over,
  };
  return PO_CSV_COLUMNS.map((c) => base[c]).join(",");
};

describe("validatePoCsv", () => {
  it("refuses requested dates outside the business dates, like the probe's 0001-01-01", () => {
    const { orders, problems } = validatePoCsv(
      csv([row({ requested_date: "0001-01-01" }), row({ po_number: "PO-2", requested_date: "9999-12-31" }), row({ po_number: "PO-3", requested_date: "2100-12-31" })]),
    );
    expect(orders).toEqual([]);
    expect(problems).toEqual([
      { line: 2, message: "requested_date: Enter a date from 2000-01-01 to 2100-12-31." },
      { line: 3, message: "requested_date: Enter a date from 2000-01-01 to 2100-12-31." },
    ]);
  });

  it("groups the rows of a good file into orders with their lines", () => {
    const { orders, problems, rowCount } = validatePoCsv(
      csv([
        row({ line_no: "2", item_code: "IT-2", quantity: "12.5" }),
        row(),
        row({ po_number: "PO-2", partner_code: "dcp", currency: "usd", incoterms: "fca", order_type: "HOT", priority: "1", revision: "" }),
      ]),
    );
    expect(problems).toEqual([]);
    expect(rowCount).toBe(3);
    expect(orders).toHaveLength(2);
    const [first, second] = orders;
    expect(first).toMatchObject({ line: 2, number: "PO-1", revision: 1, partnerCode: "SUN", shipTo: "Main DC", currency: "EUR", incoterms: "DAP", paymentTerms: "30 days net", orderType: "standard", priority: 3 });
    expect(first.lines.map((l) => [l.lineNo, l.itemCode, l.quantity, l.line])).toEqual([
      [1, "IT-1", "100", 3],
      [2, "IT-2", "12.5", 2],
    ]);
    expect(second).toMatchObject({ number: "PO-2", revision: 1, partnerCode: "dcp", currency: "USD", incoterms: "FCA", orderType: "hot", priority: 1 });
  });

  it("fills the defaults for empty optional cells and accepts partner_name instead of partner_code", () => {
    const header = "po_number,partner_name,ship_to,currency,incoterms,line_no,item_code,quantity,unit_price,requested_date";
    const { orders, problems } = validatePoCsv(csv(["PO-9,Sunrise Packaging,Main DC,EUR,DAP,1,IT-1,5,0.5,2026-01-31"], header));
    expect(problems).toEqual([]);
    expect(orders[0]).toMatchObject({ revision: 1, partnerCode: null, partnerName: "Sunrise Packaging", orderType: "standard", priority: 3, paymentTerms: "", notes: "" });
  });

  it("reports each bad cell with its line number and column, and saves nothing", () => {
    const { orders, problems } = validatePoCsv(
      csv([
        row(),
        row({ po_number: "PO-2", quantity: "0", line_no: "1" }),
        row({ po_number: "PO-3", unit_price: "abc" }),
        row({ po_number: "PO-4", requested_date: "2026-02-30" }),
        row({ po_number: "PO-5", currency: "XXX", incoterms: "FOO" }),
        row({ po_number: "PO-6", order_type: "rush", priority: "9" }),
        row({ po_number: "PO-7", revision: "0", line_no: "x" }),
        row({ po_number: "PO-8", item_code: "", partner_code: "" }),
        row({ po_number: "bad number!" }),
      ]),
    );
    expect(orders).toEqual([]);
    expect(problems).toEqual([
      { line: 3, message: "quantity: The quantity must be more than 0." },
      { line: 4, message: "unit_price: Enter a price like 0.85 (up to 4 decimals)." },
      { line: 5, message: "requested_date: Enter a real date." },
      { line: 6, message: expect.stringMatching(/^currency: Use one of EUR, USD/) },
      { line: 6, message: expect.stringMatching(/^incoterms: Use one of EXW/) },
      { line: 7, message: "order_type: Use one of standard, seasonal, hot." },
      { line: 7, message: "priority: Use 1 (highest) to 5." },
      { line: 8, message: "revision: Use a whole number of 1 or more." },
      { line: 8, message: "line_no: Use a whole number from 1 to 9999." },
      { line: 9, message: "item_code: Enter the item code." },
      { line: 9, message: "partner_code: Enter the partner's code." },
      { line: 10, message: "po_number: Use letters, digits and . _ - / only." },
    ]);
  });

  it("reports a row whose header fields disagree with the PO's first row", () => {
    const { orders, problems } = validatePoCsv(
      csv([row(), row({ line_no: "2", currency: "USD" }), row({ line_no: "3", ship_to: "main  dc", partner_code: "sun" }), row({ line_no: "4", revision: "2", notes: "rush" })]),
    );
    expect(orders).toEqual([]);
    expect(problems).toEqual([
      { line: 3, message: "currency: USD differs from EUR on line 2; every row of PO PO-1 must have the same currency." },
      { line: 5, message: "revision: 2 differs from 1 on line 2; every row of PO PO-1 must have the same revision." },
      { line: 5, message: "notes: rush differs from (empty) on line 2; every row of PO PO-1 must have the same notes." },
    ]);
  });

  it("reports a line_no used twice within a PO, but not across POs", () => {
    const { problems } = validatePoCsv(csv([row(), row({ po_number: "PO-2" }), row({ item_code: "IT-9" })]));
    expect(problems).toEqual([{ line: 4, message: "line_no: 1 already appears on line 2 for PO PO-1." }]);
  });

  it("refuses a file with missing or unknown columns, or no rows", () => {
    expect(validatePoCsv("po_number,line_no\nPO-1,1\n").problems).toEqual([
      { line: 1, message: "Missing columns: partner_code, ship_to, currency, incoterms, item_code, quantity, unit_price, requested_date." },
    ]);
    expect(validatePoCsv(csv([row() + ",x"], HEADER + ",colour")).problems[0].message).toMatch(/^Unknown column: colour\./);
    expect(validatePoCsv(HEADER + "\n").problems).toEqual([{ line: 2, message: "The file has a header but no order lines." }]);
    expect(validatePoCsv(csv([row(), "PO-2,1"])).problems).toEqual([{ line: 3, message: "This row has a different number of columns from the header." }]);
  });

  it("caps the lines of one PO", () => {
    const rows = Array.from({ length: MAX_LINES_PER_PO + 1 }, (_, i) => row({ line_no: String(i + 1) }));
    expect(validatePoCsv(csv(rows)).problems).toEqual([{ line: 2, message: `PO PO-1 has ${MAX_LINES_PER_PO + 1} lines; at most ${MAX_LINES_PER_PO} lines per order.` }]);
  });
});

describe("resolvePoImport", () => {
  const orders = (rows: string[]) => {
    const result = validatePoCsv(csv(rows));
    expect(result.problems).toEqual([]);
    return result.orders;
  };
  const refs = {
    partners: [
      { id: "p-sun", code: "SUN", name: "Sunrise Packaging", kind: "supplier", active: true },
      { id: "p-ff", code: "FF", name: "FastFreight", kind: "carrier", active: true },
      { id: "p-old", code: "OLD", name: "Old Supplier", kind: "supplier", active: false },
    ],
    facilities: [{ id: "f-main", name: "Main DC", active: true }],
    items: [
      { id: "i-1", code: "IT-1", uom: "ea", active: true },
      { id: "i-2", code: "IT-2", uom: "kg", active: true },
      { id: "i-gone", code: "IT-GONE", uom: "ea", active: false },
    ],
    existing: [] as { number: string; revision: number }[],
  };

  it("matches codes case-insensitively and carries ids and units of measure", () => {
    const { create, problems } = resolvePoImport(orders([row({ partner_code: "sun", ship_to: "main dc" }), row({ line_no: "2", partner_code: "sun", ship_to: "main dc", item_code: "it-2" })]), refs);
    expect(problems).toEqual([]);
    expect(create[0]).toMatchObject({ number: "PO-1", partnerId: "p-sun", shipToFacilityId: "f-main" });
    expect(create[0].lines.map((l) => [l.itemId, l.itemCode, l.uom])).toEqual([
      ["i-1", "IT-1", "ea"],
      ["i-2", "IT-2", "kg"],
    ]);
  });

  it("reports unknown or unusable partners, facilities and items on their lines", () => {
    const { create, problems } = resolvePoImport(
      orders([
        row({ partner_code: "NOPE" }),
        row({ po_number: "PO-2", partner_code: "FF" }),
        row({ po_number: "PO-3", partner_code: "OLD" }),
        row({ po_number: "PO-4", ship_to: "Nowhere" }),
        row({ po_number: "PO-5", item_code: "IT-X" }),
        row({ po_number: "PO-5", line_no: "2", item_code: "IT-GONE" }),
        row({ po_number: "PO-6" }),
      ]),
      refs,
    );
    expect(create).toEqual([]);
    expect(problems).toEqual([
      { line: 2, message: "partner_code: no partner NOPE." },
      { line: 3, message: "partner_code: FF is a carrier; purchase orders go to suppliers, 3PDs or contract fillers." },
      { line: 4, message: "partner_code: partner OLD is inactive." },
      { line: 5, message: "ship_to: no active facility called Nowhere." },
      { line: 6, message: "item_code: no item IT-X." },
      { line: 7, message: "item_code: item IT-GONE is inactive." },
    ]);
  });

  it("skips a PO already there at the same revision and refuses one at another revision", () => {
    const file = orders([row(), row({ po_number: "PO-2" }), row({ po_number: "PO-3", revision: "2" })]);
    const same = resolvePoImport(file, { ...refs, existing: [{ number: "PO-1", revision: 1 }] });
    expect(same.problems).toEqual([]);
    expect(same.unchanged).toEqual(["PO-1"]);
    expect(same.create.map((p) => p.number)).toEqual(["PO-2", "PO-3"]);
    const other = resolvePoImport(file, { ...refs, existing: [{ number: "PO-3", revision: 1 }] });
    expect(other.problems).toEqual([{ line: 4, message: "po_number: PO PO-3 exists at revision 1; revise it in the portal." }]);
    expect(other.create).toEqual([]);
  });

  it("lists each code once for the bulk look-ups", () => {
    const file: ImportedPo[] = orders([row(), row({ line_no: "2", item_code: "it-1" }), row({ po_number: "PO-2", item_code: "IT-2" })]);
    expect(referencesOf(file)).toEqual({ partnerCodes: ["sun"], partnerNames: [], facilityNames: ["main dc"], itemCodes: ["IT-1", "IT-2"], numbers: ["PO-1", "PO-2"] });
  });
});

describe("revisions of imported drafts", () => {
  it("stores a draft one below its ERP revision, so issuing it lands on that revision", () => {
    expect(storedRevision(1, false)).toBe(0);
    expect(storedRevision(3, true)).toBe(3);
    expect(importedRevision({ revision: 0, issuedAt: null })).toBe(1);
    expect(importedRevision({ revision: 3, issuedAt: new Date() })).toBe(3);
  });
});
