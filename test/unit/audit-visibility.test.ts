import fs from "node:fs";
import path from "node:path";
import { PARTNER_AUDIT_RULES, PARTNER_HIDDEN_ACTIONS, partnerActorLabel, partnerAuditImage, partnerMaySee } from "../../app/domain/audit-visibility";

const viewer = { partnerId: "p-sunrise", tenantName: "Northwind Foods" };

describe("partnerAuditImage", () => {
  it("keeps only the kind's partner fields, and drops internal keys at any depth", () => {
    const issued = {
      tenantId: "t1",
      id: "po1",
      number: "PO-1",
      status: "issued",
      notes: "for the partner",
      createdBy: "staff-user",
      version: 2,
      overCommitment: [{ facility: "Leeds", week: "2027-W10", over: "5", tenantId: "t1" }],
    };
    expect(partnerAuditImage("purchase_order", issued)).toEqual({
      number: "PO-1",
      status: "issued",
      notes: "for the partner",
      overCommitment: [{ facility: "Leeds", week: "2027-W10", over: "5" }],
    });
    const notice = { number: "ASN-1", createdBy: "u", lines: [{ poNumber: "PO-1", quantity: "5", tenantId: "t1" }] };
    expect(partnerAuditImage("ship_notice", notice)).toEqual({ number: "ASN-1", lines: [{ poNumber: "PO-1", quantity: "5" }] });
    // an inspection's names of staff (which may be an address) and storage keys stay out
    expect(partnerAuditImage("inspection", { status: "recorded", inspectorName: "q@northwind.test", inspectorId: "u", storageKey: "k", fileName: "a.png" })).toEqual({ status: "recorded", fileName: "a.png" });
  });

  it("shows nothing of a kind or image it has no rule for", () => {
    expect(partnerAuditImage("item", { code: "X", standardCost: "1.2" })).toBeNull();
    expect(partnerAuditImage("inventory_movement", { movements: [{ quantity: "5" }] })).toBeNull();
    expect(partnerAuditImage("purchase_order", null)).toBeNull();
    expect(partnerAuditImage("purchase_order", ["not", "an", "object"])).toBeNull();
    expect(partnerAuditImage("constructor", { a: 1 })).toBeNull();
  });
});

describe("partnerActorLabel", () => {
  const entry = { actorUserId: "u1", actorEmail: "someone@example.test" };
  it("names the partner's own people by email", () => {
    expect(partnerActorLabel(entry, { role: "partner_user", partnerId: "p-sunrise" }, viewer)).toBe("someone@example.test");
  });
  it("names internal staff by company and role, never by email", () => {
    expect(partnerActorLabel(entry, { role: "planner", partnerId: null }, viewer)).toBe("Northwind Foods (planner)");
    expect(partnerActorLabel(entry, { role: "director", partnerId: null }, viewer)).toBe("Northwind Foods (production director)");
    expect(partnerActorLabel(entry, undefined, viewer)).toBe("Northwind Foods");
  });
  it("names another partner's people and jobs without an address", () => {
    expect(partnerActorLabel(entry, { role: "partner_admin", partnerId: "p-other" }, viewer)).toBe("another company");
    expect(partnerActorLabel({ actorUserId: null, actorEmail: null }, undefined, viewer)).toBe("system");
  });
});

describe("every action the code records", () => {
  // the action names written by recordAudit, read from the server modules' source
  const dir = path.resolve("app/server");
  const source = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".server.ts"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .join("\n");
  const recorded = new Set<string>();
  for (const m of source.matchAll(/"((?:po|forecast|ship_notice|inspection|switching|count|capacity|facility|partner|membership|invitation|inventory)\.[a-z_]+)"/g)) recorded.add(m[1]);
  // actions built from a value: the values they take
  for (const s of ["acknowledged", "changes_proposed", "rejected"]) recorded.add(`po.${s}`);
  for (const k of ["approve_reduced", "revert_to_normal", "restore_after_corrective_action"]) recorded.add(`switching.${k}`);

  it("has a decision: shown to the partner under a rule, or hidden", () => {
    const shown = new Set(Object.values(PARTNER_AUDIT_RULES).flatMap((r) => r.actions));
    // po.imported is recorded on a po_import entry without a partner: staff-only by the database's policy
    const undecided = [...recorded].filter((a) => !shown.has(a) && !PARTNER_HIDDEN_ACTIONS.includes(a) && a !== "po.imported");
    expect(undecided).toEqual([]);
    for (const a of PARTNER_HIDDEN_ACTIONS) expect(shown.has(a), a).toBe(false);
  });

  it("shows a draft's phase to no partner", () => {
    for (const a of ["po.created", "forecast.created", "forecast.saved", "forecast.details_updated", "forecast.imported", "forecast.deleted"]) {
      expect(partnerMaySee(a.startsWith("po.") ? "purchase_order" : "forecast", a), a).toBe(false);
    }
    expect(partnerMaySee("purchase_order", "po.issued")).toBe(true);
    expect(partnerMaySee("inventory_movement", "inventory.movements_posted")).toBe(false);
  });
});
