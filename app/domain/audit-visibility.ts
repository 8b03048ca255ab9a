// What a partner may read of the audit log. Pure: no I/O.
//
// Staff read every entry of their company. A partner reads entries of its own records only, and of
// those only the ones it may see in the state it may see them (the database's policy, migration
// 0028, checks the record; this table names the actions and fields):
//
//   purchase_order  from the issue on. A PO's draft phase (its creation, with lines, prices and the
//                   planner's notes) is internal, even after the PO is issued: the partner sees the
//                   issued order itself on its page, and its trail starts at po.issued.
//   forecast        from publication on (published, superseded, answered); never a draft's entries,
//                   nor a deleted draft's.
//   ship_notice, inspection, switching_state, stock_count, facility (its capacity too), partner,
//   membership, invitation
//                   every entry: the partner sees these records in every state.
//   inventory_movement, item, tenant settings, defect types, count reasons, imports
//                   never. A stock posting's entry would give the book away during a blind count;
//                   the movements page is the partner's view of the ledger.
//
// Of an entry a partner sees, only the fields named below are kept; nested objects lose internal
// keys (staff user ids, the lock version, costs, storage keys). Internal staff are named by company
// and role ("Northwind Foods (planner)"), never by email; the partner's own people by email.
import { ROLE_LABELS, isPartnerRole, type Role } from "./permissions";

export interface PartnerAuditRule {
  actions: readonly string[];
  /** top-level keys of before/after a partner may read */
  fields: readonly string[];
}

export const PARTNER_AUDIT_RULES: Readonly<Record<string, PartnerAuditRule>> = {
  purchase_order: {
    actions: [
      "po.issued",
      "po.acknowledged",
      "po.changes_proposed",
      "po.rejected",
      "po.changes_accepted",
      "po.changes_declined",
      "po.revised",
      "po.cancelled",
      "po.shipped",
      "po.received",
      "po.closed",
    ],
    fields: [
      "number",
      "status",
      "revision",
      "currency",
      "incoterms",
      "paymentTerms",
      "orderType",
      "priority",
      "notes",
      "shipToFacilityId",
      "issuedAt",
      "respondedAt",
      "cancelReason",
      "overCommitted",
      "overCommittedAt",
      "overCommitment",
      "answers",
      "overCapacity",
      "comment",
      "reason",
      "change",
      "shipNotice",
      "entries",
      "flags",
    ],
  },
  forecast: {
    actions: ["forecast.published", "forecast.superseded", "forecast.committed", "forecast.commitment_revised"],
    fields: ["status", "weeks", "total", "supersedes", "by", "forecast", "committed", "shortWeeks", "note", "onBehalfOfPartner"],
  },
  ship_notice: {
    actions: ["ship_notice.created"],
    fields: ["number", "partnerName", "carrierName", "shipToFacilityId", "trackingNumber", "readyDate", "pickupWindow", "packages", "grossWeightKg", "lines"],
  },
  inspection: {
    actions: ["inspection.booked", "inspection.findings_saved", "inspection.completed", "inspection.verdict_overridden", "inspection.signed_off", "inspection.photo_added"],
    fields: [
      "number",
      "kind",
      "status",
      "itemId",
      "shipNoticeId",
      "shipNoticeLineId",
      "lotNumber",
      "lotSize",
      "resubmission",
      "level",
      "severity",
      "plans",
      "unitsInspected",
      "defectsFound",
      "notes",
      "computedVerdict",
      "finalVerdict",
      "overrideReason",
      "inspectedAt",
      "signedOffAt",
      "escalation",
      "defects",
      "measurements",
      "switching",
      "photoId",
      "fileName",
      "sizeBytes",
      "contentType",
    ],
  },
  switching_state: {
    actions: ["switching.approve_reduced", "switching.revert_to_normal", "switching.restore_after_corrective_action"],
    fields: ["severity", "discontinued", "note"],
  },
  stock_count: {
    actions: [
      "count.scheduled",
      "count.draft_saved",
      "count.submitted",
      "count.recounted",
      "count.root_cause_entered",
      "count.adjustment_approved",
      "count.adjustment_rejected",
      "count.adjustments_approved",
      "count.cancelled",
    ],
    fields: ["number", "facilityId", "scope", "abcClass", "dueOn", "status", "notes", "lines", "entries", "removed", "recounts", "recounted", "lineId", "reason", "comment", "submittedAt", "completedAt"],
  },
  facility: {
    actions: ["facility.created", "facility.updated", "capacity.saved", "capacity.imported"],
    fields: ["name", "address", "city", "country", "resources", "active", "changed", "cells"],
  },
  partner: {
    actions: ["partner.created", "partner.updated", "partner.deactivated", "partner.reactivated"],
    fields: ["name", "kind", "code", "contactEmail", "active"],
  },
  membership: {
    actions: ["membership.updated", "membership.deactivated", "membership.reactivated", "invitation.accepted"],
    fields: ["role", "active", "email"],
  },
  invitation: {
    actions: ["invitation.created", "invitation.revoked"],
    fields: ["email", "role"],
  },
};

