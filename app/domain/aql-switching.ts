// Switching rules between normal, tightened and reduced inspection, per ISO 2859-1:1999 clause 9,
// kept per partner × item. Pure: the caller loads the state, feeds events in, and stores the result.
// Only single sampling is modelled. Plain numbers in, no table look-ups here (those live in aql.ts).

export type Severity = "normal" | "tightened" | "reduced";

export interface SwitchingState {
  severity: Severity;
  discontinued: boolean;
  /**
   * Recent original-inspection results on the current severity, newest last (true = lot accepted).
   * Holds at most RECENT_LOTS_KEPT (4) results: with the next lot that makes the 5-lot window of 9.3.1.
   * Emptied at every change of severity and on restore after discontinuation.
   */
  recent: boolean[];
  /** Clause 9.3.3. Only meaningful on normal inspection; 0 on tightened and reduced. */
  switchingScore: number;
  /** Lots not accepted since tightened inspection started (9.4). 0 when not on tightened. */
  tightenedNotAccepted: number;
  /** While on tightened: consecutive accepted lots (9.3.2). 0 when not on tightened. */
  consecutiveAccepted: number;
}

/** 9.3.1: "2 out of 5 or fewer consecutive lots" — the window length. */
export const TIGHTENED_WINDOW = 5;
/** 9.3.1: lots not accepted within the window that switch normal -> tightened. */
export const TIGHTENED_TRIGGER = 2;
/** 9.3.2: consecutive accepted lots on tightened that switch back to normal. */
export const NORMAL_AFTER_ACCEPTED = 5;
/** 9.3.3: switching score needed for reduced inspection. */
export const REDUCED_SCORE = 30;
/** 9.4: lots not accepted on tightened inspection that discontinue inspection. */
export const DISCONTINUE_AFTER = 5;
/** How many earlier results `recent` keeps: the window minus the lot being judged. */
export const RECENT_LOTS_KEPT = TIGHTENED_WINDOW - 1;

/** Normal inspection at the start (9.1), switching score 0 (9.3.3). Frozen: never mutate it. */
export const INITIAL_SWITCHING_STATE: SwitchingState = Object.freeze({
  severity: "normal",
  discontinued: false,
  recent: Object.freeze([]) as unknown as boolean[],
  switchingScore: 0,
  tightenedNotAccepted: 0,
  consecutiveAccepted: 0,
}) as SwitchingState;

export interface LotClassResult {
  /** Ac of the plan in use for this defect class. */
  acceptance: number;
  /** Defects (or nonconforming items) found in the sample for this class. */
  defects: number;
  /**
   * For the 9.3.3 switching score when Ac >= 2: the acceptance number the lot would have been judged
   * against had the AQL been ONE STEP TIGHTER (the next smaller AQL value, same sample size code),
   * which is how ISO 2859-1:1999 9.3.3 words it (aql.ts: acceptanceOneStepTighter). As a guard, +3
   * also requires defects <= acceptance, so a looser value passed by mistake can never reward a failing class.
   * null = no such plan could be determined; see nextSwitchingScore for how that is scored.
   */
  acceptanceOneStepTighter: number | null;
}

/** Only ORIGINAL inspections (not re-submitted lots) are fed in (9.3.1, 9.3.2, 9.4 all say "original"). */
export interface LotResult {
  accepted: boolean;
  /** One entry per defect class that has a plan (critical / major / minor). */
  classes: LotClassResult[];
}

export type SwitchingEvent =
  | { kind: "lot"; lot: LotResult }
  /** The responsible authority approves normal -> reduced (9.3.3). */
  | { kind: "approve_reduced" }
  /** The responsible authority reverts reduced -> normal (9.3.4 b/c: production irregular, other conditions). */
  | { kind: "revert_to_normal" }
  /** Corrective action recorded after discontinuation; resumes on tightened inspection (9.4). */
  | { kind: "restore_after_corrective_action" };

export type Transition = null | { from: Severity | "discontinued"; to: Severity | "discontinued"; reason: string };

export type SwitchingErrorCode = "discontinued" | "reduced_not_eligible" | "not_on_reduced" | "not_discontinued";

/**
 * Thrown when an event is not allowed in the current state. Every refused event throws (none is
 * silently ignored); `code` lets callers map it to a message without parsing text.
 */
export class SwitchingRuleError extends Error {
  readonly code: SwitchingErrorCode;
  constructor(code: SwitchingErrorCode, message: string) {
    super(message);
    this.name = "SwitchingRuleError";
    this.code = code;
  }
}

