// Helpers shared by the integration tests: build a member's context, run SQL as the application
// role, read the mail folder, and dig the PostgreSQL error out of a driver/ORM wrapper.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { Database, Tx } from "../../app/server/db.server";
import type { TenantContext } from "../../app/server/auth.server";
import { resetEnvCache } from "../../app/server/env.server";
import { memberContext } from "../../drizzle/seed";
import { DEMAND_STATUSES } from "../../app/domain/capacity";
import type { NewPoInput } from "../../app/server/purchase-orders.server";

/** A member's TenantContext (no session needed); the seed's factory, bound to a test database. */
export function contextFor(database: Database, email: string, slug: string): Promise<TenantContext> {
  return memberContext(database.db, email, slug);
}

/**
 * Run `fn` in a transaction as the application role with exactly the given settings
 * (none at all when `settings` is empty), so tests can probe the policies directly.
 */
export async function asAppRole<T>(database: Database, settings: Record<string, string>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql.raw("SET LOCAL ROLE portal_app"));
    for (const [name, value] of Object.entries(settings)) await tx.execute(sql`select set_config(${name}, ${value}, true)`);
    return fn(tx);
  });
}

/** Rows of a raw query, whichever driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function rowsOf<T = Record<string, unknown>>(q: Database["db"] | Tx, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The PostgreSQL error behind a thrown value (drizzle wraps it in `cause`). */
export function pgErrorOf(error: unknown): { code?: string; message: string } {
  let e = error as { code?: string; message?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, message: e.message ?? "" };
    e = e.cause as typeof e;
  }
  return { message: String((error as Error)?.message ?? error) };
}

/** Expect a promise to fail with a PostgreSQL error; returns it for further checks. */
export async function pgFailure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return pgErrorOf(e);
  }
  throw new Error("expected the statement to fail, but it succeeded");
}

/** Point the file mail transport at a fresh temporary folder. */
export async function useTempMailDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "portal-mail-"));
  process.env.MAIL_DIR = dir;
  delete process.env.SMTP_URL;
  resetEnvCache();
  return dir;
}

export interface SentMail {
  file: string;
  headers: string;
  to: string;
  subject: string;
  /** the whole message with quoted-printable soft breaks and escapes decoded */
  body: string;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    const m = soft[i] === "=" ? /^[0-9A-F]{2}$/i.exec(soft.slice(i + 1, i + 3)) : null;
    if (m) {
      bytes.push(parseInt(m[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " "))
  );
}

/** The .eml files written to the mail folder, oldest first. */
export async function readMailDir(dir: string): Promise<SentMail[]> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".eml")).sort();
  const out: SentMail[] = [];
  for (const name of names) {
    const raw = await fs.readFile(path.join(dir, name), "utf8");
    const split = raw.indexOf("\n\n");
    const headers = raw.slice(0, split).replace(/\n[ \t]+/g, " ");
    const header = (h: string) => decodeHeader(new RegExp(`^${h}: (.*)$`, "mi").exec(headers)?.[1] ?? "");
    // base64 parts are decoded too, in case nodemailer chose that encoding
    const body = decodeQuotedPrintable(raw.slice(split + 2)).replace(/Content-Transfer-Encoding: base64\n\n([A-Za-z0-9+/=\n]+)/g, (_m, b64: string) =>
      Buffer.from(b64.replace(/\n/g, ""), "base64").toString("utf8")
    );
    out.push({ file: name, headers, to: header("To"), subject: header("Subject"), body });
  }
  return out;
}

/** The Request a browser with this session token would send. */
export function requestWithSession(token: string | null, url = "http://localhost:3000/"): Request {
  return new Request(url, { headers: token ? { Cookie: `theme=dark; portal_session=${token}` } : {} });
}

/**
 * capacity_demand rows that differ from demand recomputed from the order lines (an independent SQL
 * oracle over every tenant, run as the owner, its statuses DEMAND_STATUSES): [] when the triggers kept
 * the table right.
 */
export async function capacityDemandDrift(database: Database) {
  return rowsOf<{ side: string; tenant_id: string; partner_id: string; facility_id: string | null; resource: string | null; week: string; demand: string; lines: number }>(
    database.db,
    sql`with live as (
          select l.tenant_id, l.partner_id, coalesce(l.capacity_facility_id, r.facility_id) as facility_id,
                 coalesce(l.capacity_resource, r.resource) as resource, to_char(l.committed_date, 'IYYY-"W"IW') as week,
                 sum(l.quantity - l.quantity_shipped)::numeric(18, 3) as demand, count(*)::int as lines
            from po_lines l
            join purchase_orders p on p.tenant_id = l.tenant_id and p.id = l.po_id
            left join item_resources r on r.tenant_id = l.tenant_id and r.partner_id = l.partner_id and r.item_id = l.item_id
           where not l.cancelled and l.committed_date is not null and l.quantity > l.quantity_shipped
             and p.status in (${sql.join(
               DEMAND_STATUSES.map((s) => sql`${s}`),
               sql`, `,
             )})
           group by 1, 2, 3, 4, 5),
        kept as (select tenant_id, partner_id, facility_id, resource, week, demand, lines from capacity_demand)
        (select 'missing' as side, * from live except select 'missing', * from kept)
        union all
        (select 'extra' as side, * from kept except select 'extra', * from live)`,
  );
}

/** A new order's input with the new-PO form's defaults: EUR, DAP, standard, priority 3, no terms or notes. */
export function poInput(fields: Pick<NewPoInput, "partnerId" | "shipToFacilityId" | "lines"> & Partial<NewPoInput>): NewPoInput {
  return { currency: "EUR", incoterms: "DAP", paymentTerms: "", orderType: "standard", priority: 3, notes: "", ...fields };
}
