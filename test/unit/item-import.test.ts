import { MAX_IMPORT_ROWS, validateItemCsv } from "../../app/domain/item-import";

const HEADER = "code,description,uom,abc_class,lead_time_days,standard_cost\n";

describe("validateItemCsv", () => {
  it("accepts good rows, normalising case of uom and class", () => {
    const r = validateItemCsv(HEADER + "A-1,Bottle,EA,a,5,1.25\nB-2,Sugar,kg,C,0,\n");
    expect(r.problems).toEqual([]);
    expect(r.items).toEqual([
      { line: 2, code: "A-1", description: "Bottle", uom: "ea", abcClass: "A", leadTimeDays: 5, standardCost: "1.25" },
      { line: 3, code: "B-2", description: "Sugar", uom: "kg", abcClass: "C", leadTimeDays: 0, standardCost: null },
    ]);
  });

  it("reports every problem with its line and column, and returns no items (all-or-nothing)", () => {
    const r = validateItemCsv(HEADER + "OK-1,Fine,ea,A,1,\n,,zz,Q,-3,1.23456\nOK-2,Fine,ea,B,x,\n");
    expect(r.items).toEqual([]);
    expect(r.problems).toEqual([
      { line: 3, message: "code: Enter the item code." },
      { line: 3, message: "description: Enter a description." },
      { line: 3, message: "uom: Unit of measure must be one of ea, kg, g, l, ml, m, m2, pallet, case." },
      { line: 3, message: "abc_class: ABC class must be A, B or C." },
      { line: 3, message: "lead_time_days: Lead time can't be negative." },
      { line: 3, message: "standard_cost: Standard cost must be a number with up to 4 decimals, e.g. 1.25." },
      { line: 4, message: expect.stringMatching(/^lead_time_days: /) },
    ]);
  });

  it("flags a code repeated in the file, case-insensitively, naming the first line", () => {
    const r = validateItemCsv(HEADER + "X-1,a,ea,A,1,\nx-1,b,ea,A,1,\n");
    expect(r.problems).toEqual([{ line: 3, message: "code: x-1 already appears on line 2." }]);
  });

  it("names missing and unknown columns", () => {
    expect(validateItemCsv("code,description\nA,b\n").problems).toEqual([
      { line: 1, message: "Missing columns: uom, abc_class, lead_time_days." },
    ]);
    expect(validateItemCsv(HEADER.trim() + ",colour\nA,b,ea,A,1,,red\n").problems[0].message).toMatch(/^Unknown column: colour\./);
  });

  it("refuses an empty file body and an over-long file", () => {
    expect(validateItemCsv(HEADER).problems).toEqual([{ line: 2, message: "The file has a header but no items." }]);
    const many = HEADER + Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `C${i},d,ea,A,1,`).join("\n");
    expect(validateItemCsv(many).problems[0].message).toBe(`At most ${MAX_IMPORT_ROWS} items per file.`);
  });

  it("passes a CSV syntax error through with its line", () => {
    expect(validateItemCsv(HEADER + "A,b,ea\n").problems).toEqual([{ line: 2, message: "This row has a different number of columns from the header." }]);
  });
});
