// Uploaded stock counts and movements (CSV): validate every row, report every problem by line
// number (the header is line 1). Pure: the server passes in the tenant's item codes and facility
// names. Cells are data: a value that looks like a spreadsheet formula is read as plain text.
import { checkCsvFile, csvLine, nameMatcher } from "./csv";
import { MOVEMENT_KINDS, type MovementKind } from "./inventory";
import { isIsoDate, lotProblem, MAX_LOT_LENGTH, movementDateProblem } from "./limits";

export const COUNT_CSV_COLUMNS = ["item_code", "lot", "counted_quantity"] as const;
export const MOVEMENT_CSV_COLUMNS = ["facility", "item_code", "lot", "kind", "quantity", "moved_on", "reference"] as const;
const MOVEMENT_CSV_REQUIRED = ["facility", "item_code", "lot", "kind", "quantity", "moved_on"] as const;

export const MAX_COUNT_IMPORT_ROWS = 5_000;
export const MAX_MOVEMENT_IMPORT_ROWS = 20_000;

/** Adjustments only come from approved counts, never from a file. */
export const IMPORTABLE_MOVEMENT_KINDS = MOVEMENT_KINDS.filter((k) => k !== "approved_adjustment") as Exclude<MovementKind, "approved_adjustment">[];

const MAX_CODE = 100;
const MAX_LOT = MAX_LOT_LENGTH;
const MAX_REFERENCE = 200;

export interface StockImportProblem {
  line: number;
  column?: string;
  message: string;
}

export interface ImportedCountLine {
  /** the line of the file it came from */
  line: number;
  /** the item code as the tenant spells it */
  itemCode: string;
  /** "" means no lot */
  lot: string;
  /** non-negative, 3 decimals */
  counted: string;
}

export interface ImportedMovement {
  line: number;
  /** the facility name as the tenant spells it */
  facility: string;
  itemCode: string;
  /** "" means no lot */
  lot: string;
  kind: Exclude<MovementKind, "approved_adjustment">;
  /** positive, 3 decimals, as entered: signedMovementQuantity gives the ledger sign */
  quantity: string;
  movedOn: string;
  /** "" when none */
  reference: string;
}

export function countCsvTemplate(): string {
  return csvLine(COUNT_CSV_COLUMNS);
}

export function movementCsvTemplate(): string {
  return csvLine(MOVEMENT_CSV_COLUMNS);
}

// ---------- shared checks ----------

const upper = (s: string) => s.trim().toUpperCase();
const facilityKey = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();

function checkItemCode(raw: string, matcher: ReturnType<typeof nameMatcher>, line: number, problems: StockImportProblem[]): string | null {
  if (raw === "") {
    problems.push({ line, column: "item_code", message: "Enter the item code." });
    return null;
  }
  if ([...raw].length > MAX_CODE) {
    problems.push({ line, column: "item_code", message: `Use at most ${MAX_CODE} characters.` });
    return null;
  }
  const m = matcher.match(raw);
  if (m === null) {
    problems.push({ line, column: "item_code", message: `No item ${raw}.` });
    return null;
  }
  if ("ambiguous" in m) {
    problems.push({ line, column: "item_code", message: `${raw} matches several items; use the exact code.` });
    return null;
  }
  return m.match;
}

function checkLot(raw: string, line: number, problems: StockImportProblem[]): string | null {
  // one line, no control characters (a quoted cell may hold a line break), at most 100 characters
  const problem = lotProblem(raw, MAX_LOT);
  if (problem) {
    problems.push({ line, column: "lot", message: problem });
    return null;
  }
  return raw;
}

/** numeric(14,3): at most 11 digits before the point and 3 after, no sign, no separators */
const QUANTITY = /^\d{1,11}(\.\d{1,3})?$/;

