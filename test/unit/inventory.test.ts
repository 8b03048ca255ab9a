import {
  ABC_CLASSES,
  addMonths,
  adjustmentFor,
  assertCountAction,
  assertLineAction,
  averageDailyConsumption,
  bookAfterMovement,
  canCountAction,
  COUNT_ACTIONS,
  COUNT_LINE_STATUSES,
  COUNT_STATUSES,
  CountTransitionError,
  countStatusFromLines,
  daysOfCover,
  DEFAULT_COUNT_FREQUENCY_MONTHS,
  DEFAULT_TOLERANCE_PCT,
  isOverdue,
  judgeFirstCount,
  judgeRecount,
  lineVariance,
  MOVEMENT_KINDS,
  nextCountDue,
  recordAccuracy,
  signedMovementQuantity,
  validateRejection,
  validateRootCause,
  varianceTotals,
  type CountAction,
  type CountLineStatus,
  type CountStatus,
  type VarianceInput,
} from "../../app/domain/inventory";

const v = (book: string, counted: string, tolerancePct = "1", standardCost: string | null = null) => lineVariance({ book, counted, tolerancePct, standardCost } satisfies VarianceInput);

describe("constants", () => {
  it("lists the movement kinds, classes and defaults", () => {
    expect(MOVEMENT_KINDS).toEqual(["opening_balance", "receipt", "consumption", "production_output", "transfer_out", "approved_adjustment"]);
    expect(ABC_CLASSES).toEqual(["A", "B", "C"]);
    expect(DEFAULT_TOLERANCE_PCT).toEqual({ A: "1", B: "3", C: "5" });
    expect(DEFAULT_COUNT_FREQUENCY_MONTHS).toEqual({ A: 1, B: 3, C: 12 });
    expect(COUNT_STATUSES).toEqual(["scheduled", "in_progress", "submitted", "recount_requested", "awaiting_root_cause", "awaiting_approval", "completed", "cancelled"]);
    expect(COUNT_LINE_STATUSES).toEqual(["counted", "accepted", "recount_requested", "needs_root_cause", "awaiting_approval", "approved", "adjustment_rejected"]);
  });
});

describe("bookAfterMovement", () => {
  const planner = { showBook: true };
  const filler = { showBook: false };
  it("adds the signed movement to the book, exactly", () => {
    expect(bookAfterMovement("100.000", { kind: "receipt", signed: "20.5" }, planner)).toEqual({ book: "120.500" });
    expect(bookAfterMovement("100", { kind: "consumption", signed: "-100.000" }, planner)).toEqual({ book: "0.000" });
    expect(bookAfterMovement("0.1", { kind: "transfer_out", signed: "-0.1" }, planner)).toEqual({ book: "0.000" });
  });

  it("refuses a consumption of 99,999,999,999 that would take the book below zero, saying the book to a planner", () => {
    expect(bookAfterMovement("120.000", { kind: "consumption", signed: "-99999999999.000" }, planner)).toEqual({
      problem: "Only 120.000 on the book for this item and lot here: a consumption of 99999999999.000 would take it below zero.",
    });
    expect(bookAfterMovement("0", { kind: "transfer_out", signed: "-0.001" }, planner)).toEqual({
      problem: "Only 0.000 on the book for this item and lot here: a transfer out of 0.001 would take it below zero.",
    });
  });

  it("never tells a filler's user the book (it may be counting that stock blind)", () => {
    const r = bookAfterMovement("120.000", { kind: "consumption", signed: "-121" }, filler);
    expect(r).toEqual({ problem: "That consumption is more than the stock on hand." });
    expect(JSON.stringify(r)).not.toMatch(/120|121/);
  });

  it("lets stock in, and counted adjustments, land on a book already below zero", () => {
    expect(bookAfterMovement("-4.000", { kind: "receipt", signed: "1" }, planner)).toEqual({ book: "-3.000" });
    expect(bookAfterMovement("5", { kind: "approved_adjustment", signed: "-7" }, planner)).toEqual({ book: "-2.000" });
    expect(bookAfterMovement("-4", { kind: "consumption", signed: "-1" }, planner)).toMatchObject({ problem: expect.stringContaining("below zero") });
  });

  it("keeps the book inside numeric(14,3)", () => {
    expect(bookAfterMovement("99999999999.000", { kind: "receipt", signed: "0.999" }, planner)).toEqual({ book: "99999999999.999" });
    expect(bookAfterMovement("99999999999.999", { kind: "receipt", signed: "0.001" }, planner)).toEqual({
      problem: "The book can't hold that much: at most 99,999,999,999.999 per item and lot.",
    });
  });
});

