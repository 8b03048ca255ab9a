// Demo routing and forecasts. Where Metro and Delta make Northwind's items (item_resources: the
// capacity their orders and forecasts load), then forecasts made through the same functions the pages
// use (so the audit log is real), with mail off: Metro's earlier forecast, superseded by the current
// one, which Metro committed to, short where its bar line is full; Delta's and Sunrise's awaiting an
// answer; a draft for Delta; and one from Contoso to its Sunrise.
import { eq } from "drizzle-orm";
import { defaultFirstWeek, type ForecastCell } from "../app/domain/forecast";
import { weekRange } from "../app/domain/iso-week";
import { compareDecimal } from "../app/domain/po";
import type { TenantContext } from "../app/server/auth.server";
import type { Db } from "../app/server/db.server";
import { createForecast, getForecast, publishForecast, respondToForecast, saveForecastGrid } from "../app/server/forecasts.server";
import { withoutMail } from "../app/server/mail.server";
import { withTenant } from "../app/server/tenant.server";
import { memberContext } from "./seed";
import { facilities, itemResources, items, partners } from "./schema";

async function lookups(tenantId: string) {
  return withTenant({ tenantId, partnerId: null, userId: null }, async (tx) => ({
    partners: Object.fromEntries((await tx.select().from(partners).where(eq(partners.tenantId, tenantId))).map((p) => [p.name, p.id])),
    facilities: Object.fromEntries((await tx.select().from(facilities).where(eq(facilities.tenantId, tenantId))).map((f) => [f.name, f.id])),
    items: Object.fromEntries((await tx.select().from(items).where(eq(items.tenantId, tenantId))).map((i) => [i.code, i.id])),
  }));
}

/** Metro and Delta: each item they are ordered, on one resource of one of their facilities. */
const ROUTING: { partner: string; item: string; facility: string; resource: string }[] = [
  { partner: "Metro Production Services", item: "FG-COCOA-BAR", facility: "Metro Production — Lyon", resource: "Bar line" },
  { partner: "Metro Production Services", item: "FG-GRANOLA", facility: "Metro Production — Lyon", resource: "Granola oven" },
  { partner: "Delta Co-Packers", item: "FG-OJ-1L", facility: "Delta Co-Packers — Rotterdam", resource: "Filling line A" },
  { partner: "Delta Co-Packers", item: "FG-AJ-1L", facility: "Delta Co-Packers — Rotterdam", resource: "Filling line A" },
  { partner: "Delta Co-Packers", item: "FG-SMOOTHIE", facility: "Delta Co-Packers — Rotterdam", resource: "Filling line B" },
  { partner: "Delta Co-Packers", item: "FG-OJ-500", facility: "Delta Co-Packers — Antwerp", resource: "Filling line C" },
];

/** Northwind's item routing at Metro and Delta (used by forecasts and by capacity load). */
export async function seedItemResources(db: Db) {
  const planner = await memberContext(db, "planner@northwind.test", "northwind");
  const nw = await lookups(planner.tenantId);
  await withTenant({ tenantId: planner.tenantId, partnerId: null, userId: null }, async (tx) => {
    await tx
      .insert(itemResources)
      .values(
        ROUTING.map((r) => ({
          tenantId: planner.tenantId,
          partnerId: nw.partners[r.partner],
          itemId: nw.items[r.item],
          facilityId: nw.facilities[r.facility],
          resource: r.resource,
          updatedBy: planner.userId,
        })),
      )
      .onConflictDoNothing();
  });
}

async function versionOf(ctx: TenantContext, id: string, today: string) {
  const found = await getForecast(ctx, id, today);
  if (!found) throw new Error(`forecast ${id} is not visible to ${ctx.userEmail}`);
  return found.forecast.version;
}

/** A forecast of `quantities` (item code → one quantity per week) from `first` on, drafted and optionally published. */
async function forecast(
  planner: TenantContext,
  lookup: Awaited<ReturnType<typeof lookups>>,
  input: { partner: string; title: string; note: string; weeks: string[]; quantities: Record<string, number[]>; publish: boolean; today: string },
) {
  const { forecast: draft } = await createForecast(planner, { partnerId: lookup.partners[input.partner], title: input.title, note: input.note, weeks: input.weeks });
  const itemIds = Object.keys(input.quantities).map((code) => lookup.items[code]);
  const cells: ForecastCell[] = Object.entries(input.quantities).flatMap(([code, qs]) =>
    input.weeks.map((week, w) => ({ itemId: lookup.items[code], week, quantity: String(qs[w % qs.length]) })),
  );
  const saved = (await saveForecastGrid(planner, draft.id, draft.version, { weeks: input.weeks, itemIds, cells, added: null }))!;
  if (!input.publish) return saved;
  return (await publishForecast(planner, saved.id, saved.version, input.today))!.forecast;
}

