import { FacilitySchema, InviteSchema, ITEM_UOMS, ItemSchema, PartnerSchema, VersionSchema } from "../../app/domain/forms";
import type { z } from "zod";

/** field path -> messages, from a failed parse */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input);
  expect(result.success, `expected ${JSON.stringify(input)} to be rejected`).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

describe("PartnerSchema", () => {
  it("accepts a full partner and trims it", () => {
    expect(PartnerSchema.parse({ name: "  Sunrise Packaging ", kind: "supplier", code: " SUN ", contactEmail: " ops@sunrise.test " })).toEqual({
      name: "Sunrise Packaging",
      kind: "supplier",
      code: "SUN",
      contactEmail: "ops@sunrise.test",
    });
  });

  it("turns missing or blank optional fields into null", () => {
    expect(PartnerSchema.parse({ name: "FastFreight", kind: "carrier" })).toEqual({ name: "FastFreight", kind: "carrier", code: null, contactEmail: null });
    expect(PartnerSchema.parse({ name: "FastFreight", kind: "carrier", code: "   " }).code).toBeNull();
  });

  it.each(["supplier", "3pd", "contract_filler", "carrier"])("accepts kind %s", (kind) => {
    expect(PartnerSchema.parse({ name: "Acme", kind }).kind).toBe(kind);
  });

  it("requires a name of 2 to 120 characters", () => {
    expect(errorsOf(PartnerSchema, { kind: "supplier" }).name).toEqual(["Enter the partner's name."]);
    expect(errorsOf(PartnerSchema, { name: " A ", kind: "supplier" }).name).toEqual(["Enter the partner's name (2 characters or more)."]);
    expect(errorsOf(PartnerSchema, { name: "x".repeat(121), kind: "supplier" }).name).toEqual(["Use at most 120 characters."]);
    expect(PartnerSchema.parse({ name: "x".repeat(120), kind: "supplier" }).name).toHaveLength(120);
  });

  it("requires a known kind", () => {
    expect(errorsOf(PartnerSchema, { name: "Acme" }).kind).toEqual(["Choose supplier, 3PD, contract filler or carrier."]);
    expect(errorsOf(PartnerSchema, { name: "Acme", kind: "customer" }).kind).toEqual(["Choose supplier, 3PD, contract filler or carrier."]);
  });

  it.each(["D\r\nCP", "D\nCP", "D\tCP", "DC\u2028P"])("refuses a code with a line break or another control character: %j", (code) => {
    expect(errorsOf(PartnerSchema, { name: "Acme", kind: "supplier", code }).code).toEqual(["The code must be on one line: no line breaks, tabs or other control characters."]);
  });

  it("limits the code to 20 characters", () => {
    expect(errorsOf(PartnerSchema, { name: "Acme", kind: "supplier", code: "C".repeat(21) }).code).toEqual(["Use at most 20 characters."]);
  });

  it.each(["not-an-email", "a@", "@b.test", "a b@c.test"])("rejects the contact email %j", (contactEmail) => {
    expect(errorsOf(PartnerSchema, { name: "Acme", kind: "supplier", contactEmail }).contactEmail).toEqual(["Enter a valid email address."]);
  });

  it("reports every bad field at once", () => {
    expect(Object.keys(errorsOf(PartnerSchema, { name: "", kind: "x", contactEmail: "y" })).sort()).toEqual(["contactEmail", "kind", "name"]);
  });
});

describe("VersionSchema", () => {
  it("coerces the hidden version field", () => {
    expect(VersionSchema.parse("3")).toBe(3);
  });
  it.each(["0", "-1", "1.5", "abc"])("rejects %j", (v) => {
    expect(VersionSchema.safeParse(v).success).toBe(false);
  });
});

describe("FacilitySchema", () => {
  it("accepts a facility, upper-cases the country and splits resources on lines and commas", () => {
    expect(
      FacilitySchema.parse({
        name: " Leeds plant ",
        address: "12 Mill Lane",
        city: "Leeds",
        country: " gb ",
        resources: "Blow moulder 1\r\nLabel press, Dock 2\n\n , ",
      })
    ).toEqual({ name: "Leeds plant", address: "12 Mill Lane", city: "Leeds", country: "GB", resources: ["Blow moulder 1", "Label press", "Dock 2"] });
  });

  it("defaults the optional fields", () => {
    expect(FacilitySchema.parse({ name: "Venlo hub" })).toEqual({ name: "Venlo hub", address: "", city: "", country: "", resources: [] });
  });

  it("requires a name", () => {
    expect(errorsOf(FacilitySchema, {}).name).toEqual(["Enter the facility's name."]);
    expect(errorsOf(FacilitySchema, { name: "x" }).name).toEqual(["Enter the facility's name."]);
  });

  it.each(["NLD", "N", "1A", "N L"])("rejects the country %j", (country) => {
    expect(errorsOf(FacilitySchema, { name: "Site", country }).country).toEqual(["Use the two-letter country code, e.g. NL."]);
  });

  it("limits each resource name and the number of resources", () => {
    const long = errorsOf(FacilitySchema, { name: "Site", resources: "ok\n" + "r".repeat(81) });
    expect(Object.values(long).flat()).toContain("Keep each resource name under 80 characters.");
    const many = errorsOf(FacilitySchema, { name: "Site", resources: Array.from({ length: 101 }, (_, i) => `line ${i}`).join("\n") });
    expect(Object.values(many).flat()).toContain("At most 100 resources.");
    expect(FacilitySchema.parse({ name: "Site", resources: Array.from({ length: 100 }, (_, i) => `line ${i}`).join(",") }).resources).toHaveLength(100);
  });
});

