// Demo data. The names here are relied on by checks outside the project: keep them exactly.
// Global rows (tenants, users) are written by the owner; tenant rows through withTenant, as the
// application role, so the seed itself goes through row-level security.
import { and, eq } from "drizzle-orm";
import { listMemberships, type TenantContext } from "../app/server/auth.server";
import { isPartnerRole } from "../app/domain/permissions";
import type { Db } from "../app/server/db.server";
import { hashPassword } from "../app/server/password.server";
import { withTenant } from "../app/server/tenant.server";
import { seedInspections } from "./seed-inspections";
import { seedCapacity, seedCapacityLoad } from "./seed-capacity";
import { seedForecasts } from "./seed-forecasts";
import { seedInventory } from "./seed-inventory";
import { seedOrders } from "./seed-orders";
import { facilities, items, memberships, partners, tenants, tenantSettings, users, type PartnerKind, type Role } from "./schema";

export const DEMO_PASSWORD = "portal-demo-2026";

export const DEMO_LOGINS = [
  { email: "admin@northwind.test", description: "Northwind Foods — admin" },
  { email: "director@northwind.test", description: "Northwind Foods — production director" },
  { email: "planner@northwind.test", description: "Northwind Foods — planner" },
  { email: "quality@northwind.test", description: "Northwind Foods — quality" },
  { email: "supplier@sunrise.test", description: "Sunrise Packaging — supplier in Northwind AND Contoso" },
  { email: "filler@delta.test", description: "Delta Co-Packers — contract filler (Northwind)" },
  { email: "ops@metro3pd.test", description: "Metro Production Services — 3PD (Northwind)" },
  { email: "dispatch@fastfreight.test", description: "FastFreight — carrier (Northwind)" },
  { email: "admin@contoso.test", description: "Contoso Beverages — admin" },
  { email: "supplier@bluepeak.test", description: "BluePeak Glass — supplier (Contoso)" },
] as const;

export async function hasDemoData(db: Db): Promise<boolean> {
  const rows = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "northwind"));
  return rows.length > 0;
}

// ---- small factories, shared with the tests and the bench ----

/**
 * A member's TenantContext, built as requireTenantMember builds it (memberships read through RLS by
 * user id, the partner read in the tenant), for scripts and tests that act as that member.
 */
export async function memberContext(db: Db, email: string, slug: string): Promise<TenantContext> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  const m = (await listMemberships(user.id)).find((x) => x.tenantSlug === slug);
  if (!m) throw new Error(`no membership for ${email} in ${slug}`);
  let partnerName: string | null = null;
  let partnerKind: TenantContext["partnerKind"] = null;
  if (m.partnerId) {
    const [p] = await withTenant({ tenantId: m.tenantId, partnerId: null, userId: null }, (tx) =>
      tx.select().from(partners).where(and(eq(partners.tenantId, m.tenantId), eq(partners.id, m.partnerId!))),
    );
    partnerName = p.name;
    partnerKind = p.kind;
  }
  return { ...m, partnerName, partnerKind, userId: user.id, userEmail: user.email, userName: user.name, isPartner: isPartnerRole(m.role) };
}

export async function createTenant(db: Db, slug: string, name: string) {
  const [t] = await db.insert(tenants).values({ slug, name }).returning();
  await withTenant({ tenantId: t.id, partnerId: null, userId: null }, (tx) => tx.insert(tenantSettings).values({ tenantId: t.id }));
  return t;
}

export async function createUser(db: Db, email: string, name: string, password: string | null = DEMO_PASSWORD) {
  const [u] = await db
    .insert(users)
    .values({ email, name, passwordHash: password ? await hashPassword(password) : null })
    .returning();
  return u;
}

export async function createPartner(
  tenantId: string,
  data: { name: string; kind: PartnerKind; code?: string; contactEmail?: string },
) {
  return withTenant({ tenantId, partnerId: null, userId: null }, async (tx) => {
    const [p] = await tx.insert(partners).values({ tenantId, ...data }).returning();
    return p;
  });
}

export async function createFacility(
  tenantId: string,
  partnerId: string,
  data: { name: string; address?: string; city?: string; country?: string; resources?: string[] },
) {
  return withTenant({ tenantId, partnerId: null, userId: null }, async (tx) => {
    const [f] = await tx.insert(facilities).values({ tenantId, partnerId, ...data }).returning();
    return f;
  });
}

export async function addMember(tenantId: string, userId: string, role: Role, partnerId: string | null = null) {
  return withTenant({ tenantId, partnerId: null, userId: null }, async (tx) => {
    const [m] = await tx.insert(memberships).values({ tenantId, userId, role, partnerId }).returning();
    return m;
  });
}

