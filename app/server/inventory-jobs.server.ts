// Scheduled inventory mail: reminders before a count is due, and the out-of-stock risk alert to
// planners. Each run is idempotent (a reminder is sent once per count; the alert once per day), so
// any number of app servers may run the timer; a job queue (pg-boss) can take this over later.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { facilities, inventoryBalances, items, partners, stockCountLines, stockCounts, tenants, tenantSettings } from "../../drizzle/schema";
import { coverAlertEmail, countReminderEmail } from "../../emails/inventory";
import { daysOfCover, isOverdue } from "../domain/inventory";
import { addDecimals } from "../domain/po";
import type { Tx } from "./db.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { sendTenantEmail } from "./mail.server";
import { sendStaleCapacityReminders } from "./capacity.server";
import { consumedSince } from "./inventory.server";
import { partnerRecipients, roleRecipients } from "./recipients.server";
import { withTenant } from "./tenant.server";
import { logErrorLine } from "./log.server";

const day = (d: Date) => d.toISOString().slice(0, 10);

async function allTenants() {
  const db = await getDb();
  return db.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).orderBy(asc(tenants.slug));
}

async function settingsOf(tx: Tx, tenantId: string) {
  const rows = await tx.execute(sql`select count_reminder_days, cover_threshold_days from tenant_settings where tenant_id = ${tenantId}`);
  const r = (Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: Record<string, number>[] }).rows[0]) as { count_reminder_days?: number; cover_threshold_days?: number } | undefined;
  return { reminderDays: Number(r?.count_reminder_days ?? 3), thresholdDays: Number(r?.cover_threshold_days ?? 10) };
}

/** Remind each filler once about every open count due within the tenant's reminder days (or overdue). */
export async function sendCountReminders(now = new Date()): Promise<number> {
  let sent = 0;
  for (const t of await allTenants()) {
    sent += await withTenant({ tenantId: t.id, partnerId: null, userId: null }, async (tx) => {
      const { reminderDays } = await settingsOf(tx, t.id);
      const until = day(new Date(now.getTime() + reminderDays * 86_400_000));
      const due = await tx
        .select({ count: stockCounts, facilityName: facilities.name })
        .from(stockCounts)
        .innerJoin(facilities, and(eq(facilities.tenantId, stockCounts.tenantId), eq(facilities.id, stockCounts.facilityId)))
        .where(and(eq(stockCounts.tenantId, t.id), inArray(stockCounts.status, ["scheduled", "in_progress"]), isNull(stockCounts.remindedAt), sql`${stockCounts.dueOn} <= ${until}::date`))
        .orderBy(asc(stockCounts.dueOn))
        .limit(500);
      let n = 0;
      // claim before sending: of several servers running this, exactly one reminds
      const claimed = due.length
        ? new Set(
            (
              await tx
                .update(stockCounts)
                .set({ remindedAt: now })
                .where(and(eq(stockCounts.tenantId, t.id), inArray(stockCounts.id, due.map((d) => d.count.id)), isNull(stockCounts.remindedAt)))
                .returning({ id: stockCounts.id })
            ).map((r) => r.id),
          )
        : new Set<string>();
      for (const { count, facilityName } of due.filter((d) => claimed.has(d.count.id))) {
        const [{ lines }] = await tx
          .select({ lines: sql<number>`count(*)::int` })
          .from(stockCountLines)
          .where(and(eq(stockCountLines.tenantId, t.id), eq(stockCountLines.countId, count.id)));
        const email = countReminderEmail({
          tenantName: t.name,
          number: count.number,
          facilityName,
          dueOn: count.dueOn,
          scope: count.scope === "full" ? "full count" : `cycle count of class ${count.abcClass} items`,
          lines,
          url: `${getEnv().APP_URL}/${t.slug}/counts/${count.id}`,
          overdue: isOverdue(count.dueOn, day(now)),
        });
        for (const to of await partnerRecipients(tx, t.id, count.partnerId)) {
          await sendTenantEmail(tx, t.id, to, email);
          n++;
        }
      }
      return n;
    });
  }
  return sent;
}

