// The portal's tables. Tenant-owned tables carry `tenant_id` first in every key and index;
// row-level security for them lives in the SQL migrations (drizzle cannot say FORCE).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

// ---------- value limits (migration 0027; app/domain/limits.ts is the same in words) ----------

/** A business date, 2000-01-01 to 2100-12-31 (a nullable column may be null). */
const businessDate = (column: string, nullable = false) =>
  sql.raw(nullable ? `("${column}" IS NULL OR "${column}" BETWEEN '2000-01-01' AND '2100-12-31')` : `"${column}" BETWEEN '2000-01-01' AND '2100-12-31'`);
/** An ISO week key from 2000-W01 to 2100-W52. */
const businessWeek = (column: string) => sql.raw(`"${column}" BETWEEN '2000-W01' AND '2100-W52'`);
/** No control character (C0, DEL, C1) and no Unicode line or paragraph separator. */
const oneLine = (column: string) => sql.raw(`"${column}" !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u2028\\u2029]'`);

// ---------- global tables (not tenant-owned) ----------

export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  "sessions",
  {
    // SHA-256 of the token, hex; the token itself is never stored.
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_email_idx").on(t.email, t.at), index("login_attempts_ip_idx").on(t.ip, t.at)],
);

export const passwordResets = pgTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

// ---------- tenant-owned tables ----------

const tenantId = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id);

export const partners = pgTable(
  "partners",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["supplier", "3pd", "contract_filler", "carrier"] }).notNull(),
    code: text("code"),
    contactEmail: text("contact_email"),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("partners_tenant_name_key").on(t.tenantId, sql`lower(${t.name})`),
    uniqueIndex("partners_tenant_code_key").on(t.tenantId, sql`lower(${t.code})`),
    check("partners_code_one_line", oneLine("code")),
    index("partners_tenant_kind_idx").on(t.tenantId, t.kind, t.name),
  ],
);

export const facilities = pgTable(
  "facilities",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    partnerId: uuid("partner_id").notNull(),
    name: text("name").notNull(),
    address: text("address").notNull().default(""),
    city: text("city").notNull().default(""),
    country: text("country").notNull().default(""),
    // production lines / resources at the site, one per entry
    resources: text("resources").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
    index("facilities_tenant_partner_idx").on(t.tenantId, t.partnerId, t.name),
  ],
);

export const items = pgTable(
  "items",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    description: text("description").notNull(),
    uom: text("uom").notNull(),
    abcClass: text("abc_class", { enum: ["A", "B", "C"] }).notNull(),
    leadTimeDays: integer("lead_time_days").notNull(),
    standardCost: numeric("standard_cost", { precision: 14, scale: 4 }),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("items_tenant_code_key").on(t.tenantId, t.code)],
);

export const memberships = pgTable(
  "memberships",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", {
      enum: ["admin", "director", "planner", "quality", "viewer", "partner_admin", "partner_user"],
    }).notNull(),
    partnerId: uuid("partner_id"),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("memberships_tenant_user_key").on(t.tenantId, t.userId),
    index("memberships_user_idx").on(t.userId),
    index("memberships_tenant_partner_idx").on(t.tenantId, t.partnerId),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    email: text("email").notNull(),
    role: text("role", {
      enum: ["admin", "director", "planner", "quality", "viewer", "partner_admin", "partner_user"],
    }).notNull(),
    partnerId: uuid("partner_id"),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("invitations_token_key").on(t.tokenHash),
    index("invitations_tenant_created_idx").on(t.tenantId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: tenantId(),
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorEmail: text("actor_email"),
    // the partner whose record changed, so partner users may read their own trail
    partnerId: uuid("partner_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("audit_log_tenant_entity_idx").on(t.tenantId, t.entityType, t.entityId, t.id),
    index("audit_log_tenant_actor_idx").on(t.tenantId, t.actorUserId, t.id),
  ],
);

export const emails = pgTable(
  "emails",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    template: text("template").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    transport: text("transport").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("emails_tenant_created_idx").on(t.tenantId, t.createdAt, t.id)],
);

// ---------- purchase orders ----------

