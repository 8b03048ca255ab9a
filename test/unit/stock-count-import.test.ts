import {
  COUNT_CSV_COLUMNS,
  countCsvTemplate,
  IMPORTABLE_MOVEMENT_KINDS,
  MAX_COUNT_IMPORT_ROWS,
  MAX_MOVEMENT_IMPORT_ROWS,
  MOVEMENT_CSV_COLUMNS,
  movementCsvTemplate,
  validateCountCsv,
  validateMovementCsv,
} from "../../app/domain/stock-count-import";

const items = new Set(["BOT-500", "CAP-28", "Sugar-1", "=CMD"]);
const facilities = new Set(["Fill Co Antwerp", "Bottler Two"]);
const COUNT_HEADER = "item_code,lot,counted_quantity\n";
const TODAY = "2026-06-15";
const MOVE_HEADER = "facility,item_code,lot,kind,quantity,moved_on,reference\n";

const counts = (body: string, header = COUNT_HEADER) => validateCountCsv(header + body, { knownItemCodes: items });
const moves = (body: string, header = MOVE_HEADER) => validateMovementCsv(header + body, { knownItemCodes: items, knownFacilityNames: facilities, today: TODAY });

describe("templates and columns", () => {
  it("exports the columns and a header-only template that validates as 'no rows'", () => {
    expect(COUNT_CSV_COLUMNS).toEqual(["item_code", "lot", "counted_quantity"]);
    expect(MOVEMENT_CSV_COLUMNS).toEqual(["facility", "item_code", "lot", "kind", "quantity", "moved_on", "reference"]);
    expect(countCsvTemplate()).toBe("item_code,lot,counted_quantity\r\n");
    expect(movementCsvTemplate()).toBe("facility,item_code,lot,kind,quantity,moved_on,reference\r\n");
    expect(validateCountCsv(countCsvTemplate(), { knownItemCodes: items }).problems).toEqual([{ line: 2, message: "The file has a header but no count lines." }]);
    expect(validateMovementCsv(movementCsvTemplate(), { knownItemCodes: items, knownFacilityNames: facilities, today: TODAY }).problems).toEqual([
      { line: 2, message: "The file has a header but no movements." },
    ]);
    expect(IMPORTABLE_MOVEMENT_KINDS).toEqual(["opening_balance", "receipt", "consumption", "production_output", "transfer_out"]);
  });
});