describe("ItemSchema", () => {
  const good = { code: "PKG-BTL-500", description: "PET bottle 500 ml", uom: "ea", abcClass: "A", leadTimeDays: "21", standardCost: "0.1250" };

  it("accepts an item and coerces the lead time", () => {
    expect(ItemSchema.parse(good)).toEqual({ ...good, leadTimeDays: 21 });
  });

  it("treats a blank standard cost as none", () => {
    expect(ItemSchema.parse({ ...good, standardCost: "" }).standardCost).toBeNull();
    expect(ItemSchema.parse({ ...good, standardCost: undefined }).standardCost).toBeNull();
  });

  it.each(["A1", "pkg.btl_500/x", "9-LIVES"])("accepts the code %j", (code) => {
    expect(ItemSchema.parse({ ...good, code }).code).toBe(code);
  });

  it("explains what a code may contain", () => {
    const msg = "Use letters, digits and . _ - / only, starting with a letter or digit.";
    for (const code of ["-A", "A B", "A;DROP", "Ä1", "/x"]) expect(errorsOf(ItemSchema, { ...good, code }).code, code).toEqual([msg]);
    expect(errorsOf(ItemSchema, { ...good, code: " " }).code).toContain("Enter the item code.");
    expect(errorsOf(ItemSchema, { ...good, code: "A".repeat(41) }).code).toEqual(["Use at most 40 characters."]);
  });

  it("requires a description", () => {
    expect(errorsOf(ItemSchema, { ...good, description: "  " }).description).toEqual(["Enter a description."]);
    expect(errorsOf(ItemSchema, { ...good, description: "d".repeat(201) }).description).toEqual(["Use at most 200 characters."]);
  });

  it("accepts only the listed units of measure", () => {
    for (const uom of ITEM_UOMS) expect(ItemSchema.parse({ ...good, uom }).uom).toBe(uom);
    expect(errorsOf(ItemSchema, { ...good, uom: "pcs" }).uom).toEqual([`Unit of measure must be one of ${ITEM_UOMS.join(", ")}.`]);
  });

  it("accepts only ABC classes A, B and C", () => {
    expect(errorsOf(ItemSchema, { ...good, abcClass: "D" }).abcClass).toEqual(["ABC class must be A, B or C."]);
    expect(errorsOf(ItemSchema, { ...good, abcClass: "a" }).abcClass).toEqual(["ABC class must be A, B or C."]);
  });

  it.each([
    ["1.5", "Lead time must be a whole number of days."],
    ["-1", "Lead time can't be negative."],
    ["731", "Lead time must be 730 days or less."],
    ["soon", "Enter the lead time in days."],
    [undefined, "Enter the lead time in days."],
  ])("rejects the lead time %j", (leadTimeDays, message) => {
    expect(errorsOf(ItemSchema, { ...good, leadTimeDays }).leadTimeDays).toEqual([message]);
  });

  it("accepts lead times from 0 to 730 days", () => {
    expect(ItemSchema.parse({ ...good, leadTimeDays: "0" }).leadTimeDays).toBe(0);
    expect(ItemSchema.parse({ ...good, leadTimeDays: "730" }).leadTimeDays).toBe(730);
  });

  it.each(["1.23456", "-1", "1,25", "abc", "12345678901"])("rejects the standard cost %j", (standardCost) => {
    expect(errorsOf(ItemSchema, { ...good, standardCost }).standardCost).toEqual(["Standard cost must be a number with up to 4 decimals, e.g. 1.25."]);
  });

  it.each(["0", "1.25", "9999999999.9999"])("accepts the standard cost %j", (standardCost) => {
    expect(ItemSchema.parse({ ...good, standardCost }).standardCost).toBe(standardCost);
  });
});

describe("InviteSchema", () => {
  const partnerId = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b";

  it("accepts an internal invitation without a partner", () => {
    expect(InviteSchema.parse({ email: " new.planner@northwind.test ", role: "planner" })).toEqual({
      email: "new.planner@northwind.test",
      role: "planner",
      partnerId: null,
    });
  });

  it("accepts a partner invitation with a partner id", () => {
    expect(InviteSchema.parse({ email: "a@b.test", role: "partner_user", partnerId })).toEqual({ email: "a@b.test", role: "partner_user", partnerId });
  });

  it("requires a valid email", () => {
    expect(errorsOf(InviteSchema, { role: "viewer" }).email).toEqual(["Enter the person's email address."]);
    expect(errorsOf(InviteSchema, { email: "nobody", role: "viewer" }).email).toEqual(["Enter a valid email address."]);
  });

  it("requires a known role", () => {
    expect(errorsOf(InviteSchema, { email: "a@b.test" }).role).toEqual(["Choose a role."]);
    expect(errorsOf(InviteSchema, { email: "a@b.test", role: "owner" }).role).toEqual(["Choose a role."]);
    expect(errorsOf(InviteSchema, { email: "a@b.test", role: "superuser" }).role).toEqual(["Choose a role."]);
  });

  it("requires the partner id to be a UUID", () => {
    expect(errorsOf(InviteSchema, { email: "a@b.test", role: "partner_user", partnerId: "sunrise" }).partnerId).toEqual(["Choose a partner."]);
    expect(errorsOf(InviteSchema, { email: "a@b.test", role: "partner_user", partnerId: "1; drop table partners" }).partnerId).toEqual(["Choose a partner."]);
  });
});
