import {
  ACK_CODE_LABELS,
  ACK_CODES,
  addDecimals,
  allowedEvents,
  assertTransition,
  canTransition,
  codeForAnswer,
  compareDecimal,
  diffRevisions,
  fulfilmentStatus,
  isIsoDate,
  lineTotal,
  nextCommitment,
  OPEN_STATUSES,
  PO_STATUS_LABELS,
  PO_STATUSES,
  poTotal,
  PoTransitionError,
  receiptVariance,
  statusAfterResponse,
  TRANSITIONS,
  validateAnswers,
  type LineAnswer,
  type LineForResponse,
  type PoEvent,
  type PoSnapshot,
  type PoStatus,
} from "../../app/domain/po";

const EVENTS: PoEvent[] = ["issue", "respond", "accept_changes", "decline_changes", "revise", "cancel", "ship", "receive", "close"];

// Written out by hand from DESIGN.md §1 and issue 3, not derived from TRANSITIONS.
// "A" = result decided by the answers, "Q" = decided by the quantities, "-" = illegal.
// prettier-ignore
const EXPECTED: Record<PoStatus, Record<PoEvent, string>> = {
  //                  issue     respond accept_changes decline_changes revise    cancel       ship receive close
  draft:              { issue: "issued", respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "cancelled", ship: "-", receive: "-", close: "-" },
  issued:             { issue: "-",      respond: "A", accept_changes: "-",         decline_changes: "-",      revise: "issued", cancel: "cancelled", ship: "-", receive: "-", close: "-" },
  changes_proposed:   { issue: "-",      respond: "-", accept_changes: "confirmed", decline_changes: "issued", revise: "-",      cancel: "cancelled", ship: "-", receive: "-", close: "-" },
  acknowledged:       { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "issued", cancel: "cancelled", ship: "Q", receive: "Q", close: "-" },
  confirmed:          { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "issued", cancel: "cancelled", ship: "Q", receive: "Q", close: "-" },
  rejected:           { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "-",         ship: "-", receive: "-", close: "-" },
  partially_shipped:  { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "-",         ship: "Q", receive: "Q", close: "-" },
  shipped:            { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "-",         ship: "-", receive: "Q", close: "-" },
  partially_received: { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "-",         ship: "Q", receive: "Q", close: "-" },
  received:           { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "-",         ship: "-", receive: "-", close: "closed" },
  closed:             { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "-",         ship: "-", receive: "-", close: "-" },
  cancelled:          { issue: "-",      respond: "-", accept_changes: "-",         decline_changes: "-",      revise: "-",      cancel: "-",         ship: "-", receive: "-", close: "-" },
};

const PAIRS = PO_STATUSES.flatMap((s) => EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const));

function refusal(from: PoStatus, event: PoEvent): PoTransitionError {
  try {
    assertTransition(from, event);
  } catch (e) {
    expect(e).toBeInstanceOf(PoTransitionError);
    return e as PoTransitionError;
  }
  throw new Error(`expected ${event} from ${from} to be refused`);
}

