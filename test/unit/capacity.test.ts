import {
  answeredDemand,
  answerOverCommitments,
  BAND_LABELS,
  describeOverCommitment,
  loadCells,
  openQuantity,
  band,
  DEFAULT_CAPACITY_MAX_AGE_DAYS,
  demandChange,
  horizon,
  isStale,
  openCapacity,
  overCommitments,
  placementCandidates,
  rankPlacements,
  subtractDecimals,
  sumDecimals,
  UTILISATION_BANDS,
  utilisation,
  weeklyDemand,
} from "../../app/domain/capacity";
import { compareDecimal, proposalOf } from "../../app/domain/po";

describe("bands", () => {
  it("lists the four bands in order with labels", () => {
    expect(UTILISATION_BANDS).toEqual(["under_70", "70_90", "90_100", "over_100"]);
    expect(UTILISATION_BANDS.map((b) => BAND_LABELS[b])).toEqual(["Under 70%", "70–90%", "90–100%", "Over 100%"]);
  });

  it("puts each boundary on the right side (exactly 100% is not over)", () => {
    expect(band(0)).toBe("under_70");
    expect(band(0.6999)).toBe("under_70");
    expect(band(0.7)).toBe("70_90");
    expect(band(0.8999)).toBe("70_90");
    expect(band(0.9)).toBe("90_100");
    expect(band(0.9999)).toBe("90_100");
    expect(band(1)).toBe("90_100");
    expect(band(1.0001)).toBe("over_100");
    expect(band(Infinity)).toBe("over_100");
    expect(band(null)).toBeNull();
    expect(band(NaN)).toBeNull();
  });

  it("bands utilisation computed from decimals exactly at the boundaries", () => {
    expect(band(utilisation("699.999", "1000"))).toBe("under_70");
    expect(band(utilisation("700", "1000"))).toBe("70_90");
    expect(band(utilisation("0.7", "1"))).toBe("70_90");
    expect(band(utilisation("7", "10"))).toBe("70_90");
    expect(band(utilisation("899.999", "1000"))).toBe("70_90");
    expect(band(utilisation("900", "1000"))).toBe("90_100");
    expect(band(utilisation("0.9", "1.000"))).toBe("90_100");
    expect(band(utilisation("1000.000", "1000"))).toBe("90_100");
    expect(band(utilisation("1000.001", "1000"))).toBe("over_100");
    // naive float division gives 0.009 / 0.01 = 0.8999999999999999 (70_90): the quotient must be exact
    expect(utilisation("0.009", "0.010")).toBe(0.9);
    expect(band(utilisation("0.009", "0.01"))).toBe("90_100");
    expect(band(utilisation("0.045", "0.050"))).toBe("90_100");
    // large figures: exactly 70% of 99,999,999,990 and one thousandth less
    expect(band(utilisation("69999999993", "99999999990"))).toBe("70_90");
    expect(band(utilisation("69999999992.999", "99999999990"))).toBe("under_70");
    expect(band(utilisation("99999999990", "99999999990.000"))).toBe("90_100");
    expect(band(utilisation("99999999990.001", "99999999990"))).toBe("over_100");
  });
});

describe("utilisation", () => {
  it("divides demand by capacity", () => {
    expect(utilisation("500", "1000")).toBe(0.5);
    expect(utilisation("1500", "1000")).toBe(1.5);
    expect(utilisation("0", "1000")).toBe(0);
    expect(utilisation("1", "3")).toBeCloseTo(0.333333, 6);
    expect(utilisation("12.5", "10.000")).toBe(1.25);
  });

  it("handles zero capacity: null without demand, Infinity with", () => {
    expect(utilisation("0", "0")).toBeNull();
    expect(utilisation("0.000", "0.000")).toBeNull();
    expect(utilisation("0.001", "0")).toBe(Infinity);
    expect(utilisation("250", "0.000")).toBe(Infinity);
    expect(band(utilisation("250", "0"))).toBe("over_100");
    expect(band(utilisation("0", "0"))).toBeNull();
  });
});

