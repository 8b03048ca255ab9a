import { CAPACITY_CSV_COLUMNS, capacityCsvTemplate, MAX_CAPACITY_IMPORT_ROWS, validateCapacityCsv } from "../../app/domain/capacity-import";

const facilities = [
  { name: "Fill Co Antwerp", resources: ["Line 1", "Line 2", "=Mixer"] },
  { name: "Bottler Two", resources: ["Line 1"] },
  { name: "Empty Site", resources: [] },
];
const HEADER = "facility,resource,week,capacity\n";
const run = (body: string, header = HEADER, opts = { facilities }) => validateCapacityCsv(header + body, opts);

describe("template and columns", () => {
  it("exports the columns and a header-only template that validates as 'no rows'", () => {
    expect(CAPACITY_CSV_COLUMNS).toEqual(["facility", "resource", "week", "capacity"]);
    expect(MAX_CAPACITY_IMPORT_ROWS).toBe(20_000);
    expect(capacityCsvTemplate()).toBe("facility,resource,week,capacity\r\n");
    expect(validateCapacityCsv(capacityCsvTemplate(), { facilities })).toEqual({
      rows: [],
      problems: [{ line: 2, message: "The file has a header but no capacity rows." }],
    });
  });
});

describe("validateCapacityCsv", () => {
  it("accepts good rows: any header case, any week spelling, names as spelled in opts, capacity to 3 decimals", () => {
    const r = run(
      "fill co antwerp,LINE 1,2026-W05,1250.5\n  Fill  Co Antwerp , line 2 ,2026w53,0\nBottler Two,Line 1,2027-w1,007.25\n'=Mixer',=mixer,2026-W06,10\n",
      "Facility, RESOURCE ,Week,Capacity\n",
    );
    expect(r.problems).toEqual([{ line: 5, column: "facility", message: "No facility called '=Mixer'." }]);
    const ok = run("fill co antwerp,LINE 1,2026-W05,1250.5\n  Fill  Co Antwerp , line 2 ,2026w53,0\nBottler Two,Line 1,2027-w1,007.25\nFill Co Antwerp,=mixer,2026-W06,10\n", "Facility, RESOURCE ,Week,Capacity\n");
    expect(ok.problems).toEqual([]);
    expect(ok.rows).toEqual([
      { line: 2, facility: "Fill Co Antwerp", resource: "Line 1", week: "2026-W05", capacity: "1250.500" },
      { line: 3, facility: "Fill Co Antwerp", resource: "Line 2", week: "2026-W53", capacity: "0.000" },
      { line: 4, facility: "Bottler Two", resource: "Line 1", week: "2027-W01", capacity: "7.250" },
      { line: 5, facility: "Fill Co Antwerp", resource: "=Mixer", week: "2026-W06", capacity: "10.000" },
    ]);
  });

  it("accepts columns in any order", () => {
    expect(run("100,2026-W10,Line 1,Bottler Two\n", "capacity,week,resource,facility\n").rows).toEqual([
      { line: 2, facility: "Bottler Two", resource: "Line 1", week: "2026-W10", capacity: "100.000" },
    ]);
  });

  it("reports unknown facilities and resources, checking the resource against its own facility", () => {
    const r = run("Nowhere,Line 1,2026-W05,1\nBottler Two,Line 2,2026-W05,1\nEmpty Site,Line 1,2026-W05,1\n,Line 1,2026-W05,1\nBottler Two,,2026-W05,1\n");
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      { line: 2, column: "facility", message: "No facility called Nowhere." },
      { line: 3, column: "resource", message: "Bottler Two has no resource called Line 2." },
      { line: 4, column: "resource", message: "Empty Site has no resource called Line 1." },
      { line: 5, column: "facility", message: "Enter the facility's name." },
      { line: 6, column: "resource", message: "Enter the resource (production line)." },
    ]);
  });

  it("reports bad weeks", () => {
    const r = run(
      "Bottler Two,Line 1,,1\nBottler Two,Line 1,2026-W54,1\nBottler Two,Line 1,2025-W53,1\nBottler Two,Line 1,2026-W00,1\nBottler Two,Line 1,2026-01-26,1\nBottler Two,Line 1,W05,1\n",
    );
    expect(r.problems).toEqual([
      { line: 2, column: "week", message: "Enter the week, like 2026-W05." },
      { line: 3, column: "week", message: "2026 has no week 54." },
      { line: 4, column: "week", message: "2025 has no week 53 (it has 52 weeks)." },
      { line: 5, column: "week", message: "Weeks are numbered from W01." },
      { line: 6, column: "week", message: "Use an ISO week like 2026-W05." },
      { line: 7, column: "week", message: "Use an ISO week like 2026-W05." },
    ]);
  });

  it("reports bad capacities", () => {
    const r = run(
      [
        "",
        "-5",
        "+5",
        "1,250",
        "1 250.5",
        "12.3456",
        "123456789012",
        "abc",
        "1e3",
        "99999999999.999",
      ]
        .map((c, i) => `Bottler Two,Line 1,2026-W${String(i + 1).padStart(2, "0")},${c.includes(",") ? `"${c}"` : c}`)
        .join("\n") + "\n",
    );
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      { line: 2, column: "capacity", message: "Enter the capacity in units per week (0 when there is none)." },
      { line: 3, column: "capacity", message: "Capacity can't be negative." },
      { line: 4, column: "capacity", message: "Write the number without a sign. Enter a number like 1250 or 12.5, with at most 3 decimals." },
      { line: 5, column: "capacity", message: "Write the number without thousands separators and with a point for decimals, like 1250.5." },
      { line: 6, column: "capacity", message: "Write the number without thousands separators and with a point for decimals, like 1250.5." },
      { line: 7, column: "capacity", message: "Use at most 3 decimals." },
      { line: 8, column: "capacity", message: "The capacity is too large." },
      { line: 9, column: "capacity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
      { line: 10, column: "capacity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
    ]);
  });

  it("reports a duplicate facility, resource and week naming both lines, whatever the spelling", () => {
    const r = run("Fill Co Antwerp,Line 1,2026-W05,1\nFill Co Antwerp,Line 2,2026-W05,1\nfill co antwerp,line 1,2026w5,2\nBottler Two,Line 1,2026-W05,1\n");
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      {
        line: 4,
        column: "week",
        message: "Lines 2 and 4 both give capacity for Fill Co Antwerp, Line 1 in 2026-W05; keep one line per facility, resource and week.",
      },
    ]);
  });

  it("reports every problem on a row, and several rows", () => {
    expect(run("Nowhere,Line 9,2026-W99,-1\nBottler Two,Nope,2026-W01,x\n").problems).toEqual([
      { line: 2, column: "facility", message: "No facility called Nowhere." },
      { line: 2, column: "week", message: "2026 has no week 99." },
      { line: 2, column: "capacity", message: "Capacity can't be negative." },
      { line: 3, column: "resource", message: "Bottler Two has no resource called Nope." },
      { line: 3, column: "capacity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
    ]);
  });

  it("returns no rows when any row has a problem", () => {
    const r = run("Bottler Two,Line 1,2026-W05,1\nBottler Two,Line 1,2026-W06,-1\n");
    expect(r.rows).toEqual([]);
    expect(r.problems).toHaveLength(1);
  });

  it("resolves names differing only in case: the exact spelling wins, otherwise it's ambiguous", () => {
    const opts = { facilities: [{ name: "Plant", resources: ["L1", "l1"] }, { name: "PLANT", resources: ["X"] }] };
    expect(run("Plant,L1,2026-W05,1\nPLANT,X,2026-W05,1\nPlant,l1,2026-W05,1\n", HEADER, opts).rows.map((r) => [r.facility, r.resource])).toEqual([
      ["Plant", "L1"],
      ["PLANT", "X"],
      ["Plant", "l1"],
    ]);
    expect(run("plant,X,2026-W05,1\nPlant,L1 ,2026-W06,1\nPlant,Ll,2026-W06,1\nPlant, l1,2026-W07,1\nPlant,x1,2026-W07,1\n", HEADER, opts).problems).toEqual([
      { line: 2, column: "facility", message: "Several facilities are called plant; rename one of them." },
      { line: 4, column: "resource", message: "Plant has no resource called Ll." },
      { line: 6, column: "resource", message: "Plant has no resource called x1." },
    ]);
    expect(run("Plant,L1 ,2026-W05,1\n", HEADER, { facilities: [{ name: "Plant", resources: ["L1", "l1"] }] }).rows).toHaveLength(1);
    expect(run("plant,L1,2026-W05,1\nPlant,LINE,2026-W05,1\n", HEADER, { facilities: [{ name: "Plant", resources: ["Line", "LINE "] }] }).problems).toEqual([
      { line: 2, column: "resource", message: "Plant has no resource called L1." },
    ]);
  });

  it("reports header problems on line 1", () => {
    expect(validateCapacityCsv("", { facilities }).problems).toEqual([{ line: 1, message: "The file is empty. The first line must be the header: facility, resource, week, capacity." }]);
    expect(run("Bottler Two,2026-W05,1\n", "facility,week,capacity\n").problems).toEqual([
      { line: 1, message: "Missing column: resource. Expected facility, resource, week, capacity." },
    ]);
    expect(run("Bottler Two,Line 1,2026-W05,1,x\n", "facility,resource,week,capacity,notes\n").problems).toEqual([
      { line: 1, message: "Unknown column: notes. Expected facility, resource, week, capacity." },
    ]);
    expect(run("Bottler Two,Line 1,2026-W05,1,2\n", "facility,resource,week,capacity,Capacity\n").problems).toEqual([
      { line: 1, column: "capacity", message: "Column capacity appears more than once." },
    ]);
    expect(run("Bottler Two,Line 1,2026-W05\n").problems).toEqual([{ line: 2, message: "This row has a different number of columns from the header." }]);
  });

  it("numbers lines from the header, following multi-line quoted cells", () => {
    expect(run('"Bottler\nThree",Line 1,2026-W05,1\nBottler Two,Line 1,2026-W05,x\n').problems).toEqual([
      { line: 2, column: "facility", message: "No facility called Bottler Three." },
      { line: 4, column: "capacity", message: "Enter a number like 1250 or 12.5, with at most 3 decimals." },
    ]);
  });

  it(`accepts ${MAX_CAPACITY_IMPORT_ROWS.toLocaleString("en")} rows and refuses one more`, () => {
    // ten lines of 2,000 weeks each from 2030: every week inside the business weeks (up to 2100-W52)
    const big = { facilities: [{ name: "Big Site", resources: Array.from({ length: 10 }, (_, r) => `Line ${r + 1}`) }] };
    const week = (i: number) => `${2030 + Math.floor(i / 52)}-W${String((i % 52) + 1).padStart(2, "0")}`;
    const body = (n: number) => Array.from({ length: n }, (_, i) => `Big Site,Line ${(i % 10) + 1},${week(Math.floor(i / 10))},1\n`).join("");
    const full = run(body(MAX_CAPACITY_IMPORT_ROWS), HEADER, big);
    expect(full.problems).toEqual([]);
    expect(full.rows).toHaveLength(MAX_CAPACITY_IMPORT_ROWS);
    expect(run(body(MAX_CAPACITY_IMPORT_ROWS + 1), HEADER, big).problems).toEqual([{ line: 20_002, message: "At most 20,000 capacity rows per file; split the file." }]);
  });
});

describe("weeks inside their domain", () => {
  it("refuses a week outside 2000-W01 to 2100-W52", () => {
    expect(run("Bottler Two,Line 1,9999-W01,1\nBottler Two,Line 1,1999-W52,1\nBottler Two,Line 1,2100-W52,1\n").problems).toEqual([
      { line: 2, column: "week", message: "Enter a week from 2000-W01 to 2100-W52." },
      { line: 3, column: "week", message: "Enter a week from 2000-W01 to 2100-W52." },
    ]);
  });
});