describe("validateCountCsv", () => {
  it("accepts good rows: any header case, blank lot = no lot, quantities normalised to 3 decimals, codes as the tenant spells them", () => {
    const r = counts("BOT-500,L1,1250.5\ncap-28,,0\nSugar-1, L 2 ,007.25\n", "Item_Code, LOT ,Counted Quantity\n");
    expect(r.problems).toEqual([]);
    expect(r.lines).toEqual([
      { line: 2, itemCode: "BOT-500", lot: "L1", counted: "1250.500" },
      { line: 3, itemCode: "CAP-28", lot: "", counted: "0.000" },
      { line: 4, itemCode: "Sugar-1", lot: "L 2", counted: "7.250" },
    ]);
  });

  it("numbers lines from the header (line 1), following multi-line quoted cells", () => {
    const r = counts('BOT-500,"lot\nwith break",1\nNOPE,,1\nCAP-28,,x\n');
    expect(r.lines).toEqual([]);
    expect(r.problems).toEqual([
      // a lot is one line (limits.ts); the numbering still follows the two lines that row took
      { line: 2, column: "lot", message: "A lot number must be on one line: no line breaks, tabs or other control characters." },
      { line: 4, column: "item_code", message: "No item NOPE." },
      { line: 5, column: "counted_quantity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
    ]);
  });

  // Known bug in app/domain/csv.ts (parseCsv): csv-parse's `raw` for a record includes the blank lines
  // skipped before it, so startLine() subtracts them and the row is reported that many lines too early
  // (here line 5 instead of 6). Fix there: strip leading newlines from raw in startLine. Then make this it().
  it("numbers lines correctly after a blank line", () => {
    expect(counts("NOPE,,1\n\nCAP-28,,x\n").problems).toEqual([
      { line: 2, column: "item_code", message: "No item NOPE." },
      { line: 4, column: "counted_quantity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
    ]);
  });

  it("reports header problems on line 1", () => {
    expect(validateCountCsv("", { knownItemCodes: items }).problems).toEqual([
      { line: 1, message: "The file is empty. The first line must be the header: item_code, lot, counted_quantity." },
    ]);
    expect(counts("BOT-500,1\n", "item_code,counted_quantity\n").problems).toEqual([
      { line: 1, message: "Missing column: lot. Expected item_code, lot, counted_quantity." },
    ]);
    expect(counts("BOT-500,L1,1,x,y\n", "item_code,lot,counted_quantity,location,notes\n").problems).toEqual([
      { line: 1, message: "Unknown columns: location, notes. Expected item_code, lot, counted_quantity." },
    ]);
    expect(counts("BOT-500,1\n", "item_code,qty\n").problems).toEqual([
      { line: 1, message: "Missing columns: lot, counted_quantity. Expected item_code, lot, counted_quantity." },
      { line: 1, message: "Unknown column: qty. Expected item_code, lot, counted_quantity." },
    ]);
    expect(counts("BOT-500,L1,1,2\n", "item_code,lot,counted_quantity,Counted Quantity\n").problems).toEqual([
      { line: 1, column: "counted_quantity", message: "Column counted_quantity appears more than once." },
    ]);
    // a file without a header: its first row is read as the header
    expect(validateCountCsv("BOT-500,L1,5\n", { knownItemCodes: items }).problems).toEqual([
      { line: 1, message: "Missing columns: item_code, lot, counted_quantity. Expected item_code, lot, counted_quantity." },
      { line: 1, message: "Unknown columns: bot_500, l1, 5. Expected item_code, lot, counted_quantity." },
    ]);
  });

  it("reports a row with the wrong number of cells, or an unclosed quote, by line", () => {
    expect(counts("BOT-500,L1,1\nCAP-28,1\n").problems).toEqual([{ line: 3, message: "This row has a different number of columns from the header." }]);
    expect(counts('BOT-500,"L1,1\n').problems).toEqual([{ line: expect.any(Number), message: "A quoted value is never closed." }]);
  });

  it("flags a repeated item and lot, naming both lines (lot compared case-insensitively; blank lots too)", () => {
    const r = counts("BOT-500,L1,1\nCAP-28,,2\nbot-500,l1,3\nCAP-28,,4\nBOT-500,L2,5\n");
    expect(r.lines).toEqual([]);
    expect(r.problems).toEqual([
      { line: 4, column: "item_code", message: "Lines 2 and 4 both count item BOT-500, lot l1; keep one line per item and lot." },
      { line: 5, column: "item_code", message: "Lines 3 and 5 both count item CAP-28, no lot; keep one line per item and lot." },
    ]);
  });

  it("flags unknown and blank item codes", () => {
    expect(counts("BOT-5000,,1\n,,1\n").problems).toEqual([
      { line: 2, column: "item_code", message: "No item BOT-5000." },
      { line: 3, column: "item_code", message: "Enter the item code." },
    ]);
  });

  it("prefers the exact spelling when codes differ only in case, and refuses to guess otherwise", () => {
    const known = new Set(["ab-1", "AB-1"]);
    expect(validateCountCsv(COUNT_HEADER + "ab-1,,1\nAB-1,L,1\n", { knownItemCodes: known }).lines.map((l) => l.itemCode)).toEqual(["ab-1", "AB-1"]);
    expect(validateCountCsv(COUNT_HEADER + "Ab-1,,1\n", { knownItemCodes: known }).problems).toEqual([
      { line: 2, column: "item_code", message: "Ab-1 matches several items; use the exact code." },
    ]);
  });

  it("flags bad quantities with a message for each mistake", () => {
    const r = counts(
      [
        "BOT-500,a,", // blank
        "BOT-500,b,-1", // negative
        "BOT-500,c,1.2345", // 4 decimals
        'BOT-500,d,"1,250"', // thousands separator (or decimal comma)
        'BOT-500,e,"1,250.5"',
        "BOT-500,f,1 250",
        "BOT-500,g,12,5".replace("12,5", '"12,5"'),
        "BOT-500,h,abc",
        "BOT-500,i,1e3",
        "BOT-500,j,+5",
        "BOT-500,k,.5",
        "BOT-500,l,123456789012",
        "BOT-500,m,99999999999.999", // the largest numeric(14,3): fine
        "BOT-500,n,0.000", // zero is a valid count
      ].join("\n") + "\n",
    );
    expect(r.problems).toEqual([
      { line: 2, column: "counted_quantity", message: "Enter the counted quantity (0 when there is none)." },
      { line: 3, column: "counted_quantity", message: "A counted quantity can't be negative." },
      { line: 4, column: "counted_quantity", message: "Use at most 3 decimals." },
      { line: 5, column: "counted_quantity", message: "Write the number without thousands separators and with a point for decimals, like 1250.5." },
      { line: 6, column: "counted_quantity", message: "Write the number without thousands separators and with a point for decimals, like 1250.5." },
      { line: 7, column: "counted_quantity", message: "Write the number without thousands separators and with a point for decimals, like 1250.5." },
      { line: 8, column: "counted_quantity", message: "Write the number without thousands separators and with a point for decimals, like 1250.5." },
      { line: 9, column: "counted_quantity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
      { line: 10, column: "counted_quantity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
      { line: 11, column: "counted_quantity", message: "Write the number without a sign. Enter a number like 1250 or 12.5, with at most 3 decimals." },
      { line: 12, column: "counted_quantity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
      { line: 13, column: "counted_quantity", message: "The quantity is too large." },
    ]);
    expect(counts("BOT-500,m,99999999999.999\nBOT-500,n,0.000\n").lines.map((l) => l.counted)).toEqual(["99999999999.999", "0.000"]);
  });

  it("reports every problem on a row, and imports nothing when any row has one", () => {
    const r = counts("BOT-500,L1,1\nNOPE,,-2\n");
    expect(r.lines).toEqual([]);
    expect(r.problems).toEqual([
      { line: 3, column: "item_code", message: "No item NOPE." },
      { line: 3, column: "counted_quantity", message: "A counted quantity can't be negative." },
    ]);
    expect(counts("BOT-500," + "x".repeat(101) + ",1\n").problems).toEqual([{ line: 2, column: "lot", message: "Use at most 100 characters." }]);
  });

  it("treats formula-looking cells as plain data", () => {
    const r = counts('=CMD,=HYPERLINK("http://x"),1\nCAP-28,@SUM(A1),2\nBOT-500,+1-2,3\n'.replace('=HYPERLINK("http://x")', '"=HYPERLINK(""http://x"")"'));
    expect(r.problems).toEqual([]);
    expect(r.lines).toEqual([
      { line: 2, itemCode: "=CMD", lot: '=HYPERLINK("http://x")', counted: "1.000" },
      { line: 3, itemCode: "CAP-28", lot: "@SUM(A1)", counted: "2.000" },
      { line: 4, itemCode: "BOT-500", lot: "+1-2", counted: "3.000" },
    ]);
    expect(counts("=1+1,,1\nBOT-500,,=1+1\n").problems).toEqual([
      { line: 2, column: "item_code", message: "No item =1+1." },
      { line: 3, column: "counted_quantity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
    ]);
  });

  it(`accepts ${MAX_COUNT_IMPORT_ROWS} rows and refuses one more`, () => {
    const known = new Set(Array.from({ length: MAX_COUNT_IMPORT_ROWS + 1 }, (_, i) => `I${i}`));
    const body = (n: number) => Array.from({ length: n }, (_, i) => `I${i},,1`).join("\n");
    expect(validateCountCsv(COUNT_HEADER + body(MAX_COUNT_IMPORT_ROWS), { knownItemCodes: known }).lines).toHaveLength(5000);
    expect(validateCountCsv(COUNT_HEADER + body(MAX_COUNT_IMPORT_ROWS + 1), { knownItemCodes: known })).toEqual({
      lines: [],
      problems: [{ line: 5002, message: "At most 5,000 count lines per file; split the file." }],
    });
  });

  it("reads a byte-order mark and CRLF line ends", () => {
    expect(validateCountCsv("\uFEFFitem_code,lot,counted_quantity\r\nBOT-500,L1,2\r\n", { knownItemCodes: items }).lines).toEqual([
      { line: 2, itemCode: "BOT-500", lot: "L1", counted: "2.000" },
    ]);
  });
});

describe("validateMovementCsv", () => {
  it("accepts good rows: facility and codes as the tenant spells them, kinds in any case, positive quantities", () => {
    const r = moves(
      [
        "fill co  antwerp,BOT-500,L1,Opening Balance,100,2025-01-01,OB-2025",
        "Bottler Two,cap-28,,receipt,20.5,2025-02-28,PO 4711",
        "Bottler Two,CAP-28,,consumption,3,2024-02-29,",
        "Bottler Two,CAP-28,,production-output,0.001,2025-03-01,",
        "Bottler Two,CAP-28,,TRANSFER_OUT,7,2025-03-02,",
      ].join("\n") + "\n",
    );
    expect(r.problems).toEqual([]);
    expect(r.movements).toEqual([
      { line: 2, facility: "Fill Co Antwerp", itemCode: "BOT-500", lot: "L1", kind: "opening_balance", quantity: "100.000", movedOn: "2025-01-01", reference: "OB-2025" },
      { line: 3, facility: "Bottler Two", itemCode: "CAP-28", lot: "", kind: "receipt", quantity: "20.500", movedOn: "2025-02-28", reference: "PO 4711" },
      { line: 4, facility: "Bottler Two", itemCode: "CAP-28", lot: "", kind: "consumption", quantity: "3.000", movedOn: "2024-02-29", reference: "" },
      { line: 5, facility: "Bottler Two", itemCode: "CAP-28", lot: "", kind: "production_output", quantity: "0.001", movedOn: "2025-03-01", reference: "" },
      { line: 6, facility: "Bottler Two", itemCode: "CAP-28", lot: "", kind: "transfer_out", quantity: "7.000", movedOn: "2025-03-02", reference: "" },
    ]);
  });

  it("allows the reference column to be left out, and no other", () => {
    const header = "facility,item_code,lot,kind,quantity,moved_on\n";
    expect(moves("Bottler Two,CAP-28,,receipt,1,2025-01-01\n", header).movements).toEqual([
      { line: 2, facility: "Bottler Two", itemCode: "CAP-28", lot: "", kind: "receipt", quantity: "1.000", movedOn: "2025-01-01", reference: "" },
    ]);
    expect(moves("Bottler Two,CAP-28,receipt,1,2025-01-01\n", "facility,item_code,kind,quantity,moved_on\n").problems).toEqual([
      { line: 1, message: "Missing column: lot. Expected facility, item_code, lot, kind, quantity, moved_on, reference." },
    ]);
    expect(moves("Bottler Two,CAP-28,,receipt,1,2025-01-01,,x\n", MOVE_HEADER.trim() + ",cost\n").problems).toEqual([
      { line: 1, message: "Unknown column: cost. Expected facility, item_code, lot, kind, quantity, moved_on, reference." },
    ]);
  });

  it("refuses approved adjustments and unknown kinds", () => {
    expect(moves("Bottler Two,CAP-28,,approved_adjustment,1,2025-01-01,\nBottler Two,CAP-28,,theft,1,2025-01-01,\nBottler Two,CAP-28,,,1,2025-01-01,\n").problems).toEqual([
      { line: 2, column: "kind", message: "Adjustments can't be imported: they are posted when a count's variance is approved." },
      { line: 3, column: "kind", message: "Use one of opening_balance, receipt, consumption, production_output, transfer_out." },
      { line: 4, column: "kind", message: "Enter the kind: one of opening_balance, receipt, consumption, production_output, transfer_out." },
    ]);
  });

  it("needs a positive quantity for every kind", () => {
    expect(moves("Bottler Two,CAP-28,,consumption,-3,2025-01-01,\nBottler Two,CAP-28,,receipt,0,2025-01-01,\nBottler Two,CAP-28,,receipt,,2025-01-01,\nBottler Two,CAP-28,,receipt,1.0001,2025-01-01,\n").problems).toEqual([
      { line: 2, column: "quantity", message: "The quantity must be more than 0." },
      { line: 3, column: "quantity", message: "The quantity must be more than 0." },
      { line: 4, column: "quantity", message: "Enter the quantity." },
      { line: 5, column: "quantity", message: "Use at most 3 decimals." },
    ]);
  });

  it("needs a real ISO date", () => {
    const rows = ["2025-02-29", "2025-13-01", "2025-04-31", "01/02/2025", "2025-1-5", "", "2025-02-28T10:00"].map((d) => `Bottler Two,CAP-28,,receipt,1,${d},`);
    expect(moves(rows.join("\n") + "\n").problems).toEqual([
      { line: 2, column: "moved_on", message: "2025-02-29 is not a real date." },
      { line: 3, column: "moved_on", message: "2025-13-01 is not a real date." },
      { line: 4, column: "moved_on", message: "2025-04-31 is not a real date." },
      { line: 5, column: "moved_on", message: "Use a date like 2026-12-31 (YYYY-MM-DD)." },
      { line: 6, column: "moved_on", message: "Use a date like 2026-12-31 (YYYY-MM-DD)." },
      { line: 7, column: "moved_on", message: "Enter the date as YYYY-MM-DD." },
      { line: 8, column: "moved_on", message: "Use a date like 2026-12-31 (YYYY-MM-DD)." },
    ]);
  });

  it("flags unknown facilities and items, and over-long references", () => {
    expect(moves(`Nowhere,CAP-28,,receipt,1,2025-01-01,\n,NOPE,,receipt,1,2025-01-01,${"r".repeat(201)}\n`).problems).toEqual([
      { line: 2, column: "facility", message: "No facility called Nowhere." },
      { line: 3, column: "facility", message: "Enter the facility's name." },
      { line: 3, column: "item_code", message: "No item NOPE." },
      { line: 3, column: "reference", message: "Use at most 200 characters." },
    ]);
  });

  it("flags a second opening balance for the same facility, item and lot, naming both lines; other kinds may repeat", () => {
    const r = moves(
      [
        "Bottler Two,CAP-28,L1,opening_balance,5,2025-01-01,",
        "Bottler Two,CAP-28,L1,receipt,5,2025-01-02,",
        "Bottler Two,CAP-28,L1,receipt,5,2025-01-02,",
        "Fill Co Antwerp,CAP-28,L1,opening_balance,5,2025-01-01,",
        "bottler two,cap-28,l1,opening_balance,6,2025-01-01,",
      ].join("\n") + "\n",
    );
    expect(r.movements).toEqual([]);
    expect(r.problems).toEqual([
      { line: 6, column: "kind", message: "Lines 2 and 6 both give an opening balance for item CAP-28, lot l1 at Bottler Two; keep one." },
    ]);
  });

  it("treats formula-looking cells as plain data", () => {
    const r = moves('Bottler Two,=CMD,@lot,receipt,1,2025-01-01,"=HYPERLINK(""http://evil"")"\n');
    expect(r.problems).toEqual([]);
    expect(r.movements[0]).toMatchObject({ itemCode: "=CMD", lot: "@lot", reference: '=HYPERLINK("http://evil")' });
    expect(moves("=Bottler Two,CAP-28,,receipt,-1+2,2025-01-01,\n").problems).toEqual([
      { line: 2, column: "facility", message: "No facility called =Bottler Two." },
      { line: 2, column: "quantity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
    ]);
  });

  it(`accepts ${MAX_MOVEMENT_IMPORT_ROWS} rows and refuses one more`, () => {
    const row = "Bottler Two,CAP-28,,receipt,1,2025-01-01,\n";
    expect(moves(row.repeat(MAX_MOVEMENT_IMPORT_ROWS)).movements).toHaveLength(20000);
    expect(moves(row.repeat(MAX_MOVEMENT_IMPORT_ROWS + 1))).toEqual({
      movements: [],
      problems: [{ line: 20002, message: "At most 20,000 movements per file; split the file." }],
    });
  });
});

describe("values inside their domain", () => {
  it("refuses a lot number with a line break (a quoted cell may hold one), in counts and movements", () => {
    expect(counts('BOT-500,"L1\nL2",5\nCAP-28,"L\t3",1\nSugar-1,"L\u20284",1\n').problems).toEqual([
      { line: 2, column: "lot", message: "A lot number must be on one line: no line breaks, tabs or other control characters." },
      { line: 4, column: "lot", message: "A lot number must be on one line: no line breaks, tabs or other control characters." },
      { line: 5, column: "lot", message: "A lot number must be on one line: no line breaks, tabs or other control characters." },
    ]);
    expect(moves('Bottler Two,CAP-28,"L1\r\nL2",receipt,1,2026-06-15,\n').problems).toEqual([
      { line: expect.any(Number), column: "lot", message: "A lot number must be on one line: no line breaks, tabs or other control characters." },
    ]);
  });

  it("refuses a movement dated after tomorrow, like the probe's 9999-12-31, or before 2000", () => {
    const r = moves(["2026-06-16", "2026-06-17", "9999-12-31", "1999-12-31"].map((d) => `Bottler Two,CAP-28,,receipt,1,${d},`).join("\n") + "\n");
    expect(r.problems).toEqual([
      { line: 3, column: "moved_on", message: "A movement records what happened: date it 2026-06-16 or earlier." },
      { line: 4, column: "moved_on", message: "Enter a date from 2000-01-01 to 2100-12-31." },
      { line: 5, column: "moved_on", message: "Enter a date from 2000-01-01 to 2100-12-31." },
    ]);
  });
});
