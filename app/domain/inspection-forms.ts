// Reading the inspection findings form: defect counts per catalogue type and measurement rows.
// Pure: errors come back keyed by the field's name, to be shown beside it.

import { z } from "zod";
import { isUuid } from "./ids";
import { lotProblem } from "./limits";

export const MAX_MEASUREMENTS = 50;
const DECIMAL = /^-?\d{1,9}(\.\d{1,4})?$/;

export interface ParsedFindings {
  defects: { defectTypeId: string; quantity: number }[];
  measurements: { characteristic: string; unit: string; minValue: string | null; maxValue: string | null; value: string }[];
  notes: string;
}

export type FindingsResult = { ok: true; value: ParsedFindings } | { ok: false; errors: Record<string, string> };

export function parseFindingsForm(entries: Iterable<[string, string]>): FindingsResult {
  const errors: Record<string, string> = {};
  const defects: ParsedFindings["defects"] = [];
  const rows = new Map<number, Record<string, string>>();
  let notes = "";
  for (const [name, raw] of entries) {
    const value = raw.trim();
    if (name === "notes") notes = value;
    const d = /^defect\.(.+)$/.exec(name);
    if (d) {
      if (!isUuid(d[1])) continue;
      if (value === "") continue;
      const id = d[1].toLowerCase();
      if (!/^\d{1,7}$/.test(value)) errors[name] = "Enter a whole number of defects (0 or more).";
      else if (defects.some((x) => x.defectTypeId === id)) errors[name] = "This defect type was entered twice.";
      else defects.push({ defectTypeId: id, quantity: Number(value) });
    }
    const m = /^m\.(\d{1,3})\.(characteristic|unit|min|max|value)$/.exec(name);
    if (m) {
      const i = Number(m[1]);
      rows.set(i, { ...(rows.get(i) ?? {}), [m[2]]: value });
    }
  }
  if (notes.length > 4000) errors.notes = "At most 4,000 characters.";
  const measurements: ParsedFindings["measurements"] = [];
  for (const [i, r] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    const filled = ["characteristic", "unit", "min", "max", "value"].some((k) => (r[k] ?? "") !== "");
    if (!filled) continue;
    const key = (k: string) => `m.${i}.${k}`;
    const characteristic = r.characteristic ?? "";
    if (!characteristic) errors[key("characteristic")] = "Name what was measured.";
    else if (characteristic.length > 120) errors[key("characteristic")] = "At most 120 characters.";
    if ((r.unit ?? "").length > 20) errors[key("unit")] = "At most 20 characters.";
    for (const k of ["min", "max"] as const) if (r[k] && !DECIMAL.test(r[k])) errors[key(k)] = "Enter a number, e.g. 12.5.";
    if (!r.value) errors[key("value")] = "Enter the measured value.";
    else if (!DECIMAL.test(r.value)) errors[key("value")] = "Enter a number, e.g. 12.5.";
    if (r.min && r.max && DECIMAL.test(r.min) && DECIMAL.test(r.max) && Number(r.min) > Number(r.max)) errors[key("max")] = "The maximum must not be below the minimum.";
    measurements.push({ characteristic, unit: r.unit ?? "", minValue: r.min || null, maxValue: r.max || null, value: r.value ?? "" });
  }
  if (measurements.length > MAX_MEASUREMENTS) errors.measurements = `At most ${MAX_MEASUREMENTS} measurements.`;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { defects, measurements, notes } };
}

// ---------- booking ----------

const uuid = (message: string) => z.string({ error: message }).uuid(message);
/** What is inspected: a ship-notice line, or a production lot named by partner, item and size. */
export const BookingSourceSchema = z.discriminatedUnion("source", [
  z.object({ source: z.literal("ship_notice_line"), shipNoticeLineId: uuid("Choose a ship-notice line.") }),
  z.object({
    source: z.literal("production_lot"),
    partnerId: uuid("Choose the partner that made the lot."),
    itemId: uuid("Choose the item."),
    lotSize: z.coerce
      .number({ error: "Enter the lot size in units." })
      .int("The lot size is a whole number of units.")
      .min(2, "A lot has at least 2 units.")
      .max(100_000_000, "At most 100,000,000 units."),
  }),
]);
/** An inspected lot's number (limits.ts lotProblem): one line, up to 60 characters. */
export const MAX_INSPECTION_LOT_LENGTH = 60;
export const BookingCommonSchema = z.object({
  lotNumber: z
    .string()
    .trim()
    .default("")
    .superRefine((lot, c) => {
      const problem = lotProblem(lot, MAX_INSPECTION_LOT_LENGTH);
      if (problem) c.addIssue({ code: "custom", message: problem });
    }),
  notes: z.string().trim().max(2000, "At most 2,000 characters.").default(""),
  resubmission: z.literal("on").optional(),
});