describe("signedMovementQuantity", () => {
  it("keeps inbound kinds positive and makes consumption and transfers negative, with 3 decimals", () => {
    expect(signedMovementQuantity("opening_balance", "1250.5")).toBe("1250.500");
    expect(signedMovementQuantity("receipt", "10")).toBe("10.000");
    expect(signedMovementQuantity("production_output", "0.001")).toBe("0.001");
    expect(signedMovementQuantity("consumption", "12.5")).toBe("-12.500");
    expect(signedMovementQuantity("transfer_out", "99999999999.999")).toBe("-99999999999.999");
  });

  it("keeps an approved adjustment's own sign", () => {
    expect(signedMovementQuantity("approved_adjustment", "-3.25")).toBe("-3.250");
    expect(signedMovementQuantity("approved_adjustment", "4")).toBe("4.000");
  });

  it("throws RangeError for zero or negative quantities where a positive one is required", () => {
    for (const kind of ["opening_balance", "receipt", "consumption", "production_output", "transfer_out"] as const) {
      expect(() => signedMovementQuantity(kind, "0")).toThrow(RangeError);
      expect(() => signedMovementQuantity(kind, "0.000")).toThrow(RangeError);
      expect(() => signedMovementQuantity(kind, "-1")).toThrow(RangeError);
    }
  });

  it("throws RangeError for an adjustment of 0, malformed numbers, more than 3 decimals and unknown kinds", () => {
    expect(() => signedMovementQuantity("approved_adjustment", "0")).toThrow(RangeError);
    expect(() => signedMovementQuantity("receipt", "1.2345")).toThrow(RangeError);
    expect(() => signedMovementQuantity("receipt", "1,250")).toThrow(RangeError);
    expect(() => signedMovementQuantity("receipt", "1e3")).toThrow(RangeError);
    expect(() => signedMovementQuantity("receipt", "")).toThrow(RangeError);
    expect(() => signedMovementQuantity("receipt", "123456789012")).toThrow(RangeError);
    expect(() => signedMovementQuantity("approved_adjustment", "--1")).toThrow(RangeError);
    expect(() => signedMovementQuantity("theft" as never, "1")).toThrow(RangeError);
  });
});

