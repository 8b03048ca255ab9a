// CSV helpers that are pure. Parsing uses csv-parse (a library, no I/O).
import { parse } from "csv-parse/sync";

/**
 * A cell for a CSV export: quoted when needed, and a leading = + - @ (or tab/CR) is prefixed
 * with ' so spreadsheets don't run it as a formula (OWASP CSV injection).
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

export interface CsvRow {
  /** 1-based line number in the file where the record starts */
  line: number;
  values: Record<string, string>;
}

export type CsvParseResult = { ok: true; header: string[]; rows: CsvRow[] } | { ok: false; line: number; message: string };

/** Parse CSV text with a header row; header names are normalised to snake_case lower case. */
export function parseCsv(text: string): CsvParseResult {
  try {
    const records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: true,
      info: true,
      raw: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_")),
    }) as { record: Record<string, string>; info: { lines: number }; raw: string }[];
    const header = records.length ? Object.keys(records[0].record) : headerOf(text);
    // csv-parse counts a CR LF inside a quoted value as two lines, so every later line number drifts
    let crlfInQuotes = 0;
    const rows = records.map((r) => {
      const inner = innerText(r.raw);
      crlfInQuotes += inner.match(/\r\n/g)?.length ?? 0;
      return { line: startLine(r.info.lines - crlfInQuotes, inner), values: r.record };
    });
    return { ok: true, header, rows };
  } catch (e) {
    const err = e as { lines?: number; message?: string; code?: string };
    return { ok: false, line: err.lines ?? 1, message: friendlyCsvError(err) };
  }
}

/** A record's raw text without the empty lines before it and its own line end. */
function innerText(raw: string): string {
  return raw.replace(/^(\r?\n)+/, "").replace(/\r?\n$/, "");
}

/** csv-parse reports the line a record ends on; a quoted value may span several lines. */
function startLine(endLine: number, inner: string): number {
  return endLine - (inner.match(/\n/g)?.length ?? 0);
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return first ? first.split(",").map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_")) : [];
}

function friendlyCsvError(err: { code?: string; message?: string }): string {
  switch (err.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
    case "CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH":
      return "This row has a different number of columns from the header.";
    case "CSV_QUOTE_NOT_CLOSED":
      return "A quoted value is never closed.";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "A quote appears inside a value that is not quoted.";
    default:
      return "The file could not be read as CSV.";
  }
}

/** Uploaded text must be UTF-8 text: no NUL bytes, valid encoding. */
/** What an upload that isn't UTF-8 text is told. */
export const NOT_CSV_TEXT = "This is not a text (CSV) file. Save the sheet as CSV UTF-8 and upload that.";

export function decodeTextUpload(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export interface CsvProblem {
  line: number;
  column?: string;
  message: string;
}

/**
 * The checks every CSV upload starts with: it parses, its header has the required columns and no
 * unknown or repeated ones, and it has between 1 and `maxRows` data rows ("noun" names them).
 */
export function checkCsvFile(
  text: string,
  spec: { columns: readonly string[]; required?: readonly string[]; maxRows: number; noun: string },
): { problems: CsvProblem[] } | { problems: null; rows: CsvRow[] } {
  const { columns, maxRows, noun } = spec;
  const required = spec.required ?? columns;
  const parsed = parseCsv(text);
  if (!parsed.ok) return { problems: [{ line: parsed.line, message: parsed.message }] };
  const header = parsed.header;
  if (header.length === 0 || header.every((h) => h === "")) return { problems: [{ line: 1, message: `The file is empty. The first line must be the header: ${columns.join(", ")}.` }] };
  const problems: CsvProblem[] = [];
  // parseCsv keys rows by column name, so a repeated column would silently keep only its last value
  const seen = new Set<string>();
  for (const h of headerCells(text)) {
    if (seen.has(h)) problems.push({ line: 1, column: h, message: `Column ${h} appears more than once.` });
    seen.add(h);
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) problems.push({ line: 1, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. Expected ${columns.join(", ")}.` });
  const unknown = [...new Set(header.filter((h) => !columns.includes(h)))];
  if (unknown.length)
    problems.push({ line: 1, message: `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.map((u) => u || "(blank)").join(", ")}. Expected ${columns.join(", ")}.` });
  if (problems.length) return { problems };
  if (parsed.rows.length === 0) return { problems: [{ line: 2, message: `The file has a header but no ${noun}.` }] };
  if (parsed.rows.length > maxRows) return { problems: [{ line: maxRows + 2, message: `At most ${maxRows.toLocaleString("en")} ${noun} per file; split the file.` }] };
  return { problems: null, rows: parsed.rows };
}

/** The header's cells as written (normalised like parseCsv does), repeats included. */
function headerCells(text: string): string[] {
  try {
    const [first] = parse(text, { bom: true, to: 1, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
    return (first ?? []).map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_"));
  } catch {
    return [];
  }
}

/**
 * Match a cell against known names (codes, facilities, resources) by `normalise` (e.g. ignoring
 * case); when several known names normalise alike, the one whose `spelled` form equals the value wins.
 */
export function nameMatcher(names: Iterable<string>, normalise: (s: string) => string, spelled: (s: string) => string = (s) => s) {
  const all = [...new Set(names)];
  const byKey = new Map<string, string[]>();
  for (const n of all) {
    const key = normalise(n);
    const list = byKey.get(key);
    if (list) list.push(n);
    else byKey.set(key, [n]);
  }
  return {
    names: all,
    match(value: string): { match: string } | { ambiguous: true } | null {
      const candidates = byKey.get(normalise(value));
      if (!candidates) return null;
      if (candidates.length === 1) return { match: candidates[0] };
      const exact = candidates.find((c) => spelled(c) === value);
      return exact !== undefined ? { match: exact } : { ambiguous: true };
    },
  };
}