describe("state machine", () => {
  it("has the twelve statuses of the design, each with a label", () => {
    expect(PO_STATUSES).toEqual(["draft", "issued", "changes_proposed", "acknowledged", "confirmed", "rejected", "partially_shipped", "shipped", "partially_received", "received", "closed", "cancelled"]);
    expect(Object.keys(PO_STATUS_LABELS).sort()).toEqual([...PO_STATUSES].sort());
    expect(PO_STATUS_LABELS.changes_proposed).toBe("Changes proposed");
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...PO_STATUSES].sort());
  });

  it("covers all 108 status × event pairs in the expected table", () => {
    expect(PAIRS).toHaveLength(108);
    expect(PAIRS.filter(([, , r]) => r !== "-")).toHaveLength(22);
  });

  it.each(PAIRS.filter(([, , r]) => r !== "-"))("%s --%s--> %s is legal", (from, event, result) => {
    expect(canTransition(from, event)).toBe(true);
    expect(() => assertTransition(from, event)).not.toThrow();
    expect(allowedEvents(from)).toContain(event);
    const target = TRANSITIONS[from][event];
    expect(target).toBe(result === "A" ? "by_answers" : result === "Q" ? "by_quantities" : result);
  });

  it.each(PAIRS.filter(([, , r]) => r === "-"))("%s --%s--> is refused with a message naming the state", (from, event) => {
    expect(canTransition(from, event)).toBe(false);
    expect(allowedEvents(from)).not.toContain(event);
    expect(TRANSITIONS[from][event]).toBeUndefined();
    const err = refusal(from, event);
    expect(err.from).toBe(from);
    expect(err.event).toBe(event);
    expect(err.name).toBe("PoTransitionError");
    // human: names the state by its label, says "can't", has no snake_case identifiers
    expect(err.message).toContain(PO_STATUS_LABELS[from].toLowerCase());
    expect(err.message).toMatch(/^An? .*purchase order.* can't .+\. .+\.$/);
    expect(err.message).not.toMatch(/[a-z]_[a-z]/);
  });

  it("allowedEvents lists exactly the legal events of each status", () => {
    for (const s of PO_STATUSES) {
      const expected = EVENTS.filter((e) => EXPECTED[s][e] !== "-");
      expect([...allowedEvents(s)].sort(), s).toEqual([...expected].sort());
    }
  });

  it("words the example messages plainly", () => {
    expect(refusal("cancelled", "issue").message).toBe("A cancelled purchase order can't be issued. It is final.");
    expect(refusal("confirmed", "respond").message).toBe("A confirmed purchase order can't be answered. Only an issued order waiting for an answer can be answered.");
    expect(refusal("changes_proposed", "revise").message).toContain("A purchase order with changes proposed can't be revised.");
  });

  it("says why an order can't be cancelled once goods have shipped", () => {
    for (const s of ["partially_shipped", "shipped", "partially_received", "received"] as const) {
      expect(refusal(s, "cancel").message, s).toMatch(/can't be cancelled\. Goods have already shipped/);
    }
  });

  it("treats acknowledged (legacy) exactly like confirmed", () => {
    for (const e of EVENTS) expect(canTransition("acknowledged", e), e).toBe(canTransition("confirmed", e));
  });

  it("refuses an unknown status without crashing", () => {
    expect(canTransition("bogus" as PoStatus, "issue")).toBe(false);
    expect(allowedEvents("bogus" as PoStatus)).toEqual([]);
    expect(() => assertTransition("bogus" as PoStatus, "issue")).toThrow(PoTransitionError);
  });

  it("open statuses are the ones with work left", () => {
    expect([...OPEN_STATUSES].sort()).toEqual(["acknowledged", "changes_proposed", "confirmed", "draft", "issued", "partially_received", "partially_shipped", "shipped"]);
    for (const s of ["rejected", "closed", "cancelled", "received"] as const) expect(OPEN_STATUSES).not.toContain(s);
    // nothing final has a way out
    for (const s of ["rejected", "closed", "cancelled"] as const) expect(allowedEvents(s)).toEqual([]);
  });
});

const LINE: LineForResponse = { quantity: "100.000", unitPrice: "2.5000", requestedDate: "2026-03-01", committedDate: null };