describe("lineVariance", () => {
  it("computes units, percent, direction exactly", () => {
    expect(v("100", "97.5", "3")).toEqual({ units: "-2.500", percent: -2.5, value: null, withinTolerance: true, direction: "short" });
    expect(v("100", "100")).toEqual({ units: "0.000", percent: 0, value: null, withinTolerance: true, direction: "none" });
    expect(v("3", "4", "50")).toMatchObject({ units: "1.000", percent: 33.3333, direction: "over", withinTolerance: true });
    expect(v("3", "1", "5")).toMatchObject({ units: "-2.000", percent: -66.6667, direction: "short", withinTolerance: false });
  });

  it("zero book: counted 0 is within with percent null; anything counted is outside", () => {
    expect(v("0", "0", "5")).toEqual({ units: "0.000", percent: null, value: null, withinTolerance: true, direction: "none" });
    expect(v("0.000", "5", "5")).toEqual({ units: "5.000", percent: null, value: null, withinTolerance: false, direction: "over" });
    expect(v("0", "0.001", "100")).toMatchObject({ withinTolerance: false, percent: null });
  });

  it("negative book: the variance is measured against |book|", () => {
    expect(v("-10", "0", "5")).toEqual({ units: "10.000", percent: 100, value: null, withinTolerance: false, direction: "over" });
    expect(v("-10", "-10.5", "5")).toMatchObject({ units: "-0.500", percent: -5, withinTolerance: true, direction: "short" });
    expect(v("-10", "-10.501", "5")).toMatchObject({ withinTolerance: false });
  });

  it("is inclusive at the tolerance boundary for each class default", () => {
    // A 1%
    expect(v("100", "101", DEFAULT_TOLERANCE_PCT.A).withinTolerance).toBe(true);
    expect(v("100", "99", DEFAULT_TOLERANCE_PCT.A).withinTolerance).toBe(true);
    expect(v("100", "101.001", DEFAULT_TOLERANCE_PCT.A)).toMatchObject({ units: "1.001", percent: 1.001, withinTolerance: false });
    expect(v("100", "98.999", DEFAULT_TOLERANCE_PCT.A).withinTolerance).toBe(false);
    // B 3%
    expect(v("100", "103", DEFAULT_TOLERANCE_PCT.B).withinTolerance).toBe(true);
    expect(v("100", "97", DEFAULT_TOLERANCE_PCT.B).withinTolerance).toBe(true);
    expect(v("100", "103.001", DEFAULT_TOLERANCE_PCT.B).withinTolerance).toBe(false);
    expect(v("100", "96.999", DEFAULT_TOLERANCE_PCT.B).withinTolerance).toBe(false);
    // C 5%
    expect(v("100", "105", DEFAULT_TOLERANCE_PCT.C).withinTolerance).toBe(true);
    expect(v("100", "95", DEFAULT_TOLERANCE_PCT.C).withinTolerance).toBe(true);
    expect(v("100", "105.001", DEFAULT_TOLERANCE_PCT.C).withinTolerance).toBe(false);
    expect(v("100", "94.999", DEFAULT_TOLERANCE_PCT.C).withinTolerance).toBe(false);
  });

  it("handles fractional tolerances and books exactly (no float error)", () => {
    // 0.1 + 0.2 style traps: 2.5% of 0.3 is 0.0075
    expect(v("0.3", "0.307", "2.5").withinTolerance).toBe(true);
    expect(v("0.3", "0.308", "2.5").withinTolerance).toBe(false);
    expect(v("1250.500", "1256.752", "0.5").withinTolerance).toBe(true); // 0.5% of 1250.5 = 6.2525
    expect(v("1250.500", "1256.753", "0.5").withinTolerance).toBe(false);
    expect(v("100", "100", "0").withinTolerance).toBe(true);
    expect(v("100", "100.001", "0").withinTolerance).toBe(false);
  });

  it("values the variance at standard cost, rounded half up to 2 decimals (away from zero)", () => {
    expect(v("100", "101", "1", "1.2345").value).toBe("1.23");
    expect(v("100", "99", "1", "1.2345").value).toBe("-1.23");
    expect(v("0", "1", "1", "0.0050").value).toBe("0.01");
    expect(v("1", "0", "1", "0.0050").value).toBe("-0.01");
    expect(v("0", "0.001", "1", "4.9999").value).toBe("0.00");
    expect(v("10", "7.333", "1", "12.3456").value).toBe("-32.93"); // -2.667 * 12.3456 = -32.9257152
    expect(v("10", "7.5", "1", "0.002").value).toBe("-0.01"); // -0.005: half rounds away from zero
    expect(v("10", "7.5", "1", "0.0019").value).toBe("0.00"); // -0.00475 rounds to zero, never "-0.00"
    expect(v("10", "10", "1", "5").value).toBe("0.00");
    expect(v("0", "99999999999.999", "1", "9999999999.9999").value).toBe("999999999999980000000.00"); // (1e11 - 0.001)(1e10 - 0.0001) = 1e21 - 2e7 + 1e-7, beyond float precision
  });

  it("rejects malformed input", () => {
    expect(() => v("ten", "1")).toThrow(RangeError);
    expect(() => v("1", "1", "-1")).toThrow(RangeError);
    expect(() => v("1", "1", "1", "-0.5")).toThrow(RangeError);
  });
});

describe("varianceTotals", () => {
  it("never nets over against short", () => {
    const t = varianceTotals([v("10", "15", "1", "2"), v("10", "5", "1", "2")]);
    expect(t).toEqual({ overUnits: "5.000", shortUnits: "5.000", overValue: "10.00", shortValue: "10.00", absoluteValue: "20.00" });
  });

  it("sums several lines, skips lines without cost in the values, and is all zero for no lines", () => {
    const t = varianceTotals([
      { units: "1.250", value: "2.50" },
      { units: "-0.750", value: null },
      { units: "0.000", value: "0.00" },
      { units: "-2.001", value: "-4.00" },
      { units: "3", value: "0.01" },
    ]);
    expect(t).toEqual({ overUnits: "4.250", shortUnits: "2.751", overValue: "2.51", shortValue: "4.00", absoluteValue: "6.51" });
    expect(varianceTotals([])).toEqual({ overUnits: "0.000", shortUnits: "0.000", overValue: "0.00", shortValue: "0.00", absoluteValue: "0.00" });
  });
});

