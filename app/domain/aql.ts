/**
 * Single sampling plans by attributes, ISO 2859-1:1999 (same Tables I, II-A and II-B as ANSI/ASQ Z1.4;
 * II-C is the 1999 reduced table, see aql-tables.ts). Pure: no I/O, no clock.
 *
 * samplingPlan(): Table I gives the code letter for the lot size and inspection level; in the master
 * table of the severity, the cell at (code letter, AQL) is either a plan or an arrow. An arrow means "use
 * the first sampling plan below (↓) / above (↑) the arrow" in the same AQL column, and that plan's row
 * brings its own sample size. When that sample size equals or exceeds the lot size, every item is
 * inspected (inspectAll), with the plan's Ac/Re kept.
 */
import {
  INSPECTION_LEVELS,
  MASTER_TABLES,
  PREFERRED_AQLS,
  SEVERITIES,
  TABLE_I,
  aqlIndex,
  type Aql,
  type CodeLetter,
  type InspectionLevel,
  type MasterRow,
  type MasterTable,
  type Severity,
} from "./aql-tables";

export {
  CODE_LETTERS,
  INSPECTION_LEVELS,
  MASTER_TABLES,
  PREFERRED_AQLS,
  SEVERITIES,
  TABLE_I,
  TABLE_II_A,
  TABLE_II_B,
  TABLE_II_C,
  aqlIndex,
  cellToken,
} from "./aql-tables";
export type { Aql, Cell, CodeLetter, InspectionLevel, MasterRow, MasterTable, Severity, TableIRow } from "./aql-tables";

export interface SamplingPlan {
  lotSize: number;
  level: InspectionLevel;
  aql: Aql;
  severity: Severity;
  /** From Table I. */
  codeLetter: CodeLetter;
  /** Row actually used after following arrows. */
  planCodeLetter: CodeLetter;
  /** = lotSize when inspectAll. */
  sampleSize: number;
  /** The plan's printed sample size. */
  tableSampleSize: number;
  /** Ac. */
  acceptance: number;
  /** Re. */
  rejection: number;
  inspectAll: boolean;
}

/** A plan cell of a master table, with the row it sits in. */
export interface ResolvedCell {
  readonly row: MasterRow;
  readonly ac: number;
  readonly re: number;
}

// "2.5", "2.50", "1", "1.0", "0.01" …: digits with an optional decimal point and digits (point only, no comma).
const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