export const tenantSettings = pgTable("tenant_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  // receipts further than this from the ordered quantity are flagged
  receiptTolerancePct: numeric("receipt_tolerance_pct", { precision: 5, scale: 2 }).notNull().default("5"),
  // a PO not answered within this many hours of being issued is overdue in the partner's inbox
  ackDueHours: integer("ack_due_hours").notNull().default(48),
  // AQL inspection defaults (ISO 2859-1): inspection level and AQL per defect class; items may override
  aqlLevel: text("aql_level").notNull().default("II"),
  aqlCritical: text("aql_critical").notNull().default("0.065"),
  aqlMajor: text("aql_major").notNull().default("2.5"),
  aqlMinor: text("aql_minor").notNull().default("4.0"),
  // stock counts: variance tolerance (%) and cycle-count frequency (months) per ABC class
  countTolerancePctA: numeric("count_tolerance_pct_a", { precision: 5, scale: 2 }).notNull().default("1"),
  countTolerancePctB: numeric("count_tolerance_pct_b", { precision: 5, scale: 2 }).notNull().default("3"),
  countTolerancePctC: numeric("count_tolerance_pct_c", { precision: 5, scale: 2 }).notNull().default("5"),
  countFrequencyMonthsA: integer("count_frequency_months_a").notNull().default(1),
  countFrequencyMonthsB: integer("count_frequency_months_b").notNull().default(3),
  countFrequencyMonthsC: integer("count_frequency_months_c").notNull().default(12),
  // fillers are reminded this many days before a count is due
  countReminderDays: integer("count_reminder_days").notNull().default(3),
  // items with fewer days of cover than this at a filler are listed and mailed to planners
  coverThresholdDays: integer("cover_threshold_days").notNull().default(10),
  // the day the out-of-stock alert was last sent: claimed atomically, so one server sends it
  coverAlertedOn: date("cover_alerted_on"),
  // declared capacity not confirmed for this many days is stale, and its partner is reminded
  capacityMaxAgeDays: integer("capacity_max_age_days").notNull().default(14),
});