const ITEM_NAMES: [string, string, "A" | "B" | "C", number, string][] = [
  ["PKG-BTL-500", "PET bottle 500 ml, clear", "A", 21, "ea"],
  ["PKG-BTL-1000", "PET bottle 1 l, clear", "A", 21, "ea"],
  ["PKG-CAP-28", "Closure 28 mm, tamper-evident", "A", 14, "ea"],
  ["PKG-LBL-OJ", "Wrap label, orange juice 1 l", "B", 10, "ea"],
  ["PKG-LBL-AJ", "Wrap label, apple juice 1 l", "B", 10, "ea"],
  ["PKG-CTN-12", "Shipper carton, 12 x 1 l", "B", 14, "ea"],
  ["PKG-CTN-24", "Shipper carton, 24 x 500 ml", "B", 14, "ea"],
  ["PKG-SHRINK", "Shrink film, 450 mm", "C", 20, "kg"],
  ["PKG-PALLET", "Pallet, EUR, heat treated", "C", 7, "ea"],
  ["PKG-GLASS-330", "Glass bottle 330 ml, amber", "A", 35, "ea"],
  ["RM-SUGAR", "Sugar, granulated", "A", 10, "kg"],
  ["RM-OJC", "Orange juice concentrate 65 Brix", "A", 45, "kg"],
  ["RM-AJC", "Apple juice concentrate 70 Brix", "A", 45, "kg"],
  ["RM-CITRIC", "Citric acid, anhydrous", "C", 14, "kg"],
  ["RM-ASCORBIC", "Ascorbic acid (vitamin C)", "C", 21, "kg"],
  ["RM-PECTIN", "Pectin, high methoxyl", "C", 30, "kg"],
  ["RM-OATS", "Rolled oats", "B", 14, "kg"],
  ["RM-HONEY", "Honey, blended", "B", 30, "kg"],
  ["RM-COCOA", "Cocoa powder 10-12%", "B", 30, "kg"],
  ["RM-SALT", "Salt, fine", "C", 7, "kg"],
  ["FG-OJ-1L", "Orange juice 1 l", "A", 5, "ea"],
  ["FG-AJ-1L", "Apple juice 1 l", "A", 5, "ea"],
  ["FG-OJ-500", "Orange juice 500 ml", "A", 5, "ea"],
  ["FG-GRANOLA", "Honey granola 500 g", "B", 7, "ea"],
  ["FG-COCOA-BAR", "Cocoa oat bar 40 g", "B", 7, "ea"],
  ["FG-JAM-STR", "Strawberry jam 340 g", "C", 10, "ea"],
  ["FG-JAM-APR", "Apricot jam 340 g", "C", 10, "ea"],
  ["FG-TEA-ICED", "Iced tea lemon 500 ml", "B", 5, "ea"],
  ["FG-WATER-SP", "Sparkling water 330 ml", "C", 5, "ea"],
  ["FG-SMOOTHIE", "Berry smoothie 250 ml", "B", 5, "ea"],
  ["SP-GASKET", "Filler valve gasket", "C", 30, "ea"],
  ["SP-NOZZLE", "Filler nozzle, 28 mm", "C", 30, "ea"],
  ["CH-CIP-ACID", "CIP acid detergent", "C", 10, "l"],
  ["CH-CIP-CAUSTIC", "CIP caustic detergent", "C", 10, "l"],
  ["PKG-TRAY-6", "Display tray, 6 x 1 l", "B", 14, "ea"],
  ["PKG-STRAW", "Paper straw, wrapped", "C", 21, "ea"],
];

