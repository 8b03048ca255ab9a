import { parseFindingsForm } from "../../app/domain/inspection-forms";

const T1 = "11111111-1111-4111-8111-111111111111";
const T2 = "22222222-2222-4222-8222-222222222222";

describe("parseFindingsForm", () => {
  it("reads defect counts, skips blanks, and measurement rows in order", () => {
    const r = parseFindingsForm([
      [`defect.${T1}`, "3"],
      [`defect.${T2}`, ""],
      ["m.1.characteristic", "Height"],
      ["m.1.unit", "mm"],
      ["m.1.min", "119.5"],
      ["m.1.max", "120.5"],
      ["m.1.value", "120.1"],
      ["m.0.characteristic", "Weight"],
      ["m.0.value", "-0.25"],
      ["m.2.characteristic", ""],
      ["m.2.value", ""],
      ["notes", "  roll 7 drifted  "],
    ]);
    expect(r).toEqual({
      ok: true,
      value: {
        defects: [{ defectTypeId: T1, quantity: 3 }],
        measurements: [
          { characteristic: "Weight", unit: "", minValue: null, maxValue: null, value: "-0.25" },
          { characteristic: "Height", unit: "mm", minValue: "119.5", maxValue: "120.5", value: "120.1" },
        ],
        notes: "roll 7 drifted",
      },
    });
  });

  it("puts each problem beside its field", () => {
    const r = parseFindingsForm([
      [`defect.${T1}`, "-1"],
      [`defect.${T2}`, "2.5"],
      ["m.0.value", "12"],
      ["m.1.characteristic", "Height"],
      ["m.1.min", "5"],
      ["m.1.max", "4"],
      ["m.1.value", "abc"],
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      [`defect.${T1}`]: "Enter a whole number of defects (0 or more).",
      [`defect.${T2}`]: "Enter a whole number of defects (0 or more).",
      "m.0.characteristic": "Name what was measured.",
      "m.1.value": "Enter a number, e.g. 12.5.",
      "m.1.max": "The maximum must not be below the minimum.",
    });
  });

  it("refuses the same defect type twice, whatever its letter case", () => {
    const r = parseFindingsForm([
      [`defect.${T1}`, "1"],
      [`defect.${T1.toUpperCase()}`, "2"],
    ]);
    expect(r).toEqual({ ok: false, errors: { [`defect.${T1.toUpperCase()}`]: "This defect type was entered twice." } });
  });

  it("ignores defect fields that are not catalogue ids", () => {
    expect(parseFindingsForm([["defect.not-an-id", "5"]])).toEqual({ ok: true, value: { defects: [], measurements: [], notes: "" } });
  });
});