/** The partner commits what its declared capacity allows, and the forecast where it has no capacity figure. */
async function commitWithinCapacity(partner: TenantContext, id: string, today: string, note: string) {
  const found = (await getForecast(partner, id, today))!;
  const answers = found.view.rows.flatMap((row) =>
    row.cells.map((c) => {
      const short = c.capacity !== null && compareDecimal(c.forecast, c.capacity) > 0;
      return { lineId: c.lineId!, committed: short ? c.capacity! : c.forecast, comment: short ? `${row.route?.resource ?? "The line"} is full that week.` : "" };
    }),
  );
  await respondToForecast(partner, id, found.forecast.version, { answers, responseNote: note });
}

export async function seedForecasts(db: Db) {
  await seedItemResources(db);
  await withoutMail(async () => {
    const today = new Date().toISOString().slice(0, 10);
    const planner = await memberContext(db, "planner@northwind.test", "northwind");
    const metro = await memberContext(db, "ops@metro3pd.test", "northwind");
    const nw = await lookups(planner.tenantId);
    const first = defaultFirstWeek(today);

    // Metro: last month's plan, committed in full, then replaced by this month's
    const earlier = await forecast(planner, nw, {
      partner: "Metro Production Services",
      title: "Bars and granola, rolling plan",
      note: "",
      weeks: weekRange(first, 8),
      quantities: { "FG-COCOA-BAR": [50000, 55000, 60000], "FG-GRANOLA": [12000, 14000] },
      publish: true,
      today,
    });
    await respondToForecast(metro, earlier.id, await versionOf(metro, earlier.id, today), {
      answers: (await getForecast(metro, earlier.id, today))!.view.rows.flatMap((r) => r.cells.map((c) => ({ lineId: c.lineId!, committed: c.forecast, comment: "" }))),
      responseNote: "",
    });

    // Delta: orange and apple juice share filling line A, which the promotion overfills in its maintenance week
    await forecast(planner, nw, {
      partner: "Delta Co-Packers",
      title: "Juices, next quarter",
      note: "Orange juice 1 l runs a promotion from week 5.",
      weeks: weekRange(first, 13),
      quantities: { "FG-OJ-1L": [20000, 20000, 22000, 24000, 36000, 40000, 30000], "FG-AJ-1L": [12000, 14000], "FG-OJ-500": [8000], "FG-SMOOTHIE": [0, 5000] },
      publish: true,
      today,
    });
    await forecast(planner, nw, {
      partner: "Sunrise Packaging",
      title: "Bottles and closures",
      note: "",
      weeks: weekRange(first, 8),
      quantities: { "PKG-BTL-500": [60000, 60000, 80000], "PKG-CAP-28": [60000, 60000, 80000], "PKG-LBL-OJ": [40000] },
      publish: true,
      today,
    });

    // Metro's current forecast: the cocoa bar peak doesn't fit the bar line in every week
    const current = await forecast(planner, nw, {
      partner: "Metro Production Services",
      title: "Bars and granola, rolling plan",
      note: "Cocoa bars peak with the back-to-school promotion.",
      weeks: weekRange(first, 8),
      quantities: { "FG-COCOA-BAR": [60000, 70000, 85000, 78000, 75000, 75000, 65000, 60000], "FG-GRANOLA": [12000, 14000, 15000, 16000, 18000, 18000, 16000, 15000] },
      publish: true,
      today,
    });
    await commitWithinCapacity(metro, current.id, today, "The bar line can't take the whole peak; we commit what it can make.");

    // a draft the partner doesn't see yet
    await forecast(planner, nw, {
      partner: "Delta Co-Packers",
      title: "Summer smoothies (draft)",
      note: "",
      weeks: weekRange(first, 13),
      quantities: { "FG-SMOOTHIE": [8000, 9000, 10000] },
      publish: false,
      today,
    });

    // Contoso: one forecast to its Sunrise
    const coAdmin = await memberContext(db, "admin@contoso.test", "contoso");
    const co = await lookups(coAdmin.tenantId);
    await forecast(coAdmin, co, {
      partner: "Sunrise Packaging",
      title: "Labels and closures",
      note: "",
      weeks: weekRange(first, 6),
      quantities: { "PKG-LBL-OJ": [15000, 18000], "PKG-CAP-28": [30000] },
      publish: true,
      today,
    });
  });
}