describe("openCapacity and decimal helpers", () => {
  it("is capacity minus demand, negative when over", () => {
    expect(openCapacity("1000", "250.5")).toBe("749.500");
    expect(openCapacity("1000", "1000")).toBe("0.000");
    expect(openCapacity("1000", "1200.25")).toBe("-200.250");
    expect(openCapacity("0", "0")).toBe("0.000");
  });

  it("subtracts negatives and sums lists", () => {
    expect(subtractDecimals("10", "-2.5")).toBe("12.500");
    expect(subtractDecimals("-1", "2")).toBe("-3.000");
    expect(sumDecimals([])).toBe("0.000");
    expect(sumDecimals(["1.5", "2.25", "-0.75"])).toBe("3.000");
  });
});

describe("overCommitments", () => {
  const weeks = [
    { week: "2026-W10", capacity: "1000", demand: "800" }, // goes over with +300
    { week: "2026-W11", capacity: "1000", demand: "200" }, // stays under with +300
    { week: "2026-W12", capacity: "500", demand: "600" }, // already over, untouched
    { week: "2026-W13", capacity: null, demand: "5000" }, // no capacity declared
    { week: "2026-W14", capacity: "1000", demand: "900" }, // exactly full after +100
  ];

  it("reports the weeks that end over capacity, by how much, in week order", () => {
    const change = [
      { week: "2026-W14", quantity: "100" },
      { week: "2026-W10", quantity: "300" },
      { week: "2026-W11", quantity: "300" },
      { week: "2026-W13", quantity: "9999" },
    ];
    expect(overCommitments(weeks, change)).toEqual([
      { week: "2026-W10", capacity: "1000.000", demandAfter: "1100.000", over: "100.000" },
      { week: "2026-W12", capacity: "500.000", demandAfter: "600.000", over: "100.000" },
    ]);
  });

  it("reports weeks already over even with no change, and nothing when all is under", () => {
    expect(overCommitments(weeks, [])).toEqual([{ week: "2026-W12", capacity: "500.000", demandAfter: "600.000", over: "100.000" }]);
    expect(overCommitments([{ week: "2026-W10", capacity: "1000", demand: "1000" }], [])).toEqual([]);
  });

  it("sums several changes in one week, reductions included", () => {
    const change = [
      { week: "2026-W11", quantity: "500" },
      { week: "2026-W11", quantity: "300.5" },
      { week: "2026-W11", quantity: "-0.5" },
    ];
    // 200 + 800 = 1000: full, not over; one more thousandth is over
    expect(overCommitments(weeks.slice(1, 2), change)).toEqual([]);
    expect(overCommitments(weeks.slice(1, 2), [...change, { week: "2026-W11", quantity: "0.001" }])).toEqual([
      { week: "2026-W11", capacity: "1000.000", demandAfter: "1000.001", over: "0.001" },
    ]);
  });

  it("drops a week that a reduction brings back under (or to exactly full)", () => {
    expect(overCommitments(weeks.slice(2, 3), [{ week: "2026-W12", quantity: "-100" }])).toEqual([]);
    expect(overCommitments(weeks.slice(2, 3), [{ week: "2026-W12", quantity: "-99.999" }])).toEqual([
      { week: "2026-W12", capacity: "500.000", demandAfter: "500.001", over: "0.001" },
    ]);
    // a reduction in one week and an increase in another: a date moved
    expect(
      overCommitments(weeks.slice(0, 3), [
        { week: "2026-W12", quantity: "-200" },
        { week: "2026-W11", quantity: "200" },
      ]),
    ).toEqual([]);
  });

  it("never reports a week with no declared capacity, or a change for a week not listed", () => {
    expect(overCommitments([{ week: "2026-W13", capacity: null, demand: "5000" }], [{ week: "2026-W13", quantity: "1" }])).toEqual([]);
    expect(overCommitments([], [{ week: "2026-W20", quantity: "1" }])).toEqual([]);
  });

  it("treats zero capacity as a real limit", () => {
    expect(overCommitments([{ week: "2026-W20", capacity: "0", demand: "0" }], [{ week: "2026-W20", quantity: "5" }])).toEqual([
      { week: "2026-W20", capacity: "0.000", demandAfter: "5.000", over: "5.000" },
    ]);
  });

  it("refuses a week listed twice", () => {
    expect(() =>
      overCommitments(
        [
          { week: "2026-W20", capacity: "1", demand: "0" },
          { week: "2026-W20", capacity: "1", demand: "0" },
        ],
        [],
      ),
    ).toThrow("Week 2026-W20 is listed twice.");
  });
});

describe("demandChange and weeklyDemand", () => {
  it("moves a line's quantity from its old week to its new one, netting per week", () => {
    expect(
      demandChange([
        // date moved from W10 to W11, quantity up
        { before: { date: "2026-03-04", quantity: "100" }, after: { date: "2026-03-11", quantity: "150" } },
        // newly accepted in W10
        { before: null, after: { date: "2026-03-06", quantity: "40" } },
        // rejected: leaves W12
        { before: { date: "2026-03-18", quantity: "25.5" }, after: null },
        // same week, same quantity: no change at all
        { before: { date: "2026-03-23", quantity: "10" }, after: { date: "2026-03-29", quantity: "10" } },
      ]),
    ).toEqual([
      { week: "2026-W10", quantity: "-60.000" },
      { week: "2026-W11", quantity: "150.000" },
      { week: "2026-W12", quantity: "-25.500" },
    ]);
  });

  it("adds dated quantities by ISO week, across a year end", () => {
    expect(
      weeklyDemand([
        { date: "2027-01-01", quantity: "5" },
        { date: "2026-12-28", quantity: "7.25" },
        { date: "2026-12-27", quantity: "1" },
      ]),
    ).toEqual([
      { week: "2026-W52", demand: "1.000" },
      { week: "2026-W53", demand: "12.250" },
    ]);
  });
});

describe("placementCandidates", () => {
  type R = { key: string; facility: string; resource: string; week: string; capacity: string; demand: string };
  const row = (key: string, week: string, capacity: string, demand: string): R => {
    const [facility, resource] = key.split("/");
    return { key, facility, resource, week, capacity, demand };
  };
  const rows: R[] = [
    row("Antwerp/L1", "2026-W10", "1000", "400"), // 600
    row("Antwerp/L1", "2026-W11", "1000", "1300"), // over: counts 0, not -300
    row("Antwerp/L1", "2026-W12", "1000", "900"), // 100
    row("Antwerp/L1", "2026-W13", "5000", "0"), // outside the range
    row("Antwerp/L2", "2026-W10", "300", "0"), // 300
    row("Antwerp/L2", "2026-W11", "300", "0"), // 300
    row("Antwerp/L2", "2026-W12", "300", "200"), // 100
    row("Gent/A", "2026-W11", "2000", "1200.5"), // 799.5
    row("Gent/B", "2026-W09", "9000", "0"), // outside
    row("Gent/B", "2026-W10", "100", "100"), // full: 0
  ];

  it("sums positive open capacity over the weeks, most open first, keeping the row's other fields", () => {
    expect(placementCandidates(rows, "0", "2026-W10", "2026-W12")).toEqual([
      { key: "Gent/A", facility: "Gent", resource: "A", open: "799.500", weeks: 1 },
      { key: "Antwerp/L1", facility: "Antwerp", resource: "L1", open: "700.000", weeks: 2 },
      { key: "Antwerp/L2", facility: "Antwerp", resource: "L2", open: "700.000", weeks: 3 },
      { key: "Gent/B", facility: "Gent", resource: "B", open: "0.000", weeks: 0 },
    ]);
  });

  it("keeps only candidates with at least the quantity open (equal counts)", () => {
    const keys = (q: string) => placementCandidates(rows, q, "2026-W10", "2026-W12").map((c) => c.key);
    expect(keys("700")).toEqual(["Gent/A", "Antwerp/L1", "Antwerp/L2"]);
    expect(keys("700.001")).toEqual(["Gent/A"]);
    expect(keys("799.5")).toEqual(["Gent/A"]);
    expect(keys("799.501")).toEqual([]);
    expect(keys("0.001")).toEqual(["Gent/A", "Antwerp/L1", "Antwerp/L2"]);
  });

  it("only looks at weeks from..to, inclusive, across a year end", () => {
    const yearEnd = [row("X/1", "2026-W52", "10", "0"), row("X/1", "2026-W53", "10", "0"), row("X/1", "2027-W01", "10", "0"), row("X/1", "2027-W02", "10", "0")];
    expect(placementCandidates(yearEnd, "1", "2026-W53", "2027-W01")).toEqual([{ key: "X/1", facility: "X", resource: "1", open: "20.000", weeks: 2 }]);
    expect(placementCandidates(rows, "0", "2026-W13", "2026-W13").map((c) => [c.key, c.open])).toEqual([["Antwerp/L1", "5000.000"]]);
    expect(placementCandidates(rows, "0", "2026-W12", "2026-W10")).toEqual([]);
  });

  it("adds rows for the same key and week before taking the open part", () => {
    const split = [row("Y/1", "2026-W10", "100", "150"), row("Y/1", "2026-W10", "100", "0")];
    expect(placementCandidates(split, "0", "2026-W10", "2026-W10")).toEqual([{ key: "Y/1", facility: "Y", resource: "1", open: "50.000", weeks: 1 }]);
  });
});

describe("isStale", () => {
  it("is fresh up to exactly maxAgeDays, stale from the day after", () => {
    expect(DEFAULT_CAPACITY_MAX_AGE_DAYS).toBe(14);
    expect(isStale("2026-03-01", 14, "2026-03-15")).toBe(false); // 14 days
    expect(isStale("2026-03-01", 14, "2026-03-16")).toBe(true); // 15 days
    expect(isStale("2026-03-15", 14, "2026-03-15")).toBe(false);
    expect(isStale("2026-12-25", 14, "2027-01-08")).toBe(false); // across a year end: 14
    expect(isStale("2026-12-25", 14, "2027-01-09")).toBe(true);
    expect(isStale("2026-03-01", 0, "2026-03-02")).toBe(true);
    expect(isStale("2026-03-01", 30, "2026-03-31")).toBe(false);
  });

  it("is stale when never confirmed, and fresh when confirmed after today", () => {
    expect(isStale(null, 14, "2026-03-15")).toBe(true);
    expect(isStale("2026-03-20", 14, "2026-03-15")).toBe(false);
  });

  it("reads a timestamp by its date part and refuses non-dates", () => {
    expect(isStale("2026-03-01T23:59:59Z", 14, "2026-03-15")).toBe(false);
    expect(() => isStale("yesterday", 14, "2026-03-15")).toThrow(RangeError);
  });
});

describe("horizon", () => {
  it("is the current week and the next 25 by default", () => {
    const h = horizon("2026-03-04");
    expect(h).toHaveLength(26);
    expect(h[0]).toBe("2026-W10");
    expect(h[25]).toBe("2026-W35");
  });

  it("crosses a year end, through W53", () => {
    const h = horizon("2026-12-30");
    expect(h).toHaveLength(26);
    expect(h.slice(0, 3)).toEqual(["2026-W53", "2027-W01", "2027-W02"]);
    expect(h[25]).toBe("2027-W25");
    expect(horizon("2027-01-01", 2)).toEqual(["2026-W53", "2027-W01"]);
    expect(horizon("2025-12-29", 1)).toEqual(["2026-W01"]);
  });
});

