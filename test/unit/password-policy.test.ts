import { NewPasswordPair, NewPasswordSchema } from "../../app/domain/password-policy";

describe("NewPasswordSchema", () => {
  it("accepts 12 to 200 characters", () => {
    expect(NewPasswordSchema.parse("x".repeat(12))).toBe("x".repeat(12));
    expect(NewPasswordSchema.parse("correct horse battery staple")).toBe("correct horse battery staple");
    expect(NewPasswordSchema.parse("y".repeat(200))).toHaveLength(200);
  });

  it("keeps spaces: a password is not trimmed", () => {
    expect(NewPasswordSchema.parse("  twelve chars  ")).toBe("  twelve chars  ");
  });

  it("rejects a short password", () => {
    const r = NewPasswordSchema.safeParse("x".repeat(11));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual(["Use at least 12 characters."]);
  });

  it("rejects a password over 200 characters", () => {
    const r = NewPasswordSchema.safeParse("x".repeat(201));
    expect(r.error!.issues.map((i) => i.message)).toEqual(["Use at most 200 characters."]);
  });

  it("rejects a missing password", () => {
    const r = NewPasswordSchema.safeParse(undefined);
    expect(r.error!.issues.map((i) => i.message)).toEqual(["Choose a password."]);
  });
});

describe("NewPasswordPair", () => {
  it("accepts two equal passwords", () => {
    expect(NewPasswordPair.parse({ password: "portal-demo-2026", confirm: "portal-demo-2026" })).toEqual({
      password: "portal-demo-2026",
      confirm: "portal-demo-2026",
    });
  });

  it("reports different passwords on the confirm field", () => {
    const r = NewPasswordPair.safeParse({ password: "portal-demo-2026", confirm: "portal-demo-2027" });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ["confirm"], message: "The two passwords differ." })]);
  });

  it("requires the confirmation", () => {
    const r = NewPasswordPair.safeParse({ password: "portal-demo-2026" });
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ["confirm"], message: "Type the password again." })]);
  });

  it("applies the length rule to the password", () => {
    const r = NewPasswordPair.safeParse({ password: "short", confirm: "short" });
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ["password"], message: "Use at least 12 characters." })]);
  });
});
