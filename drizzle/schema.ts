// The portal's tables. Tenant-owned tables carry `tenant_id` first in every key and index;
// row-level security for them lives in the SQL migrations (drizzle cannot say FORCE).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

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

/** Tables that belong to one tenant: each must have RLS enabled, forced and a policy. */
export const TENANT_TABLES = [
  "partners",
  "facilities",
  "items",
  "memberships",
  "invitations",
  "audit_log",
  "emails",
] as const;

export type Role = (typeof memberships.$inferSelect)["role"];
export type PartnerKind = (typeof partners.$inferSelect)["kind"];