export async function seedDemo(db: Db) {
  const northwind = await createTenant(db, "northwind", "Northwind Foods");
  const contoso = await createTenant(db, "contoso", "Contoso Beverages");
  const u = async (email: string, name: string) => createUser(db, email, name);

  const nwAdmin = await u("admin@northwind.test", "Nadia Admin");
  const nwDirector = await u("director@northwind.test", "Diego Director");
  const nwPlanner = await u("planner@northwind.test", "Priya Planner");
  const nwQuality = await u("quality@northwind.test", "Quinn Quality");
  const sunriseUser = await u("supplier@sunrise.test", "Sam Sunrise");
  const deltaUser = await u("filler@delta.test", "Dana Delta");
  const metroUser = await u("ops@metro3pd.test", "Mo Metro");
  const fastUser = await u("dispatch@fastfreight.test", "Fran Freight");
  const coAdmin = await u("admin@contoso.test", "Carla Contoso");
  const bluepeakUser = await u("supplier@bluepeak.test", "Ben BluePeak");

  // Northwind Foods
  const sunrise = await createPartner(northwind.id, { name: "Sunrise Packaging", kind: "supplier", code: "SUN", contactEmail: "supplier@sunrise.test" });
  const delta = await createPartner(northwind.id, { name: "Delta Co-Packers", kind: "contract_filler", code: "DCP", contactEmail: "filler@delta.test" });
  const metro = await createPartner(northwind.id, { name: "Metro Production Services", kind: "3pd", code: "MPS", contactEmail: "ops@metro3pd.test" });
  const fast = await createPartner(northwind.id, { name: "FastFreight", kind: "carrier", code: "FF", contactEmail: "dispatch@fastfreight.test" });
  await createFacility(northwind.id, sunrise.id, { name: "Sunrise Packaging — Leeds plant", address: "12 Mill Lane", city: "Leeds", country: "GB", resources: ["Blow moulder 1", "Blow moulder 2", "Label press"] });
  await createFacility(northwind.id, delta.id, { name: "Delta Co-Packers — Rotterdam", address: "Havenstraat 40", city: "Rotterdam", country: "NL", resources: ["Filling line A", "Filling line B"] });
  await createFacility(northwind.id, delta.id, { name: "Delta Co-Packers — Antwerp", address: "Kaai 7", city: "Antwerp", country: "BE", resources: ["Filling line C"] });
  await createFacility(northwind.id, metro.id, { name: "Metro Production — Lyon", address: "5 Rue de l'Industrie", city: "Lyon", country: "FR", resources: ["Bar line", "Granola oven"] });
  await createFacility(northwind.id, fast.id, { name: "FastFreight — Venlo hub", address: "Logistiekweg 2", city: "Venlo", country: "NL", resources: ["Dock 1-8"] });

  await addMember(northwind.id, nwAdmin.id, "admin");
  await addMember(northwind.id, nwDirector.id, "director");
  await addMember(northwind.id, nwPlanner.id, "planner");
  await addMember(northwind.id, nwQuality.id, "quality");
  await addMember(northwind.id, sunriseUser.id, "partner_admin", sunrise.id);
  await addMember(northwind.id, deltaUser.id, "partner_admin", delta.id);
  await addMember(northwind.id, metroUser.id, "partner_admin", metro.id);
  await addMember(northwind.id, fastUser.id, "partner_admin", fast.id);

  await withTenant({ tenantId: northwind.id, partnerId: null, userId: null }, async (tx) => {
    await tx.insert(items).values(
      ITEM_NAMES.map(([code, description, abcClass, leadTimeDays, uom], i) => ({
        tenantId: northwind.id,
        code,
        description,
        abcClass,
        leadTimeDays,
        uom,
        standardCost: (0.05 + ((i * 37) % 100) / 20).toFixed(4),
      })),
    );
  });

  // Contoso Beverages: the same Sunrise login, a separate partner record in this tenant
  const coSunrise = await createPartner(contoso.id, { name: "Sunrise Packaging", kind: "supplier", code: "SUN", contactEmail: "supplier@sunrise.test" });
  const bluepeak = await createPartner(contoso.id, { name: "BluePeak Glass", kind: "supplier", code: "BPG", contactEmail: "supplier@bluepeak.test" });
  await createFacility(contoso.id, coSunrise.id, { name: "Sunrise Packaging — Leeds plant", city: "Leeds", country: "GB", resources: ["Label press"] });
  await createFacility(contoso.id, bluepeak.id, { name: "BluePeak Glass — Porto", city: "Porto", country: "PT", resources: ["Furnace 1"] });
  // Contoso books its own FastFreight account: a separate partner record, with no portal users yet
  const coFast = await createPartner(contoso.id, { name: "FastFreight", kind: "carrier", code: "FF", contactEmail: "dispatch@fastfreight.test" });
  await createFacility(contoso.id, coFast.id, { name: "FastFreight — Venlo hub", city: "Venlo", country: "NL", resources: ["Dock 1-8"] });
  await addMember(contoso.id, coAdmin.id, "admin");
  await addMember(contoso.id, sunriseUser.id, "partner_admin", coSunrise.id);
  await addMember(contoso.id, bluepeakUser.id, "partner_admin", bluepeak.id);
  await withTenant({ tenantId: contoso.id, partnerId: null, userId: null }, async (tx) => {
    await tx.insert(items).values(
      ITEM_NAMES.filter(([code]) => code.startsWith("PKG") || code.startsWith("FG-WATER") || code.startsWith("FG-TEA")).map(
        ([code, description, abcClass, leadTimeDays, uom]) => ({ tenantId: contoso.id, code, description, abcClass, leadTimeDays, uom }),
      ),
    );
  });
  await seedOrders(db);
  await seedInspections(db);
  await seedInventory(db);
  await seedCapacity(db);
  await seedForecasts(db);
  // after the items are routed, so the demo's over-commitment is weighed and flagged
  await seedCapacityLoad(db);
  return { northwind, contoso };
}