describe("recordAccuracy", () => {
  it("is the share of lines within tolerance, null for none", () => {
    expect(recordAccuracy([])).toBeNull();
    expect(recordAccuracy([{ withinTolerance: true }])).toBe(1);
    expect(recordAccuracy([{ withinTolerance: false }])).toBe(0);
    expect(recordAccuracy([{ withinTolerance: true }, { withinTolerance: true }, { withinTolerance: true }, { withinTolerance: false }])).toBe(0.75);
  });
});

describe("consumption and days of cover", () => {
  it("averages over 28 days", () => {
    expect(averageDailyConsumption("280")).toBe(10);
    expect(averageDailyConsumption("0")).toBe(0);
    expect(averageDailyConsumption("100")).toBe(3.5714);
    expect(averageDailyConsumption("0.028")).toBe(0.001);
    expect(() => averageDailyConsumption("-28")).toThrow(RangeError);
  });

  it("divides the book by daily consumption", () => {
    expect(daysOfCover("50", "280")).toBe(5);
    expect(daysOfCover("50.5", "280")).toBe(5.05);
    expect(daysOfCover("100", "3")).toBe(933.3333);
    expect(daysOfCover("1", "280")).toBe(0.1);
  });

  it("is null without consumption and 0 for a zero or negative book", () => {
    expect(daysOfCover("50", "0")).toBeNull();
    expect(daysOfCover("50", "0.000")).toBeNull();
    expect(daysOfCover("0", "0")).toBeNull();
    expect(daysOfCover("0", "280")).toBe(0);
    expect(daysOfCover("-5", "280")).toBe(0);
    expect(() => daysOfCover("5", "-280")).toThrow(RangeError);
  });
});

describe("nextCountDue and isOverdue", () => {
  const F = DEFAULT_COUNT_FREQUENCY_MONTHS;
  it("adds the class's months", () => {
    expect(nextCountDue("2025-03-15", "A", F, "2025-04-01")).toBe("2025-04-15");
    expect(nextCountDue("2025-03-15", "B", F, "2025-04-01")).toBe("2025-06-15");
    expect(nextCountDue("2025-03-15", "C", F, "2025-04-01")).toBe("2026-03-15");
    expect(nextCountDue("2025-11-30", "B", F, "2025-12-01")).toBe("2026-02-28");
    expect(nextCountDue("2025-12-15", "A", F, "2025-12-16")).toBe("2026-01-15");
    expect(nextCountDue("2025-03-15", "A", { A: 2, B: 6, C: 24 }, "2025-04-01")).toBe("2025-05-15");
  });

  it("clamps to the end of the month, with leap years", () => {
    expect(nextCountDue("2025-01-31", "A", F, "2025-02-01")).toBe("2025-02-28");
    expect(nextCountDue("2024-01-31", "A", F, "2024-02-01")).toBe("2024-02-29");
    expect(nextCountDue("2024-02-29", "C", F, "2024-03-01")).toBe("2025-02-28");
    expect(nextCountDue("2023-02-28", "C", F, "2023-03-01")).toBe("2024-02-28");
    expect(nextCountDue("2025-08-31", "B", F, "2025-09-01")).toBe("2025-11-30");
    expect(nextCountDue("2025-03-31", "A", F, "2025-04-01")).toBe("2025-04-30");
    expect(nextCountDue("1900-01-31", "A", F, "1900-02-01")).toBe("1900-02-28"); // 1900 is not a leap year
    expect(nextCountDue("2000-01-31", "A", F, "2000-02-01")).toBe("2000-02-29"); // 2000 is
    expect(addMonths("2025-01-31", 13)).toBe("2026-02-28");
  });

  it("is due today when never counted", () => {
    expect(nextCountDue(null, "C", F, "2025-06-30")).toBe("2025-06-30");
  });

  it("rejects bad dates and frequencies", () => {
    expect(() => nextCountDue("2025-02-30", "A", F, "2025-03-01")).toThrow(RangeError);
    expect(() => nextCountDue(null, "A", F, "30/06/2025")).toThrow(RangeError);
    expect(() => nextCountDue("2025-01-01", "A", { A: 0, B: 3, C: 12 }, "2025-03-01")).toThrow(RangeError);
    expect(() => nextCountDue("2025-01-01", "A", { A: 1.5, B: 3, C: 12 }, "2025-03-01")).toThrow(RangeError);
    expect(() => nextCountDue("2025-01-01", "D" as never, F, "2025-03-01")).toThrow(RangeError);
  });

  it("is overdue only after the due date", () => {
    expect(isOverdue("2025-06-30", "2025-07-01")).toBe(true);
    expect(isOverdue("2025-06-30", "2025-06-30")).toBe(false);
    expect(isOverdue("2025-06-30", "2025-06-29")).toBe(false);
    expect(isOverdue("2024-12-31", "2025-01-01")).toBe(true);
    expect(() => isOverdue("2025-6-30", "2025-07-01")).toThrow(RangeError);
  });
});

