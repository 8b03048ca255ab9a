import {
  computeVerdict,
  DEFECT_CLASSES,
  defectsPerMillion,
  finalVerdict,
  lotAcceptanceRate,
  measurementWithinSpec,
  type ClassFinding,
  type InspectionFact,
} from "../../app/domain/inspection";

const finding = (defectClass: ClassFinding["defectClass"], acceptance: number, defects: number): ClassFinding => ({
  defectClass,
  acceptance,
  rejection: acceptance + 1,
  defects,
});

describe("computeVerdict", () => {
  it("lists the classes in order", () => {
    expect(DEFECT_CLASSES).toEqual(["critical", "major", "minor"]);
  });

  it("accepts when defects equal the acceptance number", () => {
    expect(computeVerdict([finding("major", 3, 3)])).toEqual({
      verdict: "accepted",
      failedClasses: [],
      classes: [{ defectClass: "major", acceptance: 3, rejection: 4, defects: 3, accepted: true }],
    });
  });

  it("rejects at the acceptance number plus one", () => {
    expect(computeVerdict([finding("major", 3, 4)])).toEqual({
      verdict: "rejected",
      failedClasses: ["major"],
      classes: [{ defectClass: "major", acceptance: 3, rejection: 4, defects: 4, accepted: false }],
    });
  });

  it("Ac 0: no defect accepted, one defect rejected", () => {
    expect(computeVerdict([finding("critical", 0, 0)]).verdict).toBe("accepted");
    expect(computeVerdict([finding("critical", 0, 1)]).verdict).toBe("rejected");
  });

  it("needs every class within its acceptance number, and names the failing ones in class order", () => {
    const r = computeVerdict([finding("minor", 5, 6), finding("critical", 0, 1), finding("major", 2, 2)]);
    expect(r.verdict).toBe("rejected");
    expect(r.failedClasses).toEqual(["critical", "minor"]);
    expect(r.classes.map((c) => [c.defectClass, c.accepted])).toEqual([
      ["critical", false],
      ["major", true],
      ["minor", false],
    ]);
    expect(computeVerdict([finding("minor", 5, 5), finding("critical", 0, 0), finding("major", 2, 0)]).verdict).toBe("accepted");
  });

  it("ignores classes with no plan (not passed in)", () => {
    expect(computeVerdict([finding("major", 1, 1)])).toEqual({
      verdict: "accepted",
      failedClasses: [],
      classes: [{ defectClass: "major", acceptance: 1, rejection: 2, defects: 1, accepted: true }],
    });
    expect(computeVerdict([])).toEqual({ verdict: "accepted", failedClasses: [], classes: [] });
  });

  it("treats defects between Ac and Re as not accepted", () => {
    expect(computeVerdict([{ defectClass: "minor", acceptance: 2, rejection: 5, defects: 3 }]).verdict).toBe("rejected");
  });

  it("throws on malformed findings", () => {
    expect(() => computeVerdict([finding("major", 1, 0), finding("major", 2, 0)])).toThrow(/more than once/);
    expect(() => computeVerdict([finding("major", 1, -1)])).toThrow(RangeError);
    expect(() => computeVerdict([finding("major", 1, 0.5)])).toThrow(RangeError);
    expect(() => computeVerdict([{ defectClass: "major", acceptance: 2, rejection: 2, defects: 0 }])).toThrow(/greater than/);
    expect(() => computeVerdict([{ defectClass: "cosmetic" as never, acceptance: 0, rejection: 1, defects: 0 }])).toThrow(/Unknown defect class/);
  });
});