function freshState(severity: Severity): SwitchingState {
  // Every switch starts the new severity with empty history; the switching score is set to 0 at the
  // start of normal inspection (9.3.3) and is not kept on the other severities.
  return { severity, discontinued: false, recent: [], switchingScore: 0, tightenedNotAccepted: 0, consecutiveAccepted: 0 };
}

function pushRecent(recent: readonly boolean[], accepted: boolean): boolean[] {
  return [...recent, accepted].slice(-RECENT_LOTS_KEPT);
}

/** Switching-score increment for one class: 0 means "reset the score". */
function classIncrement(c: LotClassResult): 0 | 2 | 3 {
  if (c.defects > c.acceptance) return 0;
  // 9.3.3 (switching score, single sampling): Ac 0 or 1 — add 2 if the lot is accepted, otherwise reset.
  if (c.acceptance <= 1) return 2;
  // Decision: Ac >= 2 but no one-step-tighter plan known — the margin cannot be shown, so the class is
  // judged on acceptance alone and scores like the acceptance-only rule (+2), never more than proven.
  if (c.acceptanceOneStepTighter === null) return 2;
  // 9.3.3 (switching score, single sampling): Ac >= 2 — add 3 if the lot would have been accepted
  // with the AQL one step tighter, otherwise reset.
  return c.defects <= c.acceptanceOneStepTighter ? 3 : 0;
}

/**
 * The 1999 switching score update for one lot on original normal inspection (9.3.3, single sampling).
 * - A lot not accepted resets the score, whatever the class counts say (e.g. after an override).
 * - Several classes: the rule is applied per class; any class that resets resets the score, otherwise
 *   the smallest increment among the classes is added.
 * - A lot without any class (no plan at all) is scored on acceptance alone: +2.
 */
export function nextSwitchingScore(score: number, lot: LotResult): number {
  if (!lot.accepted) return 0;
  if (lot.classes.length === 0) return score + 2;
  let increment: 2 | 3 = 3;
  for (const c of lot.classes) {
    const inc = classIncrement(c);
    if (inc === 0) return 0;
    if (inc < increment) increment = inc;
  }
  return score + increment;
}

/** 9.3.3: normal inspection, score at least 30, production steady, not discontinued. */
export function reducedEligible(state: SwitchingState, productionSteady: boolean): boolean {
  return state.severity === "normal" && !state.discontinued && state.switchingScore >= REDUCED_SCORE && productionSteady;
}

function applyLot(state: SwitchingState, lot: LotResult): { state: SwitchingState; transition: Transition } {
  if (state.discontinued) {
    // 9.4: inspection under the standard is not resumed until corrective action has been taken.
    throw new SwitchingRuleError(
      "discontinued",
      "Inspection is discontinued after 5 lots not accepted on tightened inspection; record corrective action before inspecting again.",
    );
  }
  const accepted = lot.accepted;
  switch (state.severity) {
    case "normal": {
      // 9.3.1: normal -> tightened when 2 out of 5 or fewer consecutive lots are not accepted.
      const window = [...state.recent, accepted];
      const notAccepted = window.filter((a) => !a).length;
      if (notAccepted >= TIGHTENED_TRIGGER) {
        return {
          state: freshState("tightened"),
          transition: { from: "normal", to: "tightened", reason: `${notAccepted} of the last ${window.length} lots not accepted` },
        };
      }
      return {
        // 9.3.3: the switching score is updated after each lot on original normal inspection.
        state: { ...state, recent: pushRecent(state.recent, accepted), switchingScore: nextSwitchingScore(state.switchingScore, lot) },
        transition: null,
      };
    }
    case "tightened": {
      if (accepted) {
        const consecutiveAccepted = state.consecutiveAccepted + 1;
        // 9.3.2: tightened -> normal when 5 consecutive lots are accepted on original inspection.
        if (consecutiveAccepted >= NORMAL_AFTER_ACCEPTED) {
          return {
            state: freshState("normal"),
            transition: { from: "tightened", to: "normal", reason: "5 consecutive lots accepted on tightened inspection" },
          };
        }
        return { state: { ...state, recent: pushRecent(state.recent, true), consecutiveAccepted }, transition: null };
      }
      const tightenedNotAccepted = state.tightenedNotAccepted + 1;
      // 9.4: the cumulative number of lots not accepted on original tightened inspection reaches 5.
      // The severity stays "tightened" so restoring resumes there.
      if (tightenedNotAccepted >= DISCONTINUE_AFTER) {
        return {
          state: { ...state, discontinued: true, recent: pushRecent(state.recent, false), tightenedNotAccepted, consecutiveAccepted: 0 },
          transition: { from: "tightened", to: "discontinued", reason: "5 lots not accepted on tightened inspection: discontinued" },
        };
      }
      return { state: { ...state, recent: pushRecent(state.recent, false), tightenedNotAccepted, consecutiveAccepted: 0 }, transition: null };
    }
    case "reduced": {
      // 9.3.4 a): reduced -> normal when a lot is not accepted; the score restarts at 0.
      if (!accepted) {
        return {
          state: freshState("normal"),
          transition: { from: "reduced", to: "normal", reason: "lot not accepted on reduced inspection" },
        };
      }
      return { state: { ...state, recent: pushRecent(state.recent, true) }, transition: null };
    }
  }
}

