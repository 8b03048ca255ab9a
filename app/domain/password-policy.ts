import { z } from "zod";

/** One password rule for sign-up, reset and invitations. */
export const NewPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(12, "Use at least 12 characters.")
  .max(200, "Use at most 200 characters.");

export const NewPasswordPair = z
  .object({ password: NewPasswordSchema, confirm: z.string({ error: "Type the password again." }) })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });
