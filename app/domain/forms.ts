// Input schemas shared by the server (authoritative) and the browser (early feedback). Pure.
import { z } from "zod";
import { hasControlCharacters, singleLineMessage } from "./limits";
import { ROLES } from "./permissions";

export const PartnerSchema = z.object({
  name: z.string({ error: "Enter the partner's name." }).trim().min(2, "Enter the partner's name (2 characters or more).").max(120, "Use at most 120 characters."),
  kind: z.enum(["supplier", "3pd", "contract_filler", "carrier"], { error: "Choose supplier, 3PD, contract filler or carrier." }),
  // the tenant's short reference for the partner (e.g. the ERP vendor number): one line, unique ignoring case
  code: z
    .string()
    .trim()
    .max(20, "Use at most 20 characters.")
    .refine((c) => !hasControlCharacters(c), singleLineMessage("The code"))
    .optional()
    .transform((v) => (v ? v : null)),
  contactEmail: z
    .string()
    .trim()
    .email("Enter a valid email address.")
    .optional()
    .transform((v) => v ?? null),
});

export const VersionSchema = z.coerce.number({ error: "Missing version: reload the page." }).int().min(1);

export const FacilitySchema = z.object({
  name: z.string({ error: "Enter the facility's name." }).trim().min(2, "Enter the facility's name.").max(120),
  address: z.string().trim().max(200).optional().default(""),
  city: z.string().trim().max(80).optional().default(""),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, "Use the two-letter country code, e.g. NL.")
    .optional()
    .default(""),
  resources: z
    .string()
    .optional()
    .default("")
    .transform((s) =>
      s
        .split(/\r?\n|,/)
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(80, "Keep each resource name under 80 characters.")).max(100, "At most 100 resources.")),
});

export const ITEM_UOMS = ["ea", "kg", "g", "l", "ml", "m", "m2", "pallet", "case"] as const;

export const ItemSchema = z.object({
  code: z
    .string({ error: "Enter the item code." })
    .trim()
    .min(1, "Enter the item code.")
    .max(40, "Use at most 40 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, "Use letters, digits and . _ - / only, starting with a letter or digit."),
  description: z.string({ error: "Enter a description." }).trim().min(1, "Enter a description.").max(200, "Use at most 200 characters."),
  uom: z.enum(ITEM_UOMS, { error: `Unit of measure must be one of ${ITEM_UOMS.join(", ")}.` }),
  abcClass: z.enum(["A", "B", "C"], { error: "ABC class must be A, B or C." }),
  leadTimeDays: z.coerce
    .number({ error: "Enter the lead time in days." })
    .int("Lead time must be a whole number of days.")
    .min(0, "Lead time can't be negative.")
    .max(730, "Lead time must be 730 days or less."),
  standardCost: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(
      z
        .string()
        .regex(/^\d{1,10}(\.\d{1,4})?$/, "Standard cost must be a number with up to 4 decimals, e.g. 1.25.")
        .nullable(),
    ),
});

export const InviteSchema = z.object({
  email: z.string({ error: "Enter the person's email address." }).trim().email("Enter a valid email address."),
  role: z.enum(ROLES, { error: "Choose a role." }),
  partnerId: z
    .string()
    .uuid("Choose a partner.")
    .optional()
    .transform((v) => v ?? null),
});

// ---------- quantities typed or read from a file ----------

/** numeric(14,3): at most 11 digits before the point and 3 after, no sign, no separators */
const PLAIN_QUANTITY = /^\d{1,11}(\.\d{1,3})?$/;

/** What to say about a quantity, in the words of the field it is in. */
export interface QuantityWords {
  empty: string;
  negative: string;
  tooLarge: string;
  /** what a good value looks like, e.g. "Enter a number like 1200 or 12.5, with at most 3 decimals." */
  example: string;
}

/**
 * A quantity (0 or more, at most 3 decimals) typed by a person or read from a file, normalised to
 * 3 decimals ("012.5" -> "12.500"), or a message saying what is wrong with it.
 */
export function checkPlainQuantity(raw: string, words: QuantityWords): { value: string } | { message: string } {
  const s = raw.trim();
  if (s === "") return { message: words.empty };
  if (/^-\d+(\.\d+)?$/.test(s)) return { message: words.negative };
  if (s[0] === "+") return { message: `Write the number without a sign. ${words.example}` };
  if (/\d[,' \u00a0\u202f]\d/.test(s) && /^[\d.,' \u00a0\u202f]+$/.test(s))
    return { message: "Write the number without thousands separators and with a point for decimals, like 1250.5." };
  if (/^\d+\.\d{4,}$/.test(s)) return { message: "Use at most 3 decimals." };
  if (/^\d{12,}(\.\d+)?$/.test(s)) return { message: words.tooLarge };
  if (!PLAIN_QUANTITY.test(s)) return { message: words.example };
  const [int, frac = ""] = s.split(".");
  return { value: `${int.replace(/^0+(?=\d)/, "")}.${frac.padEnd(3, "0")}` };
}