describe("count workflow", () => {
  it("judges the first count and the recount by tolerance", () => {
    expect(judgeFirstCount(v("100", "101", "1"))).toBe("accepted");
    expect(judgeFirstCount(v("100", "101.001", "1"))).toBe("recount_requested");
    expect(judgeRecount(v("100", "101", "1"))).toBe("accepted");
    expect(judgeRecount(v("100", "101.001", "1"))).toBe("needs_root_cause");
  });

  it("derives the count's status from its lines, in priority order", () => {
    const s = (...l: CountLineStatus[]) => countStatusFromLines(l);
    expect(s("accepted", "recount_requested", "needs_root_cause", "awaiting_approval")).toBe("recount_requested");
    expect(s("accepted", "needs_root_cause", "awaiting_approval", "approved")).toBe("awaiting_root_cause");
    expect(s("accepted", "awaiting_approval", "adjustment_rejected")).toBe("awaiting_approval");
    expect(s("accepted", "approved", "adjustment_rejected")).toBe("completed");
    expect(s("accepted")).toBe("completed");
    expect(s("approved")).toBe("completed");
    expect(s("adjustment_rejected")).toBe("completed");
    expect(s("recount_requested")).toBe("recount_requested");
    expect(s("needs_root_cause")).toBe("awaiting_root_cause");
    expect(s("awaiting_approval")).toBe("awaiting_approval");
    expect(s("counted", "recount_requested")).toBe("submitted");
    expect(() => s()).toThrow(RangeError);
    expect(() => s("lost" as never)).toThrow(RangeError);
  });

  it("allows exactly these actions in each status and refuses every other", () => {
    const allowed: Record<CountStatus, CountAction[]> = {
      scheduled: ["save_draft", "submit", "cancel"],
      in_progress: ["save_draft", "submit", "cancel"],
      submitted: [],
      recount_requested: ["submit_recount"],
      awaiting_root_cause: ["enter_root_cause"],
      awaiting_approval: ["approve", "reject"],
      completed: [],
      cancelled: [],
    };
    expect(COUNT_ACTIONS).toHaveLength(7);
    let refused = 0;
    for (const status of COUNT_STATUSES) {
      for (const action of COUNT_ACTIONS) {
        const ok = allowed[status].includes(action);
        expect(canCountAction(status, action), `${status} ${action}`).toBe(ok);
        if (ok) expect(() => assertCountAction(status, action)).not.toThrow();
        else {
          refused++;
          expect(() => assertCountAction(status, action), `${status} ${action}`).toThrow(CountTransitionError);
        }
      }
    }
    expect(refused).toBe(8 * 7 - 10);
  });

  it("says what was refused and why", () => {
    const message = (s: CountStatus, a: CountAction) => {
      try {
        assertCountAction(s, a);
      } catch (e) {
        expect(e).toBeInstanceOf(CountTransitionError);
        expect(e).toBeInstanceOf(Error);
        expect((e as CountTransitionError).name).toBe("CountTransitionError");
        return (e as Error).message;
      }
      throw new Error("not refused");
    };
    expect(message("completed", "approve")).toBe("A completed count can't have an adjustment approved. It is final.");
    expect(message("cancelled", "submit")).toBe("A cancelled count can't be submitted. It is final.");
    expect(message("awaiting_approval", "cancel")).toBe("A count waiting for approval can't be cancelled. It has been counted: its variances must be resolved.");
    expect(message("scheduled", "approve")).toBe("A scheduled count can't have an adjustment approved. Nothing has been submitted yet.");
    expect(message("recount_requested", "enter_root_cause")).toBe("A count waiting for its recount can't take a root cause. Submit the recount first.");
    expect(message("awaiting_root_cause", "reject")).toBe("A count waiting for root causes can't have an adjustment rejected. Enter every root cause first.");
    expect(message("awaiting_root_cause", "submit_recount")).toMatch(/^A count waiting for root causes can't take a recount\. Only lines outside tolerance on their first count are recounted, once\.$/);
    expect(message("recount_requested", "save_draft")).toBe("A count waiting for its recount can't be saved as a draft. It has already been submitted.");
    expect(message("submitted", "cancel")).toBe("A submitted count can't be cancelled. Its lines are still being judged against the book.");
  });

  it("checks line-level actions against the line's own status", () => {
    expect(() => assertLineAction("recount_requested", "submit_recount")).not.toThrow();
    expect(() => assertLineAction("needs_root_cause", "enter_root_cause")).not.toThrow();
    expect(() => assertLineAction("awaiting_approval", "approve")).not.toThrow();
    expect(() => assertLineAction("awaiting_approval", "reject")).not.toThrow();
    // exactly one recount: a line judged on its recount can't be recounted again
    expect(() => assertLineAction("needs_root_cause", "submit_recount")).toThrow(CountTransitionError);
    expect(() => assertLineAction("accepted", "submit_recount")).toThrow("This line is accepted: only a line that is recount requested can take a recount.");
    expect(() => assertLineAction("accepted", "approve")).toThrow(CountTransitionError);
    expect(() => assertLineAction("approved", "reject")).toThrow(CountTransitionError);
    expect(() => assertLineAction("awaiting_approval", "enter_root_cause")).toThrow(CountTransitionError);
  });

  it("needs a listed reason and a comment of at least 10 characters for a root cause, and a comment to reject", () => {
    const codes = new Set(["MISPICK", "DAMAGE"]);
    expect(validateRootCause({ reasonCode: "DAMAGE", comment: "Pallet 4 was crushed" }, codes)).toEqual([]);
    expect(validateRootCause({ reasonCode: "MISPICK", comment: "  1234567890  " }, ["MISPICK"])).toEqual([]);
    expect(validateRootCause({ reasonCode: "MISPICK", comment: "123456789" }, codes)).toEqual([
      { field: "comment", message: "Explain the root cause in at least 10 characters." },
    ]);
    expect(validateRootCause({ reasonCode: "THEFT", comment: "" }, codes)).toEqual([
      { field: "reasonCode", message: "Choose a reason from the list." },
      { field: "comment", message: "Explain the root cause in at least 10 characters." },
    ]);
    expect(validateRootCause({ reasonCode: " ", comment: "long enough comment" }, codes)).toEqual([{ field: "reasonCode", message: "Choose a reason." }]);
    expect(validateRejection("Recount shows the book is right")).toBeNull();
    expect(validateRejection("   ")).toBe("Say why you reject this adjustment.");
  });

  it("posts within-tolerance and approved variances, nothing for rejected, zero or undecided lines", () => {
    expect(adjustmentFor({ status: "accepted", units: "0.5" })).toBe("0.500");
    expect(adjustmentFor({ status: "accepted", units: "-0.750" })).toBe("-0.750");
    expect(adjustmentFor({ status: "accepted", units: "0.000" })).toBeNull();
    expect(adjustmentFor({ status: "approved", units: "-12.000" })).toBe("-12.000");
    expect(adjustmentFor({ status: "approved", units: "0" })).toBeNull();
    expect(adjustmentFor({ status: "adjustment_rejected", units: "-12.000" })).toBeNull();
    for (const status of ["counted", "recount_requested", "needs_root_cause", "awaiting_approval"] as const) expect(adjustmentFor({ status, units: "3.000" })).toBeNull();
  });

  it("walks one line through the whole workflow", () => {
    // first count outside tolerance -> recount; recount still outside -> root cause -> approval -> post
    const first = v("100", "90", DEFAULT_TOLERANCE_PCT.A);
    let line: CountLineStatus = judgeFirstCount(first);
    expect(line).toBe("recount_requested");
    expect(countStatusFromLines([line, "accepted"])).toBe("recount_requested");
    const recount = v("100", "92", DEFAULT_TOLERANCE_PCT.A);
    line = judgeRecount(recount);
    expect(countStatusFromLines([line, "accepted"])).toBe("awaiting_root_cause");
    line = "awaiting_approval";
    expect(countStatusFromLines([line, "accepted"])).toBe("awaiting_approval");
    line = "approved";
    expect(countStatusFromLines([line, "accepted"])).toBe("completed");
    expect(adjustmentFor({ status: line, units: recount.units })).toBe("-8.000");
  });
});
