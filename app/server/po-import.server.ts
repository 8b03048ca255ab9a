// Purchase-order CSV import: one tenant transaction for the whole file. References are looked up
// in a few bulk queries and the orders inserted in batches, so thousands of POs stay quick.
// Importing as issued mails each partner's users once, listing their new orders (one mail per PO
// would flood them).
import { and, eq, inArray, sql } from "drizzle-orm";
import { facilities, items, memberships, partners, poLines, poRevisions, purchaseOrders, users } from "../../drizzle/schema";
import { purchaseOrdersIssuedEmail } from "../../emails/purchase-orders-issued";
import { decodeTextUpload } from "../domain/csv";
import {
  importedRevision,
  importSnapshot,
  MAX_PO_CSV_BYTES,
  MAX_PO_IMPORT_ROWS,
  PO_CSV_COLUMNS,
  referencesOf,
  resolvePoImport,
  storedRevision,
  validatePoCsv,
  type ImportedPo,
  type ImportProblem,
} from "../domain/po-import";
import type { TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import type { Tx } from "./db.server";
import { getEnv } from "./env.server";
import { sendTenantEmail } from "./mail.server";
import { isUniqueViolation } from "./records.server";
import { withTenant } from "./tenant.server";

// Routes take these from here, not from the domain module: a .server module stays out of the
// browser bundle, and with it the CSV parser (csv-parse needs Node's Buffer).
export { MAX_PO_CSV_BYTES, MAX_PO_IMPORT_ROWS, PO_CSV_COLUMNS };

const LOOKUP_CHUNK = 5_000;
const PO_BATCH = 500;
const LINE_BATCH = 1_000;

export type PoImportResult =
  | { ok: true; created: number; unchanged: number; lines: number; issued: boolean }
  | { ok: false; problems: ImportProblem[] };

/** Rows for `values` in chunks small enough for the driver's parameter limit. */
async function chunked<T, R>(values: T[], size: number, fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await fn(values.slice(i, i + size))));
  return out;
}

async function lookUp(tx: Tx, tenantId: string, orders: ImportedPo[]) {
  const refs = referencesOf(orders);
  const partnerRows =
    refs.partnerCodes.length || refs.partnerNames.length
      ? await tx
          .select({ id: partners.id, code: partners.code, name: partners.name, kind: partners.kind, active: partners.active })
          .from(partners)
          .where(
            and(
              eq(partners.tenantId, tenantId),
              sql`(lower(${partners.code}) in ${refs.partnerCodes.length ? refs.partnerCodes : [""]} or lower(${partners.name}) in ${refs.partnerNames.length ? refs.partnerNames : [""]})`,
            ),
          )
      : [];
  const facilityRows = await chunked(refs.facilityNames, LOOKUP_CHUNK, (names) =>
    tx
      .select({ id: facilities.id, name: facilities.name, active: facilities.active })
      .from(facilities)
      .where(and(eq(facilities.tenantId, tenantId), inArray(sql`lower(regexp_replace(trim(${facilities.name}), '\\s+', ' ', 'g'))`, names))),
  );
  const itemRows = await chunked(refs.itemCodes, LOOKUP_CHUNK, (codes) =>
    tx
      .select({ id: items.id, code: items.code, uom: items.uom, active: items.active })
      .from(items)
      .where(and(eq(items.tenantId, tenantId), inArray(sql`upper(${items.code})`, codes))),
  );
  const existingRows = await chunked(refs.numbers, LOOKUP_CHUNK, (numbers) =>
    tx
      .select({ number: purchaseOrders.number, revision: purchaseOrders.revision, issuedAt: purchaseOrders.issuedAt })
      .from(purchaseOrders)
      .where(and(eq(purchaseOrders.tenantId, tenantId), inArray(purchaseOrders.number, numbers))),
  );
  return {
    partners: partnerRows,
    facilities: facilityRows,
    items: itemRows,
    existing: existingRows.map((r) => ({ number: r.number, revision: importedRevision(r) })),
  };
}

/**
 * All-or-nothing: any problem and nothing is saved. A PO already in the portal at the file's
 * revision is left as it is, so importing the same file twice changes nothing the second time.
 */