describe("X12 855 ACK01 codes", () => {
  it("has the seven codes with labels", () => {
    expect(ACK_CODES).toEqual(["IA", "IC", "IQ", "IP", "DR", "IB", "IR"]);
    expect(Object.keys(ACK_CODE_LABELS).sort()).toEqual([...ACK_CODES].sort());
    expect(ACK_CODE_LABELS.IA).toBe("Item accepted");
    expect(ACK_CODE_LABELS.DR).toBe("Date rescheduled");
  });

  it.each<[string, LineForResponse, LineAnswer, string | null]>([
    ["accept", LINE, { kind: "accept" }, "IA"],
    ["reject", LINE, { kind: "reject", reason: "discontinued" }, "IR"],
    ["quantity only", LINE, { kind: "change", quantity: "80", reason: "short" }, "IQ"],
    ["price only", LINE, { kind: "change", unitPrice: "2.75", reason: "steel" }, "IP"],
    ["date only (vs requested)", LINE, { kind: "change", committedDate: "2026-03-08", reason: "late" }, "DR"],
    ["date only (vs committed)", { ...LINE, committedDate: "2026-03-08" }, { kind: "change", committedDate: "2026-03-01", reason: "earlier" }, "DR"],
    ["quantity and date", LINE, { kind: "change", quantity: "80", committedDate: "2026-03-08", reason: "x" }, "IC"],
    ["price and quantity", LINE, { kind: "change", quantity: "80", unitPrice: "3", reason: "x" }, "IC"],
    ["all three", LINE, { kind: "change", quantity: "80", unitPrice: "3", committedDate: "2026-03-08", reason: "x" }, "IC"],
    ["quantity equal in another spelling", LINE, { kind: "change", quantity: "100", reason: "x" }, null],
    ["price equal in another spelling", LINE, { kind: "change", unitPrice: "2.50", reason: "x" }, null],
    ["date equal to requested", LINE, { kind: "change", committedDate: "2026-03-01", reason: "x" }, null],
    ["date equal to committed", { ...LINE, committedDate: "2026-03-08" }, { kind: "change", committedDate: "2026-03-08", reason: "x" }, null],
    ["nothing at all", LINE, { kind: "change", reason: "x" }, null],
    ["one real change among unchanged fields", LINE, { kind: "change", quantity: "100.0", unitPrice: "2.5", committedDate: "2026-03-09", reason: "x" }, "DR"],
    ["garbage quantity does not throw", LINE, { kind: "change", quantity: "abc", reason: "x" }, "IQ"],
  ])("%s", (_name, line, answer, code) => {
    expect(codeForAnswer(line, answer)).toBe(code);
  });
});

describe("statusAfterResponse", () => {
  const accept: LineAnswer = { kind: "accept" };
  const reject: LineAnswer = { kind: "reject", reason: "no" };
  const change: LineAnswer = { kind: "change", quantity: "5", reason: "short" };
  it.each<[LineAnswer[], string]>([
    [[accept], "confirmed"],
    [[accept, accept, accept], "confirmed"],
    [[reject], "rejected"],
    [[reject, reject], "rejected"],
    [[change], "changes_proposed"],
    [[accept, change], "changes_proposed"],
    [[accept, reject], "changes_proposed"],
    [[reject, change], "changes_proposed"],
  ])("%j → %s", (answers, status) => {
    expect(statusAfterResponse(answers)).toBe(status);
  });
  it("throws on an empty response", () => {
    expect(() => statusAfterResponse([])).toThrow(/at least one line/);
  });
});

