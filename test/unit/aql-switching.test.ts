import {
  applySwitchingEvent,
  INITIAL_SWITCHING_STATE,
  nextSwitchingScore,
  reducedEligible,
  replayLots,
  SwitchingRuleError,
  type LotResult,
  type SwitchingEvent,
  type SwitchingState,
  type Transition,
} from "../../app/domain/aql-switching";

// A = accepted lot, R = lot not accepted; one class with Ac 1 so the score moves by 2 per accept.
const A: LotResult = { accepted: true, classes: [{ acceptance: 1, defects: 0, acceptanceOneStepTighter: 0 }] };
const R: LotResult = { accepted: false, classes: [{ acceptance: 1, defects: 2, acceptanceOneStepTighter: 0 }] };
const seq = (s: string): LotResult[] => [...s].map((c) => (c === "A" ? A : R));

const state = (over: Partial<SwitchingState>): SwitchingState => ({ ...INITIAL_SWITCHING_STATE, recent: [], ...over });
const lot = (l: LotResult): SwitchingEvent => ({ kind: "lot", lot: l });

function fold(events: SwitchingEvent[], start: SwitchingState = INITIAL_SWITCHING_STATE, opts?: { productionSteady?: boolean }) {
  let s = start;
  const transitions: Transition[] = [];
  for (const e of events) {
    const r = applySwitchingEvent(s, e, opts);
    s = r.state;
    transitions.push(r.transition);
  }
  return { state: s, transitions };
}

function caught(fn: () => unknown): SwitchingRuleError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SwitchingRuleError);
    return e as SwitchingRuleError;
  }
  throw new Error("expected a SwitchingRuleError");
}

describe("INITIAL_SWITCHING_STATE", () => {
  it("starts on normal inspection with score 0 (9.1, 9.3.3)", () => {
    expect(INITIAL_SWITCHING_STATE).toEqual({
      severity: "normal",
      discontinued: false,
      recent: [],
      switchingScore: 0,
      tightenedNotAccepted: 0,
      consecutiveAccepted: 0,
    });
  });

  it("is never mutated by events", () => {
    const before = JSON.stringify(INITIAL_SWITCHING_STATE);
    replayLots(seq("ARAAR"));
    expect(JSON.stringify(INITIAL_SWITCHING_STATE)).toBe(before);
    expect(Object.isFrozen(INITIAL_SWITCHING_STATE)).toBe(true);
  });
});

describe("normal -> tightened (9.3.1)", () => {
  it("A,R,A,A,R switches on the 5th lot", () => {
    const { state: s, transitions } = replayLots(seq("ARAAR"));
    expect(transitions).toEqual([null, null, null, null, { from: "normal", to: "tightened", reason: "2 of the last 5 lots not accepted" }]);
    expect(s).toEqual({ severity: "tightened", discontinued: false, recent: [], switchingScore: 0, tightenedNotAccepted: 0, consecutiveAccepted: 0 });
  });

  it("A,R,A,A,A,A,R stays normal: the two rejects are not within 5 consecutive lots", () => {
    const { state: s, transitions } = replayLots(seq("ARAAAAR"));
    expect(transitions.every((t) => t === null)).toBe(true);
    expect(s).toEqual(state({ recent: [true, true, true, false], switchingScore: 0 }));
  });

  it("two rejects in a row switch at once", () => {
    const { state: s, transitions } = replayLots(seq("RR"));
    expect(transitions[1]).toEqual({ from: "normal", to: "tightened", reason: "2 of the last 2 lots not accepted" });
    expect(s.severity).toBe("tightened");
  });

  it("keeps only the last 4 results on normal inspection", () => {
    const { state: s } = replayLots(seq("RAAAAAA"));
    expect(s.recent).toEqual([true, true, true, true]);
    expect(s.severity).toBe("normal");
    // the score was reset by the first lot and then counted 6 accepts at +2
    expect(s.switchingScore).toBe(12);
  });
});