/**
 * Actions recorded with a partner's id that the partner never reads: a draft's internal phase, and
 * stock postings. (Entries without a partner's id, such as items, settings and imports, are staff-only
 * by the database's policy.) Every action the code records is in a rule above or here: a unit test
 * holds the code to that, so a new action gets a decision.
 */
export const PARTNER_HIDDEN_ACTIONS: readonly string[] = [
  "po.created",
  "forecast.created",
  "forecast.saved",
  "forecast.details_updated",
  "forecast.imported",
  "forecast.deleted",
  "inventory.movements_posted",
];

/** Keys never shown to a partner at any depth: staff user ids, the lock version, costs, storage. */
const INTERNAL_KEYS = new Set([
  "tenantId",
  "version",
  "createdBy",
  "submittedBy",
  "decidedBy",
  "invitedBy",
  "publishedBy",
  "respondedBy",
  "confirmedBy",
  "changedBy",
  "uploadedBy",
  "inspectorId",
  "inspectorName",
  "signedOffBy",
  "signedOffName",
  "actorUserId",
  "userId",
  "standardCost",
  "storageKey",
  "tokenHash",
  "passwordHash",
]);

/** Whether a partner may read an entry of this kind and action at all. */
export function partnerMaySee(entityType: string, action: string): boolean {
  return Object.hasOwn(PARTNER_AUDIT_RULES, entityType) && PARTNER_AUDIT_RULES[entityType].actions.includes(action);
}

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !INTERNAL_KEYS.has(k))
      .map(([k, v]) => [k, scrub(v)]),
  );
}

/** An entry's before or after image as a partner may read it: only the kind's partner fields. */
export function partnerAuditImage(entityType: string, image: unknown): unknown {
  if (image === null || image === undefined) return null;
  const rule = Object.hasOwn(PARTNER_AUDIT_RULES, entityType) ? PARTNER_AUDIT_RULES[entityType] : null;
  if (!rule || typeof image !== "object" || Array.isArray(image)) return null;
  const kept = Object.entries(image).filter(([k]) => rule.fields.includes(k));
  return scrub(Object.fromEntries(kept));
}

export interface ActorMembership {
  role: Role;
  partnerId: string | null;
}

/**
 * Who made the change, as a partner reads it: its own people by email; internal staff as the
 * company with their role; nobody (a scheduled job) as "system"; anyone else as another company.
 */
export function partnerActorLabel(
  entry: { actorUserId: string | null; actorEmail: string | null },
  actor: ActorMembership | undefined,
  viewer: { partnerId: string; tenantName: string },
): string {
  if (!entry.actorUserId) return "system";
  if (actor?.partnerId === viewer.partnerId) return entry.actorEmail ?? "system";
  if (actor && actor.partnerId === null && !isPartnerRole(actor.role)) return `${viewer.tenantName} (${ROLE_LABELS[actor.role].toLowerCase()})`;
  if (!actor) return viewer.tenantName;
  return "another company";
}