describe("validateAnswers", () => {
  const TODAY = "2026-02-10";
  const lines = [
    { id: "l1", ...LINE },
    { id: "l2", ...LINE, committedDate: "2026-03-05" },
  ];
  const ok = (extra: Record<string, LineAnswer> = {}) => ({ l1: { kind: "accept" } as LineAnswer, l2: { kind: "accept" } as LineAnswer, ...extra });
  const problems = (answers: Record<string, LineAnswer>) => validateAnswers(lines, answers, TODAY).map((p) => `${p.lineId}.${p.field}`);

  it("accepts a complete, valid response", () => {
    expect(validateAnswers(lines, ok(), TODAY)).toEqual([]);
    expect(
      validateAnswers(
        lines,
        ok({
          l1: { kind: "change", quantity: "99999999999.999", unitPrice: "0", committedDate: TODAY, reason: "ok" },
          l2: { kind: "reject", reason: "no stock" },
        }),
        TODAY,
      ),
    ).toEqual([]);
  });

  it("refuses a committed date outside the business dates (9999-12-31 is not a commitment)", () => {
    const [p] = validateAnswers(lines, ok({ l1: { kind: "change", committedDate: "9999-12-31", reason: "later" } }), TODAY);
    expect(p).toEqual({ lineId: "l1", field: "committedDate", message: "Enter a date from 2000-01-01 to 2100-12-31." });
    expect(problems(ok({ l1: { kind: "change", committedDate: "2100-12-31", reason: "much later" } }))).toEqual([]);
  });

  it("needs one answer per open line", () => {
    expect(problems({ l1: { kind: "accept" } })).toEqual(["l2.answer"]);
    const [p] = validateAnswers(lines, { l1: { kind: "accept" } }, TODAY);
    expect(p.message).toMatch(/accept, change or reject/);
  });

  it("reports an answer for a line that isn't open", () => {
    expect(problems(ok({ l9: { kind: "accept" } }))).toEqual(["l9.answer"]);
  });

  it("does not take inherited keys as answers", () => {
    expect(problems({ l1: { kind: "accept" } } as Record<string, LineAnswer>)).toContain("l2.answer");
    const proto = validateAnswers([{ id: "toString", ...LINE }], {}, TODAY);
    expect(proto.map((p) => p.field)).toEqual(["answer"]);
  });

  it("needs a reason for a change and for a rejection", () => {
    expect(problems(ok({ l1: { kind: "change", quantity: "5", reason: "  " } }))).toEqual(["l1.reason"]);
    expect(problems(ok({ l1: { kind: "reject", reason: "" } }))).toEqual(["l1.reason"]);
  });

  it("needs at least one real change", () => {
    expect(problems(ok({ l1: { kind: "change", quantity: "100", unitPrice: "2.5", reason: "x" } }))).toEqual(["l1.answer"]);
    expect(problems(ok({ l2: { kind: "change", committedDate: "2026-03-05", reason: "x" } }))).toEqual(["l2.answer"]);
  });

  it.each(["0", "0.000", "-1", "1.2345", "abc", "", "1e3", "123456789012"])("refuses quantity %j", (q) => {
    expect(problems(ok({ l1: { kind: "change", quantity: q, reason: "x" } }))).toEqual(["l1.quantity"]);
  });

  it.each(["0.001", "1", "80.5", "99999999999.999"])("takes quantity %j", (q) => {
    expect(problems(ok({ l1: { kind: "change", quantity: q, reason: "x" } }))).toEqual([]);
  });

  it.each(["-0.01", "1.23456", "x", "", "12345678901"])("refuses price %j", (price) => {
    expect(problems(ok({ l1: { kind: "change", unitPrice: price, reason: "x" } }))).toEqual(["l1.unitPrice"]);
  });

  it.each(["0", "0.0001", "9999999999.9999"])("takes price %j", (price) => {
    expect(problems(ok({ l1: { kind: "change", unitPrice: price, reason: "x" } }))).toEqual([]);
  });

  it.each(["2026-02-30", "2026-13-01", "10/03/2026", "2026-3-1", ""])("refuses date %j", (d) => {
    expect(problems(ok({ l1: { kind: "change", committedDate: d, reason: "x" } }))).toEqual(["l1.committedDate"]);
  });

  it("refuses a committed date before today, and takes today", () => {
    expect(problems(ok({ l1: { kind: "change", committedDate: "2026-02-09", reason: "x" } }))).toEqual(["l1.committedDate"]);
    const [p] = validateAnswers(lines, ok({ l1: { kind: "change", committedDate: "2026-02-09", reason: "x" } }), TODAY);
    expect(p.message).toContain("before today");
    expect(problems(ok({ l1: { kind: "change", committedDate: TODAY, reason: "x" } }))).toEqual([]);
  });

  it("reports every problem at once, not only the first", () => {
    expect(problems({ l1: { kind: "change", quantity: "0", unitPrice: "-1", committedDate: "2020-01-01", reason: "" } }).sort()).toEqual(
      ["l1.committedDate", "l1.quantity", "l1.reason", "l1.unitPrice", "l2.answer"].sort(),
    );
  });

  it("isIsoDate knows the calendar", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2026-04-31")).toBe(false);
  });
});