describe("tightened -> normal (9.3.2)", () => {
  const tightened = replayLots(seq("RR")).state;

  it("5 accepted lots return to normal with score 0", () => {
    const { state: s, transitions } = replayLots(seq("AAAAA"), tightened);
    expect(transitions.slice(0, 4)).toEqual([null, null, null, null]);
    expect(transitions[4]).toEqual({ from: "tightened", to: "normal", reason: "5 consecutive lots accepted on tightened inspection" });
    expect(s).toEqual(state({}));
  });

  it("counts consecutive accepts while on tightened", () => {
    expect(replayLots(seq("AAAA"), tightened).state).toEqual(
      state({ severity: "tightened", recent: [true, true, true, true], consecutiveAccepted: 4 }),
    );
  });

  it("4 accepts, a reject, then 5 accepts: the reject restarts the count", () => {
    const afterReject = replayLots(seq("AAAAR"), tightened);
    expect(afterReject.transitions.every((t) => t === null)).toBe(true);
    expect(afterReject.state).toEqual(
      state({ severity: "tightened", recent: [true, true, true, false], consecutiveAccepted: 0, tightenedNotAccepted: 1 }),
    );
    const four = replayLots(seq("AAAA"), afterReject.state);
    expect(four.state.severity).toBe("tightened");
    expect(four.state.consecutiveAccepted).toBe(4);
    const fifth = applySwitchingEvent(four.state, lot(A));
    expect(fifth.transition).toEqual({ from: "tightened", to: "normal", reason: "5 consecutive lots accepted on tightened inspection" });
    expect(fifth.state).toEqual(state({}));
  });

  it("after returning to normal, earlier normal rejects no longer count", () => {
    // R,R -> tightened; 5 A -> normal; a single R must not switch again
    const { state: s, transitions } = replayLots(seq("RRAAAAAR"));
    expect(transitions[7]).toBeNull();
    expect(s).toEqual(state({ recent: [false] }));
  });
});

describe("discontinuation (9.4)", () => {
  const tightened = replayLots(seq("RR")).state;

  it("5 lots not accepted on tightened, not consecutive, discontinue inspection", () => {
    const { state: s, transitions } = replayLots(seq("RARARRAR"), tightened);
    expect(transitions.slice(0, 7).every((t) => t === null)).toBe(true);
    expect(transitions[7]).toEqual({ from: "tightened", to: "discontinued", reason: "5 lots not accepted on tightened inspection: discontinued" });
    expect(s).toEqual({
      severity: "tightened",
      discontinued: true,
      recent: [false, false, true, false],
      switchingScore: 0,
      tightenedNotAccepted: 5,
      consecutiveAccepted: 0,
    });
  });

  it("4 lots not accepted are not enough", () => {
    const { state: s } = replayLots(seq("RRRR"), tightened);
    expect(s.discontinued).toBe(false);
    expect(s.tightenedNotAccepted).toBe(4);
  });

  it("blocks lots while discontinued, then restores on tightened with fresh counters", () => {
    const stopped = replayLots(seq("RRRRR"), tightened).state;
    expect(stopped.discontinued).toBe(true);

    const blocked = caught(() => applySwitchingEvent(stopped, lot(A)));
    expect(blocked.code).toBe("discontinued");
    expect(blocked.message).toMatch(/discontinued/);
    expect(() => replayLots([A], stopped)).toThrow(SwitchingRuleError);

    const restored = applySwitchingEvent(stopped, { kind: "restore_after_corrective_action" });
    expect(restored.transition).toEqual({ from: "discontinued", to: "tightened", reason: "corrective action recorded: tightened inspection resumed" });
    expect(restored.state).toEqual(state({ severity: "tightened" }));

    // lots are accepted again; 5 accepts lead back to normal
    const back = replayLots(seq("AAAAA"), restored.state);
    expect(back.state).toEqual(state({}));
  });

  it("a lot accepted on tightened does not reset the cumulative not-accepted count", () => {
    const s = replayLots(seq("RAAAAR"), tightened).state;
    // 4 accepts then a reject: still 2 not accepted since tightened started
    expect(s.tightenedNotAccepted).toBe(2);
    expect(s.consecutiveAccepted).toBe(0);
  });

  it("refuses restore when not discontinued", () => {
    expect(caught(() => applySwitchingEvent(INITIAL_SWITCHING_STATE, { kind: "restore_after_corrective_action" })).code).toBe("not_discontinued");
    expect(caught(() => applySwitchingEvent(tightened, { kind: "restore_after_corrective_action" })).code).toBe("not_discontinued");
  });

  it("refuses approve_reduced and revert_to_normal while discontinued", () => {
    const stopped = replayLots(seq("RRRRR"), tightened).state;
    expect(caught(() => applySwitchingEvent(stopped, { kind: "approve_reduced" }, { productionSteady: true })).code).toBe("reduced_not_eligible");
    expect(caught(() => applySwitchingEvent(stopped, { kind: "revert_to_normal" })).code).toBe("not_on_reduced");
  });
});

