import {
  can,
  canAny,
  INTERNAL_ROLES,
  invitableRoles,
  isPartnerRole,
  PARTNER_ROLES,
  PERMISSIONS,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  ROLES,
  type Permission,
  type Role,
} from "../../app/domain/permissions";

describe("role to permission map", () => {
  it("lists every role exactly once, internal roles first", () => {
    expect(ROLES).toEqual(["admin", "director", "planner", "quality", "viewer", "partner_admin", "partner_user"]);
    expect(new Set(ROLES).size).toBe(ROLES.length);
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
  });

  it("grants only known permissions, without duplicates", () => {
    for (const role of ROLES) {
      const perms = ROLE_PERMISSIONS[role];
      for (const p of perms) expect(PERMISSIONS).toContain(p);
      expect(new Set(perms).size, role).toBe(perms.length);
    }
  });

  it("gives every permission to at least one role", () => {
    for (const p of PERMISSIONS)
      expect(
        ROLES.some((r) => can(r, p)),
        p
      ).toBe(true);
  });

  it("lets the admin manage partners, items and users and read the audit log and outbox", () => {
    for (const p of [
      "read:dashboard:any",
      "read:partner:any",
      "manage:partner:any",
      "read:item:any",
      "manage:item:any",
      "read:user:any",
      "manage:user:any",
      "read:audit:any",
      "read:outbox:any",
    ] as Permission[])
      expect(can("admin", p), p).toBe(true);
    // tenant-wide scope makes the partner-scoped variants unnecessary
    expect(can("admin", "manage:user:own")).toBe(false);
  });

  it("lets the director read users and the audit log but change nothing", () => {
    expect(can("director", "read:user:any")).toBe(true);
    expect(can("director", "read:audit:any")).toBe(true);
    expect(can("director", "read:partner:any")).toBe(true);
    for (const p of PERMISSIONS.filter((p) => p.startsWith("manage:"))) expect(can("director", p), p).toBe(false);
    expect(can("director", "read:outbox:any")).toBe(false);
  });

  it("lets the planner manage items but not partners or users", () => {
    expect(can("planner", "manage:item:any")).toBe(true);
    expect(can("planner", "manage:partner:any")).toBe(false);
    expect(can("planner", "manage:user:any")).toBe(false);
    expect(can("planner", "read:audit:any")).toBe(false);
  });

  it("gives viewers read access only, and quality read access plus inspections", () => {
    for (const role of ["quality", "viewer"] as const) {
      expect(can(role, "read:dashboard:any")).toBe(true);
      expect(can(role, "read:partner:any")).toBe(true);
      expect(can(role, "read:item:any")).toBe(true);
      expect(can(role, "read:inspection:any")).toBe(true);
      expect(
        ROLE_PERMISSIONS[role].every((p) => p.startsWith("read:") || (role === "quality" && p === "manage:inspection:any")),
        role
      ).toBe(true);
      expect(can(role, "read:user:any")).toBe(false);
      expect(can(role, "read:audit:any")).toBe(false);
    }
    expect(can("quality", "manage:inspection:any")).toBe(true);
    expect(can("viewer", "manage:inspection:any")).toBe(false);
    expect(can("planner", "manage:inspection:any")).toBe(false);
    // partners book and record their own pre-shipment inspections, never sign off
    expect(can("partner_user", "submit:inspection:own")).toBe(true);
    expect(can("partner_admin", "manage:inspection:any")).toBe(false);
  });

  it("lets a partner admin manage its own partner's users and read its own audit trail", () => {
    expect(can("partner_admin", "read:user:own")).toBe(true);
    expect(can("partner_admin", "manage:user:own")).toBe(true);
    expect(can("partner_admin", "read:audit:own")).toBe(true);
    expect(can("partner_user", "manage:user:own")).toBe(false);
    expect(can("partner_user", "read:audit:own")).toBe(false);
  });

  it("never lets a partner role manage or read tenant-wide records beyond the dashboard and items", () => {
    for (const role of PARTNER_ROLES) {
      for (const p of ROLE_PERMISSIONS[role]) {
        if (p.endsWith(":any")) expect(["read:dashboard:any", "read:item:any"], `${role} ${p}`).toContain(p);
        expect(p.startsWith("manage:") && p.endsWith(":any"), `${role} ${p}`).toBe(false);
      }
      for (const p of [
        "manage:partner:any",
        "manage:item:any",
        "manage:user:any",
        "read:partner:any",
        "read:user:any",
        "read:audit:any",
        "read:outbox:any",
      ] as Permission[])
        expect(can(role, p), `${role} ${p}`).toBe(false);
    }
  });

  it("tells partner roles from internal ones", () => {
    for (const r of INTERNAL_ROLES) expect(isPartnerRole(r)).toBe(false);
    for (const r of PARTNER_ROLES) expect(isPartnerRole(r)).toBe(true);
  });

  it("canAny accepts either scope of a verb:noun, and only whole segments", () => {
    expect(canAny("admin", "manage:user")).toBe(true);
    expect(canAny("partner_admin", "manage:user")).toBe(true);
    expect(canAny("partner_user", "manage:user")).toBe(false);
    expect(canAny("director", "manage:user")).toBe(false);
    expect(canAny("director", "read:audit")).toBe(true);
    expect(canAny("partner_admin", "read:audit")).toBe(true);
    expect(canAny("viewer", "read:audit")).toBe(false);
    // a truncated noun is not a match
    expect(canAny("admin", "read:use")).toBe(false);
    expect(canAny("admin", "manage:partn")).toBe(false);
  });
});

describe("invitableRoles", () => {
  it("admins may invite anyone, including other admins and partner roles", () => {
    expect([...invitableRoles("admin")].sort()).toEqual([...ROLES].sort());
  });

  it("partner admins may invite partner roles only", () => {
    expect([...invitableRoles("partner_admin")].sort()).toEqual(["partner_admin", "partner_user"]);
    for (const r of INTERNAL_ROLES) expect(invitableRoles("partner_admin")).not.toContain(r);
  });

  it("nobody else may invite", () => {
    for (const r of ["director", "planner", "quality", "viewer", "partner_user"] as Role[]) expect(invitableRoles(r), r).toEqual([]);
  });

  it("agrees with the manage:user permissions", () => {
    for (const r of ROLES) expect(invitableRoles(r).length > 0, r).toBe(canAny(r, "manage:user"));
  });
});