describe("date history", () => {
  it("sets the first commitment once and never overwrites it", () => {
    const first = nextCommitment({ firstCommittedDate: null, committedDate: null }, "2026-03-01");
    expect(first).toEqual({ firstCommittedDate: "2026-03-01", committedDate: "2026-03-01" });
    const second = nextCommitment(first, "2026-03-15");
    expect(second).toEqual({ firstCommittedDate: "2026-03-01", committedDate: "2026-03-15" });
    const third = nextCommitment(second, "2026-02-20");
    expect(third).toEqual({ firstCommittedDate: "2026-03-01", committedDate: "2026-02-20" });
  });
});

describe("fulfilmentStatus", () => {
  const l = (ordered: string, shipped: string, received: string, cancelled?: boolean) => ({ ordered, shipped, received, cancelled });

  it("stays confirmed while nothing has shipped or arrived", () => {
    expect(fulfilmentStatus([l("10", "0", "0"), l("5", "0.000", "0")], 5)).toBe("confirmed");
    expect(fulfilmentStatus([], 5)).toBe("confirmed");
  });

  it("is partially shipped until every line has shipped in full", () => {
    expect(fulfilmentStatus([l("10", "10", "0"), l("5", "0", "0")], 5)).toBe("partially_shipped");
    expect(fulfilmentStatus([l("10", "9.999", "0")], 5)).toBe("partially_shipped");
    expect(fulfilmentStatus([l("10", "10", "0"), l("5", "6", "0")], 5)).toBe("shipped");
  });

  it("ignores cancelled and zero-quantity lines", () => {
    expect(fulfilmentStatus([l("10", "10", "0"), l("5", "0", "0", true), l("0", "0", "0")], 5)).toBe("shipped");
    expect(fulfilmentStatus([l("10", "10", "10"), l("5", "0", "0", true), l("0.000", "0", "0")], 0)).toBe("received");
  });

  it("is partially received once anything arrives, received when all is in within tolerance", () => {
    expect(fulfilmentStatus([l("100", "100", "50"), l("10", "10", "0")], 5)).toBe("partially_received");
    expect(fulfilmentStatus([l("100", "100", "100"), l("10", "10", "10")], 5)).toBe("received");
    expect(fulfilmentStatus([l("100", "100", "120")], 5)).toBe("received"); // over-receipt is still complete
  });

  it("counts a shortfall exactly at the tolerance as complete, and just beyond as partial", () => {
    expect(fulfilmentStatus([l("100", "100", "95")], 5)).toBe("received");
    expect(fulfilmentStatus([l("100", "100", "94.999")], 5)).toBe("partially_received");
    expect(fulfilmentStatus([l("100", "100", "97.5")], 2.5)).toBe("received");
    expect(fulfilmentStatus([l("100", "100", "97.499")], 2.5)).toBe("partially_received");
    expect(fulfilmentStatus([l("100", "100", "99.999")], 0)).toBe("partially_received");
    expect(fulfilmentStatus([l("3", "3", "2.85")], 5)).toBe("received");
    expect(fulfilmentStatus([l("3", "3", "2.849")], 5)).toBe("partially_received");
  });

  it("does not round a huge line into tolerance", () => {
    expect(fulfilmentStatus([l("99999999999.999", "99999999999.999", "94999999999.999")], 5)).toBe("partially_received");
  });
});

