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
    return { ok: true, header, rows: records.map((r) => ({ line: startLine(r.info.lines, r.raw), values: r.record })) };
  } catch (e) {
    const err = e as { lines?: number; message?: string; code?: string };
    return { ok: false, line: err.lines ?? 1, message: friendlyCsvError(err) };
  }
}

/** csv-parse reports the line a record ends on; a quoted value may span several lines. */
function startLine(endLine: number, raw: string): number {
  const inner = raw.replace(/^(\r?\n)+/, "").replace(/\r?\n$/, "");
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
export function decodeTextUpload(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