describe("loadCells (a heatmap row)", () => {
  it("adds many parts exactly, as sumDecimals does, negative and fractional quantities included", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const weeks = ["2026-W52", "2026-W53", "2027-W01"];
    const parts = Array.from({ length: 600 }, (_, i) => ({
      part: `p${next() % 40}`,
      week: weeks[next() % 3],
      capacity: i % 9 === 0 ? null : `${next() % 100000}.${String(next() % 1000).padStart(3, "0")}`,
      demand: `${i % 50 === 0 ? "-" : ""}${next() % 90000}.${String(next() % 1000).padStart(3, "0")}`,
    }));
    const cells = loadCells(weeks, parts);
    for (const cell of cells) {
      const mine = parts.filter((p) => p.week === cell.week);
      const declared = new Set(mine.filter((p) => p.capacity !== null).map((p) => p.part));
      expect(cell.demand).toBe(sumDecimals(mine.map((p) => p.demand)));
      expect(cell.capacity).toBe(sumDecimals(mine.flatMap((p) => (p.capacity === null ? [] : [p.capacity]))));
      expect(cell.undeclaredDemand).toBe(sumDecimals(mine.filter((p) => !declared.has(p.part)).map((p) => p.demand)));
      const over = [...declared].filter((part) => {
        const of = mine.filter((p) => p.part === part);
        return compareDecimal(sumDecimals(of.map((p) => p.demand)), sumDecimals(of.flatMap((p) => (p.capacity === null ? [] : [p.capacity])))) > 0;
      });
      expect(cell.overParts).toBe(over.length);
    }
  });

  const weeks = ["2026-W52", "2026-W53", "2027-W01"];
  it("adds parts per week, with utilisation and band on the totals, across the 53-week year end", () => {
    const cells = loadCells(weeks, [
      { part: "A", week: "2026-W53", capacity: "1000", demand: "0" },
      { part: "B", week: "2026-W53", capacity: "1000", demand: "0" },
      { part: "A", week: "2026-W53", capacity: null, demand: "900" },
      { part: "B", week: "2026-W53", capacity: null, demand: "500" },
      { part: "A", week: "2027-W01", capacity: "500", demand: "0" },
    ]);
    expect(cells.map((c) => c.week)).toEqual(weeks);
    expect(cells[0]).toMatchObject({ capacity: null, demand: "0.000", utilisation: null, band: null, overParts: 0 });
    expect(cells[1]).toMatchObject({ capacity: "2000.000", demand: "1400.000", utilisation: 0.7, band: "70_90", overParts: 0 });
    expect(cells[2]).toMatchObject({ capacity: "500.000", demand: "0.000", utilisation: 0, band: "under_70" });
  });

  it("counts a part over its own capacity even when the row's total is not over", () => {
    const [cell] = loadCells(["2027-W05"], [
      { part: "A", week: "2027-W05", capacity: "100", demand: "150" },
      { part: "B", week: "2027-W05", capacity: "900", demand: "0" },
    ]);
    expect(cell).toMatchObject({ band: "under_70", overParts: 1, demand: "150.000" });
  });

  it("keeps demand where no capacity is declared apart: it is shown, and not set against other parts' capacity", () => {
    const [cell] = loadCells(["2027-W05"], [
      { part: "A", week: "2027-W05", capacity: "1000", demand: "950" },
      { part: "unrouted", week: "2027-W05", capacity: null, demand: "500" },
    ]);
    expect(cell).toMatchObject({ capacity: "1000.000", demand: "1450.000", undeclaredDemand: "500.000", band: "90_100" });
    expect(cell.utilisation).toBeCloseTo(0.95, 12);
    const [none] = loadCells(["2027-W05"], [{ part: "unrouted", week: "2027-W05", capacity: null, demand: "5" }]);
    expect(none).toMatchObject({ capacity: null, utilisation: null, band: null, undeclaredDemand: "5.000" });
  });

  it("ignores weeks outside the row", () => {
    expect(loadCells(["2027-W05"], [{ part: "A", week: "2027-W06", capacity: "1", demand: "9" }])[0].demand).toBe("0.000");
  });
});

describe("answers and demand", () => {
  const line = { quantity: "1000", quantityShipped: "0", requestedDate: "2026-12-28", committedDate: null };
  it("an accepted line loads its committed or requested date with its open quantity", () => {
    expect(answeredDemand(line, { kind: "accept" })).toEqual({ date: "2026-12-28", quantity: "1000.000" });
    expect(answeredDemand({ ...line, committedDate: "2027-01-04", quantityShipped: "250" }, { kind: "accept" })).toEqual({ date: "2027-01-04", quantity: "750.000" });
  });
  it("a proposed change loads the proposed quantity and date, each falling back to the line's", () => {
    expect(answeredDemand(line, { kind: "change", quantity: "1200" })).toEqual({ date: "2026-12-28", quantity: "1200.000" });
    expect(answeredDemand(line, { kind: "change", committedDate: "2027-01-11" })).toEqual({ date: "2027-01-11", quantity: "1000.000" });
  });
  it("a rejected line loads nothing; open quantity never goes below 0", () => {
    expect(answeredDemand(line, { kind: "reject" })).toBeNull();
    expect(openQuantity("100", "120")).toBe("0.000");
  });
  it("reads the partner's standing proposal back from a line", () => {
    expect(proposalOf({ responseCode: "IR", proposedQuantity: null, proposedDate: null })).toMatchObject({ kind: "reject" });
    expect(proposalOf({ responseCode: "IQ", proposedQuantity: "5", proposedDate: null })).toMatchObject({ kind: "change", quantity: "5" });
    expect(proposalOf({ responseCode: "IA", proposedQuantity: null, proposedDate: null })).toEqual({ kind: "accept" });
  });
});

