import { auditLog } from "../../drizzle/schema";
import type { Tx } from "./db.server";

export interface AuditActor {
  tenantId: string;
  userId: string | null;
  userEmail: string | null;
}

/** Append one state change to the audit log, inside the same transaction as the change. */
export async function recordAudit(
  tx: Tx,
  actor: AuditActor,
  entry: {
    action: string;
    entityType: string;
    entityId: string;
    partnerId?: string | null;
    before?: unknown;
    after?: unknown;
  },
) {
  await tx.insert(auditLog).values({
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    actorEmail: actor.userEmail,
    partnerId: entry.partnerId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : toJson(entry.before),
    after: entry.after === undefined ? null : toJson(entry.after),
  });
}

function toJson(value: unknown) {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