/**
 * Applies one event. Never mutates `state`. Refused events throw a SwitchingRuleError:
 * - `lot` while discontinued ("discontinued");
 * - `approve_reduced` unless reducedEligible(state, opts.productionSteady) ("reduced_not_eligible");
 *   productionSteady defaults to false, so approval without it is refused;
 * - `revert_to_normal` when not on reduced inspection ("not_on_reduced");
 * - `restore_after_corrective_action` when not discontinued ("not_discontinued").
 */
export function applySwitchingEvent(
  state: SwitchingState,
  event: SwitchingEvent,
  opts?: { productionSteady?: boolean },
): { state: SwitchingState; transition: Transition } {
  switch (event.kind) {
    case "lot":
      return applyLot(state, event.lot);
    case "approve_reduced": {
      // 9.3.3: score >= 30 AND production steady AND reduced inspection considered desirable by the
      // responsible authority (this event is that decision).
      const steady = opts?.productionSteady ?? false;
      if (!reducedEligible(state, steady)) {
        throw new SwitchingRuleError("reduced_not_eligible", reducedRefusal(state, steady));
      }
      return {
        state: freshState("reduced"),
        transition: { from: "normal", to: "reduced", reason: `switching score ${state.switchingScore} (at least ${REDUCED_SCORE}) reached and approved` },
      };
    }
    case "revert_to_normal": {
      // 9.3.4 b), c): production irregular or delayed, or other conditions warrant normal inspection.
      if (state.discontinued || state.severity !== "reduced") {
        throw new SwitchingRuleError("not_on_reduced", `Only reduced inspection can be reverted to normal; inspection is ${describe(state)}.`);
      }
      return {
        state: freshState("normal"),
        transition: { from: "reduced", to: "normal", reason: "returned to normal inspection by the responsible authority" },
      };
    }
    case "restore_after_corrective_action": {
      // 9.4: after corrective action, tightened inspection is used as if 9.3.1 had been invoked.
      if (!state.discontinued) {
        throw new SwitchingRuleError("not_discontinued", `Inspection is not discontinued (it is ${describe(state)}); there is nothing to restore.`);
      }
      return {
        state: freshState("tightened"),
        transition: { from: "discontinued", to: "tightened", reason: "corrective action recorded: tightened inspection resumed" },
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown switching event: ${JSON.stringify(unknown)}`);
    }
  }
}

function describe(state: SwitchingState): string {
  return state.discontinued ? "discontinued" : state.severity;
}

function reducedRefusal(state: SwitchingState, steady: boolean): string {
  if (state.discontinued || state.severity !== "normal") {
    return `Reduced inspection can only be approved from normal inspection; inspection is ${describe(state)}.`;
  }
  if (state.switchingScore < REDUCED_SCORE) {
    return `Reduced inspection needs a switching score of at least ${REDUCED_SCORE}; it is ${state.switchingScore}.`;
  }
  if (!steady) return "Reduced inspection needs production at a steady rate.";
  return "Reduced inspection is not allowed.";
}

/**
 * Folds lot results through applySwitchingEvent. `transitions[i]` is the transition caused by
 * `lots[i]` (null when none), so the list is as long as `lots`. Throws like applySwitchingEvent
 * (e.g. a lot after discontinuation).
 */
export function replayLots(
  lots: LotResult[],
  start: SwitchingState = INITIAL_SWITCHING_STATE,
): { state: SwitchingState; transitions: Transition[] } {
  let state = start;
  const transitions: Transition[] = [];
  for (const lot of lots) {
    const next = applySwitchingEvent(state, { kind: "lot", lot });
    state = next.state;
    transitions.push(next.transition);
  }
  return { state, transitions };
}
