// A filler's counts uploaded as CSV: checked by content (text, the right columns, known item codes),
// every problem with its line number, then mapped to the tenant's item ids.
import { and, eq } from "drizzle-orm";
import { items } from "../../drizzle/schema";
import { decodeTextUpload, NOT_CSV_TEXT } from "../domain/csv";
import { validateCountCsv, type StockImportProblem } from "../domain/stock-count-import";
import type { TenantContext } from "./auth.server";
import { withTenant } from "./tenant.server";

export async function countCsvEntries(
  ctx: TenantContext,
  bytes: Uint8Array,
): Promise<{ entries: { itemId: string; lot: string; counted: string }[] } | { problems: StockImportProblem[] }> {
  const text = decodeTextUpload(bytes);
  if (text === null) return { problems: [{ line: 1, message: NOT_CSV_TEXT }] };
  const known = await withTenant(ctx, (tx) => tx.select({ id: items.id, code: items.code }).from(items).where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true))));
  const byCode = new Map(known.map((i) => [i.code, i.id]));
  const { lines, problems } = validateCountCsv(text, { knownItemCodes: new Set(byCode.keys()) });
  if (problems.length) return { problems };
  return { entries: lines.map((l) => ({ itemId: byCode.get(l.itemCode)!, lot: l.lot, counted: l.counted })) };
}