/** Issued by import: each partner's users get one mail listing their new orders. */
async function mailPartnersOfBatch(tx: Tx, ctx: TenantContext, created: { number: string; partnerId: string }[]) {
  const byPartner = new Map<string, string[]>();
  for (const po of created) byPartner.set(po.partnerId, [...(byPartner.get(po.partnerId) ?? []), po.number]);
  if (!byPartner.size) return;
  const recipients = await tx
    .select({ email: users.email, partnerId: memberships.partnerId, partnerName: partners.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(partners, and(eq(partners.tenantId, memberships.tenantId), eq(partners.id, memberships.partnerId)))
    .where(and(eq(memberships.tenantId, ctx.tenantId), eq(memberships.active, true), inArray(memberships.partnerId, [...byPartner.keys()])));
  for (const r of recipients) {
    await sendTenantEmail(
      tx,
      ctx.tenantId,
      r.email,
      purchaseOrdersIssuedEmail({
        tenantName: ctx.tenantName,
        partnerName: r.partnerName,
        numbers: byPartner.get(r.partnerId!) ?? [],
        inboxUrl: `${getEnv().APP_URL}/${ctx.tenantSlug}/orders`,
      }),
    );
  }
}

export async function importPurchaseOrders(ctx: TenantContext, orders: ImportedPo[], opts: { issue: boolean }): Promise<PoImportResult> {
  try {
    return await withTenant(ctx, async (tx): Promise<PoImportResult> => {
      const resolved = resolvePoImport(orders, await lookUp(tx, ctx.tenantId, orders));
      if (resolved.problems.length) return { ok: false, problems: resolved.problems };
      const now = new Date();
      const ids = new Map<string, string>();
      await chunked(resolved.create, PO_BATCH, async (batch) => {
        const rows = await tx
          .insert(purchaseOrders)
          .values(
            batch.map((po) => ({
              tenantId: ctx.tenantId,
              number: po.number,
              partnerId: po.partnerId,
              shipToFacilityId: po.shipToFacilityId,
              currency: po.currency,
              incoterms: po.incoterms,
              paymentTerms: po.paymentTerms,
              orderType: po.orderType,
              priority: po.priority,
              notes: po.notes,
              status: opts.issue ? "issued" : "draft",
              revision: storedRevision(po.revision, opts.issue),
              issuedAt: opts.issue ? now : null,
              createdBy: ctx.userId,
            })),
          )
          .returning({ id: purchaseOrders.id, number: purchaseOrders.number });
        for (const r of rows) ids.set(r.number, r.id);
        return rows;
      });
      const lines = resolved.create.flatMap((po) =>
        po.lines.map((l) => ({
          tenantId: ctx.tenantId,
          poId: ids.get(po.number)!,
          partnerId: po.partnerId,
          lineNo: l.lineNo,
          itemId: l.itemId,
          quantity: l.quantity,
          uom: l.uom,
          unitPrice: l.unitPrice,
          requestedDate: l.requestedDate,
        })),
      );
      await chunked(lines, LINE_BATCH, async (batch) => {
        await tx.insert(poLines).values(batch);
        return [];
      });
      if (opts.issue) {
        await chunked(resolved.create, PO_BATCH, async (batch) => {
          await tx.insert(poRevisions).values(
            batch.map((po) => ({
              tenantId: ctx.tenantId,
              poId: ids.get(po.number)!,
              partnerId: po.partnerId,
              revision: po.revision,
              snapshot: importSnapshot(po),
              reason: "Imported",
              createdBy: ctx.userId,
            })),
          );
          return [];
        });
      }
      if (opts.issue) await mailPartnersOfBatch(tx, ctx, resolved.create);
      const result = { created: resolved.create.length, unchanged: resolved.unchanged.length, lines: lines.length, issued: opts.issue };
      await recordAudit(tx, actorOf(ctx), {
        action: "po.imported",
        entityType: "po_import",
        entityId: now.toISOString(),
        after: { ...result, rows: orders.reduce((n, po) => n + po.lines.length, 0), numbers: resolved.create.slice(0, 1000).map((po) => po.number) },
      });
      return { ok: true, ...result };
    });
  } catch (e) {
    // another import (or the form) created one of these numbers while this one ran
    if (isUniqueViolation(e, "purchase_orders_tenant_number_key"))
      return { ok: false, problems: [{ line: 1, message: "Someone created one of these purchase orders while the file was importing. Import the file again." }] };
    throw e;
  }
}

export type PoCsvImportResult =
  | { ok: true; rows: number; created: number; unchanged: number; lines: number; issued: boolean }
  | { ok: false; status: 400 | 415; message: string; problems: ImportProblem[] };

/** An uploaded file, start to finish: decode, validate every row, then import or report. */
export async function importPurchaseOrderCsv(ctx: TenantContext, bytes: Uint8Array, opts: { issue: boolean }): Promise<PoCsvImportResult> {
  const text = decodeTextUpload(bytes);
  if (text === null) return { ok: false, status: 415, message: "This file is not a CSV text file (UTF-8).", problems: [] };
  const { orders, rowCount, problems } = validatePoCsv(text);
  const result = problems.length ? ({ ok: false, problems } as const) : await importPurchaseOrders(ctx, orders, opts);
  if (!result.ok) {
    const n = result.problems.length;
    return { ok: false, status: 400, message: `Nothing was imported: ${n} problem${n === 1 ? "" : "s"} to fix first.`, problems: result.problems };
  }
  return { ...result, rows: rowCount };
}