/** A quantity written plainly (1250.5), or a message saying what is wrong with it. */
function checkQuantity(raw: string, positive: boolean): { value: string } | { message: string } {
  const example = "Enter a number like 1250 or 12.5, with at most 3 decimals.";
  if (raw === "") return { message: positive ? "Enter the quantity." : "Enter the counted quantity (0 when there is none)." };
  if (raw[0] === "-" && /^-\d+(\.\d+)?$/.test(raw)) return { message: positive ? "The quantity must be more than 0." : "A counted quantity can't be negative." };
  if (raw[0] === "+") return { message: `Write the number without a sign. ${example}` };
  if (/\d[,' \u00a0\u202f]\d/.test(raw) && /^[\d.,' \u00a0\u202f]+$/.test(raw))
    return { message: "Write the number without thousands separators and with a point for decimals, like 1250.5." };
  if (/^\d+\.\d{4,}$/.test(raw)) return { message: "Use at most 3 decimals." };
  if (/^\d{12,}(\.\d+)?$/.test(raw)) return { message: "The quantity is too large." };
  if (!QUANTITY.test(raw)) return { message: example };
  const [int, frac = ""] = raw.split(".");
  const value = `${int.replace(/^0+(?=\d)/, "")}.${frac.padEnd(3, "0")}`;
  if (positive && value === "0.000") return { message: "The quantity must be more than 0." };
  return { value };
}

function finish<T extends { line: number }>(records: T[], problems: StockImportProblem[]): { records: T[]; problems: StockImportProblem[] } {
  problems.sort((a, b) => a.line - b.line);
  // all or nothing: a file with any problem imports nothing
  return { records: problems.length ? [] : records, problems };
}

// ---------- counts ----------

/**
 * A count sheet: item_code, lot, counted_quantity (header required, any case; every column must be there,
 * no others). A blank lot means "no lot". Every problem is reported; when there is any, no lines are returned.
 */