function decimalKey(text: string): string | null {
  const m = PLAIN_DECIMAL.exec(text);
  if (!m) return null;
  const whole = m[1].replace(/^0+(?=\d)/, "");
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

const AQL_BY_KEY: ReadonlyMap<string, Aql> = new Map(PREFERRED_AQLS.map((aql) => [decimalKey(aql) as string, aql]));

/**
 * Accepts "2.5", "2.50", "0.01", "1", "1.0", " 6.5 " (surrounding blanks are ignored) and returns the
 * canonical preferred AQL ("2.5", "0.010", "1.0", "6.5"), or null when the text is not a plain decimal
 * (only "." as decimal point: "2,5", "1e1", "+1", ".65", "1." are null) or not a preferred AQL ("3").
 */
export function parseAql(input: string): Aql | null {
  if (typeof input !== "string") return null;
  const key = decimalKey(input.trim());
  return key === null ? null : (AQL_BY_KEY.get(key) ?? null);
}

export function isInspectionLevel(s: string): s is InspectionLevel {
  return (INSPECTION_LEVELS as readonly string[]).includes(s);
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** Table I. Throws RangeError for a lot size that is not a (safe) integer ≥ 2, or an unknown level. */
export function codeLetterFor(lotSize: number, level: InspectionLevel): CodeLetter {
  if (!Number.isSafeInteger(lotSize) || lotSize < 2) {
    throw new RangeError(`lot size must be an integer of at least 2, got ${lotSize}`);
  }
  if (!isInspectionLevel(level)) throw new RangeError(`unknown inspection level ${JSON.stringify(level)}`);
  const row = TABLE_I.find((r) => lotSize >= r.minLot && lotSize <= r.maxLot);
  if (!row) throw new RangeError(`no Table I row for lot size ${lotSize}`); // unreachable: the ranges cover 2..∞
  return row.letters[level];
}

/**
 * The plan for (code letter, AQL column) of a master table, following an arrow to the first plan below
 * (↓) or above (↑) it in the same column. Throws if the cell is blank or the arrow leads nowhere (which
 * the tests show never happens for cells Table I can reach).
 */
export function resolveCell(table: MasterTable, letter: CodeLetter, column: number): ResolvedCell {
  const start = table.rows.findIndex((r) => r.letter === letter);
  if (start < 0) throw new RangeError(`${table.id} has no row ${letter}`);
  if (!Number.isInteger(column) || column < 0 || column >= PREFERRED_AQLS.length) {
    throw new RangeError(`no AQL column ${column}`);
  }
  const first = table.rows[start].cells[column];
  if (first.kind === "plan") return { row: table.rows[start], ac: first.ac, re: first.re };
  if (first.kind === "blank") throw new Error(`${table.id} ${letter}/${PREFERRED_AQLS[column]} is blank`);
  const step = first.kind === "down" ? 1 : -1;
  for (let i = start + step; i >= 0 && i < table.rows.length; i += step) {
    const cell = table.rows[i].cells[column];
    if (cell.kind === "plan") return { row: table.rows[i], ac: cell.ac, re: cell.re };
    if (cell.kind !== first.kind) break; // a blank or an opposite arrow: the table would be corrupt
  }
  throw new Error(`${table.id} ${letter}/${PREFERRED_AQLS[column]}: the arrow leads to no plan`);
}

export function samplingPlan(input: {
  lotSize: number;
  level: InspectionLevel;
  aql: Aql;
  severity: Severity;
}): SamplingPlan {
  const { lotSize, level, aql, severity } = input;
  if (!isSeverity(severity)) throw new RangeError(`unknown severity ${JSON.stringify(severity)}`);
  const column = aqlIndex(aql);
  if (column < 0) throw new RangeError(`not a preferred AQL: ${JSON.stringify(aql)}`);
  const codeLetter = codeLetterFor(lotSize, level);
  const { row, ac, re } = resolveCell(MASTER_TABLES[severity], codeLetter, column);
  const inspectAll = row.sampleSize >= lotSize;
  return {
    lotSize,
    level,
    aql,
    severity,
    codeLetter,
    planCodeLetter: row.letter,
    sampleSize: inspectAll ? lotSize : row.sampleSize,
    tableSampleSize: row.sampleSize,
    acceptance: ac,
    rejection: re,
    inspectAll,
  };
}

/** Verdict for one class: accepted when defects <= acceptance. Throws RangeError for a negative or fractional count. */
export function classAccepted(plan: Pick<SamplingPlan, "acceptance">, defects: number): boolean {
  if (!Number.isSafeInteger(defects) || defects < 0) {
    throw new RangeError(`defect count must be a non-negative integer, got ${defects}`);
  }
  return defects <= plan.acceptance;
}

/** The next preferred AQL above, or null at 1000. */
export function nextHigherAql(aql: Aql): Aql | null {
  const i = aqlIndex(aql);
  if (i < 0) throw new RangeError(`not a preferred AQL: ${JSON.stringify(aql)}`);
  return i + 1 < PREFERRED_AQLS.length ? PREFERRED_AQLS[i + 1] : null;
}

/** The next preferred AQL below (one step tighter), or null at 0.010. */
export function nextLowerAql(aql: Aql): Aql | null {
  const i = aqlIndex(aql);
  if (i < 0) throw new RangeError(`not a preferred AQL: ${JSON.stringify(aql)}`);
  return i > 0 ? PREFERRED_AQLS[i - 1] : null;
}

function acceptanceInSameRow(plan: SamplingPlan, aql: Aql | null): number | null {
  if (aql === null) return null;
  const row = MASTER_TABLES[plan.severity].rows.find((r) => r.letter === plan.planCodeLetter);
  const cell = row?.cells[aqlIndex(aql)];
  return cell?.kind === "plan" ? cell.ac : null;
}

/**
 * For the 1999 switching score (ISO 2859-1:1999 9.3.3.2, single sampling, Ac ≥ 2: "add 3 if the lot
 * would have been accepted if the AQL had been one step tighter"): the acceptance number for the AQL one
 * step HIGHER IN STRINGENCY, i.e. one step TIGHTER = the next LOWER AQL value (nextLowerAql), for the same
 * sample size: the cell one AQL column to the left in the plan's row (planCodeLetter) of the table the
 * plan came from (II-A for normal inspection, the only severity the switching score is kept on).
 *
 * Interpretation (deliberate): "one step higher" is read as the stricter AQL, because that is what the
 * standard compares against; the next larger AQL value would make the test vacuous (Ac never decreases
 * to the right, so every accepted lot would score +3).
 * Null when there is no tighter AQL (0.010) or when that cell is an arrow (the arrow leads to another
 * row, i.e. another sample size). In II-A every plan with Ac ≥ 2 has a plan to its left (tested), so
 * for the Ac ≥ 2 case of the switching score this is never null.
 */
export function acceptanceOneStepHigher(plan: SamplingPlan): number | null {
  return acceptanceInSameRow(plan, nextLowerAql(plan.aql));
}

/** Same as acceptanceOneStepHigher, under the name the standard's wording suggests. */
export const acceptanceOneStepTighter: (plan: SamplingPlan) => number | null = acceptanceOneStepHigher;