describe("nextSwitchingScore (9.3.3, single sampling)", () => {
  const one = (acceptance: number, defects: number, acceptanceOneStepTighter: number | null, accepted = defects <= acceptance): LotResult => ({
    accepted,
    classes: [{ acceptance, defects, acceptanceOneStepTighter }],
  });

  it("Ac 0 or 1: +2 when accepted, reset otherwise", () => {
    expect(nextSwitchingScore(10, one(0, 0, null))).toBe(12);
    expect(nextSwitchingScore(10, one(1, 1, 0))).toBe(12);
    expect(nextSwitchingScore(10, one(1, 2, 0))).toBe(0);
    expect(nextSwitchingScore(10, one(0, 1, null))).toBe(0);
  });

  it("Ac >= 2: +3 when within the one-step-tighter Ac, reset otherwise even if accepted", () => {
    expect(nextSwitchingScore(10, one(3, 2, 2))).toBe(13); // defects == tighter Ac
    expect(nextSwitchingScore(10, one(3, 0, 2))).toBe(13);
    expect(nextSwitchingScore(10, one(3, 3, 2))).toBe(0); // accepted, but not with the tighter AQL
    expect(nextSwitchingScore(10, one(3, 4, 2))).toBe(0); // not accepted
    expect(nextSwitchingScore(10, one(2, 1, 1))).toBe(13);
    expect(nextSwitchingScore(10, one(2, 2, 1))).toBe(0);
  });

  it("Ac >= 2 without a one-step-tighter plan: judged on acceptance alone, +2", () => {
    expect(nextSwitchingScore(10, one(5, 5, null))).toBe(12);
    expect(nextSwitchingScore(10, one(5, 6, null))).toBe(0);
  });

  it("never rewards a class over its Ac, even if a looser Ac is passed as the one-step value", () => {
    expect(nextSwitchingScore(10, one(3, 4, 5, true))).toBe(0);
  });

  it("a lot not accepted resets the score even if every class is within its Ac (override)", () => {
    expect(nextSwitchingScore(10, one(3, 0, 2, false))).toBe(0);
    expect(nextSwitchingScore(10, one(0, 0, null, false))).toBe(0);
  });

  it("a lot without any class plan scores on acceptance alone", () => {
    expect(nextSwitchingScore(4, { accepted: true, classes: [] })).toBe(6);
    expect(nextSwitchingScore(4, { accepted: false, classes: [] })).toBe(0);
  });

  it("several classes: the smallest increment is added", () => {
    const lot3and2: LotResult = {
      accepted: true,
      classes: [
        { acceptance: 0, defects: 0, acceptanceOneStepTighter: null }, // critical: +2
        { acceptance: 3, defects: 1, acceptanceOneStepTighter: 2 }, // major: +3
        { acceptance: 5, defects: 2, acceptanceOneStepTighter: 3 }, // minor: +3
      ],
    };
    expect(nextSwitchingScore(20, lot3and2)).toBe(22);
    const allThree: LotResult = {
      accepted: true,
      classes: [
        { acceptance: 3, defects: 1, acceptanceOneStepTighter: 2 },
        { acceptance: 5, defects: 3, acceptanceOneStepTighter: 3 },
      ],
    };
    expect(nextSwitchingScore(20, allThree)).toBe(23);
  });

  it("several classes: any class that resets resets the score", () => {
    const minorMarginMissed: LotResult = {
      accepted: true,
      classes: [
        { acceptance: 0, defects: 0, acceptanceOneStepTighter: null }, // +2
        { acceptance: 5, defects: 4, acceptanceOneStepTighter: 3 }, // accepted, not with the tighter AQL: reset
      ],
    };
    expect(nextSwitchingScore(28, minorMarginMissed)).toBe(0);
  });

  it("is applied after each lot on normal inspection", () => {
    const ac3ok: LotResult = { accepted: true, classes: [{ acceptance: 3, defects: 1, acceptanceOneStepTighter: 2 }] };
    const ac3margin: LotResult = { accepted: true, classes: [{ acceptance: 3, defects: 3, acceptanceOneStepTighter: 2 }] };
    expect(replayLots([ac3ok, ac3ok, ac3ok]).state.switchingScore).toBe(9);
    expect(replayLots([ac3ok, ac3ok, ac3margin]).state.switchingScore).toBe(0);
    expect(replayLots([ac3ok, ac3ok, ac3margin, ac3ok]).state.switchingScore).toBe(3);
  });
});

