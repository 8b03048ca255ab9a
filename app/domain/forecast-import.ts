// Uploaded forecast (CSV): one row per item and ISO week, with the quantity. Validate every row and
// report every problem by line number (the header is line 1). Pure: the server passes in the tenant's
// active items and today. Kept apart from forecast.ts because it needs the CSV parser (server only).
import { checkCsvFile, csvLine, nameMatcher } from "./csv";
import { checkQuantity, MAX_FORECAST_WEEKS, MAX_LINE_COMMENT, type LineCommitment } from "./forecast";
import { checkWeek, compareWeeks, isoWeekOf, weeksBetween, type IsoWeek } from "./iso-week";
import { checkBusinessWeek } from "./limits";

export const FORECAST_CSV_COLUMNS = ["item_code", "week", "quantity"] as const;
export const MAX_FORECAST_IMPORT_ROWS = 20_000;

export interface ForecastImportProblem {
  line: number;
  column?: string;
  message: string;
}

export interface ImportedForecastLine {
  line: number;
  itemId: string;
  itemCode: string;
  week: IsoWeek;
  quantity: string;
}

export function forecastCsvTemplate(): string {
  return csvLine(FORECAST_CSV_COLUMNS);
}

/**
 * A forecast file: item_code, week, quantity (header required, any case; every column, no others),
 * one row per item and week. Item codes match ignoring case (the exact spelling wins when two codes
 * differ only so); weeks in any form parseIsoWeek reads, from the current week on, spanning at most
 * MAX_FORECAST_WEEKS; quantities 0 or more with at most 3 decimals. A second row for the same item
 * and week is a problem naming both lines. All or nothing: with any problem, no rows come back.
 */