/** Items under the tenant's days-of-cover threshold at any filler, for planners (the page lists the same). */
export async function lowCover(tx: Tx, tenantId: string, now = new Date()) {
  const { thresholdDays } = await settingsOf(tx, tenantId);
  const since = day(new Date(now.getTime() - 28 * 86_400_000));
  const rows = await tx
    .select({
      facility: facilities.name,
      partnerName: partners.name,
      itemCode: items.code,
      lot: inventoryBalances.lot,
      book: inventoryBalances.quantity,
      consumed28: consumedSince(since),
    })
    .from(inventoryBalances)
    .innerJoin(items, and(eq(items.tenantId, inventoryBalances.tenantId), eq(items.id, inventoryBalances.itemId)))
    .innerJoin(facilities, and(eq(facilities.tenantId, inventoryBalances.tenantId), eq(facilities.id, inventoryBalances.facilityId)))
    .innerJoin(partners, and(eq(partners.tenantId, inventoryBalances.tenantId), eq(partners.id, inventoryBalances.partnerId)))
    .where(eq(inventoryBalances.tenantId, tenantId));
  // per item at each filler: all its lots together
  const byItem = new Map<string, { facility: string; partnerName: string; itemCode: string; lot: string; book: string; consumed: string }>();
  for (const r of rows) {
    const key = `${r.facility}|${r.itemCode}`;
    const t = byItem.get(key) ?? { facility: r.facility, partnerName: r.partnerName, itemCode: r.itemCode, lot: "", book: "0", consumed: "0" };
    byItem.set(key, { ...t, book: addDecimals(t.book, r.book), consumed: addDecimals(t.consumed, r.consumed28) });
  }
  return {
    thresholdDays,
    rows: [...byItem.values()]
      .map((r) => ({ ...r, daysOfCover: daysOfCover(r.book, r.consumed) }))
      .filter((r): r is typeof r & { daysOfCover: number } => r.daysOfCover !== null && r.daysOfCover < thresholdDays)
      .sort((a, b) => a.daysOfCover - b.daysOfCover),
  };
}

/** Mail planners the items under the threshold, once a day per tenant (claimed in the database). */
export async function sendCoverAlerts(now = new Date()): Promise<number> {
  let sent = 0;
  for (const t of await allTenants()) {
    sent += await withTenant({ tenantId: t.id, partnerId: null, userId: null }, async (tx) => {
      const { thresholdDays, rows } = await lowCover(tx, t.id, now);
      if (!rows.length) return 0;
      await tx.insert(tenantSettings).values({ tenantId: t.id }).onConflictDoNothing();
      const [claim] = await tx
        .update(tenantSettings)
        .set({ coverAlertedOn: day(now) })
        .where(and(eq(tenantSettings.tenantId, t.id), sql`(${tenantSettings.coverAlertedOn} is null or ${tenantSettings.coverAlertedOn} < ${day(now)}::date)`))
        .returning({ tenantId: tenantSettings.tenantId });
      if (!claim) return 0;
      const email = coverAlertEmail({
        tenantName: t.name,
        thresholdDays,
        rows: rows.map((r) => ({ facility: r.facility, itemCode: r.itemCode, lot: r.lot, book: r.book, daysOfCover: r.daysOfCover })),
        url: `${getEnv().APP_URL}/${t.slug}/inventory`,
      });
      const to = (await roleRecipients(tx, t.id, ["planner"])).map((r) => r.email);
      for (const address of to) await sendTenantEmail(tx, t.id, address, email);
      return to.length;
    });
  }
  return sent;
}

/** Started by server.ts: the inventory and capacity mail every hour (and shortly after start). */
export function startInventoryJobs(intervalMs = 3_600_000) {
  const run = async () => {
    try {
      await sendCountReminders();
      await sendCoverAlerts();
      await sendStaleCapacityReminders();
    } catch (e) {
      logErrorLine({ job: "inventory" }, e);
    }
  };
  const first = setTimeout(run, 15_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