describe("answerOverCommitments (the warning on the answer page)", () => {
  const routes = {
    "f|Bar": { label: "Lyon · Bar", weeks: [
      { week: "2026-W53", capacity: "1000", demand: "900" },
      { week: "2027-W01", capacity: "1000", demand: "1200" },
      { week: "2027-W02", capacity: null, demand: "0" },
    ] },
    "f|Oven": { label: "Lyon · Oven", weeks: [{ week: "2026-W53", capacity: "100", demand: "0" }] },
  };
  it("flags the weeks the answer pushes over, per route, with the figures", () => {
    const over = answerOverCommitments(
      [
        { route: "f|Bar", before: null, after: { date: "2026-12-29", quantity: "150" } },
        { route: "f|Oven", before: null, after: { date: "2026-12-30", quantity: "100" } },
      ],
      routes,
    );
    expect(over).toEqual([{ route: "f|Bar", label: "Lyon · Bar", week: "2026-W53", capacity: "1000.000", demandAfter: "1050.000", over: "50.000" }]);
    expect(describeOverCommitment(over[0])).toBe("Lyon · Bar, week 2026-W53: 1050.000 units against 1000.000 declared (50.000 over)");
  });
  it("leaves out a week already over that the answer doesn't add to, a week without declared capacity, and unrouted lines", () => {
    expect(
      answerOverCommitments(
        [
          { route: "f|Bar", before: null, after: { date: "2027-01-12", quantity: "99999" } },
          { route: null, before: null, after: { date: "2026-12-29", quantity: "99999" } },
        ],
        routes,
      ),
    ).toEqual([]);
  });
  it("still flags a week already over when the answer adds to it; moving a line out of it is not flagged", () => {
    expect(answerOverCommitments([{ route: "f|Bar", before: null, after: { date: "2027-01-05", quantity: "1" } }], routes).map((o) => o.week)).toEqual(["2027-W01"]);
    expect(
      answerOverCommitments([{ route: "f|Bar", before: { date: "2027-01-05", quantity: "300" }, after: { date: "2027-01-12", quantity: "300" } }], routes),
    ).toEqual([]);
  });
});

describe("rankPlacements", () => {
  const line = (facilityId: string, resource: string, open: string, weeks: number) => ({ key: `${facilityId}|${resource}`, facilityId, resource, open, weeks });
  const lines = [
    line("antwerp", "L1", "700.000", 2),
    line("antwerp", "L2", "700.000", 3),
    line("gent", "A", "799.500", 1),
    line("gent", "B", "0.000", 0),
    line("lyon", "oven", "1200.000", 4),
  ];

  it("ranks single lines with at least the quantity open, most open first, then by key", () => {
    expect(rankPlacements(lines, "700", "resource").map((c) => [c.key, c.open, c.resources])).toEqual([
      ["lyon|oven", "1200.000", ["oven"]],
      ["gent|A", "799.500", ["A"]],
      ["antwerp|L1", "700.000", ["L1"]],
      ["antwerp|L2", "700.000", ["L2"]],
    ]);
    expect(rankPlacements(lines, "1200.001", "resource")).toEqual([]);
  });

  it("adds a facility's lines together (weeks: the most of one line), naming its lines most open first", () => {
    expect(rankPlacements(lines, "0", "facility")).toEqual([
      { key: "antwerp", facilityId: "antwerp", resource: "L1", open: "1400.000", weeks: 3, resources: ["L1", "L2"] },
      { key: "lyon", facilityId: "lyon", resource: "oven", open: "1200.000", weeks: 4, resources: ["oven"] },
      { key: "gent", facilityId: "gent", resource: "A", open: "799.500", weeks: 1, resources: ["A", "B"] },
    ]);
    // no single line of Antwerp takes 1,300, the facility does
    expect(rankPlacements(lines, "1300", "resource").map((c) => c.key)).toEqual([]);
    expect(rankPlacements(lines, "1300", "facility").map((c) => c.key)).toEqual(["antwerp"]);
  });

  it("agrees with placementCandidates' per-line sums, so the database can add up the weeks", () => {
    const weekly = [
      { key: "a|1", week: "2026-W10", capacity: "100", demand: "150" },
      { key: "a|1", week: "2026-W11", capacity: "100", demand: "20" },
      { key: "a|2", week: "2026-W10", capacity: "50", demand: "0" },
    ];
    const perLine = placementCandidates(weekly, "0", "2026-W10", "2026-W11").map((c) => ({ ...c, facilityId: c.key.split("|")[0], resource: c.key.split("|")[1] }));
    expect(rankPlacements(perLine, "0", "facility")).toEqual([{ key: "a", facilityId: "a", resource: "1", open: "130.000", weeks: 1, resources: ["1", "2"] }]);
  });
});

