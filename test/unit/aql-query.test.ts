import { parsePlanQuery } from "../../app/domain/aql-query";

const q = (params: Record<string, string>) => parsePlanQuery((n) => params[n] ?? null);

describe("parsePlanQuery", () => {
  it("reads a valid query, normalising level, AQL and severity", () => {
    expect(q({ lotSize: "3200", level: "ii", aql: "2.50", severity: "Tightened" })).toEqual({
      ok: true,
      value: { lotSize: 3200, level: "II", aql: "2.5", severity: "tightened" },
    });
  });

  it("defaults level II and normal severity", () => {
    expect(q({ lotSize: "10", aql: "1.0" })).toMatchObject({ ok: true, value: { level: "II", severity: "normal", aql: "1.0" } });
  });

  it("names each bad parameter with the accepted values, and only the bad ones", () => {
    const r = q({ lotSize: "12.5", level: "IV", aql: "3", severity: "strict" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.lotSize).toMatch(/^lotSize must be a whole number of units from 2 to 100,000,000; got "12.5"\.$/);
    expect(r.errors.level).toBe("level must be one of S-1, S-2, S-3, S-4, I, II, III.");
    expect(r.errors.aql).toMatch(/^aql must be a preferred AQL: 0\.010, 0\.015, .*, 650, 1000\.$/);
    expect(r.errors.severity).toBe("severity must be one of normal, tightened, reduced.");
    const one = q({ lotSize: "1", aql: "2.5" });
    expect(one.ok ? null : Object.entries(one.errors).filter(([, v]) => v).map(([k]) => k)).toEqual(["lotSize"]);
  });

  it("refuses lot sizes outside 2..100,000,000 and non-numbers", () => {
    for (const lotSize of ["", "0", "1", "-5", "1e3", "100000001", "abc"]) expect(q({ lotSize, aql: "2.5" }).ok, lotSize).toBe(false);
    for (const lotSize of ["2", "100000000"]) expect(q({ lotSize, aql: "2.5" }).ok, lotSize).toBe(true);
  });
});
