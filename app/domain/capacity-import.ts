// Uploaded capacity (CSV): one row per facility, resource (production line) and ISO week, in units per
// week. Validate every row and report every problem by line number (the header is line 1). Pure: the
// server passes in the partner's facilities and their resources. Cells are data, never formulas.
import { checkCsvFile, csvLine, nameMatcher } from "./csv";
import { checkPlainQuantity } from "./forms";
import { type IsoWeek } from "./iso-week";
import { checkBusinessWeek } from "./limits";

export const CAPACITY_CSV_COLUMNS = ["facility", "resource", "week", "capacity"] as const;
export const MAX_CAPACITY_IMPORT_ROWS = 20_000;

export interface CapacityImportProblem {
  line: number;
  column?: string;
  message: string;
}

export interface ImportedCapacity {
  /** the line of the file it came from */
  line: number;
  /** the facility's name as spelled in opts */
  facility: string;
  /** the resource's name as spelled in opts */
  resource: string;
  /** canonical, e.g. "2026-W05" */
  week: IsoWeek;
  /** units per week, non-negative, 3 decimals */
  capacity: string;
}

export function capacityCsvTemplate(): string {
  return csvLine(CAPACITY_CSV_COLUMNS);
}

const COLUMNS: readonly string[] = CAPACITY_CSV_COLUMNS;

/**
 * Capacity: facility, resource, week, capacity (header required, any case; every column must be there,
 * no others). The week in any form parseIsoWeek accepts (2026-W05, 2026W05, 2026-w5); capacity a number
 * of 0 or more with at most 3 decimals. Facility and resource names match case-insensitively (runs of
 * spaces count as one) and come back as spelled in opts. Two rows for the same facility, resource and
 * week are a problem naming both lines. All or nothing: when there is any problem, no rows are returned.
 */
export function validateCapacityCsv(
  text: string,
  opts: { facilities: { name: string; resources: string[] }[] },
): { rows: ImportedCapacity[]; problems: CapacityImportProblem[] } {
  const file = checkCsvFile(text, { columns: COLUMNS, maxRows: MAX_CAPACITY_IMPORT_ROWS, noun: "capacity rows" });
  if (file.problems) return { rows: [], problems: file.problems };

  const matchFacility = matcher(opts.facilities.map((f) => f.name));
  const resourcesOf = new Map<string, ReturnType<typeof matcher>>();
  for (const f of opts.facilities) {
    const resources = resourcesOf.get(f.name);
    // a facility listed twice with the same spelling: its resources are pooled
    resourcesOf.set(f.name, resources ? matcher([...resources.names, ...f.resources]) : matcher(f.resources));
  }

  const problems: CapacityImportProblem[] = [];
  const rows: ImportedCapacity[] = [];
  const seen = new Map<string, number>();
  for (const row of file.rows) {
    const v = row.values;
    const line = row.line;
    const before = problems.length;

    const rawFacility = clean(v.facility);
    let facility: string | null = null;
    if (rawFacility === "") problems.push({ line, column: "facility", message: "Enter the facility's name." });
    else {
      const m = matchFacility.match(rawFacility);
      if (m === null) problems.push({ line, column: "facility", message: `No facility called ${rawFacility}.` });
      else if ("ambiguous" in m) problems.push({ line, column: "facility", message: `Several facilities are called ${rawFacility}; rename one of them.` });
      else facility = m.match;
    }

    const rawResource = clean(v.resource);
    let resource: string | null = null;
    if (rawResource === "") problems.push({ line, column: "resource", message: "Enter the resource (production line)." });
    else if (facility !== null) {
      const m = resourcesOf.get(facility)!.match(rawResource);
      if (m === null) problems.push({ line, column: "resource", message: `${facility} has no resource called ${rawResource}.` });
      else if ("ambiguous" in m) problems.push({ line, column: "resource", message: `${facility} has several resources called ${rawResource}; rename one of them.` });
      else resource = m.match;
    }

    const week = checkBusinessWeek((v.week ?? "").trim());
    if ("message" in week) problems.push({ line, column: "week", message: week.message });

    const capacity = checkCapacity((v.capacity ?? "").trim());
    if ("message" in capacity) problems.push({ line, column: "capacity", message: capacity.message });

    if (facility !== null && resource !== null && "value" in week) {
      const key = `${facility}\u0000${resource}\u0000${week.value}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        problems.push({
          line,
          column: "week",
          message: `Lines ${earlier} and ${line} both give capacity for ${facility}, ${resource} in ${week.value}; keep one line per facility, resource and week.`,
        });
      else seen.set(key, line);
    }

    if (problems.length > before || facility === null || resource === null || "message" in week || "message" in capacity) continue;
    rows.push({ line, facility, resource, week: week.value, capacity: capacity.value });
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows: problems.length ? [] : rows, problems };
}

// ---------- checks ----------

/** Names match ignoring case and runs of spaces; when several differ only so, the exact spelling wins. */
const matcher = (names: readonly string[]) => nameMatcher(names, nameKey, clean);

const clean = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const nameKey = (s: string) => clean(s).toLowerCase();


/** Units per week written plainly (1250.5), or a message saying what is wrong with it. */
function checkCapacity(raw: string): { value: string } | { message: string } {
  return checkPlainQuantity(raw, {
    empty: "Enter the capacity in units per week (0 when there is none).",
    negative: "Capacity can't be negative.",
    tooLarge: "The capacity is too large.",
    example: "Enter a number like 1250 or 12.5, with at most 3 decimals.",
  });
}