describe("receiptVariance", () => {
  it("is exact and unflagged within tolerance", () => {
    expect(receiptVariance("100", "100", 5)).toEqual({ units: "0.000", pct: 0, flag: null });
    expect(receiptVariance("100", "103", 5)).toEqual({ units: "3.000", pct: 3, flag: null });
  });

  it("treats exactly the tolerance as within, and just over as flagged", () => {
    expect(receiptVariance("100", "105", 5)).toEqual({ units: "5.000", pct: 5, flag: null });
    expect(receiptVariance("100", "95", 5)).toEqual({ units: "-5.000", pct: -5, flag: null });
    expect(receiptVariance("100", "105.001", 5)).toEqual({ units: "5.001", pct: 5.001, flag: "over" });
    expect(receiptVariance("100", "94.999", 5)).toEqual({ units: "-5.001", pct: -5.001, flag: "under" });
    expect(receiptVariance("7", "7.35", 5).flag).toBeNull();
    expect(receiptVariance("7", "7.351", 5).flag).toBe("over");
    expect(receiptVariance("200", "205", 2.5).flag).toBeNull();
    expect(receiptVariance("200", "205.001", 2.5).flag).toBe("over");
  });

  it("flags a variance too small to show in pct when it is over the tolerance", () => {
    // 5% + 0.001 units on a huge order: pct rounds to 5 but the flag compares exactly
    const v = receiptVariance("99999999999.000", "104999999998.951", 5);
    expect(v.pct).toBe(5);
    expect(v.flag).toBe("over");
  });

  it("flags anything received against nothing as over, with zero tolerance meaning exact", () => {
    expect(receiptVariance("0", "1", 5)).toEqual({ units: "1.000", pct: 100, flag: "over" });
    expect(receiptVariance("0", "0", 5)).toEqual({ units: "0.000", pct: 0, flag: null });
    expect(receiptVariance("10", "10.001", 0).flag).toBe("over");
    expect(receiptVariance("10", "0", 5)).toEqual({ units: "-10.000", pct: -100, flag: "under" });
  });
});

const snap = (header: PoSnapshot["header"], lines: Partial<PoSnapshot["lines"][number]>[]): PoSnapshot => ({
  header,
  lines: lines.map((l, i) => ({ lineNo: i + 1, itemCode: "A", quantity: "10.000", unitPrice: "1.0000", requestedDate: "2026-03-01", committedDate: null, status: "open", ...l })),
});

describe("diffRevisions", () => {
  it("is empty between equal revisions, including decimals written differently", () => {
    const a = snap({ currency: "EUR", revision: 1, notes: null }, [{}, {}]);
    const b = snap({ currency: "EUR", revision: 1, notes: null }, [{ quantity: "10" }, { unitPrice: "1" }]);
    expect(diffRevisions(a, b)).toEqual({ header: [], added: [], removed: [], changed: [] });
  });

  it("lists header fields changed, added and removed", () => {
    const d = diffRevisions(snap({ currency: "EUR", incoterms: "FOB", revision: 1 }, []), snap({ currency: "USD", notes: "rush", revision: 2 }, []));
    expect(d.header).toEqual([
      { field: "currency", before: "EUR", after: "USD" },
      { field: "incoterms", before: "FOB", after: null },
      { field: "notes", before: null, after: "rush" },
      { field: "revision", before: 1, after: 2 },
    ]);
  });

  it("finds lines added, removed and changed by line number, field by field", () => {
    const before = snap({}, [{ lineNo: 1 }, { lineNo: 2 }, { lineNo: 3 }]);
    const after = snap({}, [{ lineNo: 1, quantity: "12", committedDate: "2026-03-05" }, { lineNo: 3 }, { lineNo: 5, itemCode: "B" }, { lineNo: 4 }]);
    const d = diffRevisions(before, after);
    expect(d.added).toEqual([4, 5]);
    expect(d.removed).toEqual([2]);
    expect(d.changed).toEqual([
      {
        lineNo: 1,
        fields: [
          { field: "quantity", before: "10.000", after: "12" },
          { field: "committedDate", before: null, after: "2026-03-05" },
        ],
      },
    ]);
  });

  it("reports a line cancelled in place as a status change", () => {
    const d = diffRevisions(snap({}, [{}]), snap({}, [{ status: "cancelled", unitPrice: "1.5" }]));
    expect(d.changed).toEqual([
      {
        lineNo: 1,
        fields: [
          { field: "unitPrice", before: "1.0000", after: "1.5" },
          { field: "status", before: "open", after: "cancelled" },
        ],
      },
    ]);
  });
});

