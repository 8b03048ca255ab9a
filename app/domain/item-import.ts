// Items CSV import: validate every row, report every problem by line number. Pure.
import { ItemSchema } from "./forms";
import { parseCsv } from "./csv";

export const ITEM_CSV_COLUMNS = ["code", "description", "uom", "abc_class", "lead_time_days", "standard_cost"] as const;
export const ITEM_CSV_REQUIRED = ["code", "description", "uom", "abc_class", "lead_time_days"] as const;
export const MAX_IMPORT_ROWS = 20_000;

export interface ImportedItem {
  line: number;
  code: string;
  description: string;
  uom: string;
  abcClass: "A" | "B" | "C";
  leadTimeDays: number;
  standardCost: string | null;
}

export interface ImportProblem {
  line: number;
  message: string;
}

export function validateItemCsv(text: string): { items: ImportedItem[]; problems: ImportProblem[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { items: [], problems: [{ line: parsed.line, message: parsed.message }] };
  const missing = ITEM_CSV_REQUIRED.filter((c) => !parsed.header.includes(c));
  if (missing.length) return { items: [], problems: [{ line: 1, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.` }] };
  const unknown = parsed.header.filter((h) => !(ITEM_CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) return { items: [], problems: [{ line: 1, message: `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Expected ${ITEM_CSV_COLUMNS.join(", ")}.` }] };
  if (parsed.rows.length === 0) return { items: [], problems: [{ line: 2, message: "The file has a header but no items." }] };
  if (parsed.rows.length > MAX_IMPORT_ROWS) return { items: [], problems: [{ line: MAX_IMPORT_ROWS + 2, message: `At most ${MAX_IMPORT_ROWS} items per file.` }] };

  const items: ImportedItem[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of parsed.rows) {
    const v = row.values;
    const result = ItemSchema.safeParse({
      code: v.code,
      description: v.description,
      uom: v.uom?.toLowerCase(),
      abcClass: v.abc_class?.toUpperCase(),
      leadTimeDays: v.lead_time_days === "" ? undefined : v.lead_time_days,
      standardCost: v.standard_cost ?? "",
    });
    if (!result.success) {
      // one message per column: the first rule it breaks
      const reported = new Set<string>();
      for (const issue of result.error.issues) {
        const column = columnName(String(issue.path[0] ?? ""));
        if (reported.has(column)) continue;
        reported.add(column);
        problems.push({ line: row.line, message: `${column}: ${issue.message}` });
      }
      continue;
    }
    const key = result.data.code.toUpperCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line: row.line, message: `code: ${result.data.code} already appears on line ${earlier}.` });
      continue;
    }
    seen.set(key, row.line);
    items.push({ line: row.line, ...result.data });
  }
  return { items: problems.length ? [] : items, problems };
}

function columnName(field: string): string {
  return ({ abcClass: "abc_class", leadTimeDays: "lead_time_days", standardCost: "standard_cost" } as Record<string, string>)[field] ?? field;
}