describe("normal -> reduced (9.3.3)", () => {
  const at = (score: number) => state({ switchingScore: score, recent: [true, true, true, true] });

  it("reducedEligible needs normal, score >= 30, steady production, not discontinued", () => {
    expect(reducedEligible(at(30), true)).toBe(true);
    expect(reducedEligible(at(45), true)).toBe(true);
    expect(reducedEligible(at(28), true)).toBe(false);
    expect(reducedEligible(at(29), true)).toBe(false);
    expect(reducedEligible(at(30), false)).toBe(false);
    expect(reducedEligible({ ...at(30), severity: "tightened" }, true)).toBe(false);
    expect(reducedEligible({ ...at(30), discontinued: true }, true)).toBe(false);
  });

  it("refuses approval at score 28", () => {
    const e = caught(() => applySwitchingEvent(at(28), { kind: "approve_reduced" }, { productionSteady: true }));
    expect(e.code).toBe("reduced_not_eligible");
    expect(e.message).toBe("Reduced inspection needs a switching score of at least 30; it is 28.");
  });

  it("refuses approval when production is not steady, or not said to be", () => {
    const e = caught(() => applySwitchingEvent(at(30), { kind: "approve_reduced" }, { productionSteady: false }));
    expect(e.code).toBe("reduced_not_eligible");
    expect(e.message).toBe("Reduced inspection needs production at a steady rate.");
    expect(caught(() => applySwitchingEvent(at(30), { kind: "approve_reduced" })).code).toBe("reduced_not_eligible");
  });

  it("refuses approval from tightened or reduced inspection", () => {
    expect(caught(() => applySwitchingEvent(state({ severity: "tightened", switchingScore: 40 }), { kind: "approve_reduced" }, { productionSteady: true })).message).toBe(
      "Reduced inspection can only be approved from normal inspection; inspection is tightened.",
    );
    expect(caught(() => applySwitchingEvent(state({ severity: "reduced" }), { kind: "approve_reduced" }, { productionSteady: true })).code).toBe(
      "reduced_not_eligible",
    );
  });

  it("allows approval at 30 with steady production", () => {
    const r = applySwitchingEvent(at(30), { kind: "approve_reduced" }, { productionSteady: true });
    expect(r.transition).toEqual({ from: "normal", to: "reduced", reason: "switching score 30 (at least 30) reached and approved" });
    expect(r.state).toEqual(state({ severity: "reduced" }));
  });

  it("15 lots accepted with Ac 0/1 reach 30 from the start", () => {
    const s = replayLots(seq("AAAAAAAAAAAAAAA")).state;
    expect(s.switchingScore).toBe(30);
    expect(reducedEligible(s, true)).toBe(true);
    expect(reducedEligible(replayLots(seq("AAAAAAAAAAAAAA")).state, true)).toBe(false);
  });

  it("never switches to reduced on lots alone", () => {
    const { state: s, transitions } = replayLots(seq("A".repeat(40)));
    expect(s.severity).toBe("normal");
    expect(s.switchingScore).toBe(80);
    expect(transitions.every((t) => t === null)).toBe(true);
  });
});