describe("money", () => {
  it("multiplies exactly, never through floats", () => {
    expect(0.1 * 3).not.toBe(0.3); // the trap this avoids
    expect(lineTotal("0.1", "3")).toBe("0.30");
    expect(lineTotal("3", "0.1")).toBe("0.30");
    expect(lineTotal("100.000", "2.5000")).toBe("250.00");
    expect(lineTotal("0", "9.99")).toBe("0.00");
  });

  it("rounds half up only at the end", () => {
    expect(lineTotal("3", "1234.5678")).toBe("3703.70"); // 3703.7034
    expect(lineTotal("1", "0.125")).toBe("0.13");
    expect(lineTotal("1", "0.1249")).toBe("0.12");
    expect(lineTotal("1", "0.0050")).toBe("0.01");
    expect(lineTotal("1", "0.0049")).toBe("0.00");
    expect(lineTotal("0.333", "0.015")).toBe("0.00"); // 0.004995, not rounded twice into 0.01
    expect(lineTotal("2", "1.0025")).toBe("2.01"); // 2.005 exactly
  });

  it("handles the largest quantities and prices the columns hold", () => {
    expect(lineTotal("99999999999.999", "9999999999.9999")).toBe("999999999999980000000.00");
    expect(lineTotal("12345678901.234", "1")).toBe("12345678901.23");
    expect(lineTotal("1000000", "0.0001")).toBe("100.00");
  });

  it("totals the rounded lines, leaving cancelled lines out", () => {
    expect(poTotal([])).toBe("0.00");
    expect(poTotal([{ quantity: "0.1", unitPrice: "1" }, { quantity: "0.2", unitPrice: "1" }])).toBe("0.30");
    expect(poTotal([{ quantity: "3", unitPrice: "1234.5678" }, { quantity: "10", unitPrice: "2.5", cancelled: true }, { quantity: "1", unitPrice: "0.005" }])).toBe("3703.71");
    // each line rounds to 0.01, so the document adds up: 3 × 0.01, not round(0.015)
    const lines = [0, 1, 2].map(() => ({ quantity: "1", unitPrice: "0.005" }));
    expect(poTotal(lines)).toBe("0.03");
    expect(poTotal(lines)).toBe(addDecimals(addDecimals(lineTotal("1", "0.005"), lineTotal("1", "0.005"), 2), lineTotal("1", "0.005"), 2));
  });

  it("refuses a value that isn't a decimal", () => {
    expect(() => lineTotal("1e3", "1")).toThrow(/Not a decimal/);
    expect(() => lineTotal("1", "")).toThrow(/Not a decimal/);
  });

  it("adds and compares decimals exactly", () => {
    expect(addDecimals("0.1", "0.2")).toBe("0.300");
    expect(addDecimals("10.000", "-" + "2.5")).toBe("7.500");
    expect(addDecimals("1", "-3")).toBe("-2.000");
    expect(addDecimals("99999999999.999", "0.001")).toBe("100000000000.000");
    expect(compareDecimal("10", "10.000")).toBe(0);
    expect(compareDecimal("10.001", "10")).toBe(1);
    expect(compareDecimal("-1", "0")).toBe(-1);
    expect(compareDecimal("1.00001", "1")).toBe(1);
  });
});
