import { diffRecords } from "../../app/domain/audit-diff";

describe("diffRecords", () => {
  it("lists changed fields only, sorted, ignoring version bookkeeping", () => {
    expect(
      diffRecords({ name: "A", kind: "supplier", version: 1, updatedAt: "x", code: null }, { name: "B", kind: "supplier", version: 2, updatedAt: "y", code: "C1" }),
    ).toEqual([
      { field: "code", before: null, after: "C1" },
      { field: "name", before: "A", after: "B" },
    ]);
  });
  it("treats a creation (no before) as every field new", () => {
    expect(diffRecords(null, { a: 1 })).toEqual([{ field: "a", before: null, after: 1 }]);
  });
  it("compares arrays and objects by value", () => {
    expect(diffRecords({ r: ["x"] }, { r: ["x"] })).toEqual([]);
    expect(diffRecords({ r: ["x"] }, { r: ["x", "y"] })).toEqual([{ field: "r", before: ["x"], after: ["x", "y"] }]);
  });
});