describe("reduced -> normal (9.3.4)", () => {
  const reduced = state({ severity: "reduced" });

  it("stays on reduced while lots are accepted", () => {
    const { state: s, transitions } = replayLots(seq("AAAAAA"), reduced);
    expect(transitions.every((t) => t === null)).toBe(true);
    expect(s).toEqual(state({ severity: "reduced", recent: [true, true, true, true] }));
  });

  it("returns to normal, score 0, when a lot is not accepted", () => {
    const r = replayLots(seq("AAR"), reduced);
    expect(r.transitions).toEqual([null, null, { from: "reduced", to: "normal", reason: "lot not accepted on reduced inspection" }]);
    expect(r.state).toEqual(state({}));
  });

  it("returns to normal, score 0, on revert_to_normal", () => {
    const r = applySwitchingEvent(replayLots(seq("AA"), reduced).state, { kind: "revert_to_normal" });
    expect(r.transition).toEqual({ from: "reduced", to: "normal", reason: "returned to normal inspection by the responsible authority" });
    expect(r.state).toEqual(state({}));
  });

  it("refuses revert_to_normal when not on reduced inspection", () => {
    const e = caught(() => applySwitchingEvent(state({ switchingScore: 12 }), { kind: "revert_to_normal" }));
    expect(e.code).toBe("not_on_reduced");
    expect(e.message).toBe("Only reduced inspection can be reverted to normal; inspection is normal.");
  });

  it("after returning to normal, one reject does not tighten", () => {
    const back = replayLots(seq("R"), reduced).state;
    const r = applySwitchingEvent(back, lot(R));
    expect(r.transition).toBeNull();
    expect(r.state).toEqual(state({ recent: [false] }));
  });
});

describe("full cycle and replayLots", () => {
  it("normal -> reduced -> normal -> tightened -> discontinued -> tightened -> normal", () => {
    const events: SwitchingEvent[] = [
      ...seq("A".repeat(15)).map(lot),
      { kind: "approve_reduced" },
      lot(A),
      lot(R),
      lot(R),
      lot(A),
      lot(R),
      ...seq("RRRRR").map(lot),
      { kind: "restore_after_corrective_action" },
      ...seq("AAAAA").map(lot),
    ];
    const { state: s, transitions } = fold(events, INITIAL_SWITCHING_STATE, { productionSteady: true });
    expect(transitions.filter((t) => t !== null).map((t) => `${t!.from}->${t!.to}`)).toEqual([
      "normal->reduced",
      "reduced->normal",
      "normal->tightened",
      "tightened->discontinued",
      "discontinued->tightened",
      "tightened->normal",
    ]);
    expect(s).toEqual(state({}));
  });

  it("equals folding applySwitchingEvent over the lots, one transition per lot", () => {
    const lots = seq("AARAAAARAARAAAAAARRRAARAAAAA");
    const folded = fold(lots.map(lot));
    const replayed = replayLots(lots);
    expect(replayed).toEqual(folded);
    expect(replayed.transitions).toHaveLength(lots.length);
  });

  it("equals folding from a given start state", () => {
    const start = state({ severity: "tightened", tightenedNotAccepted: 3, consecutiveAccepted: 2, recent: [false, true, true] });
    const lots = seq("AARAAAAAR");
    expect(replayLots(lots, start)).toEqual(fold(lots.map(lot), start));
    expect(replayLots(lots, start).state).toEqual(state({ recent: [false] }));
  });

  it("returns the start state for no lots", () => {
    expect(replayLots([])).toEqual({ state: INITIAL_SWITCHING_STATE, transitions: [] });
  });

  it("does not mutate the input state", () => {
    const start = state({ severity: "tightened", consecutiveAccepted: 1, recent: [true] });
    const copy = structuredClone(start);
    applySwitchingEvent(start, lot(A));
    applySwitchingEvent(start, lot(R));
    expect(start).toEqual(copy);
  });
});
