// Reading a sampling-plan request (?lotSize=&level=&aql=&severity=) into the engine's input, with a
// message per bad parameter that names it and the values it accepts. Pure: no I/O.
import { INSPECTION_LEVELS, isInspectionLevel, isSeverity, parseAql, PREFERRED_AQLS, SEVERITIES, type Aql, type InspectionLevel, type Severity } from "./aql";

export const MAX_LOT_SIZE = 100_000_000;

export interface PlanQuery {
  lotSize: number;
  level: InspectionLevel;
  aql: Aql;
  severity: Severity;
}

export type PlanQueryResult = { ok: true; value: PlanQuery } | { ok: false; errors: Record<keyof PlanQuery, string | undefined> };

export function parsePlanQuery(get: (name: string) => string | null | undefined): PlanQueryResult {
  const errors: Record<keyof PlanQuery, string | undefined> = { lotSize: undefined, level: undefined, aql: undefined, severity: undefined };
  const rawLot = (get("lotSize") ?? "").trim();
  const lotSize = /^\d{1,9}$/.test(rawLot) ? Number(rawLot) : NaN;
  if (!Number.isSafeInteger(lotSize) || lotSize < 2 || lotSize > MAX_LOT_SIZE)
    errors.lotSize = `lotSize must be a whole number of units from 2 to ${MAX_LOT_SIZE.toLocaleString("en")}${rawLot ? `; got "${rawLot.slice(0, 20)}"` : ""}.`;
  const level = (get("level") ?? "II").trim().toUpperCase();
  if (!isInspectionLevel(level)) errors.level = `level must be one of ${INSPECTION_LEVELS.join(", ")}.`;
  const aql = parseAql((get("aql") ?? "").trim());
  if (!aql) errors.aql = `aql must be a preferred AQL: ${PREFERRED_AQLS.join(", ")}.`;
  const severity = (get("severity") ?? "normal").trim().toLowerCase();
  if (!isSeverity(severity)) errors.severity = `severity must be one of ${SEVERITIES.join(", ")}.`;
  if (errors.lotSize || errors.level || errors.aql || errors.severity) return { ok: false, errors };
  return { ok: true, value: { lotSize, level: level as InspectionLevel, aql: aql!, severity: severity as Severity } };
}