export function validateForecastCsv(
  text: string,
  opts: { items: readonly { id: string; code: string }[]; today: string },
): { rows: ImportedForecastLine[]; problems: ForecastImportProblem[] } {
  const file = checkCsvFile(text, { columns: FORECAST_CSV_COLUMNS, maxRows: MAX_FORECAST_IMPORT_ROWS, noun: "forecast rows" });
  if (file.problems) return { rows: [], problems: file.problems };
  const byCode = new Map(opts.items.map((i) => [i.code, i]));
  const match = nameMatcher(
    opts.items.map((i) => i.code),
    (s) => s.trim().toLowerCase(),
    (s) => s,
  );
  const current = isoWeekOf(opts.today);
  const problems: ForecastImportProblem[] = [];
  const rows: ImportedForecastLine[] = [];
  const seen = new Map<string, number>();
  for (const row of file.rows) {
    const v = row.values;
    const line = row.line;
    const before = problems.length;

    const code = (v.item_code ?? "").trim();
    let item: { id: string; code: string } | null = null;
    if (code === "") problems.push({ line, column: "item_code", message: "Enter the item's code." });
    else {
      const m = match.match(code);
      if (m === null) problems.push({ line, column: "item_code", message: `No active item has the code ${code}.` });
      else if ("ambiguous" in m) problems.push({ line, column: "item_code", message: `Several items have the code ${code} in different cases; write it exactly.` });
      else item = byCode.get(m.match)!;
    }

    const week = checkBusinessWeek((v.week ?? "").trim());
    if ("message" in week) problems.push({ line, column: "week", message: week.message });
    else if (compareWeeks(week.value, current) < 0) problems.push({ line, column: "week", message: `${week.value} has passed; forecast from this week (${current}) on.` });

    const quantity = checkQuantity(v.quantity ?? "");
    if ("message" in quantity) problems.push({ line, column: "quantity", message: quantity.message });

    if (item && "value" in week) {
      const key = `${item.id}|${week.value}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        problems.push({ line, column: "week", message: `Lines ${earlier} and ${line} both forecast ${item.code} in ${week.value}; keep one line per item and week.` });
      else seen.set(key, line);
    }
    if (problems.length > before || !item || "message" in week || "message" in quantity) continue;
    rows.push({ line, itemId: item.id, itemCode: item.code, week: week.value, quantity: quantity.value });
  }
  if (!problems.length && rows.length) {
    const sorted = [...rows].sort((a, b) => compareWeeks(a.week, b.week));
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    const span = weeksBetween(first.week, last.week) + 1;
    if (span > MAX_FORECAST_WEEKS)
      problems.push({ line: last.line, column: "week", message: `The file spans ${span} weeks (${first.week} to ${last.week}); a forecast covers at most ${MAX_FORECAST_WEEKS}.` });
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows: problems.length ? [] : rows, problems };
}

// ---------- the partner's commitment, from the exported CSV ----------

/** The side-by-side export's columns (routes/$tenant.forecasts.$forecastId.export[.csv].tsx). */
export const FORECAST_EXPORT_COLUMNS = [
  "forecast",
  "title",
  "status",
  "partner",
  "item_code",
  "item_description",
  "uom",
  "week",
  "forecast_quantity",
  "committed_quantity",
  "shortfall",
  "surplus",
  "facility",
  "resource",
  "capacity",
  "under_committed",
  "over_capacity",
  "comment",
] as const;
/** What a commitment upload must have; the export's other columns may stay in the file and are ignored. */
export const COMMITMENT_CSV_REQUIRED = ["item_code", "week", "committed_quantity"] as const;

/**
 * The partner's commitment as a CSV: the forecast's export with committed_quantity (and comment)
 * filled in, or just item_code, week, committed_quantity[, comment]. Every line of the forecast must
 * have exactly one row, and every row must be a line of it; quantities 0 or more with at most 3
 * decimals; comments at most MAX_LINE_COMMENT characters. All or nothing, problems by line number.
 */
export function validateCommitmentCsv(
  text: string,
  lines: readonly { id: string; itemCode: string; week: IsoWeek }[],
): { answers: LineCommitment[]; problems: ForecastImportProblem[] } {
  const file = checkCsvFile(text, { columns: FORECAST_EXPORT_COLUMNS, required: COMMITMENT_CSV_REQUIRED, maxRows: MAX_FORECAST_IMPORT_ROWS, noun: "commitment rows" });
  if (file.problems) return { answers: [], problems: file.problems };
  // the exact spelling first; then any case, unless two codes differ only in case
  const exact = new Map(lines.map((l) => [`${l.itemCode}|${l.week}`, l]));
  const anyCase = new Map<string, (typeof lines)[number] | null>();
  for (const l of lines) {
    const k = `${l.itemCode.toLowerCase()}|${l.week}`;
    anyCase.set(k, anyCase.has(k) && anyCase.get(k)?.id !== l.id ? null : l);
  }
  const problems: ForecastImportProblem[] = [];
  const answers: LineCommitment[] = [];
  const seen = new Map<string, number>();
  for (const { values: v, line } of file.rows) {
    const code = (v.item_code ?? "").trim();
    const week = checkWeek((v.week ?? "").trim());
    const committed = checkQuantity(v.committed_quantity ?? "", "quantity you commit");
    // the export wrote a comment starting with = + - @ behind an apostrophe (csvCell): take it off
    const comment = (v.comment ?? "").replace(/^'(?=[=+\-@\t\r])/, "").replace(/\s+/g, " ").trim();
    if (code === "") problems.push({ line, column: "item_code", message: "Enter the item's code." });
    if ("message" in week) problems.push({ line, column: "week", message: week.message });
    if ("message" in committed) problems.push({ line, column: "committed_quantity", message: committed.message });
    if (comment.length > MAX_LINE_COMMENT) problems.push({ line, column: "comment", message: `At most ${MAX_LINE_COMMENT} characters.` });
    if (code === "" || "message" in week) continue;
    const target = exact.get(`${code}|${week.value}`) ?? anyCase.get(`${code.toLowerCase()}|${week.value}`);
    if (target === null) {
      problems.push({ line, column: "item_code", message: `Several items have the code ${code} in different cases; write it exactly.` });
      continue;
    }
    if (!target) {
      problems.push({ line, column: "item_code", message: `This forecast has no ${code} in ${week.value}.` });
      continue;
    }
    const earlier = seen.get(target.id);
    if (earlier !== undefined) {
      problems.push({ line, column: "week", message: `Lines ${earlier} and ${line} both answer ${target.itemCode} in ${target.week}; keep one line per item and week.` });
      continue;
    }
    seen.set(target.id, line);
    if ("value" in committed) answers.push({ lineId: target.id, committed: committed.value, comment });
  }
  const missing = lines.filter((l) => !seen.has(l.id));
  if (missing.length && !problems.length) {
    const named = missing.slice(0, 5).map((l) => `${l.itemCode} ${l.week}`);
    problems.push({
      line: 1,
      message: `The file leaves out ${missing.length} item-week(s) of the forecast: ${named.join(", ")}${missing.length > 5 ? ", …" : ""}. Answer every one (0 when you commit none).`,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { answers: problems.length ? [] : answers, problems };
}