export const purchaseOrders = pgTable(
  "purchase_orders",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    number: text("number").notNull(),
    partnerId: uuid("partner_id").notNull(),
    shipToFacilityId: uuid("ship_to_facility_id").notNull(),
    currency: text("currency").notNull(),
    incoterms: text("incoterms").notNull(),
    paymentTerms: text("payment_terms").notNull().default(""),
    orderType: text("order_type", { enum: ["standard", "seasonal", "hot"] }).notNull().default("standard"),
    priority: integer("priority").notNull().default(3),
    notes: text("notes").notNull().default(""),
    status: text("status").notNull().default("draft"),
    revision: integer("revision").notNull().default(0),
    // optimistic lock for every change, revision or not
    version: integer("version").notNull().default(1),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    cancelReason: text("cancel_reason"),
    overCommitted: boolean("over_committed").notNull().default(false),
    // what was over when the over-commitment was accepted: [{ facility, resource, week, capacity, demandAfter, over }]
    overCommitment: jsonb("over_commitment"),
    overCommittedAt: timestamp("over_committed_at", { withTimezone: true }),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("purchase_orders_tenant_number_key").on(t.tenantId, t.number),
    index("purchase_orders_tenant_status_idx").on(t.tenantId, t.status, t.createdAt, t.id),
    index("purchase_orders_tenant_partner_idx").on(t.tenantId, t.partnerId, t.status, t.createdAt, t.id),
    index("purchase_orders_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
    foreignKey({ columns: [t.tenantId, t.shipToFacilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
  ],
);

export const poLines = pgTable(
  "po_lines",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    poId: uuid("po_id").notNull(),
    // copied from the PO so row-level security can limit partner users without a join
    partnerId: uuid("partner_id").notNull(),
    lineNo: integer("line_no").notNull(),
    itemId: uuid("item_id").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    uom: text("uom").notNull(),
    unitPrice: numeric("unit_price", { precision: 14, scale: 4 }).notNull(),
    requestedDate: date("requested_date").notNull(),
    firstCommittedDate: date("first_committed_date"),
    committedDate: date("committed_date"),
    shippedDate: date("shipped_date"),
    receivedDate: date("received_date"),
    quantityShipped: numeric("quantity_shipped", { precision: 14, scale: 3 }).notNull().default("0"),
    quantityReceived: numeric("quantity_received", { precision: 14, scale: 3 }).notNull().default("0"),
    cancelled: boolean("cancelled").notNull().default(false),
    // the partner's latest answer (X12 855 ACK01) and what it proposes
    responseCode: text("response_code"),
    responseReason: text("response_reason"),
    proposedQuantity: numeric("proposed_quantity", { precision: 14, scale: 3 }),
    proposedUnitPrice: numeric("proposed_unit_price", { precision: 14, scale: 4 }),
    proposedDate: date("proposed_date"),
    // the planner's override of where this line loads capacity; null: the item's default resource at
    // the partner (item_resources)
    capacityFacilityId: uuid("capacity_facility_id"),
    capacityResource: text("capacity_resource"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("po_lines_tenant_po_line_key").on(t.tenantId, t.poId, t.lineNo),
    // demand: lines committed in a range of weeks
    index("po_lines_tenant_committed_idx").on(t.tenantId, t.committedDate).where(sql`NOT cancelled AND committed_date IS NOT NULL`),
    // one partner's demand in a range of weeks (a heatmap page, a facility, an order's answer)
    index("po_lines_tenant_partner_committed_idx").on(t.tenantId, t.partnerId, t.committedDate).where(sql`NOT cancelled AND committed_date IS NOT NULL`),
    index("po_lines_tenant_item_idx").on(t.tenantId, t.itemId),
    index("po_lines_tenant_partner_idx").on(t.tenantId, t.partnerId, t.poId),
    check(
      "po_lines_dates_in_range",
      sql.join(
        [
          businessDate("requested_date"),
          ...["first_committed_date", "committed_date", "proposed_date", "shipped_date", "received_date"].map((c) => businessDate(c, true)),
        ],
        sql.raw(" AND "),
      ),
    ),
    foreignKey({ columns: [t.tenantId, t.poId], foreignColumns: [purchaseOrders.tenantId, purchaseOrders.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({ columns: [t.tenantId, t.capacityFacilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
  ],
);

export const poRevisions = pgTable(
  "po_revisions",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    poId: uuid("po_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    revision: integer("revision").notNull(),
    // the PO as issued at this revision (PoSnapshot), for history and per-revision diffs
    snapshot: jsonb("snapshot").notNull(),
    reason: text("reason").notNull().default(""),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("po_revisions_tenant_po_revision_key").on(t.tenantId, t.poId, t.revision),
    foreignKey({ columns: [t.tenantId, t.poId], foreignColumns: [purchaseOrders.tenantId, purchaseOrders.id] }),
  ],
);

export const shipNotices = pgTable(
  "ship_notices",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    number: text("number").notNull(),
    partnerId: uuid("partner_id").notNull(),
    carrierPartnerId: uuid("carrier_partner_id").notNull(),
    // names copied at creation: shipper and carrier each read the notice without seeing the other's partner row
    partnerName: text("partner_name").notNull(),
    carrierName: text("carrier_name").notNull(),
    shipToFacilityId: uuid("ship_to_facility_id").notNull(),
    trackingNumber: text("tracking_number").notNull(),
    readyDate: date("ready_date").notNull(),
    pickupWindow: text("pickup_window").notNull(),
    packages: integer("packages").notNull(),
    grossWeightKg: numeric("gross_weight_kg", { precision: 12, scale: 2 }).notNull(),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("ship_notices_tenant_number_key").on(t.tenantId, t.number),
    index("ship_notices_tenant_partner_idx").on(t.tenantId, t.partnerId, t.createdAt, t.id),
    index("ship_notices_tenant_carrier_idx").on(t.tenantId, t.carrierPartnerId, t.readyDate, t.id),
    check("ship_notices_ready_date_in_range", businessDate("ready_date")),
    // two times of day joined by an en dash, ending after it starts
    check(
      "ship_notices_pickup_window_valid",
      sql.raw(`"pickup_window" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]–([01][0-9]|2[0-3]):[0-5][0-9]$' AND split_part("pickup_window", '–', 1) < split_part("pickup_window", '–', 2)`),
    ),
    check("ship_notices_tracking_number_one_line", oneLine("tracking_number")),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
    foreignKey({ columns: [t.tenantId, t.carrierPartnerId], foreignColumns: [partners.tenantId, partners.id] }),
    foreignKey({ columns: [t.tenantId, t.shipToFacilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
  ],
);

export const shipNoticeLines = pgTable(
  "ship_notice_lines",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    shipNoticeId: uuid("ship_notice_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    carrierPartnerId: uuid("carrier_partner_id").notNull(),
    poId: uuid("po_id").notNull(),
    poLineId: uuid("po_line_id").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    // what the packing list says, copied at creation: the carrier reads it without seeing the PO
    poNumber: text("po_number").notNull(),
    lineNo: integer("line_no").notNull(),
    itemCode: text("item_code").notNull(),
    itemDescription: text("item_description").notNull(),
    uom: text("uom").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("ship_notice_lines_tenant_notice_idx").on(t.tenantId, t.shipNoticeId),
    // one row per notice and order line: repeated, each copy would pass the left-to-ship check
    uniqueIndex("ship_notice_lines_tenant_notice_line_key").on(t.tenantId, t.shipNoticeId, t.poLineId),
    index("ship_notice_lines_tenant_po_line_idx").on(t.tenantId, t.poLineId),
    foreignKey({ columns: [t.tenantId, t.shipNoticeId], foreignColumns: [shipNotices.tenantId, shipNotices.id] }),
    foreignKey({ columns: [t.tenantId, t.poLineId], foreignColumns: [poLines.tenantId, poLines.id] }),
  ],
);

export const receipts = pgTable(
  "receipts",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    poId: uuid("po_id").notNull(),
    poLineId: uuid("po_line_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    receivedOn: date("received_on").notNull(),
    flag: text("flag", { enum: ["over", "under"] }),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("receipts_tenant_po_line_idx").on(t.tenantId, t.poLineId),
    index("receipts_tenant_po_idx").on(t.tenantId, t.poId),
    check("receipts_received_on_in_range", businessDate("received_on")),
    foreignKey({ columns: [t.tenantId, t.poLineId], foreignColumns: [poLines.tenantId, poLines.id] }),
  ],
);

// ---------- AQL inspections (ISO 2859-1) ----------

/** Per-item override of the tenant's inspection level and AQLs; a null column keeps the default. */
export const itemAqlOverrides = pgTable(
  "item_aql_overrides",
  {
    tenantId: tenantId(),
    itemId: uuid("item_id").notNull(),
    aqlLevel: text("aql_level"),
    aqlCritical: text("aql_critical"),
    aqlMajor: text("aql_major"),
    aqlMinor: text("aql_minor"),
    version: integer("version").notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
  ],
);

/** The tenant's defect catalogue: what an inspector can record, each with its class. */
export const defectTypes = pgTable(
  "defect_types",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    defectClass: text("defect_class", { enum: ["critical", "major", "minor"] }).notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("defect_types_tenant_code_key").on(t.tenantId, sql`lower(${t.code})`)],
);

export const inspections = pgTable(
  "inspections",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    number: text("number").notNull(),
    // receiving: booked by quality staff; pre_shipment: the partner's own, reviewed by quality staff
    kind: text("kind", { enum: ["receiving", "pre_shipment"] }).notNull(),
    status: text("status", { enum: ["booked", "submitted", "recorded", "signed_off"] }).notNull().default("booked"),
    partnerId: uuid("partner_id").notNull(),
    itemId: uuid("item_id").notNull(),
    shipNoticeId: uuid("ship_notice_id"),
    shipNoticeLineId: uuid("ship_notice_line_id"),
    lotNumber: text("lot_number").notNull().default(""),
    lotSize: integer("lot_size").notNull(),
    // a re-submitted lot is not an original inspection: it feeds neither switching nor first-pass measures
    resubmission: boolean("resubmission").notNull().default(false),
    level: text("level").notNull(),
    severity: text("severity", { enum: ["normal", "tightened", "reduced"] }).notNull(),
    // the plan per class as computed at booking: { critical: {aql, codeLetter, sampleSize, acceptance, rejection, inspectAll}, ... }
    plans: jsonb("plans").notNull(),
    unitsInspected: integer("units_inspected"),
    // total defects recorded, kept with the findings so the scorecard measures need no join
    defectsFound: integer("defects_found").notNull().default(0),
    notes: text("notes").notNull().default(""),
    computedVerdict: text("computed_verdict", { enum: ["accepted", "rejected"] }),
    finalVerdict: text("final_verdict", { enum: ["accepted", "rejected"] }),
    overrideReason: text("override_reason"),
    inspectorId: uuid("inspector_id"),
    inspectorName: text("inspector_name"),
    inspectedAt: timestamp("inspected_at", { withTimezone: true }),
    signedOffBy: uuid("signed_off_by"),
    signedOffName: text("signed_off_name"),
    signedOffAt: timestamp("signed_off_at", { withTimezone: true }),
    // a rejected lot waits here for the escalation work to pick it up
    escalation: text("escalation", { enum: ["pending", "raised"] }),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("inspections_tenant_number_key").on(t.tenantId, t.number),
    index("inspections_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("inspections_tenant_status_idx").on(t.tenantId, t.status, t.createdAt, t.id),
    index("inspections_tenant_partner_idx").on(t.tenantId, t.partnerId, t.createdAt, t.id),
    index("inspections_tenant_partner_item_idx").on(t.tenantId, t.partnerId, t.itemId, t.signedOffAt),
    index("inspections_tenant_ship_notice_line_idx").on(t.tenantId, t.shipNoticeLineId),
    // one original inspection of a ship-notice line per side (quality's receiving, the partner's pre-shipment)
    uniqueIndex("inspections_tenant_line_original_key")
      .on(t.tenantId, t.shipNoticeLineId, t.kind)
      .where(sql`ship_notice_line_id is not null and not resubmission`),
    index("inspections_tenant_verdict_idx").on(t.tenantId, t.finalVerdict, t.createdAt, t.id),
    // the measures read signed-off receiving inspections by sign-off date from covering indexes
    // (INCLUDE columns, added in SQL in migration 0007: drizzle cannot declare them)
    index("inspections_tenant_escalation_idx").on(t.tenantId, t.escalation, t.signedOffAt).where(sql`escalation is not null`),
    check("inspections_lot_number_one_line", oneLine("lot_number")),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({ columns: [t.tenantId, t.shipNoticeLineId], foreignColumns: [shipNoticeLines.tenantId, shipNoticeLines.id] }),
  ],
);

export const inspectionDefects = pgTable(
  "inspection_defects",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    inspectionId: uuid("inspection_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    defectTypeId: uuid("defect_type_id").notNull(),
    defectClass: text("defect_class", { enum: ["critical", "major", "minor"] }).notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("inspection_defects_tenant_type_key").on(t.tenantId, t.inspectionId, t.defectTypeId),
    foreignKey({ columns: [t.tenantId, t.inspectionId], foreignColumns: [inspections.tenantId, inspections.id] }),
    foreignKey({ columns: [t.tenantId, t.defectTypeId], foreignColumns: [defectTypes.tenantId, defectTypes.id] }),
  ],
);

export const inspectionMeasurements = pgTable(
  "inspection_measurements",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    inspectionId: uuid("inspection_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    position: integer("position").notNull(),
    characteristic: text("characteristic").notNull(),
    unit: text("unit").notNull().default(""),
    minValue: numeric("min_value", { precision: 14, scale: 4 }),
    maxValue: numeric("max_value", { precision: 14, scale: 4 }),
    value: numeric("value", { precision: 14, scale: 4 }).notNull(),
    withinSpec: boolean("within_spec").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("inspection_measurements_tenant_inspection_idx").on(t.tenantId, t.inspectionId, t.position),
    foreignKey({ columns: [t.tenantId, t.inspectionId], foreignColumns: [inspections.tenantId, inspections.id] }),
  ],
);

export const inspectionPhotos = pgTable(
  "inspection_photos",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    inspectionId: uuid("inspection_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    contentType: text("content_type", { enum: ["image/jpeg", "image/png"] }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    // where the bytes live in the photo store (outside the web root), never a client-chosen name
    storageKey: text("storage_key").notNull(),
    fileName: text("file_name").notNull(),
    caption: text("caption").notNull().default(""),
    uploadedBy: uuid("uploaded_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("inspection_photos_tenant_inspection_idx").on(t.tenantId, t.inspectionId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.inspectionId], foreignColumns: [inspections.tenantId, inspections.id] }),
  ],
);

/** Switching state (normal / tightened / reduced / discontinued) per partner × item. */
export const switchingStates = pgTable(
  "switching_states",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    partnerId: uuid("partner_id").notNull(),
    itemId: uuid("item_id").notNull(),
    severity: text("severity", { enum: ["normal", "tightened", "reduced"] }).notNull().default("normal"),
    discontinued: boolean("discontinued").notNull().default(false),
    // the full SwitchingState of app/domain/aql-switching.ts (recent results, score, counters)
    state: jsonb("state").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("switching_states_tenant_partner_item_key").on(t.tenantId, t.partnerId, t.itemId),
    index("switching_states_tenant_updated_idx").on(t.tenantId, t.updatedAt, t.id),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
  ],
);

/** Every change of a switching state: lots fed in and quality users' decisions. */
export const switchingEvents = pgTable(
  "switching_events",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    switchingStateId: uuid("switching_state_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    event: text("event").notNull(),
    inspectionId: uuid("inspection_id"),
    fromSeverity: text("from_severity").notNull(),
    toSeverity: text("to_severity").notNull(),
    switchingScore: integer("switching_score").notNull(),
    reason: text("reason").notNull().default(""),
    actorUserId: uuid("actor_user_id"),
    actorName: text("actor_name"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("switching_events_tenant_state_idx").on(t.tenantId, t.switchingStateId, t.at, t.id),
    foreignKey({ columns: [t.tenantId, t.switchingStateId], foreignColumns: [switchingStates.tenantId, switchingStates.id] }),
  ],
);

// ---------- inventory at contract fillers ----------

/** The append-only ledger: the book quantity of a facility × item × lot is the sum of its movements. */
export const inventoryMovements = pgTable(
  "inventory_movements",
  {
    tenantId: tenantId(),
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    partnerId: uuid("partner_id").notNull(),
    facilityId: uuid("facility_id").notNull(),
    itemId: uuid("item_id").notNull(),
    lot: text("lot").notNull().default(""),
    kind: text("kind", { enum: ["opening_balance", "receipt", "consumption", "production_output", "transfer_out", "approved_adjustment"] }).notNull(),
    // signed: consumption and transfers out are negative
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    movedOn: date("moved_on").notNull(),
    reference: text("reference").notNull().default(""),
    countId: uuid("count_id"),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("inventory_movements_tenant_stock_idx").on(t.tenantId, t.facilityId, t.itemId, t.lot, t.movedOn),
    index("inventory_movements_tenant_partner_idx").on(t.tenantId, t.partnerId, t.id),
    index("inventory_movements_tenant_kind_idx").on(t.tenantId, t.kind, t.movedOn),
    check("inventory_movements_moved_on_in_range", businessDate("moved_on")),
    check("inventory_movements_lot_one_line", oneLine("lot")),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
  ],
);

/**
 * The running book per facility × item × lot, changed in the same transaction as each movement.
 * Its row lock is the one serialisation point between posting and counting.
 */
export const inventoryBalances = pgTable(
  "inventory_balances",
  {
    tenantId: tenantId(),
    facilityId: uuid("facility_id").notNull(),
    itemId: uuid("item_id").notNull(),
    lot: text("lot").notNull().default(""),
    partnerId: uuid("partner_id").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull().default("0"),
    lastMovementId: bigint("last_movement_id", { mode: "number" }),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.facilityId, t.itemId, t.lot] }),
    index("inventory_balances_tenant_partner_idx").on(t.tenantId, t.partnerId, t.facilityId),
    check("inventory_balances_lot_one_line", oneLine("lot")),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
  ],
);

/** The tenant's root causes for count discrepancies. */
export const countReasons = pgTable(
  "count_reasons",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("count_reasons_tenant_code_key").on(t.tenantId, sql`lower(${t.code})`)],
);

export const stockCounts = pgTable(
  "stock_counts",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    number: text("number").notNull(),
    partnerId: uuid("partner_id").notNull(),
    facilityId: uuid("facility_id").notNull(),
    // full: every item held there; cycle: the items of one ABC class
    scope: text("scope", { enum: ["full", "cycle"] }).notNull(),
    abcClass: text("abc_class", { enum: ["A", "B", "C"] }),
    dueOn: date("due_on").notNull(),
    status: text("status", {
      enum: ["scheduled", "in_progress", "submitted", "recount_requested", "awaiting_root_cause", "awaiting_approval", "completed", "cancelled"],
    })
      .notNull()
      .default("scheduled"),
    notes: text("notes").notNull().default(""),
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedBy: uuid("submitted_by"),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("stock_counts_tenant_number_key").on(t.tenantId, t.number),
    index("stock_counts_tenant_due_idx").on(t.tenantId, t.status, t.dueOn, t.id),
    index("stock_counts_tenant_partner_idx").on(t.tenantId, t.partnerId, t.dueOn, t.id),
    index("stock_counts_tenant_facility_idx").on(t.tenantId, t.facilityId, t.completedAt),
    check("stock_counts_due_on_in_range", businessDate("due_on")),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
  ],
);

export const stockCountLines = pgTable(
  "stock_count_lines",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    countId: uuid("count_id").notNull(),
    partnerId: uuid("partner_id").notNull(),
    itemId: uuid("item_id").notNull(),
    lot: text("lot").notNull().default(""),
    abcClass: text("abc_class", { enum: ["A", "B", "C"] }).notNull(),
    // a line the counter added (stock found that was not on the list): only such lines may be removed
    addedByCounter: boolean("added_by_counter").notNull().default(false),
    status: text("status", { enum: ["counted", "accepted", "recount_requested", "needs_root_cause", "awaiting_approval", "approved", "adjustment_rejected"] })
      .notNull()
      .default("counted"),
    counted: numeric("counted", { precision: 14, scale: 3 }),
    // the book at the moment of submission (blind: never shown to the counter before that)
    bookSnapshot: numeric("book_snapshot", { precision: 14, scale: 3 }),
    // the last ledger movement included in the snapshot: the book is exactly the movements up to it
    bookSnapshotMovementId: bigint("book_snapshot_movement_id", { mode: "number" }),
    recounted: numeric("recounted", { precision: 14, scale: 3 }),
    recountBookSnapshot: numeric("recount_book_snapshot", { precision: 14, scale: 3 }),
    recountSnapshotMovementId: bigint("recount_snapshot_movement_id", { mode: "number" }),
    tolerancePct: numeric("tolerance_pct", { precision: 5, scale: 2 }),
    varianceUnits: numeric("variance_units", { precision: 14, scale: 3 }),
    variancePct: numeric("variance_pct", { precision: 9, scale: 2 }),
    varianceValue: numeric("variance_value", { precision: 16, scale: 2 }),
    withinTolerance: boolean("within_tolerance"),
    // the first count's judgement, for record accuracy (lines within tolerance ÷ lines counted)
    firstWithinTolerance: boolean("first_within_tolerance"),
    reasonId: uuid("reason_id"),
    rootCause: text("root_cause"),
    decisionComment: text("decision_comment"),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    adjustmentMovementId: bigint("adjustment_movement_id", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("stock_count_lines_tenant_item_key").on(t.tenantId, t.countId, t.itemId, t.lot),
    index("stock_count_lines_tenant_partner_idx").on(t.tenantId, t.partnerId, t.countId),
    check("stock_count_lines_lot_one_line", oneLine("lot")),
    foreignKey({ columns: [t.tenantId, t.countId], foreignColumns: [stockCounts.tenantId, stockCounts.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
  ],
);

// ---------- capacity ----------

/** A partner's available capacity per facility, resource (production line) and ISO week, in units. */
export const capacityDeclarations = pgTable(
  "capacity_declarations",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    partnerId: uuid("partner_id").notNull(),
    facilityId: uuid("facility_id").notNull(),
    resource: text("resource").notNull(),
    // ISO 8601 week key, e.g. 2026-W05
    week: text("week").notNull(),
    capacity: numeric("capacity", { precision: 14, scale: 3 }).notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull().defaultNow(),
    confirmedBy: uuid("confirmed_by"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("capacity_declarations_tenant_cell_key").on(t.tenantId, t.facilityId, t.resource, t.week),
    index("capacity_declarations_tenant_partner_idx").on(t.tenantId, t.partnerId, t.week),
    index("capacity_declarations_tenant_week_idx").on(t.tenantId, t.week, t.facilityId),
    check("capacity_declarations_week_in_range", businessWeek("week")),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
  ],
);

/** Every change of a declared capacity: who, when, the previous value and the new one. Append-only. */
export const capacityHistory = pgTable(
  "capacity_history",
  {
    tenantId: tenantId(),
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    partnerId: uuid("partner_id").notNull(),
    facilityId: uuid("facility_id").notNull(),
    resource: text("resource").notNull(),
    week: text("week").notNull(),
    previous: numeric("previous", { precision: 14, scale: 3 }),
    capacity: numeric("capacity", { precision: 14, scale: 3 }).notNull(),
    source: text("source", { enum: ["grid", "csv"] }).notNull(),
    changedBy: uuid("changed_by"),
    changedByName: text("changed_by_name"),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("capacity_history_tenant_facility_idx").on(t.tenantId, t.facilityId, t.id),
    index("capacity_history_tenant_partner_idx").on(t.tenantId, t.partnerId, t.id),
  ],
);

/** The day a partner was last reminded that its capacity is stale: claimed atomically, so one server sends it. */
export const capacityReminders = pgTable(
  "capacity_reminders",
  {
    tenantId: tenantId(),
    partnerId: uuid("partner_id").notNull(),
    remindedOn: date("reminded_on").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.partnerId] }),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
  ],
);

/** Where a partner makes an item: the facility and resource its PO lines load, unless a line is overridden. */
export const itemResources = pgTable(
  "item_resources",
  {
    tenantId: tenantId(),
    partnerId: uuid("partner_id").notNull(),
    itemId: uuid("item_id").notNull(),
    facilityId: uuid("facility_id").notNull(),
    resource: text("resource").notNull(),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.partnerId, t.itemId] }),
    index("item_resources_tenant_facility_idx").on(t.tenantId, t.facilityId, t.resource),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
  ],
);

/**
 * Demand kept per partner, routed facility and resource, and ISO week: the open quantity (ordered −
 * shipped) of lines of confirmed orders, routed as capacity-load.server.ts routes it (facility and
 * resource null when unrouted). Never written by the application: triggers (migration 0021) refresh a
 * partner's affected weeks in the same transaction whenever its order lines, order statuses or item
 * routes change, so the heatmap and the open-capacity search read a few rows per week instead of
 * adding up every open line.
 */
export const capacityDemand = pgTable(
  "capacity_demand",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    partnerId: uuid("partner_id").notNull(),
    facilityId: uuid("facility_id"),
    resource: text("resource"),
    // ISO 8601 week key, e.g. 2026-W05
    week: text("week").notNull(),
    demand: numeric("demand", { precision: 18, scale: 3 }).notNull(),
    lines: integer("lines").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("capacity_demand_tenant_key").on(t.tenantId, t.partnerId, t.week, t.facilityId, t.resource).nullsNotDistinct(),
    index("capacity_demand_tenant_week_idx").on(t.tenantId, t.week, t.facilityId, t.resource),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
  ],
);

// ---------- demand forecasts ----------

/** A demand forecast a planner publishes to a partner: item × ISO week quantities; the partner commits per line. */
export const forecasts = pgTable(
  "forecasts",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    number: text("number").notNull(),
    partnerId: uuid("partner_id").notNull(),
    title: text("title").notNull().default(""),
    note: text("note").notNull().default(""),
    // draft -> published -> committed; a newer published forecast to the same partner supersedes it
    status: text("status", { enum: ["draft", "published", "committed", "superseded"] }).notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: uuid("published_by"),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    respondedBy: uuid("responded_by"),
    responseNote: text("response_note").notNull().default(""),
    // the last answer was recorded by a planner for the partner (its commitment sent another way)
    respondedOnBehalf: boolean("responded_on_behalf").notNull().default(false),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("forecasts_tenant_number_key").on(t.tenantId, t.number),
    index("forecasts_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("forecasts_tenant_partner_idx").on(t.tenantId, t.partnerId, t.createdAt, t.id),
    foreignKey({ columns: [t.tenantId, t.partnerId], foreignColumns: [partners.tenantId, partners.id] }),
  ],
);

export const forecastLines = pgTable(
  "forecast_lines",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    forecastId: uuid("forecast_id").notNull(),
    // copied from the forecast so row-level security can limit partner users without a join
    partnerId: uuid("partner_id").notNull(),
    itemId: uuid("item_id").notNull(),
    week: text("week").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    committedQuantity: numeric("committed_quantity", { precision: 14, scale: 3 }),
    comment: text("comment").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("forecast_lines_tenant_cell_key").on(t.tenantId, t.forecastId, t.itemId, t.week),
    index("forecast_lines_tenant_partner_idx").on(t.tenantId, t.partnerId, t.week),
    check("forecast_lines_week_in_range", businessWeek("week")),
    foreignKey({ columns: [t.tenantId, t.forecastId], foreignColumns: [forecasts.tenantId, forecasts.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
  ],
);

/** Tables that belong to one tenant: each must have RLS enabled, forced and a policy. */
/**
 * Per-company document numbers (ASN-, INS-, CNT-): the last number given per counter. Read and
 * advanced only through next_tenant_number() (migration 0025), so one company's numbering never
 * reveals another's volume, and a rolled-back document gives its number back.
 */
export const tenantCounters = pgTable(
  "tenant_counters",
  {
    tenantId: tenantId(),
    name: text("name").notNull(),
    value: bigint("value", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);

export const TENANT_TABLES = [
  "partners",
  "facilities",
  "items",
  "memberships",
  "invitations",
  "audit_log",
  "emails",
  "tenant_settings",
  "purchase_orders",
  "po_lines",
  "po_revisions",
  "ship_notices",
  "ship_notice_lines",
  "receipts",
  "item_aql_overrides",
  "defect_types",
  "inspections",
  "inspection_defects",
  "inspection_measurements",
  "inspection_photos",
  "switching_states",
  "switching_events",
  "inventory_movements",
  "inventory_balances",
  "count_reasons",
  "stock_counts",
  "stock_count_lines",
  "capacity_declarations",
  "capacity_history",
  "capacity_reminders",
  "item_resources",
  "forecasts",
  "forecast_lines",
  "capacity_demand",
  "tenant_counters",
] as const;

export type Role = (typeof memberships.$inferSelect)["role"];
export type PartnerKind = (typeof partners.$inferSelect)["kind"];