describe("finalVerdict", () => {
  it("without override is the computed verdict", () => {
    expect(finalVerdict("accepted", null)).toEqual({ ok: true, final: "accepted", overridden: false, reason: null });
    expect(finalVerdict("rejected", null)).toEqual({ ok: true, final: "rejected", overridden: false, reason: null });
  });

  it("overrides with a reason, trimmed", () => {
    expect(finalVerdict("rejected", { verdict: "accepted", reason: "  Customer concession #42 " })).toEqual({
      ok: true,
      final: "accepted",
      overridden: true,
      reason: "Customer concession #42",
    });
    expect(finalVerdict("accepted", { verdict: "rejected", reason: "smell" })).toEqual({ ok: true, final: "rejected", overridden: true, reason: "smell" });
  });

  it("refuses an override without a reason of at least 5 characters after trimming", () => {
    for (const reason of ["", "    ", "bad", "  ok!  ", "abcd"]) {
      const r = finalVerdict("rejected", { verdict: "accepted", reason });
      expect(r).toEqual({ ok: false, error: "Overriding the verdict needs a reason of at least 5 characters." });
    }
  });

  it("allows an override equal to the computed verdict, flagged not overridden, reason not needed", () => {
    expect(finalVerdict("accepted", { verdict: "accepted", reason: "" })).toEqual({ ok: true, final: "accepted", overridden: false, reason: null });
    expect(finalVerdict("rejected", { verdict: "rejected", reason: "looks fine to me" })).toEqual({
      ok: true,
      final: "rejected",
      overridden: false,
      reason: null,
    });
  });

  it("refuses an unknown verdict", () => {
    const r = finalVerdict("accepted", { verdict: "maybe" as never, reason: "because I said so" });
    expect(r.ok).toBe(false);
  });
});

const fact = (over: Partial<InspectionFact>): InspectionFact => ({ firstInspection: true, verdict: "accepted", unitsInspected: 0, defects: 0, ...over });

describe("lotAcceptanceRate", () => {
  it("is null without first inspections", () => {
    expect(lotAcceptanceRate([])).toBeNull();
    expect(lotAcceptanceRate([fact({ firstInspection: false })])).toBeNull();
  });

  it("counts accepted first inspections over first inspections only", () => {
    const facts = [
      fact({ verdict: "accepted" }),
      fact({ verdict: "rejected" }),
      fact({ verdict: "accepted" }),
      fact({ verdict: "accepted" }),
      fact({ firstInspection: false, verdict: "accepted" }),
      fact({ firstInspection: false, verdict: "rejected" }),
    ];
    expect(lotAcceptanceRate(facts)).toBe(0.75);
    expect(lotAcceptanceRate([fact({ verdict: "rejected" })])).toBe(0);
    expect(lotAcceptanceRate([fact({ verdict: "accepted" })])).toBe(1);
  });
});

describe("defectsPerMillion", () => {
  it("is null without units inspected", () => {
    expect(defectsPerMillion([])).toBeNull();
    expect(defectsPerMillion([fact({ unitsInspected: 0, defects: 0 })])).toBeNull();
  });

  it("is total defects over total units, times a million, re-inspections included", () => {
    expect(defectsPerMillion([fact({ unitsInspected: 125, defects: 3 }), fact({ firstInspection: false, unitsInspected: 375, defects: 2 })])).toBe(10_000);
    expect(defectsPerMillion([fact({ unitsInspected: 200, defects: 0 })])).toBe(0);
    expect(defectsPerMillion([fact({ unitsInspected: 3, defects: 1 })])).toBeCloseTo(333_333.333, 3);
  });
});

describe("measurementWithinSpec", () => {
  it("includes both bounds", () => {
    expect(measurementWithinSpec(10, 10, 12)).toBe(true);
    expect(measurementWithinSpec(12, 10, 12)).toBe(true);
    expect(measurementWithinSpec(11.5, 10, 12)).toBe(true);
    expect(measurementWithinSpec(9.999, 10, 12)).toBe(false);
    expect(measurementWithinSpec(12.001, 10, 12)).toBe(false);
  });

  it("min-only spec", () => {
    expect(measurementWithinSpec(5, 5, null)).toBe(true);
    expect(measurementWithinSpec(1e9, 5, null)).toBe(true);
    expect(measurementWithinSpec(4.9, 5, null)).toBe(false);
  });

  it("max-only spec", () => {
    expect(measurementWithinSpec(-1e9, null, 0.5)).toBe(true);
    expect(measurementWithinSpec(0.5, null, 0.5)).toBe(true);
    expect(measurementWithinSpec(0.51, null, 0.5)).toBe(false);
  });

  it("no bounds accepts any finite value; non-finite values are never within spec", () => {
    expect(measurementWithinSpec(-3, null, null)).toBe(true);
    expect(measurementWithinSpec(Number.NaN, null, null)).toBe(false);
    expect(measurementWithinSpec(Number.POSITIVE_INFINITY, 0, null)).toBe(false);
  });
});
