// Input schemas for purchase orders, shared by server and browser. Pure.
import { z } from "zod";
import { BUSINESS_DATE_RANGE_MESSAGE, isBusinessDate, isIsoDate } from "./limits";

/** A business date (limits.ts): requested, ready, received dates, on forms and in the PO import. */
const isoDate = z
  .string({ error: "Enter a date." })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-31.")
  .refine((d) => isIsoDate(d), "Enter a real date.")
  .refine((d) => !isIsoDate(d) || isBusinessDate(d), BUSINESS_DATE_RANGE_MESSAGE);

export const quantitySchema = z
  .string({ error: "Enter a quantity." })
  .trim()
  .regex(/^\d{1,11}(\.\d{1,3})?$/, "Enter a quantity like 1200 or 12.5 (up to 3 decimals).")
  .refine((q) => Number(q) > 0, "The quantity must be more than 0.");

export const priceSchema = z
  .string({ error: "Enter a unit price." })
  .trim()
  .regex(/^\d{1,10}(\.\d{1,4})?$/, "Enter a price like 0.85 (up to 4 decimals).");

export const PoLineSchema = z.object({
  itemId: z.string({ error: "Choose an item." }).uuid("Choose an item."),
  quantity: quantitySchema,
  unitPrice: priceSchema,
  requestedDate: isoDate,
});

export const INCOTERMS = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"] as const;
export const CURRENCIES = ["EUR", "USD", "GBP", "CHF", "PLN", "SEK", "DKK"] as const;
export const ORDER_TYPES = ["standard", "seasonal", "hot"] as const;

export const PoHeaderSchema = z.object({
  number: z
    .string()
    .trim()
    .max(30, "Use at most 30 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, "Use letters, digits and . _ - / only.")
    .optional(),
  partnerId: z.string({ error: "Choose a partner." }).uuid("Choose a partner."),
  shipToFacilityId: z.string({ error: "Choose where to ship." }).uuid("Choose where to ship."),
  currency: z.enum(CURRENCIES, { error: "Choose a currency." }),
  incoterms: z.enum(INCOTERMS, { error: "Choose the Incoterms." }),
  paymentTerms: z.string().trim().max(100, "Use at most 100 characters.").optional().default(""),
  orderType: z.enum(ORDER_TYPES, { error: "Choose standard, seasonal or hot." }),
  priority: z.coerce.number({ error: "Choose a priority." }).int().min(1, "Priority is 1 (highest) to 5.").max(5, "Priority is 1 (highest) to 5."),
  notes: z.string().trim().max(2000, "Use at most 2000 characters.").optional().default(""),
});

export const NewPoSchema = PoHeaderSchema.extend({
  lines: z.array(PoLineSchema, { error: "Add at least one line." }).min(1, "Add at least one line.").max(500, "At most 500 lines."),
  intent: z.enum(["draft", "issue"]).default("issue"),
});

export const CancelSchema = z.object({
  intent: z.literal("cancel"),
  version: z.coerce.number().int().min(1),
  reason: z.string({ error: "Say why the order is cancelled." }).trim().min(3, "Say why the order is cancelled.").max(500),
});

export { isoDate };
