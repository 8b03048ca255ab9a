// Inspection verdicts and scorecard measures. Pure: findings and facts come from the caller.

export const DEFECT_CLASSES = ["critical", "major", "minor"] as const;
export type DefectClass = (typeof DEFECT_CLASSES)[number];

/** One defect class that has a sampling plan. Classes with no plan are simply not passed in. */
export interface ClassFinding {
  defectClass: DefectClass;
  acceptance: number;
  rejection: number;
  defects: number;
}

export type Verdict = "accepted" | "rejected";
export const VERDICTS: readonly Verdict[] = ["accepted", "rejected"];

export interface ClassVerdict extends ClassFinding {
  accepted: boolean;
}

function assertCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number of at least 0, got ${value}`);
}

/**
 * Accepted when every class is within its acceptance number (defects <= Ac); a class with
 * defects > Ac fails (with single sampling Re = Ac + 1, so that is defects >= Re). Classes with no
 * plan are not in `findings` and so are ignored; with no findings at all the lot is accepted.
 * `failedClasses` and `classes` are in DEFECT_CLASSES order. Malformed findings (unknown or repeated
 * class, negative or fractional numbers, Re <= Ac) throw a RangeError: they are programming errors.
 */
export function computeVerdict(findings: ClassFinding[]): { verdict: Verdict; failedClasses: DefectClass[]; classes: ClassVerdict[] } {
  const byClass = new Map<DefectClass, ClassFinding>();
  for (const f of findings) {
    if (!DEFECT_CLASSES.includes(f.defectClass)) throw new RangeError(`Unknown defect class: ${String(f.defectClass)}`);
    if (byClass.has(f.defectClass)) throw new RangeError(`Defect class ${f.defectClass} appears more than once`);
    assertCount(f.acceptance, `${f.defectClass} acceptance number`);
    assertCount(f.rejection, `${f.defectClass} rejection number`);
    assertCount(f.defects, `${f.defectClass} defects`);
    if (f.rejection <= f.acceptance) {
      throw new RangeError(`${f.defectClass} rejection number (${f.rejection}) must be greater than its acceptance number (${f.acceptance})`);
    }
    byClass.set(f.defectClass, f);
  }
  const classes: ClassVerdict[] = [];
  for (const defectClass of DEFECT_CLASSES) {
    const f = byClass.get(defectClass);
    if (f) classes.push({ defectClass, acceptance: f.acceptance, rejection: f.rejection, defects: f.defects, accepted: f.defects <= f.acceptance });
  }
  const failedClasses = classes.filter((c) => !c.accepted).map((c) => c.defectClass);
  return { verdict: failedClasses.length === 0 ? "accepted" : "rejected", failedClasses, classes };
}

export const OVERRIDE_REASON_MIN_LENGTH = 5;

export type FinalVerdictResult =
  | { ok: true; final: Verdict; overridden: boolean; reason: string | null }
  | { ok: false; error: string };

/**
 * The final verdict, with an optional inspector override.
 * - No override: the computed verdict, not overridden.
 * - Override equal to the computed verdict: allowed whatever the reason, reported as not overridden
 *   (reason null) — there is nothing to justify.
 * - Override that changes the verdict: needs a reason of at least 5 characters after trimming; the
 *   trimmed reason is returned.
 */
export function finalVerdict(computed: Verdict, override: { verdict: Verdict; reason: string } | null): FinalVerdictResult {
  if (override === null) return { ok: true, final: computed, overridden: false, reason: null };
  if (!VERDICTS.includes(override.verdict)) return { ok: false, error: `Unknown verdict: ${String(override.verdict)}` };
  if (override.verdict === computed) return { ok: true, final: computed, overridden: false, reason: null };
  const reason = (override.reason ?? "").trim();
  if (reason.length < OVERRIDE_REASON_MIN_LENGTH) {
    return { ok: false, error: `Overriding the verdict needs a reason of at least ${OVERRIDE_REASON_MIN_LENGTH} characters.` };
  }
  return { ok: true, final: override.verdict, overridden: true, reason };
}

/** Measures for scorecards */
export interface InspectionFact {
  /** false for the inspection of a re-submitted lot */
  firstInspection: boolean;
  /** the final verdict (after any override) */
  verdict: Verdict;
  unitsInspected: number;
  defects: number;
}

/** Accepted first inspections ÷ first inspections, as a fraction 0..1; null if there are none. */
export function lotAcceptanceRate(facts: InspectionFact[]): number | null {
  const first = facts.filter((f) => f.firstInspection);
  if (first.length === 0) return null;
  return first.filter((f) => f.verdict === "accepted").length / first.length;
}

/** Total defects ÷ total units inspected × 1,000,000, over all facts (re-inspections included), unrounded; null if no units. */
export function defectsPerMillion(facts: InspectionFact[]): number | null {
  let units = 0;
  let defects = 0;
  for (const f of facts) {
    units += f.unitsInspected;
    defects += f.defects;
  }
  if (units <= 0) return null;
  return (defects / units) * 1_000_000;
}

/** Inclusive bounds; a null bound is open. A value that is not a finite number is never within spec. */
export function measurementWithinSpec(value: number, min: number | null, max: number | null): boolean {
  if (!Number.isFinite(value)) return false;
  if (min !== null && value < min) return false;
  if (max !== null && value > max) return false;
  return true;
}

export const INSPECTION_STATUSES = ["booked", "submitted", "recorded", "signed_off"] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, string> = {
  booked: "Booked",
  submitted: "Submitted for review",
  recorded: "Awaiting sign-off",
  signed_off: "Signed off",
};

/** Defects found per class (summed over defect types). */
export function defectsByClass(defects: { defectClass: DefectClass; quantity: number }[]): Record<DefectClass, number> {
  const out: Record<DefectClass, number> = { critical: 0, major: 0, minor: 0 };
  for (const d of defects) out[d.defectClass] += d.quantity;
  return out;
}