export function validateCountCsv(text: string, opts: { knownItemCodes: Set<string> }): { lines: ImportedCountLine[]; problems: StockImportProblem[] } {
  const file = checkCsvFile(text, { columns: COUNT_CSV_COLUMNS, maxRows: MAX_COUNT_IMPORT_ROWS, noun: "count lines" });
  if (file.problems) return { lines: [], problems: file.problems };
  const match = nameMatcher(opts.knownItemCodes, upper);
  const problems: StockImportProblem[] = [];
  const lines: ImportedCountLine[] = [];
  // (item, lot) -> first line; lots compare case-insensitively so L1 and l1 aren't counted twice
  const seen = new Map<string, number>();
  for (const row of file.rows) {
    const v = row.values;
    const before = problems.length;
    const rawCode = (v.item_code ?? "").trim();
    const itemCode = checkItemCode(rawCode, match, row.line, problems);
    const lot = checkLot((v.lot ?? "").trim(), row.line, problems);
    const q = checkQuantity((v.counted_quantity ?? "").trim(), false);
    if ("message" in q) problems.push({ line: row.line, column: "counted_quantity", message: q.message });
    if (itemCode !== null && lot !== null) {
      const key = `${itemCode.toUpperCase()}\u0000${lot.toUpperCase()}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        problems.push({
          line: row.line,
          column: "item_code",
          message: `Lines ${earlier} and ${row.line} both count item ${itemCode}, ${lot ? `lot ${lot}` : "no lot"}; keep one line per item and lot.`,
        });
      else seen.set(key, row.line);
    }
    if (problems.length > before || itemCode === null || lot === null || "message" in q) continue;
    lines.push({ line: row.line, itemCode, lot, counted: q.value });
  }
  const { records, problems: sorted } = finish(lines, problems);
  return { lines: records, problems: sorted };
}

// ---------- movements ----------

/**
 * Movements: facility, item_code, lot, kind, quantity, moved_on, reference (reference optional). Quantities
 * are entered positive for every kind; approved_adjustment is refused (adjustments only come from approved
 * counts). A second opening_balance for the same facility, item and lot in one file is a problem. Dates
 * are business dates no later than the day after `today`; lots are one line (limits.ts).
 */
export function validateMovementCsv(
  text: string,
  opts: { knownItemCodes: Set<string>; knownFacilityNames: Set<string>; /** YYYY-MM-DD (UTC): movements are dated no later than the next day */ today: string },
): { movements: ImportedMovement[]; problems: StockImportProblem[] } {
  const file = checkCsvFile(text, { columns: MOVEMENT_CSV_COLUMNS, required: MOVEMENT_CSV_REQUIRED, maxRows: MAX_MOVEMENT_IMPORT_ROWS, noun: "movements" });
  if (file.problems) return { movements: [], problems: file.problems };
  const matchItem = nameMatcher(opts.knownItemCodes, upper);
  const matchFacility = nameMatcher(opts.knownFacilityNames, facilityKey);
  const kinds: readonly string[] = IMPORTABLE_MOVEMENT_KINDS;
  const problems: StockImportProblem[] = [];
  const movements: ImportedMovement[] = [];
  const openings = new Map<string, number>();
  for (const row of file.rows) {
    const v = row.values;
    const line = row.line;
    const before = problems.length;

    const rawFacility = (v.facility ?? "").trim().replace(/\s+/g, " ");
    let facility: string | null = null;
    if (rawFacility === "") problems.push({ line, column: "facility", message: "Enter the facility's name." });
    else {
      const m = matchFacility.match(rawFacility);
      if (m === null) problems.push({ line, column: "facility", message: `No facility called ${rawFacility}.` });
      else if ("ambiguous" in m) problems.push({ line, column: "facility", message: `Several facilities are called ${rawFacility}; rename one of them.` });
      else facility = m.match;
    }

    const itemCode = checkItemCode((v.item_code ?? "").trim(), matchItem, line, problems);
    const lot = checkLot((v.lot ?? "").trim(), line, problems);

    const rawKind = (v.kind ?? "").trim().toLowerCase().replace(/[\s-]+/g, "_");
    let kind: ImportedMovement["kind"] | null = null;
    if (rawKind === "") problems.push({ line, column: "kind", message: `Enter the kind: one of ${kinds.join(", ")}.` });
    else if (rawKind === "approved_adjustment")
      problems.push({ line, column: "kind", message: "Adjustments can't be imported: they are posted when a count's variance is approved." });
    else if (!kinds.includes(rawKind)) problems.push({ line, column: "kind", message: `Use one of ${kinds.join(", ")}.` });
    else kind = rawKind as ImportedMovement["kind"];

    const q = checkQuantity((v.quantity ?? "").trim(), true);
    if ("message" in q) problems.push({ line, column: "quantity", message: q.message });

    const movedOn = (v.moved_on ?? "").trim();
    if (movedOn === "") problems.push({ line, column: "moved_on", message: "Enter the date as YYYY-MM-DD." });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(movedOn)) problems.push({ line, column: "moved_on", message: "Use a date like 2026-12-31 (YYYY-MM-DD)." });
    else if (!isIsoDate(movedOn)) problems.push({ line, column: "moved_on", message: `${movedOn} is not a real date.` });
    else {
      const problem = movementDateProblem(movedOn, opts.today);
      if (problem) problems.push({ line, column: "moved_on", message: problem });
    }

    const reference = (v.reference ?? "").trim();
    if ([...reference].length > MAX_REFERENCE) problems.push({ line, column: "reference", message: `Use at most ${MAX_REFERENCE} characters.` });

    if (kind === "opening_balance" && facility !== null && itemCode !== null && lot !== null) {
      const key = `${facility.toLowerCase()}\u0000${itemCode.toUpperCase()}\u0000${lot.toUpperCase()}`;
      const earlier = openings.get(key);
      if (earlier !== undefined)
        problems.push({
          line,
          column: "kind",
          message: `Lines ${earlier} and ${line} both give an opening balance for item ${itemCode}, ${lot ? `lot ${lot}` : "no lot"} at ${facility}; keep one.`,
        });
      else openings.set(key, line);
    }

    if (problems.length > before || facility === null || itemCode === null || lot === null || kind === null || "message" in q) continue;
    movements.push({ line, facility, itemCode, lot, kind, quantity: q.value, movedOn, reference });
  }
  const { records, problems: sorted } = finish(movements, problems);
  return { movements: records, problems: sorted };
}
