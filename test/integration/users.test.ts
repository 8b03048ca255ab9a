import { and, eq } from "drizzle-orm";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { setupTestDatabase } from "../helpers/db";
import { contextFor } from "../helpers/factories";
import { inviteMember } from "../../app/server/accounts.server";
import { getInvitation, getMember, listMembers, listPendingInvitations, MembershipError, revokeInvitation, updateMember } from "../../app/server/users.server";
import { StaleRecordError } from "../../app/server/records.server";
import { resetEnvCache } from "../../app/server/env.server";
import { auditLog, invitations, memberships, users } from "../../drizzle/schema";
import type { Database } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";

let database: Database;
let admin: TenantContext;
let sunriseAdmin: TenantContext;
let deltaAdmin: TenantContext;

beforeAll(async () => {
  process.env.MAIL_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-mail-"));
  delete process.env.SMTP_URL;
  resetEnvCache();
  ({ database } = await setupTestDatabase({ seed: true }));
  admin = await contextFor(database, "admin@northwind.test", "northwind");
  sunriseAdmin = await contextFor(database, "supplier@sunrise.test", "northwind");
  deltaAdmin = await contextFor(database, "filler@delta.test", "northwind");
});
afterAll(() => database.close());

async function membershipOf(email: string, tenantId: string) {
  const [row] = await database.db
    .select({ id: memberships.id, version: memberships.version })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(users.email, email), eq(memberships.tenantId, tenantId)));
  return row;
}

describe("members", () => {
  it("a tenant admin lists every member; a partner admin only its partner's", async () => {
    const all = await listMembers(admin);
    expect(all.items.map((m) => m.email)).toContain("filler@delta.test");
    expect(all.items.length).toBe(8);
    const own = await listMembers(sunriseAdmin);
    expect(own.items.map((m) => m.email)).toEqual(["supplier@sunrise.test"]);
  });

  it("a partner admin cannot read or change another partner's member", async () => {
    const delta = await membershipOf("filler@delta.test", admin.tenantId);
    expect(await getMember(sunriseAdmin, delta.id)).toBeNull();
    expect(await updateMember(sunriseAdmin, delta.id, delta.version, { active: false })).toBeNull();
    const after = await membershipOf("filler@delta.test", admin.tenantId);
    expect(after.version).toBe(delta.version);
  });

  it("changes a role within its family, refuses crossing families and self-changes, and detects stale edits", async () => {
    const planner = await membershipOf("planner@northwind.test", admin.tenantId);
    const changed = await updateMember(admin, planner.id, planner.version, { role: "quality" });
    expect(changed?.role).toBe("quality");
    await expect(updateMember(admin, planner.id, planner.version, { role: "viewer" })).rejects.toBeInstanceOf(StaleRecordError);
    await expect(updateMember(admin, planner.id, changed!.version, { role: "partner_user" })).rejects.toBeInstanceOf(MembershipError);
    const me = await membershipOf("admin@northwind.test", admin.tenantId);
    await expect(updateMember(admin, me.id, me.version, { active: false })).rejects.toThrow(/your own access/);
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.entityType, "membership"), eq(auditLog.entityId, planner.id)));
    expect(audit).toHaveLength(1);
    expect((audit[0].before as { role: string }).role).toBe("planner");
    expect((audit[0].after as { role: string }).role).toBe("quality");
  });
});

describe("invitations", () => {
  it("a partner admin's invitations are its own; another partner admin can't see or revoke them", async () => {
    const { id } = await inviteMember(sunriseAdmin, { email: "new.person@sunrise.test", role: "partner_user", partnerId: null });
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(row.partnerId).toBe(sunriseAdmin.partnerId);
    expect((await listPendingInvitations(sunriseAdmin)).map((i) => i.email)).toContain("new.person@sunrise.test");
    expect((await listPendingInvitations(deltaAdmin)).map((i) => i.email)).not.toContain("new.person@sunrise.test");
    expect(await getInvitation(deltaAdmin, id)).toBeNull();
    expect(await revokeInvitation(deltaAdmin, id)).toBeNull();
    const [still] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(still.revokedAt).toBeNull();
  });

  it("revoking closes the invitation once and is audited", async () => {
    const { id } = await inviteMember(admin, { email: "temp@northwind.test", role: "viewer", partnerId: null });
    expect(await revokeInvitation(admin, id)).toEqual({ alreadyClosed: false });
    expect(await revokeInvitation(admin, id)).toEqual({ alreadyClosed: true });
    expect((await listPendingInvitations(admin)).map((i) => i.email)).not.toContain("temp@northwind.test");
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "invitation.revoked")));
    expect(audit).toHaveLength(1);
  });
});
